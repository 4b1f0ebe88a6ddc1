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

import itertools
import re
from functools import lru_cache

from assistant.lexicon import (
    AS_WHAT,
    DATE_SPAN,
    MEASURE,
    NUM,
    NUMBER_SPAN,
    ORG_TAGS,
    PLACE_TAGS,
    ROLE_TAGS,
    figures,
)
from index.text import to_simplified
from index.tokenizer import Tokenizer

# the question word, with the noun it governs (哪个城市, 多少个国家): that is what the answer replaces
_WH = re.compile(
    r"(?:为什么|为何|什么时候|什么时间|什么地方|什么人|多少|多大|多高|多长|多久|多重|多远|多深|哪里|哪儿|何时|何地|何处|何人"
    r"|哪一?[个位家些种座所年天项条名届次]?|几|谁|什么|如何|怎样|怎么)"
    r"(?:[个位家种座所年天项条名届次人万亿元])?(?:城市|国家|地区|单位|机构|公司|企业|大学|学校|高校|部门|省份|省|市|县|区)?"
)
_STOP = re.compile(r"[，。；！？、：:,;!?\n“”\"《》]")
_TRIM_HEAD = "是为了在于约达共有即：: "
_TRIM_TAIL = "的了是等"
MAX_SPAN = 24  # characters: longer than this is a clause, not a short answer
MIN_ANCHOR = 2  # characters of question text that must be found next to the answer


def _occurrences(text: str, part: str) -> list[int]:
    """Starts of the non-overlapping occurrences of part, left to right (re.finditer of the escaped part, without
    compiling a pattern per part: thousands of distinct parts overflow re's cache on every question)."""
    out, i = [], text.find(part)
    while i >= 0:
        out.append(i)
        i = text.find(part, i + len(part))
    return out


@lru_cache(maxsize=1024)
def _anchors(question: str, sentence: str) -> tuple[int | None, int | None, int | None, str]:
    """(end of the left anchor, start and end of the right anchor) in the sentence, and the question word."""
    q = re.sub(r"[？?。!！\s]+$", "", to_simplified(question))
    q = re.sub(r"(呢|吗|呀)$", "", q)
    as_what = AS_WHAT.search(q)  # 称为什么: the question word is 什么, 称为 the left anchor
    m = _WH.search(q, as_what.end()) if as_what else _WH.search(q)
    if not m:
        return None, None, None, ""
    left, right = q[: m.start()], q[m.end() :]
    s = to_simplified(sentence)
    end = start = right_end = None
    chars = set(q)
    scored = []  # (length matched - particles skipped + half the question characters just before it, end)
    for drop in range(0, 4):  # a particle or two may stand between the anchor and the question word (提高到了多少)
        part = left[: len(left) - drop]
        for n in range(min(len(part), 12), MIN_ANCHOR - 1, -1):
            if not re.search(r"\w", part[-n:]):
                continue
            for at in _occurrences(s, part[-n:]):
                before = sum(ch in chars for ch in s[max(0, at - 10) : at])
                scored.append((n - drop + 0.5 * before, at + n))
    if scored:
        end = max(scored)[1]
    best = 0
    for skip in range(0, 4):
        part = right[skip:]
        for n in range(min(len(part), 12), MIN_ANCHOR - 1, -1):
            i = s.find(part[:n], end or 0)
            if i >= 0 and re.search(r"\w", part[:n]) and n - skip > best:
                start, right_end, best = i, i + n, n - skip
                break
    return end, start, right_end, m.group(0)


def _trim(span: str) -> str:
    span = span.strip()
    while span and span[0] in _TRIM_HEAD and len(span) > 1:
        span = span[1:]
    while span and span[-1] in _TRIM_TAIL and len(span) > 1:
        span = span[:-1]
    return span.strip()


