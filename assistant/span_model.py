"""The learned short answer: candidate spans of a quoted sentence ranked by gradient-boosted trees.

Candidates are runs of 1-8 jieba words of one clause (no punctuation inside, at most MAX_CHARS characters).
Each is described by general features: does it hold the type asked for (a number for 多少, a date for 何时, a
name for 谁…), where does it sit relative to the question's own words found in the sentence (the question is
usually the sentence with the answer replaced by the question word, so the answer sits where the question
word sits once the shared words are aligned: assistant/span.py finds those anchors), how much of it repeats
the question (answers rarely do), its length and its parts of speech. The trees (their raw scores made
probabilities by a softmax over one sentence's candidates) and the confidence threshold are fitted on CMRC
2018 trial gold spans by evals/fit_span.py (assistant/span.json). Below the threshold the short answer is
None: never a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.counting import figure_spans, measure_pattern, numeral_before
from assistant.lexicon import (
    ASKS_NAME,
    CLAUSE_BREAK,
    DATE_SPAN,
    NUMBER_SPAN,
    ORG_TAGS,
    PLACE_TAGS,
    ROLE_TAGS,
    TIME_WORDS,
    figures,
    quantity_words,
)
from assistant.span import _anchors, _trim, located_words, short_answer
from assistant.span_figures import amounts, figure_of_phrase, figure_of_verbs, with_range_start
from assistant.span_shape import (
    TRAILING,
    asked_head,
    both_counts,
    overlaps,
    paired,
    whole_date,
    whole_place,
    with_bound,
    with_unit,
)
from assistant.trees import SpanModel
from index.text import SAYING_VERBS, to_simplified
from index.tokenizer import Tokenizer

MODEL_FILE = Path(__file__).resolve().parent / "span.json"
MAX_WORDS = 8
MAX_CHARS = 24  # word runs inside one clause up to this length
SHORT_MAX = 20  # characters: a short answer to a number / date / name question is no longer (the bound)
MAX_CLAUSE = 80  # spans running to the end of a clause up to this length (CMRC gold answers are often clauses)
_PUNCT = re.compile(r"[，。；！？：:;!?,\s（）()《》“”\"'、]")
_DIGIT = re.compile(r"\d")
KINDS = ("number", "date", "person", "place", "org", "")
# coarse parts of speech of the first and last word
POS = ("n", "proper", "v", "a", "m", "q", "t", "r", "p", "u", "c", "d", "f", "eng", "other")
_PROPER = {"nr", "nrfg", "nrt", "ns", "nt", "nz"}
_CONNECT = "的了是在为与和及或等被把将对于从由以"
_SAYS = re.compile(rf"(?:{SAYING_VERBS})$")

# what a time may be written with besides dates and time words (下半年, 一季度, 本周五, 9时30分, 日前, 发布之日)
_TIME_HINT = re.compile(r"\d|[一二三四五六七八九十]|半年|季度|周|日前|之日|时")
# "哪一年 / 哪年" asks a year: a span without one (6月11日) is no answer to it
_YEAR_ASKED = re.compile(r"哪一?年|what year|which year", re.I)
_YEAR = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年|\b(?:1[5-9]|20)\d{2}\b|今年|去年|明年|前年|当年|同年|次年"
)


FEATURES = (
    "chars",  # length in characters / 10
    "words",  # length in words / 5
    "single_char",
    "q_char_share",  # share of its characters the question also has
    "q_word_share",  # share of its words the question also has
    "near_q",  # question characters among the 6 characters on each side / 12
    "after_left",  # starts right where the question's left context ends in the sentence
    "before_right",  # ends right where the question's right context starts
    "dist_left",  # how far from the left anchor (characters / 10, capped)
    "dist_right",
    "crosses_break",  # holds a comma or other clause break
    "to_sentence_end",
    "in_window",  # lies between the anchors (or in the clause next to the only anchor)
    "window_iou",  # overlap with the stretch where the question word sits (between the anchors), over union
    "no_anchor",
    "rule_span",  # equals assistant/span.py's rule-based short answer
    "clause_start",  # preceded by punctuation or the sentence start
    "clause_end",  # followed by punctuation or the sentence end
    "edge_connective",  # starts or ends with a particle / preposition (的, 了, 在…)
    "is_number",  # the span is a number with its unit
    "has_digit",
    "is_date",
    "is_person",
    "is_place",
    "is_org",
    "type_match",  # of the kind the question asks for
    *(f"asks_{k or 'other'}_x_{t}" for k in KINDS for t in ("typed", "proper", "noun", "len")),
    *(f"first_{p}" for p in POS),
    *(f"last_{p}" for p in POS),
)


@lru_cache(maxsize=2)
def load_span_model(path: Path = MODEL_FILE) -> SpanModel | None:
    if not Path(path).exists():
        return None
    model = SpanModel.model_validate_json(Path(path).read_text(encoding="utf-8"))
    if tuple(model.features) != FEATURES:
        raise ValueError(f"{path}: fitted on other span features; re-run python -m evals.fit_span")
    return model


def _spans_of(pattern: re.Pattern, text: str) -> set[tuple[int, int]]:
    out = set()
    for m in pattern.finditer(text):
        a, b = m.span()
        while b > a and text[b - 1].isspace():
            b -= 1
        out.add((a, b))
    return out


def _prefix(flags: list[bool]) -> list[int]:
    """Running counts: sum(flags[a:b]) is out[b] - out[a]."""
    out = [0]
    for f in flags:
        out.append(out[-1] + f)
    return out


@dataclass
class _Sentence:
    """What every candidate of one sentence shares, computed once per sentence: a candidate's counts over
    its characters and words are differences of running counts (there are hundreds of candidates)."""

    s: str  # the sentence, simplified
    words: list[tuple[int, int, str, str]]
    kind: str
    rule: str | None
    anchors: tuple[int | None, int | None]  # end of the left anchor, start of the right one
    window: tuple[int, int] | None
    numbers: set[tuple[int, int]]
    dates: set[tuple[int, int]]
    punct: list[bool]  # per character
    q_chars: list[int]  # running counts of characters the question also has
    breaks: list[int]  # ... of clause breaks
    digits: list[int]  # ... of digits
    q_words: list[int]  # running counts of words the question also has
    roles: list[int]  # ... of words tagged as a person, a place, an organisation, a proper name
    places: list[int]
    orgs: list[int]
    propers: list[int]


def candidates(
    tokenizer: Tokenizer, question: str, kind: str, sentence: str, rule: str | None = None
) -> list[tuple[str, list[float]]]:
    """(span text, features) for every candidate span of the sentence."""
    ctx, spans = _spans(tokenizer, question, kind, sentence, rule)
    return [(text, _features(ctx, a, b, i, j)) for text, a, b, i, j in spans]


def _spans(
    tokenizer: Tokenizer, question: str, kind: str, sentence: str, rule: str | None
) -> tuple[_Sentence, list[tuple[str, int, int, int, int]]]:
    """The candidate spans (text, start, end, first word, last word) and what their features share."""
    s = to_simplified(sentence)
    if len(s) != len(sentence):
        s = sentence
    words = located_words(tokenizer, sentence, s)
    q = to_simplified(question)
    q_chars, q_words = set(q), {w for w, _ in tokenizer.tagged_words(question)}
    end, start, right_end, _ = _anchors(question, sentence)
    is_break = [bool(CLAUSE_BREAK.fullmatch(ch)) for ch in s]
    breaks = _prefix(is_break)
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # (start, end) -> (first word, last word)
    for i in range(len(words)):
        for j in range(i, min(len(words), i + MAX_WORDS)):  # short spans within a clause
            a, b = words[i][0], words[j][1]
            if b - a > MAX_CHARS or breaks[b] > breaks[a]:
                break
            spans[(a, b)] = (i, j)
        for j in range(i, len(words)):  # or from a word to the end of a clause (descriptive answers)
            a, b = words[i][0], words[j][1]
            if b - a > MAX_CLAUSE:
                break
            if b == len(s) or is_break[b] or is_break[b - 1]:
                spans.setdefault((a, b), (i, j))
    numbers, dates = _spans_of(NUMBER_SPAN, s), _spans_of(DATE_SPAN, s)
    for a, b in numbers | dates:  # a figure / a date is a candidate even where jieba joins it to the next word
        i = next(k for k, w in enumerate(words) if w[0] <= a < w[1] or a < w[0])
        j = next(k for k in range(len(words) - 1, -1, -1) if words[k][0] < b)
        if b > a and j >= i:
            spans.setdefault((a, b), (i, j))
    ctx = _Sentence(
        s=s,
        words=words,
        kind=kind,
        rule=rule,
        anchors=(end, start),
        window=_window(s, end, start),
        numbers=numbers,
        dates=dates,
        punct=[bool(_PUNCT.fullmatch(ch)) for ch in s],
        q_chars=_prefix([ch in q_chars for ch in s]),
        breaks=breaks,
        digits=_prefix([bool(_DIGIT.fullmatch(ch)) for ch in s]),
        q_words=_prefix([w[2] in q_words for w in words]),
        roles=_prefix([w[3] in ROLE_TAGS for w in words]),
        places=_prefix([w[3] in PLACE_TAGS for w in words]),
        orgs=_prefix([w[3] in ORG_TAGS for w in words]),
        propers=_prefix([w[3] in _PROPER for w in words]),
    )
    out = [
        (sentence[a:b], a, b, i, j)
        for (a, b), (i, j) in spans.items()
        if not (ctx.punct[a] or (ctx.punct[b - 1] and not is_break[b - 1]))
    ]
    return ctx, out


def _window(s: str, end: int | None, start: int | None) -> tuple[int, int] | None:
    """The stretch where the question word sits: between the anchors, or the clause next to the only one."""
    if end is not None and start is not None and start > end:
        return end, start
    if end is not None:
        stop = CLAUSE_BREAK.search(s, end)
        return end, stop.start() if stop else len(s)
    if start is not None:
        stops = [m.end() for m in CLAUSE_BREAK.finditer(s, 0, start)]
        return stops[-1] if stops else 0, start
    return None


@lru_cache(maxsize=256)
def _pos(flag: str) -> str:
    if flag in _PROPER:
        return "proper"
    if flag == "eng":
        return "eng"
    for p in ("n", "v", "a", "m", "q", "t", "r", "p", "u", "c", "d", "f"):
        if flag.startswith(p):
            return p
    return "other"


_ONE_HOT = {p: [float(p == other) for other in POS] for p in POS}
_NO_KIND = [0.0] * 4


def _features(ctx: _Sentence, a: int, b: int, i: int, j: int) -> list[float]:
    """The features of the candidate s[a:b], words i..j (FEATURES, in order)."""
    s, kind, numbers = ctx.s, ctx.kind, ctx.numbers
    n, last_tag = j + 1 - i, ctx.words[j][3]  # words, tag of the last one
    end, start = ctx.anchors
    window = ctx.window
    span = s[a:b]
    is_number = (a, b) in numbers or any(x <= a and b <= y and b - a >= (y - x) - 1 for x, y in numbers)
    is_date = (a, b) in ctx.dates
    is_person = ctx.roles[j + 1] > ctx.roles[i] and n <= 2
    is_place = ctx.places[j + 1] > ctx.places[i] and n <= 3
    is_org = ctx.orgs[j + 1] > ctx.orgs[i] or (n <= 4 and last_tag == "nt")
    typed = {"number": is_number, "date": is_date, "person": is_person, "place": is_place, "org": is_org}
    type_match = bool(typed.get(kind))
    first, last = _pos(ctx.words[i][3]), _pos(last_tag)
    qc = ctx.q_chars
    x = [
        min(b - a, 30) / 10,
        min(n, 15) / 5,
        float(b - a == 1),
        (qc[b] - qc[a]) / len(span),
        (ctx.q_words[j + 1] - ctx.q_words[i]) / n,
        (qc[a] - qc[max(0, a - 6)] + qc[min(len(s), b + 6)] - qc[b]) / 12,
        float(end is not None and 0 <= a - end <= 1),
        float(start is not None and 0 <= start - b <= 1),
        min(3.0, abs(a - end) / 10) if end is not None else 3.0,
        min(3.0, abs(start - b) / 10) if start is not None else 3.0,
        float(b - 1 > a and ctx.breaks[b - 1] > ctx.breaks[a]),
        float(b >= len(s) - 1),
        float(window is not None and window[0] - 1 <= a and b <= window[1] + 1),
        _iou((a, b), window),
        float(end is None and start is None),
        float(ctx.rule is not None and _trim(span) == ctx.rule),
        float(a == 0 or ctx.punct[a - 1]),
        float(b == len(s) or ctx.punct[b]),
        float(span[0] in _CONNECT or span[-1] in _CONNECT),
        float(is_number),
        float(ctx.digits[b] > ctx.digits[a]),
        float(is_date),
        float(is_person),
        float(is_place),
        float(is_org),
        float(type_match),
    ]
    for k in KINDS:  # only the block of the kind asked for is not zero
        if kind == k:
            x += [float(type_match or is_number or is_date), float(ctx.propers[j + 1] > ctx.propers[i]),
                  float(last in ("n", "proper")), (b - a) / 10]  # fmt: skip
        else:
            x += _NO_KIND
    return x + _ONE_HOT[first] + _ONE_HOT[last]


def _iou(span: tuple[int, int], window: tuple[int, int] | None) -> float:
    if window is None or window[1] <= window[0]:
        return 0.0
    inter = max(0, min(span[1], window[1]) - max(span[0], window[0]))
    return inter / (max(span[1], window[1]) - min(span[0], window[0]))


def learned_short_answer(
    tokenizer: Tokenizer, question: str, kind: str, sentences: list[str]
) -> tuple[int, str] | None:
    """(index of the sentence, span): the most probable candidate of the first quoted sentence (the most
    probable answer sentence first) whose best candidate reaches the model's threshold. The softmax runs over
    one sentence's candidates, as in fitting."""
    model = load_span_model()
    if model is None:
        return None
    measure = measure_pattern(tokenizer, question) if kind == "number" else ""
    numeral = numeral_before(tokenizer, question) if kind == "number" else None
    head = asked_head(tokenizer, question)
    for i, sentence in enumerate(sentences):
        rule = short_answer(tokenizer, question, kind, sentence)
        ctx, spans = _spans(tokenizer, question, kind, sentence, rule)
        of_measure = figure_spans(measure, ctx.s) if measure else []
        if measure:  # “多少项”: a figure of another measure (10余年 for an area) does not answer
            spans = [span for span in spans if any(span[1] <= a and b <= span[2] for a, b in of_measure)]
        if kind == "number":  # a count, not a date (2020年 is no answer to 多少)
            counts = [m.span() for m in amounts(sentence, question)]  # (not 28倍 for 产多少蚕茧)
            quantities = quantity_words(question)
            written = numeral.search(ctx.s) if numeral else None
            if written:  # 分三阶段建设 for 分几个阶段: the numeral with what it counts is the answer, as 13个项目 is
                return i, sentence[written.start() : written.end()]
            spans = [span for span in spans if overlaps(span[1], span[0], counts, quantities)]
        if kind == "date":  # a date, perhaps with its modifiers, else a time said in words (…举办期间), else
            # something of a time (下半年, 本周五, 9时30分); never a span with none of them (接待了 for 什么时候接待的)
            patterns = (_YEAR,) if _YEAR_ASKED.search(question) else (DATE_SPAN, TIME_WORDS, _TIME_HINT)
            spans = next((kept for p in patterns if (kept := [x for x in spans if p.search(x[0])])), [])
        figured = [m.span() for m in NUMBER_SPAN.finditer(ctx.s)]  # never a span that cuts a figure (个国家的15所)
        spans = [sp for sp in spans if not any(x < sp[1] < y or x < sp[2] < y for x, y in figured)]
        found = [_features(ctx, *at) for _, *at in spans]  # of the kept spans only
        scores = list(zip(model.scores(found), spans))
        if not scores:
            continue
        top, (_, a, b, *_) = max(scores, key=lambda t: t[0])
        prob = 1.0 / sum(math.exp(z - top) for z, _ in scores)
        if kind == "number" and b - a > SHORT_MAX:  # a clause holding the figure: the figure, if it has one only
            inner = [
                m
                for m in figures(sentence)
                if a <= m.start() and m.end() <= b and m.group().strip() not in question
                and (not measure or any(m.start() <= x and y <= m.end() for x, y in of_measure))  # (人 of 多少人)
            ]  # fmt: skip
            if len(inner) == 1 and not inner[0].group().strip()[-1].isdigit():  # with its unit (not 4.7 of 4.7 GHz)
                a, b = inner[0].start(), inner[0].start() + len(inner[0].group().strip())
        # 哪所大学: 农业与生命科学 → 农业与生命科学大学, the kind of thing asked for is part of its name
        if head and sentence.startswith(head, b) and not sentence[a:b].endswith(head):
            b += len(head)
        if kind == "date":  # 7月 → 今年7月
            a, b = whole_date(sentence, a, b)
        if kind == "place":  # 四川 → 四川成都: the places written next to it are part of where
            a, b = whole_place(ctx.words, a, b)
        if kind == "number":  # 多少个国家的多少所高校: both counts; 近200人, not 200人
            a, b = with_bound(sentence, *both_counts(question, ctx.s, ctx.breaks, a, b))
        whole = paired(sentence, a, b)  # "雪容融”的面纱" → "“雪容融”的面纱": never a mark without its partner
        span = sentence[whole[0] : whole[1]].strip().rstrip(TRAILING) if whole else ""  # "8亿元," ends at 元
        if kind == "person" or ASKS_NAME.search(question):  # 徐伟说 → 徐伟: the verb of saying is not the name's
            span = _SAYS.sub("", span) or span
        if prob >= model.threshold and span:
            span = figure_of_verbs(tokenizer, figure_of_phrase(with_unit(span, sentence))) if kind == "number" else span
            return i, with_range_start(span, sentence)  # 1985年9月至1987年7月, not its end
    return None
