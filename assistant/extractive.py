"""The extractive answerer: quote the few sentences of the retrieved passages that answer the question.

No sentence is written that the reports do not contain: the answer is verbatim sentences with [n] marks,
grouped by report, plus an attribution ("据《标题》（日期）：") per report, and a short answer (the span
that answers, assistant/short_answer.py). Whether a sentence answers is decided by a fitted model
(assistant/scorer.py over assistant/features.py), not by hand-set weights. Two rules stay, both general:
a name, figure or year of the question that no retrieved report mentions means a refusal naming it, and
the best sentence must reach the model's answer threshold (chosen on tuning data by evals/fit_scorer.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from assistant import prompts
from assistant.answerable import QUESTION, can_answer, listed, what_is_missing
from assistant.bilingual import chinese_words_question, counted_words, coverage, says_any
from assistant.dated import figures_differ, hides_disagreement, other_dated_figure, says_time
from assistant.evidence import (
    CJK,
    Evidence,
    Term,
    gather,
    norm,
    question_terms,
    repeats,
    said_in_article,
    slipped,
    without_dateline,
)
from assistant.features import (
    add_relative,
    features,
    question_info,
)
from assistant.frames import one_question
from assistant.lexicon import (
    ASKS_FUTURE,
    ASKS_LIST,
    ASKS_WHY,
    PLANNED,
    RESULT_OPENING,
    asked_parts,
    asked_type,
    has_type,
    said_as_plan,
)
from assistant.models import Citation
from assistant.scorer import Scorer, load_scorer
from assistant.short_answer import best_span
from assistant.span import of_kind
from assistant.span_model import SHORT_MAX
from index.models import Hit
from index.search import LoadedIndex
from index.text import is_said_by, quotable_sentences, said_by
from index.tokenizer import Tokenizer

__all__ = [
    "answer_extractive",
    "citation",
    "norm",
    "Extract",
    "score_evidence",
]

# how much a sentence's coverage of an English question's words adds to its similarity (0-1 each): fitted on
# the tuning split's English cases by python -m evals.fit_english, which prints every weight tried
COVERAGE_WEIGHT = 0.1
MAX_SENTENCES = 2  # quotes in an answer: the answer and at most one more that says it too
MAX_SENTENCES_LIST = 4  # "哪些…": a list is often spread over several sentences


@dataclass
class Extract:
    refused: bool
    answer: str
    citations: list[Citation]
    notes: list[str]
    missing_terms: list[str]
    short_answer: str | None = None
    look_further: bool = False  # refused for want of the office / measure asked for: more passages may say it


def score_evidence(index: LoadedIndex, question: str, hits: list[Hit], scorer: Scorer | None):
    """(terms, evidence with features and probabilities, question info). Shared with evals/fit_scorer.py
    (which passes no scorer: it only needs the features)."""
    tokenizer = index.tokenizer
    terms = question_terms(tokenizer, question, index.term_stats.doc_freq, len(index.chunks))
    evidence = gather(tokenizer, hits, lambda chunk: index.article_of(chunk).text)
    terms = [t for t in terms if not slipped(t, evidence)]
    info = question_info(tokenizer, question, terms, evidence)
    for e in evidence:
        e.features = features(tokenizer, e, info)
    add_relative(evidence)
    if scorer is not None:
        for e in evidence:
            e.prob = e.score = scorer.prob(e.features)
    return terms, evidence, info


def missing_terms(terms: list[Term], evidence: list[Evidence]) -> list[Term]:
    """Names, figures and years of the question that no retrieved report mentions, not even in part."""
    return [t for t in terms if t.critical and not any(said_in_article(t, e) for e in evidence)]


def answer_extractive(
    index: LoadedIndex,
    question: str,
    hits: list[Hit],
    corpus_words: frozenset[str] = frozenset(),
    scorer: Scorer | None = None,
    translated: Mapping[str, set[str]] | None = None,
    span_question: str | None = None,
    span_time: str | None = None,
) -> Extract:
    """hits: retrieved from index (its tokenizer, term statistics and articles are used to score them).
    corpus_words: every word of the corpus, so that a refusal names only terms the reports never use.
    translated: a question in another language's words → the corpus's Chinese words for them (Bridge.terms).
    span_question: the short answer's question when it is not the one scored ("那X呢？" is scored without X).
    span_time: the time a follow-up asks about in place of the previous question's ("那2025年呢？")."""
    scorer = scorer or load_scorer()
    tokenizer = index.tokenizer
    if not hits:
        return Extract(True, prompts.REFUSE_NO_SUPPORT, [], [], [])
    if not CJK.search(question):  # e.g. asked in English: no shared words, the multilingual embedder decides
        evidence = gather(tokenizer, hits, lambda chunk: index.article_of(chunk).text)
        weight = {t: _idf(index, t) for found in (translated or {}).values() for t in found}
        return _cross_lingual(tokenizer, question, evidence, index.similarities, translated or {}, weight)
    terms, evidence, info = score_evidence(index, question, hits, scorer)
    if not evidence:
        return Extract(True, prompts.REFUSE_NO_SUPPORT, [], [], [])
    # names, figures and years found nowhere in the evidence: the reports do not speak of them
    missing = missing_terms(terms, evidence)
    if missing:
        # name only what the whole corpus lacks; a term found elsewhere is just not said with the rest
        absent = [
            t for t in missing if not (t.text in corpus_words if t.strict else index.term_stats.doc_freq.get(t.text))
        ]
        if absent:
            message = prompts.REFUSE_MISSING_TERMS.format(terms="、".join(t.display or t.text for t in absent))
        else:
            words = listed(question, terms)
            message = prompts.REFUSE_NOT_TOGETHER.format(terms=words) if words else prompts.REFUSE_NO_SUPPORT
        return _refusal(message, evidence, [t.text for t in missing])
    ranked = sorted(evidence, key=lambda e: -e.prob)
    eligible = [e for e in ranked if can_answer(tokenizer, e, info)]
    best = eligible[0] if eligible else ranked[0]
    if not eligible or best.prob < scorer.answer_threshold or best.missing:
        message, attribute_unsaid = what_is_missing(tokenizer, info, ranked)
        refusal = _refusal(message, evidence, best.missing)
        refusal.look_further = attribute_unsaid
        return refusal
    limit = MAX_SENTENCES_LIST if ASKS_LIST.search(question) else MAX_SENTENCES
    chosen = [best]
    for e in eligible[1:]:
        if len(chosen) >= limit or e.prob < scorer.keep_threshold:
            break
        if e.missing or repeats(e.sentence, chosen):
            continue
        chosen.append(e)
    if ASKS_WHY.search(question):
        chosen = [with_cause(e, _paragraph(index, e), chosen) for e in chosen]
    chosen = [with_speaker(e, _paragraph(index, e)) for e in chosen]
    chosen = [e for k, e in enumerate(chosen) if all(x.sentence != e.sentence for x in chosen[:k])]
    if info.kind == "number":
        chosen += other_dated_figure(chosen, eligible, terms, scorer.keep_threshold)
    extract = _compose(question, chosen, [t.text for t in terms])
    asked = span_question or question
    if span_time:  # the short answer from a quote that says that time first (如今's 11万亩 is no 2025 figure)
        chosen = sorted(chosen, key=lambda e: not says_time(span_time, e))
    elif info.kind == "number" and not (PLANNED.search(asked) or ASKS_FUTURE.search(asked)):
        # and from a quote of what is before a target (已突破11万亩, not 到2025年…15万亩), unless a target is asked
        chosen = sorted(chosen, key=lambda e: said_as_plan(e.sentence))
    parts = asked_parts(asked)  # a turn asking several things gets a span for each: 两年[1]；2.5万余亩[1]
    kinds = [info.kind] if len(parts) == 1 else [asked_type(p) for p in parts]
    found = [_short(tokenizer, p, k, chosen, extract.citations) for p, k in zip(parts, kinds)]
    unanswered = [p for p, f in zip(parts, found) if f is None] if len(parts) > 1 else []
    more = [e for p in unanswered for e in _part(index, asked, p, hits, scorer)]
    if more:  # a part the quotes do not answer (…应用了多少亩？ said a sentence later, without the subject)
        chosen += [e for e in more if not repeats(e.sentence, chosen)]
        extract = _compose(question, chosen, [t.text for t in terms])
        found = [_short(tokenizer, p, k, chosen, extract.citations) for p, k in zip(parts, kinds)]
    if len(parts) > 1:  # each part's own date or figure, not a clause holding the others' answers too
        found = [_own_kind(tokenizer, k, f) for k, f in zip(kinds, found)]
    extract.short_answer = "；".join(_distinct([f for f in found if f])) or None
    differ = prompts.FIGURES_DIFFER in extract.notes
    if (
        extract.short_answer
        and differ
        and (len(parts) > 1 or hides_disagreement(extract.short_answer, extract.citations))
    ):
        extract.short_answer = None  # one bold figure would hide that the reports disagree
    return extract