def located_words(tokenizer: Tokenizer, sentence: str, text: str | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag) of the sentence's jieba words, found left to right in `text` (by default the
    sentence itself); a word not found there is left out."""
    text = sentence if text is None else text
    out, pos = [], 0
    for word, flag in tokenizer.tagged_words(sentence):
        i = text.find(word, pos)
        if i < 0:
            continue
        pos = i + len(word)
        out.append((i, pos, word, flag))
    return out


def _typed(tokenizer: Tokenizer, kind: str, sentence: str, question: str) -> list[tuple[int, int]]:
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
        found = [(a, b) for a, b, word, flag in located_words(tokenizer, sentence) if flag in tags and len(word) >= 2]
    else:
        return []
    return [(a, b) for a, b in found if sentence[a:b].strip() and sentence[a:b].strip() not in q]


def _window(sentence: str, end: int | None, start: int | None, right_end: int | None) -> tuple[int, int] | None:
    """Where the answer should be: between the anchors; when they meet (the sentence orders things
    differently: "引进国际技术经纪人50人" for "引进了多少名国际技术经纪人"), after the right one; with one
    anchor, up to the next punctuation on its side."""
    if end is not None and start is not None:
        assert right_end is not None  # _anchors sets it with start
        if start > end:
            return end, start
        stop = _STOP.search(sentence, right_end)
        return right_end, stop.start() if stop else len(sentence)
    if end is not None:
        stop = _STOP.search(sentence, end)
        return end, stop.start() if stop else len(sentence)
    if start is not None:
        stops = [m.end() for m in _STOP.finditer(sentence, 0, start)]
        return stops[-1] if stops else 0, start
    return None


def _adjacent(sentence: str, end: int, start: int) -> bool:
    """Nothing but a 的 between end and start (a comma would put them in different clauses)."""
    return 0 <= start - end <= 1 and re.fullmatch(r"的?", sentence[end:start]) is not None


def _counts_anchor(question: str, wh: str, sentence: str, start: int | None, right_end: int | None) -> bool:
    """The right anchor is what the question counts: it follows the question word right away (多少国际技术培训,
    多少个国家)."""
    if start is None or right_end is None:
        return False
    q = to_simplified(question)
    at = q.find(wh)
    return at >= 0 and q.find(to_simplified(sentence[start:right_end]), at + len(wh)) in (
        at + len(wh),
        at + len(wh) + 1,
    )


def short_answer(tokenizer: Tokenizer, question: str, kind: str, sentence: str) -> str | None:
    """The span, verbatim from sentence, or None."""
    end, start, right_end, wh = _anchors(question, sentence)
    typed = _typed(tokenizer, kind, sentence, question)
    window = _window(sentence, end, start, right_end)
    measure = re.sub(r"^(多少|几|哪一?)", "", wh)[:1]  # 多少家 → 家: the count asked for
    if typed and kind == "number" and _counts_anchor(question, wh, sentence, start, right_end):
        assert start is not None and right_end is not None
        # the figure written right before what is counted ("13个项目落地实施"), else right after it
        # ("国际技术培训1500人次" for "多少国际技术培训"); of the measure asked for when there is one
        # at any place the sentence says it (15场中匈项目对接会…促成32个项目: the first 项目 has no figure beside it)
        noun = sentence[start:right_end]
        places = [(at, at + len(noun)) for at in _occurrences(sentence, noun) if end is None or at >= end]
        next_to = [t for at, _ in places for t in typed if _adjacent(sentence, t[1], at)]
        next_to += [t for _, stop in places for t in typed if _adjacent(sentence, stop, t[0])]
        next_to.sort(key=lambda t: measure not in sentence[t[0] : t[1]])  # stable: before, then after
        if next_to:
            return _trim(sentence[next_to[0][0] : next_to[0][1]]) or None
    if typed:
        if window:
            inside = [t for t in typed if t[0] >= window[0] - 1 and t[1] <= window[1] + 1]
            if inside:
                # the one next to an anchor, and of the measure asked for when there is one
                a, b = min(
                    inside,
                    key=lambda t: (measure not in sentence[t[0] : t[1]], min(t[0] - window[0], window[1] - t[1])),
                )
                return _trim(sentence[a:b]) or None
        if kind in ("number", "date") and window is not None:
            a, b = min(typed, key=lambda t: (measure not in sentence[t[0] : t[1]], abs(t[0] - window[0])))
            return _trim(sentence[a:b]) or None
    if window is None or kind in ("number", "date"):
        return None  # nothing in the question places the answer, or no figure / date near it: no guess
    span = _trim(sentence[window[0] : window[1]])
    if len(span) < 2 or len(span) > MAX_SPAN or not re.search(r"\w", span):
        return None
    return span


def of_kind(tokenizer: Tokenizer, kind: str, span: str) -> str | None:
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


_ORDINAL_ASKED = re.compile(r"第几个?(\w+)")


def ordinal(question: str, sentence: str) -> str | None:
    """For "第几届 / 第几轮 / 第几季度…": the first ordinal of that measure word the sentence writes and the
    question does not (第三轮); the measure word is a known one (lexicon.MEASURE: 季度, 届) or else the one
    character after 第几 (轮). None when the question asks no ordinal or the sentence has none."""
    q = to_simplified(question)
    m = _ORDINAL_ASKED.search(q)
    if not m:
        return None
    known = re.match(MEASURE, m.group(1))
    unit = known.group() if known else m.group(1)[0]
    for found in re.finditer(rf"第{NUM}+个?{re.escape(unit)}", sentence):
        if found.group() not in q:
            return found.group()
    return None


# "哪个行业 / 啥子考核体系 / 什么类型的标准 / 啥样的格局": the noun asked about follows the question word, perhaps
# after the word for a kind of it (类型) and 的
_ASKED_KIND = re.compile(
    r"(?:(?P<which>哪一?[个种类])|(?<![为凭干])什么样?|(?<![为凭干])啥样?子?)(?:的)?(?P<kind>类型|种类|类别|性质|形式)?(?:的)?"
)
_QUOTED_BEFORE = re.compile(r"“([^“”]{2,20})”(的?[\u4e00-\u9fff]{0,8})$")  # “一核引领、众星支撑”的中匈技术转移|格局
_MODIFIER_TAGS = ("n", "vn", "j", "b")


def kind_named(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "提升哪个行业的… / 用的是啥子考核体系 / 是什么类型的标准": what the sentence writes right before the noun
    asked about: a quoted name (通过“百分制量化”考核体系 → 百分制量化, “一核引领、众星支撑”的…格局) or the nouns
    qualifying it, with it (提升养殖行业 → 养殖行业). None when the question asks no such thing, the sentence
    qualifies the noun nowhere or several ways, or only with the question's own words."""
    q = to_simplified(question)
    m = _ASKED_KIND.search(q)
    if not m:
        return None
    # "什么任务 / 什么服务" ask openly (a clause answers); only a choice among kinds (哪个行业, 什么类型的标准) is
    # answered by the nouns before the noun; a quoted name before it answers either
    choice = bool(m.group("which") or m.group("kind"))
    after = list(tokenizer.tagged_words(q[m.end() :]))
    nouns = [w for w, _ in itertools.takewhile(lambda wt: wt[1].startswith(_MODIFIER_TAGS), after[:3])]
    if not nouns or len(nouns[-1]) < 2 or not [t for w, t in after if w == nouns[-1]][0].startswith(("n", "vn")):
        return None
    words = located_words(tokenizer, sentence)
    starts = {w[0]: i for i, w in enumerate(words)}
    found = set()
    for asked in ("".join(nouns), nouns[-1]):
        said = [i.start() for i in re.finditer(re.escape(asked), sentence)]
        if any(at not in starts for at in said):
            return None  # also inside a longer word (汽车行业 as one): which mention answers is unclear
        for at in said:
            clause = re.split(r"[，。；：,;:！？!?]", sentence[:at])[-1]
            quoted = _QUOTED_BEFORE.search(clause)
            if quoted and _modifiers_only(tokenizer, quoted.group(2)):
                found.add(quoted.group(1))
                continue
            k = starts[at]
            first = k
            while (
                first > 0 and words[first - 1][1] == words[first][0] and words[first - 1][3].startswith(_MODIFIER_TAGS)
            ):
                first -= 1
            modifier = sentence[words[first][0] : at]
            if choice and first < k and not all(w[2] in q for w in words[first:k]):
                found.add(modifier + asked)
        if found:
            break
    return found.pop() if len(found) == 1 else None


def _modifiers_only(tokenizer: Tokenizer, text: str) -> bool:
    """What stands between a quoted name and the noun lets the name qualify it: nothing, 的 first (“一核引领、众星支撑”的
    中匈技术转移格局), or nouns only; not a verb (“一带一路”|建设|科技合作平台) or a place word (框架下)."""
    if not text or text.startswith("的"):
        return True
    return all(t.startswith("n") or t in ("j", "b") for _, t in tokenizer.tagged_words(text))
