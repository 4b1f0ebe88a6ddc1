"""The assistant: question (+ history) in, cited Answer out. One code path for the CLI, the batch
interface, the evals and (later) the UI/API."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterator

from assistant import prompts
from assistant.condense import condense
from assistant.extractive import answer_extractive, llm_short_answer, norm, word_set
from assistant.generate import build_messages, condense_messages, postprocess, usable_rewrite
from assistant.llm import ChatModel, complete, load_chat_model
from assistant.models import Answer, Event, Timings
from assistant.settings import Settings
from assistant.synonyms import synonyms
from index.store import LoadedIndex, open_index
from index.text import tokens, warm_up

log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,200}>", re.I | re.S)


class QuestionError(ValueError):
    """A question that cannot be asked; the message is Chinese and meant for the user."""


def clean_question(question: str, limit: int) -> str:
    text = _CONTROL.sub("", question or "").strip()
    if not text:
        raise QuestionError(prompts.ERR_EMPTY_QUESTION)
    if len(text) > limit:
        raise QuestionError(prompts.ERR_QUESTION_TOO_LONG.format(n=len(text), limit=limit))
    return text


def _for_retrieval(text: str) -> str:
    """Markup pasted into a question is not part of what is asked."""
    return _TAG.sub(" ", text).strip() or text


class Assistant:
    """Answers questions from the index. With a chat model (Settings.llm) answers are generated and checked
    against the passages; without one, or whenever the model fails, they are extracted verbatim."""

    def __init__(self, index: LoadedIndex, settings: Settings, chat_model: ChatModel | None = None):
        self.index = index
        self.settings = settings
        self.chat_model = chat_model
        warm_up()
        synonyms("")  # load the synonym lexicon now rather than inside the first request
        # document frequency of each word over chunks, for weighting the question's terms
        self.doc_freq: Counter[str] = Counter()
        words: set[str] = set()
        for chunk in index.chunks:
            self.doc_freq.update({norm(t) for t in tokens(chunk.embed_text)})
            words |= word_set(chunk.embed_text)
        self.corpus_words = frozenset(words)

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        return cls(open_index(settings.index_dir), settings, load_chat_model(settings))

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        for event in self.stream(question, history):
            if event.type == "answer":
                return event.answer
        raise RuntimeError("stream ended without an answer")  # a bug, not a user error

    def stream(self, question: str, history: list[str] | None = None) -> Iterator[Event]:
        """Token events as the answer is written, then one answer event with the checked Answer.
        Raises QuestionError (before yielding anything) for a question that cannot be asked."""
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (history or []) if h and h.strip()][-self.settings.max_history_turns :]
        return self._stream(question, history, started)

    def _stream(self, question: str, history: list[str], started: float) -> Iterator[Event]:
        standalone, warning = self._condense(question, history)
        condensed = time.perf_counter()
        hits = self.index.search(standalone, k=self.settings.top_k, bm25_weight=self.settings.bm25_weight)
        retrieved = time.perf_counter()
        extract = answer_extractive(
            standalone,
            hits,
            self.doc_freq,
            len(self.index.chunks),
            article_text=lambda chunk: self.index.article_of(chunk).text,
            embed_sentences=self.index.similarities,
            corpus_words=self.corpus_words,
        )
        answer = Answer(
            question=question,
            standalone_question=standalone,
            answer=extract.answer,
            refused=extract.refused,
            short_answer=extract.short_answer,
            citations=extract.citations,
            notes=extract.notes,
            warning=warning,
            retrieved_sources=list(dict.fromkeys(h.chunk.source for h in hits)),
        )
        # a key term the reports never mention: refuse without asking the model (it would guess)
        if self.chat_model is not None and hits and not extract.missing_terms:
            answer = yield from self._generate(answer, hits, started)
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

    def _condense(self, question: str, history: list[str]) -> tuple[str, str | None]:
        plain = _for_retrieval(question)
        rule_based = condense(plain, [_for_retrieval(h) for h in history])
        if not history or self.chat_model is None or not self.settings.llm_condense:
            return rule_based, None
        try:
            rewrite = complete(self.chat_model, condense_messages(plain, [_for_retrieval(h) for h in history]))
        except Exception as exc:
            log.warning("condensing with the LLM failed: %s", exc)
            return rule_based, prompts.LLM_FAILED.format(error=_short(exc))
        return usable_rewrite(rewrite, plain) or rule_based, None

    def _generate(self, extractive: Answer, hits, started: float) -> Iterator[Event]:
        """Stream the model's answer, then check it. Any failure: the extractive answer, with a warning."""
        t0 = time.perf_counter()
        messages = build_messages(extractive.standalone_question, hits)
        overhead = time.perf_counter() - t0
        pieces, first = [], None
        try:
            for delta in self.chat_model.stream(messages):
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
                "short_answer": llm_short_answer(extractive.standalone_question, grounded.citations),
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
