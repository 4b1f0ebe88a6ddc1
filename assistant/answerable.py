"""Whether a sentence can answer the question at all, whatever its score: it holds the type asked for and
meets the year / edition / office / measure the question sets (general rules, none for a single case). And
what a refusal says is missing when no sentence can."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.dated import (
    ASKS_YEAR,
    other_edition_than_first,
    other_relative_year,
    other_value,
    year_given,
    year_unsaid,
)
from assistant.dimensions import PEOPLE_UNITS, figure_of_unit
from assistant.evidence import Evidence, Term, norm, partly_supported
from assistant.features import TYPE_MATCH, QuestionInfo, asks_person, deputy_only, office_said
from assistant.lexicon import (
    ASKS_WHY,
    CLAUSE_BREAK_NO_COLON,
    MEASURE,
    PLANNED,
    figures,
    has_type,
    magnitude_said,
    planned_only,
)
from assistant.neighbours import (
    another_organisation,
    other_event,
    other_organisation,
    other_place,
    says,
)
from assistant.span_figures import amounts
from assistant.span_kinds import NAMED_BY
from assistant.synonyms import countries
from index.tokenizer import Tokenizer

# kinds whose answer a pattern can recognise reliably (lexicon.has_type); names depend on jieba's tags,
# which miss many names, so a sentence without a tagged name may still answer 谁
TYPED_KINDS = ("number", "date")
# a question asking which country (哪个国家, 哪些国家, 哪国; not 哪国际…)
ASKS_COUNTRY = re.compile(r"哪[一个些]?国(?!际)|什么国家")
# a question asking which institution of a kind whose names end as span_kinds.NAMED_BY says, always (哪所大学 →
# 特拉莫大学); group 1: the kind. Companies and places are left out: often written without the noun (华为, 成都).
ASKS_INSTITUTION = re.compile(r"哪一?[所个家座]?(大学|高校|学校|医院|研究院|研究所)")
# a character before the kind's noun that makes it no name (该大学, 一所大学, 各高校)
_NOT_A_NAME = "这该本此各每哪所家个名等一两几多的"
# a one-clause sentence ending in a question mark asks, it does not answer (a sentence of several clauses
# may state facts before a closing rhetorical question)
QUESTION = re.compile(r"^[^，,；;：:]*[？?]\s*$")


def can_answer(tokenizer: Tokenizer, e: Evidence, info: QuestionInfo) -> bool:
    """Whether a sentence can answer at all, whatever its score: it is not itself a question, it holds a
    number / a time when one is asked for (TYPED_KINDS), and then it does not speak of another year or
    edition than the one the question sets (a figure of 2020年 when asked about 2021年)."""
    if QUESTION.search(e.sentence):
        return False
    if other_year(info, e) and not ASKS_WHY.search(info.question):
        return False  # (another year in a sentence answering 为什么 is background, not a near miss)
    if asks_person(info) and info.attribute and deputy_only(e.sentence, info.attribute.text):
        return False  # the deputy (副理事长 when 理事长 is asked); a sentence may name the office elsewhere
    if asks_person(info) and info.attribute and not term_of_office_said(e, info.attribute):
        return False  # the office held, not the term asked (阿德恩卸任总理, when 新任总理 is asked)
    if asks_person(info) and info.attribute and not office_said(tokenizer, e, info.attribute):
        return False  # no one of the office asked about (秘书长 asked, only the 副理事长 named)
    if info.kind == "number" and info.attribute and not says_attribute(e, info.attribute):
        return False  # a figure of another measure (营收 asked, 毛利 given)
    if info.kind == "number" and info.attribute and not _figure_beside(e.sentence, info.attribute.text):
        return False  # the measure said, its figure not (保有量增加，…召回121.2万辆)
    if info.kind == "number" and info.measure and not re.search(info.measure, e.sentence):
        return False  # no figure of the measure asked for (多少户蚕农 asked, only 万亩 and 万公斤 given)
    if info.dimension and not figure_of_unit(e.sentence, info.dimension):
        return False  # no figure of the dimension asked for (两个科学发现 for 多大面积)
    if info.people and info.people not in e.norm and not figure_of_unit(e.sentence, PEOPLE_UNITS):
        return False  # the people counted neither named nor counted in people (170余项 for 多少员工)
    if info.kind == "number" and not rate_said(e.sentence, info.question):
        return False  # a total (综合产值2亿元) for a rate asked (多少钱一公斤)
    if info.kind == "number" and planned_only(e.sentence, info.question):
        return False  # a target (将用3年时间…促成100项以上) for what was done (签约了多少个)
    if info.kind == "number" and member_of_counted_group(e, info):
        return False  # the figure of a group the name is one of (南非、马来西亚等11个国家的15所高校, 南非's asked)
    if info.kind == "number" and not magnitude_said(e.sentence, info.question):
        return False  # only a length of time (结缘已有十余年) for 多高
    if info.kind == "date" and ASKS_YEAR.search(info.question) and not year_given(e.sentence, info.question):
        return False  # asked which year, a time of no year (在未来十年…时代, 近日)
    if info.kind == "date" and not all(event_said(tokenizer, e, v) for v in asked_event(info)):
        return False  # a date of another event of the same body (签订 a deal, when 成立 is asked)
    if ASKS_COUNTRY.search(info.question) and not countries(e.sentence) - countries(info.question):
        return False  # no country but the question's own (奉节县's base, when 哪些国家 are asked)
    if not institution_named(e.sentence, info.question):
        return False  # no university named but the question's own (揭牌当日, when 哪所大学 is asked)
    if other_place(tokenizer, e, info):
        return False  # the figure of a neighbour (重庆's, when 四川's is asked)
    if other_event(e, info):
        return False  # another games or fair (杭州亚运会's volunteers, when 冬奥会's are asked)
    if other_organisation(e, info) or another_organisation(tokenizer, e, info):
        return False  # what a neighbour did (北京大学's, when 北京理工大学's is asked)
    if not all(says(e, t) for t in info.category):
        return False  # a count of another category (多少家AI企业 asked, 企业 counted)
    if info.kind == "number" and figures(e.sentence) and not amounts(e.sentence, info.question):
        return False  # only ratios (提高了28倍) for an amount (一年产多少蚕茧)
    if info.kind == "number":  # as type_match, but 一 + a measure word is "a", not a count (打造一个平台)
        return has_type("number", e.sentence, [], info.question, as_fitted=False) or asked_measure_figure(e, info)
    return info.kind not in TYPED_KINDS or bool(e.features[TYPE_MATCH])


# a name followed by the rest of a list closed by 等 and a figure: 南非、马来西亚等11个国家 (Chinese numerals too)
_LIST_TO_FIGURE = re.compile(r"(?:、[^，。；,;、等]{1,15})*等[\d一二三四五六七八九十百几数]")


def member_of_counted_group(e: Evidence, info: QuestionInfo) -> bool:
    """A name of the question (a place, a person) that the sentence says only as one member of a list counted as
    a whole: the figure is the group's, not the member's. A question that lists with 等 itself asks of the group."""
    if "等" in info.question:
        return False
    for t in info.terms:
        ends = [m.end() for m in re.finditer(re.escape(t.text), e.norm)] if t.strict and t.critical else []
        if ends and all(_LIST_TO_FIGURE.match(e.norm, end) for end in ends):
            return True
    return False


def term_of_office_said(e: Evidence, office: Term) -> bool:
    """When the question writes which holder of the office it asks for right before it (新任总理, 首任主任, 前任院长),
    the sentence says so too, in one of the ways reports write it (TERMS_OF_OFFICE): another holder answers no
    such question, of that office. 现任 is the holder a report names anyway, so it sets nothing."""
    said = TERMS_OF_OFFICE.get(office.beside[0])
    if said is None:
        return True
    near = rf"(?:{said})[^，。；,;]{{0,{OFFICE_GAP}}}{office.text}|{office.text}[^，。；,;]{{0,{OFFICE_GAP}}}(?:{said})"
    return re.search(near, e.sentence) is not None  # of this office (继续担任议员 says nothing of 总理)


# which holder of an office a question asks for, and how a report says it of someone (general Chinese usage),
# within OFFICE_GAP characters of the office in the same clause (担任重庆研究院院长: the body's name between)
TERMS_OF_OFFICE = {
    "新任": "新任|就任|接任|继任|当选|出任|上任|担任|任命|委任",
    "首任": "首任|第一任|首位",
    "前任": "前任|卸任|离任|原任",
}
OFFICE_GAP = 8


def institution_named(sentence: str, question: str) -> bool:
    """When the question asks which university (school, hospital, research institute: ASKS_INSTITUTION), the
    sentence names one that the question does not: a name's end after a name character, the two characters before
    it not written in the question (重庆工商大学's partner is not 重庆工商大学). Other questions: True."""
    asked = ASKS_INSTITUTION.search(question)
    if not asked:
        return True
    for end in re.finditer(rf"(?:{NAMED_BY[asked.group(1)]})(?!生)", sentence):
        before = sentence[max(0, end.start() - 2) : end.start()]
        named = bool(before) and before[-1].isalnum() and before[-1] not in _NOT_A_NAME
        if named and before + end.group() not in question:
            return True
    return False


def asked_measure_figure(e: Evidence, info: QuestionInfo) -> bool:
    """A figure of the measure word the question asks by, where that word is none of the general measure words
    (几级联动 → 四级联动; 级 counts only for it: 一级 is also "first-rate")."""
    general = re.fullmatch(MEASURE, info.unit) if info.unit else True
    return not general and bool(re.search(info.measure, e.sentence))


def asked_event(info: QuestionInfo) -> list[Term]:
    """The event a time question asks the time of: the verbs written after its question word (哪一年成立的 →
    成立). A date of the same body in a sentence that does not say the event is the date of something else."""
    start = max((info.question.find(t.text) for t in info.terms if t.frame), default=-1)
    if start < 0 or DEADLINE.search(info.question):
        return []
    return [
        t
        for t in info.terms
        if t.pos.startswith("v") and not t.frame and t.text not in HAPPENING and info.question.find(t.text, start) >= 0
    ]


# verbs that say only that something happened, not what: their time is the time of whatever the sentence tells
HAPPENING = frozenset(["开始", "出现", "发生", "进行", "产生"])
# a deadline or target (力争到哪一年完成, 哪一年之前): its sentence gives the year, not the verb (到2030年，实现…)
DEADLINE = re.compile(r"到(?:哪|什么|何)|(?:哪一?年|何时|什么时候)(?:之前|以前|前)")


def event_said(tokenizer: Tokenizer, e: Evidence, v: Term) -> bool:
    """The sentence says the event v, or a two-character verb with one of its characters in the same place
    (承办 for 举办, 签订 for 签署; not 组成 for 成立)."""
    return says(e, v) or (
        len(v.text) == 2
        and any(
            f.startswith("v") and len(w) == 2 and (w[0] == v.text[0] or w[1] == v.text[1])
            for w, f in tokenizer.tagged_words(e.sentence)
        )
    )


def other_year(info: QuestionInfo, e: Evidence) -> str | None:
    """The year the question sets, as it writes it, when the sentence speaks of another (a year word, 今年 for
    去年, read against the report's date; a year or edition said otherwise, or no year at all; 首届 when it
    speaks of 第二届: dated.py)."""
    relative = other_relative_year(info.question, e) or other_edition_than_first(info.question, e)
    if relative:
        return relative
    said = (t.display or t.text for t in info.terms if t.constraint and (other_value(t, e) or year_unsaid(t, e)))
    return next(said, None)


def _figure_beside(sentence: str, word: str) -> bool:
    """A clause that says the word as written, or the clause after it, holds a figure (之后销量并未延伸，累计停在
    约12万张); True when the word is said otherwise only (a near-synonym: where it stands is unknown)."""
    clauses = CLAUSE_BREAK_NO_COLON.split(norm(sentence))
    said = [i for i, c in enumerate(clauses) if word in c]
    return not said or any(figures(c) for i in said for c in clauses[i : i + 2])


# what a target is called (…的目标是多少): a sentence states one by a plan marker (力争到2025年建成…15万亩), not by the noun
TARGET_NOUNS = frozenset(["目标", "计划", "规划"])


def says_attribute(e: Evidence, t: Term) -> bool:
    """The sentence says the measure asked for (says: a synonym as a word of it), or states a target where a
    target is asked (PLANNED)."""
    said = t.text in e.own or (t.text in e.partial and partly_supported(t, e.norm, e.words))
    return said or (t.text in TARGET_NOUNS and bool(PLANNED.search(e.sentence)))


def what_is_missing(tokenizer: Tokenizer, info: QuestionInfo, ranked: list[Evidence]) -> tuple[str, bool]:
    """A refusal that says what the nearest sentences lack: the year / edition asked about, what a number is
    asked of, the kind of answer asked for, or the question's other words. And whether it is the office or
    measure asked for (a passage further down the retrieval may say it)."""
    top = ranked[:5]
    constraints = [t for t in info.terms if t.constraint]
    unsaid = [t for t in constraints if not any(t.text in e.own for e in top)]
    if unsaid:
        return prompts.REFUSE_NOT_FOR.format(what="、".join(t.display for t in unsaid)), False
    nearest = top[0] if top else None
    place = (other_place(tokenizer, nearest, info) or other_organisation(nearest, info)) if nearest else None
    other = (other_year(info, nearest) if nearest else None) or (place.display or place.text if place else None)
    other = other or (another_organisation(tokenizer, nearest, info) if nearest else None)
    if other:  # the nearest sentence speaks of another year (今年 for 去年, none for 2022年), place or organisation
        return prompts.REFUSE_NOT_FOR.format(what=other), False
    event = asked_event(info) if info.kind == "date" else []
    if event and not any(all(event_said(tokenizer, e, v) for v in event) for e in top):
        return prompts.REFUSE_NO_EVENT.format(what="".join(v.display or v.text for v in event)), True
    a = info.attribute
    if a and not any(says(e, a) and not deputy_only(e.sentence, a.text) for e in top):
        message = prompts.REFUSE_NO_OFFICE if asks_person(info) else prompts.REFUSE_NO_MEASURE
        return message.format(what=a.display), True
    if a and asks_person(info) and not any(term_of_office_said(e, a) for e in top):  # (新任总理: 总理 is said)
        return prompts.REFUSE_NO_OFFICE.format(what=a.beside[0] + a.display), True
    if info.unit and not any(re.search(info.measure, e.sentence) for e in top):
        return prompts.REFUSE_NO_UNIT.format(unit=info.unit), False
    if info.category and not any(all(says(e, t) for t in info.category) for e in top):
        return prompts.REFUSE_NO_MEASURE.format(what=info.counted), False
    asked_year = info.kind == "date" and ASKS_YEAR.search(info.question)
    if asked_year and nearest and not year_given(nearest.sentence, info.question):  # (as for another year)
        return prompts.REFUSE_NO_KIND.format(kind=prompts.YEAR_NAME), False
    institution = ASKS_INSTITUTION.search(info.question)
    if institution and not any(institution_named(e.sentence, info.question) for e in top):
        return prompts.REFUSE_NO_INSTITUTION.format(which=institution.group()), False
    if info.kind and not any(e.features[TYPE_MATCH] for e in top):
        return prompts.REFUSE_NO_KIND.format(kind=prompts.KIND_NAMES[info.kind]), False
    content = [t for t in info.terms if not t.critical and not t.frame and not any(t.text in e.own for e in top)]
    if content:
        words = listed(info.question, content)
        return (prompts.REFUSE_NOT_TOGETHER.format(terms=words) if words else prompts.REFUSE_NO_SUPPORT), False
    return prompts.REFUSE_NO_SUPPORT, False


def listed(question: str, terms: list[Term], most: int = 4) -> str:
    """The question's words for a refusal, as the user wrote them: words next to each other in the question
    joined again (一带 + 一路 → 一带一路), only runs holding a noun or a name; '' when none does (a verb alone —
    选在 — says nothing)."""
    spans: list[tuple[int, int, bool]] = []
    for at, word, noun in sorted(
        (question.find(t.display or t.text), t.display or t.text, t.critical or t.pos[:1] in "nj" or t.pos == "eng")
        for t in terms
    ):
        if at < 0:
            continue
        if spans and at <= spans[-1][1]:
            start, end, had = spans[-1]
            spans[-1] = (start, max(end, at + len(word)), had or noun)
        else:
            spans.append((at, at + len(word), noun))
    return "、".join(list(dict.fromkeys(question[a:b] for a, b, noun in spans if noun))[:most])


# the units of measure a rate is said per (每公斤, 一亩): weights, lengths, areas, volumes (not counts of items)
_UNIT_WORDS = "公斤|千克|克|吨|斤|公里|千米|米|平方米|亩|公顷|升|立方米"
# a rate asked: "多少钱一公斤 / 每亩多少元 / 一吨卖多少" (per one of a unit), and how a sentence says one (每公斤, 一吨,
# 元/公斤, 公斤/亩)
_RATE_ASKED = re.compile(rf"(?:多少钱?|几)\w?(?:一|每)({_UNIT_WORDS})|(?:一|每)({_UNIT_WORDS})\w{{0,2}}(?:多少|几)")


def rate_said(sentence: str, question: str) -> bool:
    """The sentence says a rate per the unit the question asks per (每公斤…元, 元/公斤), or the question asks
    none: a total (综合产值突破2亿元) is no price per kilogram."""
    m = _RATE_ASKED.search(question)
    if not m:
        return True
    unit = re.escape(m.group(1) or m.group(2))
    return re.search(rf"(?:每|一|/|／){unit}|{unit}(?:产|均)", sentence) is not None  # (亩产: per 亩)
