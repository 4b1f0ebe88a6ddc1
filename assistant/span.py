"""The short answer: the shortest span of a quoted sentence that answers the question ("460公斤"), copied
verbatim. None when no span can be chosen with confidence: never a guess.

Two general rules, no word list beyond the question words and measure words of assistant/lexicon.py:
- alignment: the question is usually the sentence with the answer replaced by a question word
  ("…提高到了多少" / "…提高到460公斤，…"): the words left and right of the question word are found in the
  sentence, and what lies between them is the answer;
- answer type: a number question is answered by a number with its unit, a date question by a date, a "who"
  question by a person's name (jieba tags), and so on; among several, the one nearest the alignment wins.
"""

from __future__ import annotations

import re

from assistant.lexicon import DATE_SPAN, NUMBER_SPAN, ORG_TAGS, PLACE_TAGS, ROLE_TAGS
from index.text import tagged_words, to_simplified

# the question word, with the noun it governs (哪个城市, 多少个国家): that is what the answer replaces
_WH = re.compile(
    r"(为什么|为何|什么时候|什么时间|什么地方|什么人|多少[万亿]?[\u4e00-\u9fff]?|几[\u4e00-\u9fff]?|哪一?[个位家些种座所年天里项条]?"
    r"[\u4e00-\u9fff]{0,2}?(?=[是在的为有于\W]|$)|哪里|何时|何地|何处|何人|谁|什么[\u4e00-\u9fff]{0,2}?(?=[是在的为有于\W]|$)|什么|如何|怎样|怎么)"
)
_STOP = re.compile(r"[，。；！？、：:,;!?（）()\n“”\"《》]")
_TRIM_HEAD = "是为了在于约达共有即：: "
_TRIM_TAIL = "的了是等"
MAX_SPAN = 24  # characters: longer than this is a clause, not a short answer
MIN_ANCHOR = 2  # characters of question text that must be found next to the answer


def _anchors(question: str, sentence: str) -> tuple[int | None, int | None, str]:
    """(end of the left anchor, start of the right anchor) in the sentence, and the question word."""
    q = re.sub(r"[？?。!！\s]+$", "", to_simplified(question))
    q = re.sub(r"(呢|吗|呀)$", "", q)
    m = _WH.search(q)
    if not m:
        return None, None, ""
    left, right = q[: m.start()], q[m.end() :]
    s = to_simplified(sentence)
    end = None
    for n in range(min(len(left), 12), MIN_ANCHOR - 1, -1):
        i = s.rfind(left[-n:])
        if i >= 0 and re.search(r"\w", left[-n:]):
            end = i + n
            break
    start = None
    right = right.lstrip("的是")
    for n in range(min(len(right), 12), MIN_ANCHOR - 1, -1):
        i = s.find(right[:n], end or 0)
        if i >= 0 and re.search(r"\w", right[:n]):
            start = i
            break
    return end, start, m.group(0)


def _trim(span: str) -> str:
    span = span.strip()
    while span and span[0] in _TRIM_HEAD and len(span) > 1:
        span = span[1:]
    while span and span[-1] in _TRIM_TAIL and len(span) > 1:
        span = span[:-1]
    return span.strip()


def _typed(kind: str, sentence: str, question: str) -> list[tuple[int, int]]:
    """Spans of the asked type in the sentence (not ones the question itself says)."""
    q = to_simplified(question)
    if kind == "number":
        found = [
            m.span()
            for m in NUMBER_SPAN.finditer(sentence)
            if re.search(r"\d|[一二三四五六七八九十两百千万]", m.group())
        ]
    elif kind == "date":
        found = [m.span() for m in DATE_SPAN.finditer(sentence)]
    elif kind in ("person", "place", "org"):
        tags = {"person": ROLE_TAGS, "place": PLACE_TAGS, "org": ORG_TAGS}[kind]
        found, pos = [], 0
        for word, flag in tagged_words(sentence):
            i = sentence.find(word, pos)
            if i < 0:
                continue
            pos = i + len(word)
            if flag in tags and len(word) >= 2:
                found.append((i, pos))
    else:
        return []
    return [(a, b) for a, b in found if sentence[a:b].strip() and sentence[a:b].strip() not in q]


def short_answer(question: str, kind: str, sentence: str) -> str | None:
    """The span, verbatim from sentence, or None."""
    end, start, wh = _anchors(question, sentence)
    typed = _typed(kind, sentence, question)
    if end is not None and start is not None and start > end:
        window = (end, start)
    elif end is not None:
        stop = _STOP.search(sentence, end)
        window = (end, stop.start() if stop else len(sentence))
    elif start is not None:
        stops = [m.end() for m in _STOP.finditer(sentence, 0, start)]
        window = (stops[-1] if stops else 0, start)
    else:
        window = None
    if typed:
        if window:
            inside = [t for t in typed if t[0] >= window[0] - 1 and t[1] <= window[1] + 1]
            if inside:
                a, b = inside[0] if end is not None else inside[-1]
                return _trim(sentence[a:b]) or None
        if kind in ("number", "date") or window is None:
            anchor = window[0] if window else None
            if anchor is None:
                return None  # several candidates and nothing in the question says which: no guess
            a, b = min(typed, key=lambda t: abs(t[0] - anchor))
            return _trim(sentence[a:b]) or None
    if window is None or kind in ("number", "date"):
        return None  # a number question with no number near the anchor
    span = _trim(sentence[window[0] : window[1]])
    if not span or len(span) > MAX_SPAN or not re.search(r"\w", span):
        return None
    return span
