"""The assistant: question (+ history) in, cited Answer out. One code path for the CLI, the batch
interface, the evals and (later) the UI/API."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Generator
from dataclasses import replace
from functools import cached_property, partial

from assistant import prompts
from assistant.abbreviations import Abbreviations, expand, institution_names, place_names
from assistant.bilingual import LATIN_RUN, Bridge, asks_about_nothing
from assistant.compound import merge, when_and_where
from assistant.condense import Resolution, resolve
from assistant.dated import relative_year_note
from assistant.evidence import _ADMIN_SUFFIX, CJK
from assistant.extractive import Extract, answer_extractive, norm
from assistant.generate import build_messages, condense_messages, postprocess, usable_rewrite
from assistant.lexicon import ASKED_PLACE_KIND, GREETING, THANKS, asked_parts, asked_type, has_type
from assistant.llm import ChatModel, complete, load_chat_model
from assistant.models import Answer, Event, Timings
from assistant.questions import clean_question, for_retrieval, readable
from assistant.rewrites import about_focus, faithful_rewrite, focus_words, speaks_of
from assistant.settings import Settings
from assistant.short_answer import llm_short_answer
from assistant.synonyms import synonyms
from index.models import Hit
from index.store import LoadedIndex, open_index

log = logging.getLogger(__name__)
LOOK_FURTHER = 2  # a refusal for want of the office / measure asked first reads this many times top_k passages
FOCUS_DEPTH = 30  # "那X呢？": X's passages are looked for among this many fused candidates (the fusion depth)


class Assistant:
    """Answers questions from the index. With a chat model (Settings.llm.backend) answers are generated and checked
    against the passages; without one, or whenever the model fails, they are extracted verbatim."""

    def __init__(self, index: LoadedIndex, settings: Settings, chat_model: ChatModel | None = None):
        self.index = index
        self.settings = settings
        self.config = settings.fingerprint()  # recorded with every answer
        self.chat_model = chat_model
        synonyms("")  # load the synonym lexicon now rather than inside the first request
        # the corpus's words come with the index (computed by the build); a refusal names only words it lacks
        words = set(index.term_stats.words)
        self.corpus_words = frozenset(words | {w[:-1] for w in words if len(w) > 2 and w[-1] in _ADMIN_SUFFIX})
        # institutions' and places' names and the reports' text, to read 西大 as 西南大学 (assistant/abbreviations.py)
        texts = [a.text for a in index.articles.values()]
        names = institution_names(texts) + place_names(index.tokenizer, index.term_stats.doc_freq)
        self._abbreviations = Abbreviations(names, texts)
        self._bridge: Bridge | None = None  # built by warm() or at the first question in another language
        self._bridge_built = False
        self._bridge_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        return cls(open_index(settings.index.index_dir), settings, load_chat_model(settings))

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        for event in self.stream(question, history):
            if event.type == "answer" and event.answer is not None:
                return event.answer
        raise RuntimeError("stream ended without an answer")  # a bug, not a user error

    def stream(self, question: str, history: list[str] | None = None) -> Generator[Event, None, None]:
        """Token events as the answer is written, then one answer event with the checked Answer.
        Raises QuestionError (before yielding anything) for a question that cannot be asked."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.answer.max_question_chars)
        history = [h for h in (history or []) if h and h.strip() and readable(h) and not _small_talk(h)][
            -self.settings.answer.max_history_turns :
        ]
        return self._stream(question, history, started)

    def _stream(self, question: str, history: list[str], started: float) -> Generator[Event, None, None]:
        small_talk = _small_talk(question)
        if small_talk:  # "你好" after a question would otherwise be read as a fragment of it ("测试你好")
            resolution, warning = Resolution(question, question, "own", clarify=small_talk), None
        else:
            resolution, warning = self._condense(question, history)
        if not resolution.clarify and asks_about_nothing(resolution.standalone):
            # the rules read Chinese: an English "What is it?" would be answered with whatever is most similar
            resolution = replace(resolution, clarify=prompts.CLARIFY_FRAGMENT)
        if not resolution.clarify:
            translated = self._into_chinese(expand(self.index.tokenizer, resolution.standalone, self._abbreviations))
            if translated != resolution.standalone:  # shown as "理解为：…" like any rewrite
                resolution = replace(resolution, standalone=translated)
        standalone = resolution.standalone
        condensed = time.perf_counter()
        if resolution.clarify:
            # a dependent question with nothing to refer to: ask back instead of guessing
            yield Event(type="token", text=resolution.clarify)
            total = round((condensed - started) * 1000, 2)
            clarify = Answer(
                question=question,
                standalone_question=standalone,
                answer=resolution.clarify,
                refused=False,
                clarify=True,
                warning=warning,
                timings_ms=Timings(condense=total, total=total),
                config=self.config,
            )
            yield Event(type="answer", answer=clarify)
            return
        # a question that asks two things at once: each part answered on its own (assistant/compound.py)
        parts = when_and_where(standalone)
        if parts:
            hits, extract, standalone = self._answer_parts(parts)
        else:
            hits, extract = self._answer_one(resolution)
            # a second clause often asks the first one's question again in other words (…建到多大规模了，培养引进了
            # 多少人？): clauses are answered apart only when the question asked whole is refused, or its short
            # answer has a span for fewer parts than it asks (…多少名院士？…多少个院士团队？ got 32名 alone) and
            # apart each part has one
            parts = asked_parts(standalone)
            if len(parts) > 1 and (extract.refused or _spans(extract) < len(parts)):
                split = self._answer_parts(parts)
                if not split[1].refused and (extract.refused or _spans(split[1]) == len(parts)):
                    hits, extract, standalone = split
        retrieved = time.perf_counter()
        answer = Answer(
            question=question,
            standalone_question=standalone,
            answer=extract.answer,
            refused=extract.refused,
            short_answer=extract.short_answer,
            citations=extract.citations,
            notes=[*extract.notes, *filter(None, [relative_year_note(extract.short_answer, extract.citations)])],
            warning=warning,
            retrieved_sources=list(dict.fromkeys(h.chunk.source for h in hits)),
            config=self.config,
        )
        # a key term the reports never mention: refuse without asking the model (it would guess)
        if self.chat_model is not None and hits and not extract.missing_terms:
            answer = yield from self._generate(self.chat_model, answer, hits, started)
        else:
            for piece in re.findall(r"[^。！？\n]*[。！？\n]?", answer.answer):
                if piece:
                    yield Event(type="token", text=piece)
        done = time.perf_counter()
        answer.timings_ms = answer.timings_ms.model_copy(
            update=dict(
                condense=round((condensed - started) * 1000, 2),
                retrieve=round((retrieved - condensed) * 1000, 2),
                answer=round((done - retrieved) * 1000, 2),
                total=round((done - started) * 1000, 2),
            )
        )
        yield Event(type="answer", answer=answer)

    def _answer_one(self, resolution: Resolution) -> tuple[list[Hit], Extract]:
        """The passages read and the extractive answer for one resolved question."""
        hits = self._search(resolution)
        english = self._english_terms(resolution.standalone)
        extract_from = partial(
            answer_extractive, self.index, resolution.scoring or resolution.standalone,
            corpus_words=self.corpus_words, translated=english, span_question=resolution.standalone,
            span_time=resolution.when,
        )  # fmt: skip
        extract = extract_from(hits)
        if extract.look_further and not resolution.focus:
            # the office / measure asked for is in none of the passages read: one more look, twice as deep,
            # before refusing (a report may name the 理事长 in its 7th passage); kept only if it answers
            deeper = self._search(resolution, k=LOOK_FURTHER * self.settings.answer.top_k)
            again = extract_from(deeper)
            if not again.refused:
                hits, extract = deeper, again
        if resolution.focus:
            extract = about_focus(extract, resolution)
        return hits, extract

    def _answer_parts(self, parts: list[str]) -> tuple[list[Hit], Extract, str]:
        """Each part answered as a turn after the parts before it ("应用了多大面积？" after "…搞了多少年？" asks
        about the same team); the answers merged, the passages read by any part, and the parts as understood."""
        parts = [p if p.endswith(("？", "?")) else f"{p}？" for p in parts]  # each read, and shown, as a question
        resolved = [
            resolve(self.index.tokenizer, p, parts[:i], self._answered, self._together) for i, p in enumerate(parts)
        ]
        resolved = [r if not r.clarify else Resolution(r.question, r.question, "own") for r in resolved]
        answered = [self._answer_one(r) for r in resolved]
        hits = list({h.chunk.id: h for hs, _ in answered for h in hs}.values())
        return hits, merge(parts, [e for _, e in answered]), "".join(r.standalone for r in resolved)

    def _english_keywords(self, question: str) -> str | None:
        """A question without Chinese: the Chinese words that translate its words (assistant/bilingual.py)."""
        if CJK.search(question):
            return None
        bridge = self._get_bridge()
        return bridge.keywords(question) if bridge else None

    def _english_terms(self, question: str) -> dict[str, set[str]] | None:
        """A question without Chinese: its words → the Chinese words the reports would say them with."""
        if CJK.search(question):
            return None
        bridge = self._get_bridge()
        return bridge.terms(question, self.corpus_words) if bridge else None

    def _into_chinese(self, question: str) -> str:
        """A Chinese question with English words the reports never use: those words in the reports' Chinese."""
        if not CJK.search(question) or all(w.lower() in self.corpus_words for w in LATIN_RUN.findall(question)):
            return question
        bridge = self._get_bridge()
        return bridge.into_chinese(question, self.corpus_words, self.index.term_stats.doc_freq) if bridge else question

    def warm(self) -> None:
        """Do now what the first question in another language would wait for: building the English-Chinese
        bridge (reading CC-CEDICT, 3-5 s). Entry points call it before serving, or beside it in a thread."""
        self._get_bridge()

    @property
    def warmed(self) -> bool:
        """Whether warm() has run to its end (a server warms beside serving: the health check can tell)."""
        return self._bridge_built

    def _get_bridge(self) -> Bridge | None:
        with self._bridge_lock:
            if not self._bridge_built:
                self._bridge, self._bridge_built = Bridge.for_index(self.index), True
        return self._bridge

    def _search(self, resolution: Resolution, k: int | None = None) -> list[Hit]:
        """The passages to answer from. "那X呢？": only passages that mention X, so that the previous
        entity's figure is never given for X; the frame's words pull the previous entity's passages up, so
        X's are looked for among all the fused candidates, not just the first top_k. A question in English is
        looked for by meaning and by the Chinese words that translate its words. k: how many (top_k unless
        looking further)."""
        k, weight = k or self.settings.answer.top_k, self.settings.answer.bm25_weight
        if not resolution.focus:
            keywords = self._english_keywords(resolution.standalone)
            query = _without_place_kind(resolution.standalone)
            return self.index.search(query, k=k, bm25_weight=weight, keywords=keywords)
        words = [norm(w) for w in focus_words(self.index.tokenizer, resolution.focus)]
        hits = self.index.search(resolution.standalone, k=FOCUS_DEPTH, depth=FOCUS_DEPTH, bm25_weight=weight)
        kept = [h for h in (self._about(h, words) for h in hits) if h is not None]
        return kept[:k]

    def _about(self, hit: Hit, words: list[str]) -> Hit | None:
        """The hit with only the paragraphs that speak of X (all of X's words in the paragraph, or in the
        title of the report or section); the others are blanked so that paragraph numbers stay right. None
        when no paragraph is left. A chunk can mix entities (两江协同创新区's figure beside the science city's):
        a sentence counts for X only when its own paragraph mentions X."""
        chunk = hit.chunk
        if speaks_of(norm(f"{chunk.article_title}{chunk.section}"), words):
            return hit
        paragraphs = self.index.article_of(chunk).paragraphs
        lines = chunk.text.split("\n")
        kept = [
            line if speaks_of(norm(paragraphs[i].text if i < len(paragraphs) else line), words) else ""
            for i, line in enumerate(lines, chunk.paragraph_start)
        ]
        if not any(kept):
            return None
        return hit.model_copy(update={"chunk": chunk.model_copy(update={"text": "\n".join(kept)})})

    def _condense(self, question: str, history: list[str]) -> tuple[Resolution, str | None]:
        """Rules decide whether the question depends on the history at all; only a dependent question with
        something to refer to is rewritten by the model, and the model's rewrite is used only when it keeps
        the question's names and adds none the conversation did not mention."""
        # abbreviations read first (新国大 → 新加坡国立大学), so a pronoun takes the full name and an earlier turn
        # is answered again as it was (_answered)
        plain = expand(self.index.tokenizer, for_retrieval(question), self._abbreviations)
        earlier = [expand(self.index.tokenizer, for_retrieval(h), self._abbreviations) for h in history]
        rules = resolve(self.index.tokenizer, plain, earlier, self._answered, self._together)
        if rules.kind == "own" or rules.clarify or self.chat_model is None or not self.settings.llm.condense:
            return rules, None
        try:
            rewrite = complete(self.chat_model, condense_messages(plain, earlier))
        except Exception as exc:
            log.warning("condensing with the LLM failed: %s", exc)
            return rules, prompts.LLM_FAILED.format(error=_short(exc))
        text = usable_rewrite(rewrite, plain)
        if text and faithful_rewrite(self.index.tokenizer, text, plain, earlier):
            return replace(rules, standalone=text), None
        return rules, None

    @cached_property
    def _chunk_texts(self) -> list[str]:
        return [norm(c.text) for c in self.index.chunks]  # once, when a follow-up first needs them

    def _together(self, name: str, words: tuple[str, ...]) -> bool:
        """Whether some passage of the reports writes the name together with all the words (丰都县 with 创业担保贷款)."""
        name, words = norm(name), tuple(norm(w) for w in words)
        return any(name in text and all(w in text for w in words) for text in self._chunk_texts)

    def _answered(self, last: Resolution) -> str | None:
        """The name the last turn (as resolve understood it) was answered with (…是哪所大学牵头共建的？ → 西南大学),
        for a pronoun that points at it. The history holds questions only: the last one is answered again,
        extractively (the same index gives the same answer). None when it was refused or its short answer is
        no name."""
        if last.clarify:
            return None
        extract = answer_extractive(
            self.index,
            last.standalone,
            self._search(last),
            corpus_words=self.corpus_words,
            span_question=last.standalone,
        )
        name = re.sub(r"\[\d+\]$", "", extract.short_answer or "")
        if extract.refused or not re.fullmatch(r"[\w·“”\"]{2,12}", name):
            return None
        # a name of the kind asked for (a person's, a place's…): not whatever short span was chosen (帮助下)
        tags, kind = list(self.index.tokenizer.tagged_words(name)), asked_type(last.standalone) or "org"
        if kind == "person":  # (王家|功, a name the dictionary cuts in two)
            tags = self.index.tokenizer.names_joined(tags)
        # a person's name the index learned from the reports is one word tagged nz when alone (王莺)
        learned = kind == "person" and len(tags) == 1 and tags[0][1] == "nz" and len(name) <= 4
        return name if learned or has_type(kind, name, tags) else None

    def _generate(
        self, chat_model: ChatModel, extractive: Answer, hits: list[Hit], started: float
    ) -> Generator[Event, None, Answer]:
        """Stream the model's answer, then check it. Any failure: the extractive answer, with a warning."""
        t0 = time.perf_counter()
        messages = build_messages(extractive.standalone_question, hits)
        overhead = time.perf_counter() - t0
        pieces, first = [], None
        try:
            for delta in chat_model.stream(messages):
                if first is None:
                    first = time.perf_counter()
                pieces.append(delta)
                yield Event(type="token", text=delta)
        except Exception as exc:
            log.warning("LLM answer failed: %s", exc)
            return _fallback(extractive, prompts.LLM_FAILED.format(error=_short(exc)))
        t1 = time.perf_counter()
        grounded = postprocess("".join(pieces), hits)
        overhead += time.perf_counter() - t1
        if not grounded.checkable:
            return _fallback(extractive, prompts.LLM_UNGROUNDED)
        timings = Timings(
            first_token=round((first - started) * 1000, 2) if first else None, llm_overhead=round(overhead * 1000, 2)
        )
        if grounded.refused and not extractive.refused:
            # the model says the passages do not answer: refuse, even where a quote scored well enough
            # (the model read the passages whole; a refusal is the safe side of a disagreement)
            return extractive.model_copy(
                update={
                    "answer": prompts.REFUSE_NO_SUPPORT,
                    "citations": [],
                    "refused": True,
                    "short_answer": None,
                    "mode": "llm",
                    "timings_ms": timings,
                    "notes": [],
                }
            )
        if grounded.refused:
            return extractive.model_copy(update={"mode": "llm", "timings_ms": timings})
        return extractive.model_copy(
            update={
                "answer": grounded.answer,
                "short_answer": llm_short_answer(
                    self.index.tokenizer, extractive.standalone_question, grounded.citations
                ),
                "citations": grounded.citations,
                "notes": grounded.notes,
                "refused": False,
                "mode": "llm",
                "timings_ms": timings,
            }
        )


def _fallback(extractive: Answer, warning: str) -> Answer:
    return extractive.model_copy(update={"mode": "extractive", "warning": warning})


def _short(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text[:120]


def _without_place_kind(question: str) -> str:
    """What is looked for when the question asks which city / country: the question without that kind word."""
    return ASKED_PLACE_KIND.sub("", question)


def _small_talk(text: str) -> str:
    """The reply to a greeting or thanks typed as the whole message; '' for anything else."""
    return prompts.GREETING if GREETING.match(text) else prompts.THANKS if THANKS.match(text) else ""


def _spans(extract: Extract) -> int:
    """How many parts' spans a short answer holds (a turn asking several things gets one per part, joined by ；)."""
    return len(extract.short_answer.split("；")) if extract.short_answer else 0