def _distinct(spans: list[str]) -> list[str]:
    """The parts' short answers, each once: one written inside another of the same quote is left out (…于2020年4月
    inside …于2020年4月正式注册落户两江新区, both [1])."""
    spans = list(dict.fromkeys(spans))

    def inside(span: str, other: str) -> bool:
        text, mark = span.rsplit("[", 1)
        other_text, other_mark = other.rsplit("[", 1)
        return other != span and mark == other_mark and text in other_text

    return [s for s in spans if not any(inside(s, o) for o in spans)]


def _own_kind(tokenizer: Tokenizer, kind: str, short: str | None) -> str | None:
    """A part's short answer longer than a short answer is (于2020年4月正式注册落户两江新区 for 什么时候落户的, beside
    哪个区): the date or figure it holds, with its [n]."""
    if not short or kind not in ("date", "number"):
        return short
    text, mark = short.rsplit("[", 1)
    own = of_kind(tokenizer, kind, text) if len(text) > SHORT_MAX else None
    return f"{own}[{mark}" if own else short


def _part(index: LoadedIndex, turn: str, part: str, hits: list[Hit], scorer: Scorer) -> list[Evidence]:
    """The sentence that best answers one part of a turn asking several things, scored as a question of its
    own (with the turn's subject when the part has none: frames.one_question); [] when none can."""
    _, evidence, info = score_evidence(index, one_question(index.tokenizer, turn, part), hits, scorer)
    eligible = [e for e in evidence if not e.missing and can_answer(index.tokenizer, e, info)]
    best = max(eligible, key=lambda e: e.prob, default=None)
    return [best] if best is not None and best.prob >= scorer.answer_threshold else []


