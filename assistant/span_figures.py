"""Short answers to "how many" questions the span ranker (fitted on CMRC's mixed spans) often gets wrong when a
sentence holds several figures: the figure written right next to what is measured or counted. Each rule gives
one figure or None (several, or one whose end it cannot read): the ranker then decides. And which figures can
answer a number question at all (amounts: no ratio for how much of a thing, no time ago for an amount)."""

from __future__ import annotations

import re

from assistant.dimensions import asked_dimension, figure_of_unit, figures_of_unit
from assistant.lexicon import (
    DATE_SPAN,
    DURATION,
    FIGURE_VERBS,
    MEASURE,
    NUMBER_SPAN,
    SHARE_WORDS,
    figures,
)
from assistant.span import located_words
from assistant.span_shape import APPROXIMATE_WORDS
from index.text import to_simplified
from index.tokenizer import Tokenizer

_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_FIGURE_VERB = "|".join(sorted(FIGURE_VERBS | {"为", "是"}, key=len, reverse=True))  # longest first
_HOW_MUCH_AT_END = re.compile(r"(?:是|为|有)?(?:多少|几|(?P<duration>多久|多长时间))[？?。！!]?\s*$")


def figure_after(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "…年产茧多少？" (a question ending in 多少 right after what is measured): the one figure the sentence
    writes right after the longest end of those words it says (产茧350万公斤), perhaps after a verb that
    introduces a figure (成交额达651亿元: lexicon.FIGURE_VERBS, 为, 是). None when there is none, more than one,
    or one without a unit NUMBER_SPAN reads (30km, 1：7, 30亿越南盾)."""
    q = to_simplified(question)
    m = _HOW_MUCH_AT_END.search(q)
    if not m:
        return None
    words = [w for w, _ in tokenizer.tagged_words(q[: m.start()])]
    while words and words[-1] == "了":  # 增长了多少, 缩短到了多久: the sentence writes 增长185%, 缩短到1—2年
        words.pop()
    # a duration only as the end point of a change (缩短到…), not any figure after a verb (合作十年成果展)
    if m.group("duration") and not (words and words[-1][-1] in "到至"):
        return None
    measured = "".join(words[-3:])  # 年产|茧: what is measured may be cut apart, and qualified (入境|游客|人数)
    whole = {"".join(words[-3:][:i]) for i in range(1, len(words[-3:]))}  # the qualifiers: whole words
    starts = {w[0] for w in located_words(tokenizer, sentence)}
    for size in range(len(measured), 1, -1):
        dropped, tail = measured[:-size], measured[-size:]
        if dropped in whole and dropped and dropped[-2:] + tail[0] in sentence:
            return None  # (新能源汽车产量 asked: the sentence's 汽车产量 is not it when it writes 新能源汽车 elsewhere)
        after = re.compile(rf"{re.escape(tail)}(?:{_FIGURE_VERB})?")
        found = set()
        for said in after.finditer(sentence):
            if said.start() not in starts:
                continue  # (出口额 inside 进出口额)
            rest = sentence[said.end() :]
            first = next(iter(figures(rest)), None)
            if first is not None and first.start() == 0:
                figure, next_char = first.group().strip(), rest[first.end() : first.end() + 1]
                # a unit NUMBER_SPAN does not read (30km, 1：7, 30亿越南盾): the ranker's to choose
                unread = figure[-1].isdigit() or (figure[-1] in "十百千万亿" and bool(_WORD_CHAR.match(next_char)))
                found.add("" if unread else figure)
        if "" in found:
            return None
        if found:
            return found.pop() if len(found) == 1 else None
    return None


# "多少(个)共建“一带一路”国家 / 聚了多少院士": what is counted runs from after the measure word to the next break
_HOW_MANY_OF = re.compile(rf"(?:多少|几)(?P<measure>{MEASURE})?(?P<counted>(?!{MEASURE})[^，。？！、,?!；;：:]+)")
_TWO_COUNTS = re.compile(r"(?:多少|几).*(?:多少|几)|(?:多少|几)[^，。？！,?!]*[和与及、]")  # both_counts' to widen
_COUNTED_MIN = 2  # characters of what is counted that the sentence must write: one is too often part of a word


def figure_of_counted(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "多少(measure) + what is counted" (招收的学员来自多少个共建“一带一路”国家？, 聚了多少院士？): the one figure the
    sentence writes right before what is counted (40余个共建“一带一路”国家) or right after it (集聚院士32名), of
    the measure word asked for when the question gives one. What is counted is the question's words after 多少
    up to the end of the first noun's phrase, or, when the sentence does not write them all, the longest run of
    their last words it does, at a word start. None when there is none or several."""
    q = to_simplified(question)
    m = _HOW_MANY_OF.search(q)
    if not m or _TWO_COUNTS.search(q):
        return None
    words = _noun_phrase(list(tokenizer.tagged_words(m.group("counted"))))
    located = located_words(tokenizer, sentence)
    starts, ends = {w[0] for w in located}, {w[1] for w in located}
    for i in range(len(words)):
        counted = "".join(words[i:])
        if len(counted) < _COUNTED_MIN:
            break
        said = [x.start() for x in re.finditer(re.escape(counted), sentence)]
        if any(at not in starts or at + len(counted) not in ends for at in said):
            return None  # also inside a longer word (博士后, 国家级, 申请专利): which figure is its is unclear
        found = {f for at in said if (f := _beside(sentence, at, len(counted)))}
        measure = m.group("measure")
        if measure and any(not re.search(rf"{re.escape(measure)}(?:多|余|以上)?$", f) for f in found):
            return None  # a figure of another measure beside it too (企业2.5万户 … 企业3000家): no guess
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _noun_phrase(tagged: list[tuple[str, str]]) -> list[str]:
    """The words up to the first noun's phrase end (多少个|国家|建立了… → 国家; 多少个|共建|“一带一路”|国家 → all)."""
    out: list[str] = []
    for word, tag in tagged:
        noun = tag.startswith("n") and tag != "nr"  # (jieba tags some verbs after a count nr)
        if out and not noun and any(t.startswith("n") for _, t in tagged[: len(out)]):
            break
        out.append(word)
    return out


def _beside(sentence: str, at: int, size: int) -> str | None:
    """The figure that ends where the counted thing starts (or a share: 一半以上病人), or the one that starts right
    after it (after a verb that introduces a figure). None for a figure whose unit NUMBER_SPAN does not read (80公分,
    500家次)."""
    share = re.search(rf"(?:{SHARE_WORDS.pattern})(?:以上|以下)?$", sentence[:at])
    if share:
        return share.group()
    before = next((f for f in figures(sentence[:at]) if f.end() == at), None)
    verb = re.match(rf"(?:{_FIGURE_VERB})?", sentence[at + size :])
    rest = sentence[at + size + (verb.end() if verb else 0) :]
    after = next((f for f in figures(rest) if f.start() == 0), None)
    if before is None and after is not None and rest[after.end() : after.end() + 1] == "次":
        return None  # (500家次: a unit NUMBER_SPAN does not read)
    found = before or after
    return None if found is None or found.group().strip()[-1].isdigit() else found.group().strip()


# a ratio (25%, 28倍, 3个百分点) measures a change or a share, not an amount: it does not answer how many or how
# much of a thing the question counts ("一年产多少蚕茧" is not answered by 提高了28倍; "多少个项目" not by 25%). A
# question ending in 多少 ("研发投入强度是多少", "增长了多少") or counting a ratio (多少倍, 几个百分点) may be answered by one
RATIO = re.compile(r"(?:%|‰|个百分点|倍|成)(?:多|余|以上)?$")
COUNTS_A_THING = re.compile(r"(?:多少|几)(?!倍|成|番|个?百分|比例|比重|[呢了啊吗呀的？?，,。!！\s]|$)")


# a length of time before 前 / 后 (3年前, 两个月后) says when, not how much: it answers 多少年前, not 降了多少
AGO = re.compile(r"\s*(?:之|以)?[前后]")
ASKS_AGO = re.compile(r"(?:多少|几)[^，,？?]{0,3}[前后]|多久(?:之|以)?[前后]")


def amounts(sentence: str, question: str) -> list[re.Match]:
    """The figures of the sentence that can answer the number question: no ratio when it counts a thing, no
    time ago (3年前) unless it asks one."""
    q = to_simplified(question)
    found = figures(sentence)
    if not ASKS_AGO.search(q):
        found = [
            m for m in found if not (re.search(DURATION + "$", m.group().strip()) and AGO.match(sentence, m.end()))
        ]
    if not COUNTS_A_THING.search(q):
        return found
    return [m for m in found if not RATIO.search(m.group().strip())]


def dimension_figure(question: str, sentence: str, span: str | None) -> str | None:
    """For a number question naming a dimension (多大面积, 重量是多少): the sentence's first figure written with
    a unit of it (应用5万亩, not the 20多个 places of the same sentence), when the ranker's span holds none."""
    unit = asked_dimension(question)
    if not unit or (span and figure_of_unit(span, unit)):
        return None
    return next(iter(figures_of_unit(sentence, unit)), None)


# a figure opening a span, after a bound perhaps (约两平方公里, 近200人), then 的 and words with no figure
_FIGURE_THEN_NOUN = re.compile(rf"^((?:{APPROXIMATE_WORDS})?{NUMBER_SPAN.pattern})\s*的[^\d的，,；;。]+$")


def figure_of_phrase(span: str) -> str:
    """The figure of a span that opens with it and goes on with 的 + a noun (30公里的特别 of 往返30公里的特别旅程): the
    figure qualifies that noun, it is what "how far / how many" asks; the noun (often cut by the ranker) is not.
    A span opening with other words (生长于海拔100米至2,800米的地区) is CMRC's clause answer: kept whole."""
    m = _FIGURE_THEN_NOUN.match(span)
    return m.group(1).strip() if m and m.group(1).strip() else span


# the start of a range written right before a span that is its end: 1985年9月至 | 1987年7月, 100米至 | 2,800米
_RANGE_START = re.compile(rf"(?:{DATE_SPAN.pattern}|{NUMBER_SPAN.pattern})\s*(?:至|到|—|－|-|~|～)\s*$")


def with_range_start(span: str, sentence: str) -> str:
    """The span, with the start of the range it ends when the sentence writes one right before it (asked when
    someone studied somewhere, 1985年9月至1987年7月 is the answer, not its end)."""
    at = sentence.find(span)
    if at <= 0 or not (DATE_SPAN.match(span) or NUMBER_SPAN.match(span)):
        return span
    m = _RANGE_START.search(sentence[max(0, at - 24) : at])
    return sentence[at - len(m.group()) : at] + span if m else span


_VERBISH = ("v", "d", "p", "u")  # verbs, adverbs, prepositions, particles: what is done, not what is counted


def figure_of_verbs(tokenizer: Tokenizer, span: str) -> str:
    """The span less the verbs and adverbs before its one figure (已投入300万元 → 300万元): they say what was done to
    it, which the question says already. Kept whole when a noun comes first (人口约33,700人); what follows the
    figure stays (2,173个坐席: jieba tags 坐席 a verb, and the noun after a measure word is what is counted)."""
    found = list(NUMBER_SPAN.finditer(span))
    if len(found) != 1 or found[0].start() == 0:
        return span
    m = found[0]
    bound = re.search(rf"(?:{APPROXIMATE_WORDS})\S?$", span[: m.start()])  # 约 / 近 stay with their figure (约占30%)
    start = bound.start() if bound else m.start()
    before = [t for _, t in tokenizer.tagged_words(span[:start])] if start else []
    if not before or not all(t.startswith(_VERBISH) for t in before):
        return span
    return span[start:].strip()
