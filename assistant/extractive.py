"""The extractive answerer: quote the few sentences of the retrieved passages that answer the question.

No sentence is written that the reports do not contain: the answer is verbatim sentences with [n] marks,
grouped by report, plus an attribution ("据《标题》（日期）：") per report, and a short answer (the span
that answers, assistant/span.py). Whether a sentence answers is decided by a fitted model
(assistant/scorer.py over assistant/features.py), not by hand-set weights. Two rules stay, both general:
a name, figure or year of the question that no retrieved report mentions means a refusal naming it, and
the best sentence must reach the model's answer threshold (chosen on tuning data by evals/fit_scorer.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant import prompts
from assistant.bilingual import chinese_words_question, counted_words, coverage, says_any
from assistant.evidence import CJK, Evidence, Term, gather, norm, partly_supported, question_terms, supported, word_set
from assistant.features import FEATURES, QuestionInfo, add_relative, features, question_info
from assistant.lexicon import (
    ASKS_LIST,
    ASKS_WHY,
    CLAUSE_BREAK,
    DATE_SPAN,
    NUM,
    ROLE_TAGS,
    asked_type,
    figures,
    has_type,
)
from assistant.models import Citation
from assistant.scorer import Scorer, load_scorer
from assistant.span import short_answer
from assistant.span_model import learned_short_answer, load_span_model
from index.models import Hit
from index.search import LoadedIndex
from index.tokenizer import Tokenizer

__all__ = [
    "answer_extractive",
    "can_answer",
    "citation",
    "llm_short_answer",
    "norm",
    "word_set",
    "Extract",
    "score_evidence",
]

# how much a sentence's coverage of an English question's words adds to its similarity (0-1 each): fitted on
# the tuning split's English cases by python -m evals.fit_english, which prints every weight tried
COVERAGE_WEIGHT = 0.1
MAX_SENTENCES = 2  # quotes in an answer: the answer and at most one more that says it too
MAX_SENTENCES_LIST = 4  # "哪些…": a list is often spread over several sentences
# kinds whose answer a pattern can recognise reliably (lexicon.has_type); names depend on jieba's tags,
# which miss many names, so a sentence without a tagged name may still answer 谁
TYPED_KINDS = ("number", "date")
# a one-clause sentence ending in a question mark asks, it does not answer (a sentence of several clauses
# may state facts before a closing rhetorical question)
QUESTION = re.compile(r"^[^，,；;：:]*[？?]\s*$")
_TYPE_MATCH = FEATURES.index("type_match")


@dataclass
class Extract:
    refused: bool
    answer: str
    citations: list[Citation]
    notes: list[str]
    missing_terms: list[str]
    short_answer: str | None = None


def score_evidence(index: LoadedIndex, question: str, hits: list[Hit], scorer: Scorer | None):
    """(terms, evidence with features and probabilities, question info). Shared with evals/fit_scorer.py
    (which passes no scorer: it only needs the features)."""
    tokenizer = index.tokenizer
    terms = question_terms(tokenizer, question, index.term_stats.doc_freq, len(index.chunks))
    evidence = gather(tokenizer, hits, lambda chunk: index.article_of(chunk).text)
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
    return [
        t
        for t in terms
        if t.critical
        and not any(
            supported(t, e.article_norm, e.article_words) or partly_supported(t, e.article_norm) for e in evidence
        )
    ]


def answer_extractive(
    index: LoadedIndex,
    question: str,
    hits: list[Hit],
    corpus_words: frozenset[str] = frozenset(),
    scorer: Scorer | None = None,
    translated: Mapping[str, set[str]] | None = None,
) -> Extract:
    """hits: retrieved from index (its tokenizer, term statistics and articles are used to score them).
    corpus_words: every word of the corpus, so that a refusal names only terms the reports never use.
    translated: a question in another language's words → the corpus's Chinese words for them (Bridge.terms)."""
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
            message = prompts.REFUSE_NOT_TOGETHER.format(terms="、".join(t.display or t.text for t in terms[:4]))
        return _refusal(message, evidence, [t.text for t in missing])
    ranked = sorted(evidence, key=lambda e: -e.prob)
    eligible = [e for e in ranked if can_answer(e, info)]
    best = eligible[0] if eligible else ranked[0]
    if not eligible or best.prob < scorer.answer_threshold or best.missing:
        return _refusal(_what_is_missing(info, ranked), evidence, best.missing)
    limit = MAX_SENTENCES_LIST if ASKS_LIST.search(question) else MAX_SENTENCES
    chosen = [best]
    for e in eligible[1:]:
        if len(chosen) >= limit or e.prob < scorer.keep_threshold:
            break
        if e.missing or any(norm(e.sentence) == norm(c.sentence) for c in chosen):
            continue
        chosen.append(e)
    if info.kind == "number":
        chosen += _other_dated_figure(chosen, eligible, terms, scorer.keep_threshold)
    extract = _compose(question, chosen, [t.text for t in terms])
    extract.short_answer = _short(tokenizer, question, info, chosen, extract.citations)
    if extract.short_answer and prompts.FIGURES_DIFFER in extract.notes:
        # reports of different dates give different figures: when a quoted report states another figure of the
        # same unit, one bold figure would hide the disagreement, so each figure stays with its report
        span = extract.short_answer.rsplit("[", 1)[0]
        reports: dict[tuple[str, int], str] = {}
        for c in extract.citations:
            reports[(c.source, c.article_index)] = reports.get((c.source, c.article_index), "") + c.quote
        unit = re.sub(r"^[\d.,，]+", "", span)
        other = re.compile(r"\d[\d.,]*" + re.escape(unit)) if unit and unit != span else None
        if other and any(span not in quotes and other.search(quotes) for quotes in reports.values()):
            extract.short_answer = None
    return extract


def _other_dated_figure(
    chosen: list[Evidence], eligible: list[Evidence], terms: list[Term], keep: float
) -> list[Evidence]:
    """The best sentence of a report of another date that gives another figure of the same measure for the
    same thing, when the quotes chosen come from one date only: reports of different dates that disagree each
    have their figure quoted (65个 in 2025, 63个 in 2024), not just the better-scored one. The same thing: in
    each sentence, the clause with a figure that says most of the question's words; the other's must say every
    name the best one's does. Nothing when the reports are undated (a date tells a later figure from a slip)."""
    dates = {e.hit.chunk.article_date for e in chosen}
    if len(dates) != 1 or not next(iter(dates)):
        return []
    words = [t.text for t in terms]
    best = _main_figure(" ".join(e.sentence for e in chosen), words)
    if best is None:
        return []
    names = [t.text for t in terms if t.critical and t.text in best[2]]
    for e in eligible:
        if e.prob < keep or e in chosen or e.hit.chunk.article_date in dates or not e.hit.chunk.article_date:
            continue
        other = _main_figure(e.sentence, words)
        if other and _disagree(best, other, words) and all(n in other[2] for n in names):
            return [e]
    return []