def with_cause(e: Evidence, paragraph: str, chosen: list[Evidence]) -> Evidence:
    """A sentence opening with a consequence (因此…) quoted with the sentence before it in its paragraph (of
    the article: a chunk may start between them), which states the cause: one verbatim quote of both, as the
    source writes them (unless that one is quoted too)."""
    if not RESULT_OPENING.match(without_dateline(e.sentence)):
        return e
    sentences = quotable_sentences(paragraph)
    at = sentences.index(e.sentence) if e.sentence in sentences else 0
    if at == 0 or any(x.sentence == sentences[at - 1] for x in chosen):
        return e
    both = re.search(re.escape(sentences[at - 1]) + r"\s*" + re.escape(e.sentence), paragraph)
    return replace(e, sentence=both.group(), norm=norm(both.group())) if both else e


def with_speaker(e: Evidence, paragraph: str) -> Evidence:
    """A quotation (“…。”) quoted with the attribution after it in its paragraph (张尧说。), and an attribution
    with the quotation before it: a quote of what someone said names who said it; one verbatim quote of both."""
    at = paragraph.find(e.sentence)
    if at < 0:
        return e
    if is_said_by(e.sentence):  # the attribution was chosen: quote what was said with it
        before = quotable_sentences(paragraph[:at])
        if before and said_by(before[-1], e.sentence):
            both = re.search(re.escape(before[-1]) + r"\s*" + re.escape(e.sentence), paragraph)
            return replace(e, sentence=both.group(), norm=norm(both.group())) if both else e
        return e
    said = said_by(e.sentence, paragraph[at + len(e.sentence) :])
    return replace(e, sentence=e.sentence + said, norm=norm(e.sentence + said)) if said else e


def _short(
    tokenizer: Tokenizer, question: str, kind: str, chosen: list[Evidence], citations: list[Citation]
) -> str | None:
    """The span the span ranker is confident of, from one of the quoted sentences, with that quote's [n]."""
    found = best_span(tokenizer, question, kind, [e.sentence for e in chosen])
    if found is None:
        return None
    e = chosen[found[0]]
    n = next(c.n for c in citations if c.quote == e.sentence and c.chunk_id == e.hit.chunk.id)
    return f"{found[1]}[{n}]"


def _paragraph(index: LoadedIndex, e: Evidence) -> str:
    paragraphs = index.article_of(e.hit.chunk).paragraphs
    return paragraphs[e.paragraph].text if 0 <= e.paragraph < len(paragraphs) else ""


def _idf(index: LoadedIndex, word: str) -> float:
    return math.log((len(index.chunks) + 1) / (index.term_stats.doc_freq.get(word, 0) + 1)) + 1


