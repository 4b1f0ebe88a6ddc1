"""The learned short answer: candidate spans of a quoted sentence ranked by a logistic regression.

Candidates are runs of 1-8 jieba words of one clause (no punctuation inside, at most MAX_CHARS characters).
Each is described by general features: does it hold the type asked for (a number for 多少, a date for 何时, a
name for 谁…), where does it sit relative to the question's own words found in the sentence (the question is
usually the sentence with the answer replaced by the question word, so the answer sits where the question
word sits once the shared words are aligned: assistant/span.py finds those anchors), how much of it repeats
the question (answers rarely do), its length and its parts of speech. The model and its confidence
threshold are fitted on CMRC 2018 trial gold spans by evals/fit_span.py (assistant/span.json). Below the
threshold the short answer is None: never a guess.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant.evidence import measure_pattern
from assistant.lexicon import DATE_SPAN, NUMBER_SPAN, ORG_TAGS, PLACE_TAGS, QUANTITY_WORDS, ROLE_TAGS, figures
from assistant.span import _anchors, _trim, located_words, short_answer
from index.text import to_simplified
from index.tokenizer import Tokenizer

MODEL_FILE = Path(__file__).resolve().parent / "span.json"
MAX_WORDS = 8
MAX_CHARS = 24  # word runs inside one clause up to this length
MAX_CLAUSE = 80  # spans running to the end of a clause up to this length (CMRC gold answers are often clauses)
_PUNCT = re.compile(r"[，。；！？：:;!?,\s（）()《》“”\"'、]")
_BREAK = re.compile(r"[，。；！？：:;!?,]")
KINDS = ("number", "date", "person", "place", "org", "")
# coarse parts of speech of the first and last word
POS = ("n", "proper", "v", "a", "m", "q", "t", "r", "p", "u", "c", "d", "f", "eng", "other")
_PROPER = {"nr", "nrfg", "nrt", "ns", "nt", "nz"}
_CONNECT = "的了是在为与和及或等被把将对于从由以"


def _pos(flag: str) -> str:
    if flag in _PROPER:
        return "proper"
    if flag == "eng":
        return "eng"
    for p in ("n", "v", "a", "m", "q", "t", "r", "p", "u", "c", "d", "f"):
        if flag.startswith(p):
            return p
    return "other"


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


class SpanModel(BaseModel):
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    threshold: float  # the best candidate must reach this probability, else no short answer
    fitted: dict = {}

    def score(self, x: list[float]) -> float:
        return sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))


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


def candidates(
    tokenizer: Tokenizer, question: str, kind: str, sentence: str, rule: str | None = None
) -> list[tuple[str, list[float]]]:
    """(span text, features) for every candidate span of the sentence."""
    s = to_simplified(sentence)
    if len(s) != len(sentence):
        s = sentence
    words = located_words(tokenizer, sentence, s)
    q = to_simplified(question)
    q_chars, q_words = set(q), {w for w, _ in tokenizer.tagged_words(question)}
    end, start, right_end, _ = _anchors(question, sentence)
    numbers, dates = _spans_of(NUMBER_SPAN, s), _spans_of(DATE_SPAN, s)
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # (start, end) -> (first word, last word)
    for i in range(len(words)):
        for j in range(i, min(len(words), i + MAX_WORDS)):  # short spans within a clause
            a, b = words[i][0], words[j][1]
            if b - a > MAX_CHARS or _BREAK.search(s[a:b]):
                break
            spans[(a, b)] = (i, j)
        for j in range(i, len(words)):  # or from a word to the end of a clause (descriptive answers)
            a, b = words[i][0], words[j][1]
            if b - a > MAX_CLAUSE:
                break
            if b == len(s) or _BREAK.match(s, b) or (b < len(s) and _BREAK.match(s, b - 1)):
                spans.setdefault((a, b), (i, j))
    out = []
    for (a, b), (i, j) in spans.items():
        if _PUNCT.fullmatch(s[a]) or (_PUNCT.fullmatch(s[b - 1]) and not _BREAK.fullmatch(s[b - 1])):
            continue
        out.append((sentence[a:b], _features(q, kind, s, words[i : j + 1], a, b, q_chars, q_words,
                                             (end, start, right_end), numbers, dates, rule)))  # fmt: skip
    return out


def _features(q, kind, s, ws, a, b, q_chars, q_words, anchors, numbers, dates, rule) -> list[float]:
    end, start, right_end = anchors
    span = s[a:b]
    flags = {f for *_, f in ws}
    near = s[max(0, a - 6) : a] + s[b : b + 6]
    if end is not None and start is not None and start > end:
        window = (end, start)
    elif end is not None:
        stop = _BREAK.search(s, end)
        window = (end, stop.start() if stop else len(s))
    elif start is not None:
        stops = [m.end() for m in _BREAK.finditer(s, 0, start)]
        window = (stops[-1] if stops else 0, start)
    else:
        window = None
    is_number = (a, b) in numbers or any(x <= a and b <= y and b - a >= (y - x) - 1 for x, y in numbers)
    is_date = (a, b) in dates
    is_person = bool(flags & ROLE_TAGS) and len(ws) <= 2
    is_place = bool(flags & PLACE_TAGS) and len(ws) <= 3
    is_org = bool(flags & ORG_TAGS) or (len(ws) <= 4 and ws[-1][3] == "nt")
    typed = {"number": is_number, "date": is_date, "person": is_person, "place": is_place, "org": is_org}
    type_match = bool(typed.get(kind))
    proper = bool(flags & _PROPER)
    noun = _pos(ws[-1][3]) in ("n", "proper")
    x = [
        min(b - a, 30) / 10,
        min(len(ws), 15) / 5,
        float(b - a == 1),
        sum(ch in q_chars for ch in span) / len(span),
        sum(w[2] in q_words for w in ws) / len(ws),
        sum(ch in q_chars for ch in near) / 12,
        float(end is not None and 0 <= a - end <= 1),
        float(start is not None and 0 <= start - b <= 1),
        min(3.0, abs(a - end) / 10) if end is not None else 3.0,
        min(3.0, abs(start - b) / 10) if start is not None else 3.0,
        float(bool(_BREAK.search(span[:-1]))),
        float(b >= len(s) - 1),
        float(window is not None and window[0] - 1 <= a and b <= window[1] + 1),
        _iou((a, b), window),
        float(end is None and start is None),
        float(rule is not None and _trim(span) == rule),
        float(a == 0 or bool(_PUNCT.fullmatch(s[a - 1]))),
        float(b == len(s) or bool(_PUNCT.fullmatch(s[b]))),
        float(span[0] in _CONNECT or span[-1] in _CONNECT),
        float(is_number),
        float(bool(re.search(r"\d", span))),
        float(is_date),
        float(is_person),
        float(is_place),
        float(is_org),
        float(type_match),
    ]
    for k in KINDS:
        on = kind == k
        x += [float(on and (type_match or is_number or is_date)), float(on and proper), float(on and noun),
              (b - a) / 10 if on else 0.0]  # fmt: skip
    first, last = _pos(ws[0][3]), _pos(ws[-1][3])
    x += [float(first == p) for p in POS]
    x += [float(last == p) for p in POS]
    return x


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
    for i, sentence in enumerate(sentences):
        rule = short_answer(tokenizer, question, kind, sentence)
        found = candidates(tokenizer, question, kind, sentence, rule)
        if measure:  # “多少项”: a figure of another measure (10余年 for an area) does not answer
            found = [(text, x) for text, x in found if re.search(measure, text)]
        if kind == "number":  # a count, not a date (2020年 is no answer to 多少)
            counts = [m.span() for m in figures(sentence)]
            found = [(text, x) for text, x in found if _overlaps(sentence.find(text), text, counts)]
        if kind == "date":  # a date, perhaps with its modifiers, when the sentence has one
            found = [(text, x) for text, x in found if DATE_SPAN.search(text)] or found
        scores = [(model.score(x), text) for text, x in found]
        if not scores:
            continue
        top, span = max(scores, key=lambda t: t[0])
        prob = 1.0 / sum(math.exp(z - top) for z, _ in scores)
        if prob >= model.threshold and span.strip():
            return i, _with_unit(span.strip(), sentence) if kind == "number" else span.strip()
    return None


def _overlaps(at: int, text: str, spans: list[tuple[int, int]]) -> bool:
    """The candidate (first found at `at`) holds a quantity word or a part of one of the spans."""
    return bool(QUANTITY_WORDS.search(text)) or any(a < at + len(text) and at < b for a, b in spans)


def _with_unit(span: str, sentence: str) -> str:
    """A bare figure ("15") grows to the figure with its measure word as the sentence writes it ("15场"): the
    number alone does not say what was counted."""
    at = sentence.find(span)
    for m in NUMBER_SPAN.finditer(sentence):
        if m.start() == at and m.end() > at + len(span) and m.group().startswith(span):
            return m.group().strip()
    return span


def dump(model: SpanModel, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(model.model_dump(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