def can_answer(e: Evidence, info: QuestionInfo) -> bool:
    """Whether a sentence can answer at all, whatever its score: it is not itself a question, it holds a
    number / a time when one is asked for (TYPED_KINDS), and then it does not speak of another year or
    edition than the one the question sets (a figure of 2020年 when asked about 2021年)."""
    if QUESTION.search(e.sentence):
        return False
    if any(_other_value(t, e) for t in info.terms if t.constraint) and not ASKS_WHY.search(info.question):
        return False  # (another year in a sentence answering 为什么 is background, not a near miss)
    if info.attribute and not _says(e, info.attribute):
        return False  # a figure of another measure (营收 asked, 毛利 given)
    if not all(_says(e, t) for t in info.category):
        return False  # a count of another category (多少家AI企业 asked, 企业 counted)
    return info.kind not in TYPED_KINDS or bool(e.features[_TYPE_MATCH])


def _says(e: Evidence, t: Term) -> bool:
    """The sentence (or its title) says t, at least in part or by a near-synonym (as features() found)."""
    return t.text in e.own or t.text in e.partial


def _other_value(t: Term, e: Evidence) -> bool:
    """The sentence names a year / an edition of the same kind as the constraint t, and not t's."""
    if t.text in e.norm:
        return False
    if t.text.isdigit():
        years = _years(e)
        return bool(years) and t.text not in years
    return re.search(rf"第{NUM}+{re.escape(t.text[-1])}", e.norm) is not None