def _cross_lingual(
    tokenizer: Tokenizer,
    question: str,
    evidence: list[Evidence],
    embed_sentences,
    translated: Mapping[str, set[str]],
    weight: Mapping[str, float],
) -> Extract:
    """A question in another language: the sentences most similar to it (the embedder is multilingual) and
    saying most of its words in the reports' Chinese (coverage), among those that hold what is asked for (a
    number for "how many", a name for "who") when any does. Refused when no sentence says what "how many"
    counts. A short answer only of the type asked for: the ranker cannot align English words with a Chinese
    sentence, only find a figure, date or name near them."""
    if not evidence:
        return Extract(True, prompts.REFUSE_NO_SUPPORT, [], [], [])
    evidence = [e for e in evidence if not QUESTION.search(e.sentence)] or evidence
    sims = embed_sentences(question, [e.sentence for e in evidence])
    for e, sim in zip(evidence, sims):
        said = coverage(translated, e.sentence, weight)
        e.score = float(sim) + COVERAGE_WEIGHT * said + 0.05 / (1 + e.hit_rank)  # ties: the better-retrieved chunk
    kind = asked_type(question)
    candidates = evidence
    if kind:
        typed = [
            e
            for e in candidates
            if has_type(kind, e.sentence, list(tokenizer.tagged_words(e.sentence)), as_fitted=False)
        ]
        candidates = typed or candidates
    # "how many visitors": a figure of something else does not answer (as 营收 asked, 毛利 given in Chinese);
    # checked only for counted words with translations in the reports, else nothing can tell
    counting = counted_words(question)
    counted = {w: translated[w] for w in counting if w in translated}
    if counting and not counted and translated:  # "how many tourists": the reports have no word for any of them
        return _refusal(prompts.REFUSE_MISSING_TERMS.format(terms=" ".join(counting)), evidence, counting)
    if counted:
        candidates = [e for e in candidates if says_any(counted, e.sentence)]
        if not candidates:
            return _refusal(prompts.REFUSE_NO_MEASURE.format(what=" ".join(counted)), evidence, [])
    ranked = sorted(candidates, key=lambda e: -e.score)
    chosen = [ranked[0]]
    for e in ranked[1:MAX_SENTENCES]:
        if e.score >= ranked[0].score - 0.03 and not repeats(e.sentence, chosen):
            chosen.append(e)
    extract = _compose(question, chosen)
    extract.notes.append(prompts.CROSS_LINGUAL_NOTE)  # quotes chosen by meaning and translated words: to check
    for e in chosen if kind and translated else []:
        asked = chinese_words_question(kind, translated, e.sentence, counted)
        found = best_span(tokenizer, asked, kind, [e.sentence])
        span = of_kind(tokenizer, kind, found[1]) if found else None
        if span:
            n = next(c.n for c in extract.citations if c.quote == e.sentence and c.chunk_id == e.hit.chunk.id)
            extract.short_answer = f"{span}[{n}]"
            break
    return extract


def _refusal(message: str, evidence: list[Evidence], missing: list[str]) -> Extract:
    """Refuse, pointing at the nearest passage only as a reference (never as an answer)."""
    nearest = max(evidence, key=lambda e: e.score)
    quote = without_dateline(nearest.sentence)
    reference = citation(1, nearest.hit, quote, nearest.paragraph)
    answer = f"{message}\n{prompts.NEAREST.format(quote=_attributed(nearest.hit, quote))}"
    return Extract(True, answer, [reference], [prompts.NEAREST_NOTE], missing)


def _attributed(hit: Hit, quote: str) -> str:
    c = hit.chunk
    return (
        prompts.ATTRIBUTION.format(title=_short_title(c.article_title), date=prompts.date_note(c.article_date)) + quote
    )


def _short_title(title: str) -> str:
    return title if len(title) <= 36 else title[:35] + "…"


def citation(n: int, hit: Hit, quote: str, paragraph: int) -> Citation:
    c = hit.chunk
    return Citation(
        n=n,
        source=c.source,
        article_title=c.article_title,
        article_date=c.article_date,
        quote=quote,
        score=round(hit.score, 6),
        chunk_id=c.id,
        article_index=c.article_index,
        paragraph=paragraph,
    )


def _compose(question: str, chosen: list[Evidence], words: list[str] | None = None) -> Extract:
    """The quotes grouped by report. words: the question's, to tell a figure of the thing asked about from
    other figures of the same quotes (none: each report's first figure is)."""
    by_report: dict[tuple[str, int], list[Evidence]] = {}
    for e in chosen:
        e.sentence = without_dateline(e.sentence)  # scored whole; quoted (and its short answer taken) without
        by_report.setdefault((e.hit.chunk.source, e.hit.chunk.article_index), []).append(e)
    groups = list(by_report.values())
    if len(groups) > 1:  # several reports: oldest first, so changes over time read in order
        groups.sort(key=lambda g: (g[0].hit.chunk.article_date or "9999", g[0].hit.chunk.source))
    citations: list[Citation] = []
    lines = []
    for group in groups:
        group.sort(key=lambda e: (e.paragraph, e.hit.chunk.text.find(e.sentence)))
        quotes = []
        for e in group:
            citations.append(citation(len(citations) + 1, e.hit, e.sentence, e.paragraph))
            quotes.append(f"{e.sentence}[{len(citations)}]")
        lines.append(_attributed(group[0].hit, "".join(quotes)))
    notes = []
    if len(groups) > 1:
        answer = prompts.MULTI_REPORT_INTRO + "\n" + "\n".join(f"- {line}" for line in lines)
        if asked_type(question) == "number" and figures_differ(groups, words or []):
            notes.append(prompts.FIGURES_DIFFER)
    else:
        answer = lines[0]
    return Extract(False, answer, citations, notes, [])
