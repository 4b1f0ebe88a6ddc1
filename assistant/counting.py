"""What a "how many / how much" question counts and the figures that count it: the measure word or noun after
多少 / 几 (多少项, 多少个国家, 几支院士团队, 多少公里), as regex patterns for a sentence's figures of it."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.lexicon import ASKS_DURATION, ASKS_YEARS, BEFORE_JI_NOT_ASKING, DURATION, LONG_UNIT, MONEY, NUM
from index.text import to_simplified
from index.tokenizer import Tokenizer


@lru_cache(maxsize=1024)
def _counted(tokenizer: Tokenizer, question: str) -> tuple[str, str, str]:
    """(measure, noun, nouns after the measure) a “how many” question counts: 多少项 → ("项", "", ""), 多少个国家
    → ("", "国家", ""), 几支院士团队 → ("支", "", "院士团队")."""
    words = list(tokenizer.tagged_words(question))
    for i, (word, flag) in enumerate(words):
        m = re.fullmatch(r"(?:多少|几)(?:万|亿)?(\w?)", word)
        if flag != "m" or not m:
            continue
        if word[0] == "几" and i and words[i - 1][0][-1] in BEFORE_JI_NOT_ASKING:
            continue  # 这几年, 近几天: "these few years" sets the time, it asks for nothing
        nxt = words[i + 1] if i + 1 < len(words) else ("", "")
        unit = m.group(1) or (nxt[0] if len(nxt[0]) == 1 and nxt[1][0] in "qn" else "")
        if unit and unit not in "个种":  # 个 says too little on its own
            run = ""
            for w, f in words[i + 1 if m.group(1) else i + 2 :]:
                if not f.startswith("n"):
                    break
                run += w
            return unit, "", to_simplified(run) if len(run) >= 2 else ""
        rest = [(w, f) for w, f in words[i + 1 : i + 3] if w != unit]
        if rest and rest[0][1].startswith("n") and len(rest[0][0]) >= 2:
            return "", to_simplified(rest[0][0]), ""
    return "", "", ""


# units of measurement as the international system writes them (an article may give 2cm for 2厘米)
LATIN_UNITS = {"厘米": "cm", "毫米": "mm", "公里": "km", "千米": "km", "公斤": "kg", "千克": "kg", "平方米": "m²|m2|㎡",
               "平方公里": "km²|km2", "公顷": "ha", "千瓦": "kw", "千瓦时": "kwh", "兆瓦": "mw"}  # fmt: skip


def _figure_of(unit: str) -> str:
    if unit == "钱":  # 多少钱 asks for a sum of money: 300万元, 1.2亿美元
        return rf"{NUM}\s*[余多]?[万亿千百]*(?:{MONEY})"
    unit = "[人名位]" if unit in "人名位" else re.escape(unit)
    if unit in LATIN_UNITS:  # 2cm for 多少厘米: the unit written the international way
        unit = rf"(?:{unit}|(?i:{LATIN_UNITS[unit]})(?![A-Za-z]))"
    return rf"{NUM}\s*[余多]?[万亿千百]?{unit}"


def numeral_before(tokenizer: Tokenizer, question: str) -> re.Pattern | None:
    """A Chinese numeral written right before the noun a "几个 / 多少个" question counts, with no measure word
    between (分三阶段建设): a count NUMBER_SPAN does not take for a figure. None when nothing is counted."""
    noun = _counted(tokenizer, question)[1]
    return (
        re.compile(rf"(?<![\d一二三四五六七八九十两百千万亿])[一二三四五六七八九十两]+{re.escape(noun)}")
        if noun
        else None
    )


def counted_unit(tokenizer: Tokenizer, question: str) -> str:
    """The measure word a "how many" question names (多少户 → 户), '' when none (多少个, 多久)."""
    return _counted(tokenizer, question)[0]


# measure words of things that the general measure word 个 stands for (几支院士团队 is answered by 25个院士团队);
# not those of people, money or time, whose counts with 个 are left out here (两个人 is no answer to 多少名)
CLASSIFIERS = "支家所座条台部款只间栋辆艘架门项件场批类"


def measure_pattern(tokenizer: Tokenizer, question: str) -> str:
    """A figure of the measure asked for: 多少项 → “80余项”, 多少人 → “1300余名”, 多久 → “17年”; '' when none
    is named. For a measure word of things, also a figure with 个 of the thing counted (几支院士团队 → “25个院士
    团队” or “院士团队25个”: the nouns right after the measure word within a few characters of the 个). The
    alternatives are wrapped in one group-free (?:…) but the figures with 个, which figure_spans reads."""
    if ASKS_DURATION.search(question) or ASKS_YEARS.search(question):
        return DURATION
    unit, _, after = _counted(tokenizer, question)
    if not unit:
        longer = LONG_UNIT.search(question)  # 多少公里, 几个百分点 (jieba's one word: _counted takes one character)
        return _figure_of(longer.group(1)) if longer else ""
    noun = re.escape(after) if unit in CLASSIFIERS else ""
    if not noun:
        return _figure_of(unit)
    figure = rf"({NUM}+(?:\.\d+)?\s*[余多]?[万亿千百]?个)"  # a group: the figure of a match (figure_spans)
    # (no digit between the noun and a figure after it: the gap must not take the figure's first digits)
    return rf"(?:{_figure_of(unit)}|{figure}(?=[^，。；]{{0,4}}?{noun})|{noun}[^，。；\d]{{0,4}}?{figure})"


def figure_spans(measure: str, text: str) -> list[tuple[int, int]]:
    """Where the text's figures of the measure (measure_pattern) are: the figure itself, not the counted noun
    matched with it (院士团队25个 → 25个). The figure patterns (_figure_of, DURATION) hold no group of their own:
    a match's last group is a figure with 个."""
    return [m.span(m.lastindex) if m.lastindex else m.span() for m in re.finditer(measure, text)]


def count_pattern(tokenizer: Tokenizer, question: str) -> str:
    """What the answer to a “how many” question looks like: 多少项 → “80余项”, 多少个国家 → “63个国家”,
    多少亩 → “5万亩”. '' when the question counts nothing in particular."""
    unit, noun, _ = _counted(tokenizer, question)
    if unit:
        return _figure_of(unit)
    if noun:
        noun = re.escape(noun)
        return rf"{NUM}[^，。；]{{0,4}}{noun}|{noun}[^，。；]{{0,6}}{NUM}"
    return ""