_RELATIVE_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}


def _years(e: Evidence) -> set[str]:
    """The years a sentence speaks of: written out (2020年, 2021赛季), or relative to its report's date."""
    years = set(re.findall(r"(?<!\d)((?:1[89]|20)\d{2})(?=年|赛季)", e.sentence))
    date = e.hit.chunk.article_date or ""
    if re.match(r"\d{4}", date):
        years |= {str(int(date[:4]) + d) for word, d in _RELATIVE_YEAR.items() if word in e.sentence}
    return years


def _short(
    tokenizer: Tokenizer, question: str, info: QuestionInfo, chosen: list[Evidence], citations: list[Citation]
) -> str | None:
    """The span the span ranker is confident of, from one of the quoted sentences, with that quote's [n]."""
    found = _span(tokenizer, question, info.kind, [e.sentence for e in chosen])
    if found is None:
        return None
    e = chosen[found[0]]
    n = next(c.n for c in citations if c.quote == e.sentence and c.chunk_id == e.hit.chunk.id)
    return f"{found[1]}[{n}]"


def _span(tokenizer: Tokenizer, question: str, kind: str, sentences: list[str]) -> tuple[int, str] | None:
    """The learned span ranker (assistant/span_model.py); the rules of assistant/span.py without its model."""
    if load_span_model() is not None:
        return learned_short_answer(tokenizer, question, kind, sentences)
    for i, sentence in enumerate(sentences):
        span = short_answer(tokenizer, question, kind, sentence)
        if span:
            return i, span
    return None


def llm_short_answer(tokenizer: Tokenizer, question: str, citations: list[Citation]) -> str | None:
    """For a generated answer: a span taken verbatim from one of its cited quotes, with that quote's [n]."""
    found = _span(tokenizer, question, asked_type(question), [c.quote for c in citations])
    return f"{found[1]}[{citations[found[0]].n}]" if found else None


def _what_is_missing(info: QuestionInfo, ranked: list[Evidence]) -> str:
    """A refusal that says what the nearest sentences lack: the year / edition asked about, what a number is
    asked of, the kind of answer asked for, or the question's other words."""
    top = ranked[:5]
    constraints = [t for t in info.terms if t.constraint]
    unsaid = [t for t in constraints if not any(t.text in e.own for e in top)]
    if unsaid:
        return prompts.REFUSE_NOT_FOR.format(what="、".join(t.display for t in unsaid))
    a = info.attribute
    if a and not any(_says(e, a) for e in top):
        return prompts.REFUSE_NO_MEASURE.format(what=a.display)
    if info.category and not any(all(_says(e, t) for t in info.category) for e in top):
        return prompts.REFUSE_NO_MEASURE.format(what=info.counted)
    if info.kind and not any(e.features[_TYPE_MATCH] for e in top):
        return prompts.REFUSE_NO_KIND.format(kind=prompts.KIND_NAMES[info.kind])
    content = [t for t in info.terms if not t.critical and not t.frame and not any(t.text in e.own for e in top)]
    if content:
        return prompts.REFUSE_NOT_TOGETHER.format(terms="、".join(t.display or t.text for t in content[:4]))
    return prompts.REFUSE_NO_SUPPORT


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
        typed = [e for e in candidates if has_type(kind, e.sentence, list(tokenizer.tagged_words(e.sentence)))]
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
        if e.score >= ranked[0].score - 0.03 and norm(e.sentence) != norm(ranked[0].sentence):
            chosen.append(e)
    extract = _compose(question, chosen)
    extract.notes.append(prompts.CROSS_LINGUAL_NOTE)  # quotes chosen by meaning and translated words: to check
    for e in chosen if kind and translated else []:
        asked = chinese_words_question(kind, translated, e.sentence)
        found = _span(tokenizer, asked, kind, [e.sentence])
        span = _of_kind(tokenizer, kind, found[1]) if found else None
        if span:
            n = next(c.n for c in extract.citations if c.quote == e.sentence and c.chunk_id == e.hit.chunk.id)
            extract.short_answer = f"{span}[{n}]"
            break
    return extract


def _of_kind(tokenizer: Tokenizer, kind: str, span: str) -> str | None:
    """The part of the span of the kind asked for: the date for "when", the figure for "how many" (韩国LG公司等
    40余家中外企业 → 40余家), a person's name for "who" (董事长王飞说 → 王飞); else None. For questions in another
    language, whose words the ranker cannot align with the sentence: only its type can vouch for a span."""
    if kind == "person":
        names = [w for w, tag in tokenizer.tagged_words(span) if tag in ROLE_TAGS and len(w) >= 2]
        return names[0] if names else None
    if kind == "date":  # the date itself (its clause around it says nothing the quote does not)
        date = DATE_SPAN.search(span)
        return date.group() if date else None
    if kind == "number":
        found = figures(span)
        return found[0].group().strip() if found else None
    return span


def _refusal(message: str, evidence: list[Evidence], missing: list[str]) -> Extract:
    """Refuse, pointing at the nearest passage only as a reference (never as an answer)."""
    nearest = max(evidence, key=lambda e: e.score)
    reference = citation(1, nearest.hit, nearest.sentence, nearest.paragraph)
    answer = f"{message}\n{prompts.NEAREST.format(quote=_attributed(nearest.hit, nearest.sentence))}"
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
        if asked_type(question) == "number" and _figures_differ(groups, words or []):
            notes.append(prompts.FIGURES_DIFFER)
    else:
        answer = lines[0]
    return Extract(False, answer, citations, notes, [])


def _figures_differ(groups: list[list[Evidence]], words: list[str]) -> bool:
    """Two quoted reports give different figures of the same measure (个, 项, 元, %; dates aside) for the thing
    asked about: each report's figure is the one in its clause that says most of the question's words, so
    other figures around it (18个国家 beside 63个 / 65个) are no disagreement, nor is a count of projects (30项)
    beside one of patents (170余项)."""
    found = [f for f in (_main_figure(" ".join(e.sentence for e in g), words) for g in groups) if f]
    return any(_disagree(a, b, words) for i, a in enumerate(found) for b in found[i + 1 :])


def _disagree(a: tuple[str, str, str], b: tuple[str, str, str], words: list[str]) -> bool:
    """Two main figures (_main_figure) of the same measure that differ, for the same thing: more than half of
    the question's words either clause says the other says too (国际友好城市29个 and 65个合作国家 share 国家
    only: two counts of different things)."""
    said_a, said_b = {w for w in words if w in a[2]}, {w for w in words if w in b[2]}
    same = 2 * len(said_a & said_b) > max(len(said_a), len(said_b))
    return a[0] == b[0] and a[1] != b[1] and same


def _main_figure(text: str, words: list[str]) -> tuple[str, str, str] | None:
    """(measure, figure, clause) of the text's clause with a figure that says most of the words (the first of
    equals; the first such clause without words); None without one."""
    best, said = None, -1
    for clause in CLAUSE_BREAK.split(norm(text)):
        count = sum(w in clause for w in words)
        found = _figures(clause)
        if found and count > said:
            unit, figures = next(iter(found.items()))
            best, said = (unit, min(figures), clause), count
    return best


# what a figure counts: its measure word without the number, its magnitude and its approximation
# (2.5万余亩 → 亩, 651亿元 → 元, 60余个 → 个, 1500人次以上 → 人次)
_NUMBER_PART = re.compile(r"^[\d.,，\s\-—~至到一二三四五六七八九十两百千万亿]+(?:多|余)?[十百千万亿]*(?:多|余)?")


def _figures(text: str) -> dict[str, set[str]]:
    """The figures of a text by measure word (figures without one are left out: 2023 alone says nothing)."""
    out: dict[str, set[str]] = {}
    for m in figures(text):
        figure = re.sub(r"\s+", "", m.group())
        unit = re.sub(r"(多|余|以上)$", "", _NUMBER_PART.sub("", figure))
        if unit and re.search(r"\d", figure):
            out.setdefault(unit, set()).add(figure)
    return out
