"""Elliptical follow-ups ("那X呢？", "那X怎么样？": the previous question asked again about X), and Resolution,
what resolving a turn gives (assistant/condense.py resolves the other kinds of follow-up)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from assistant.entities import QUESTION_WORD, Entity, entities, is_time, toks, topic_of
from assistant.frames import (
    asked_of,
    counterpart,
    ends_in_verb,
    heads_only,
    new_activity,
    new_predicate,
    one_question,
    predicate_start,
)
from assistant.lexicon import FRAME_WORDS, MEASURE_SUFFIX, NUM, PROPER_TAGS
from index.tokenizer import Tokenizer

_ELLIPSIS = [
    re.compile(r"^(?P<open>那么?|还有|那在)?\s*(?P<x>[^，,。？?]{1,30}?)\s*(?P<tail>的情况|方面|的)?\s*呢\s*[？?]?$"),
    re.compile(r"^那么?\s*(?P<x>[^，,。？?]{1,30}?)\s*(?:的情况)?\s*(?:怎么样|如何|又如何|情况如何)\s*[？?]?$"),
]
# "它的 / 他们的" opening X: the owner is what the frame is about, as in X alone (那它的累计访问量呢 = 那累计访问量呢)
_OWNER = re.compile(r"^[它他她]们?的")
YEARISH = re.compile(r"\d{2,4}年|今年|去年|明年|前年|当年|目前|现在|当前|如今")
# words that place a follow-up in time without a date (后续每年呢？): they replace the frame's time as a year does
_WHEN = re.compile(r"^(每年|每月|后续|今后|此后|以后|未来|此前|之后|之前)$")
# an edition, a batch, a round: an ordinal with its measure word (首届, 第二届, 第3批)
_TIME_PREPOSITION = {"到", "至", "截至", "截止", "在", "于"}  # before a time: 到2025年
_ORDINAL_PREFIX = rf"(?:第{NUM}+|首)"
_ORDINAL = re.compile(rf"{_ORDINAL_PREFIX}(?P<measure>[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Resolution:
    question: str  # as typed
    standalone: str  # what is searched and answered
    kind: str  # own | anaphor | ellipsis | fragment
    antecedent: str | None = None  # the entity of an earlier turn the question was resolved against
    focus: str | None = None  # "那X呢": X, whose own passages must hold the answer
    clarify: str | None = None  # ask the user back with this message instead of answering
    scoring: str | None = None  # "那X呢" with X's passages chosen: the frame without its entity, to score sentences
    when: str | None = None  # "那2025年呢": the time asked about in place of the frame's (the short answer's)
    refs: tuple[Entity, ...] = field(default=(), repr=False, compare=False)  # what the turn was resolved to

    @property
    def rewritten(self) -> bool:
        return self.standalone != self.question


def find_ellipsis(tokenizer: Tokenizer, simple: str) -> str | None:
    for pattern in _ELLIPSIS:
        m = pattern.match(simple.strip())
        if not m:
            continue
        x = _OWNER.sub("", m.group("x").strip())
        words = toks(tokenizer, x)
        if not words or any(QUESTION_WORD.search(t.word) for t in words):
            return None
        # X is a noun phrase or a time, not a clause (它做了什么呢): no aspect particle, no final verb of its own
        # (蚕茧优质率: jieba tags 率 as a verb, hence single characters aside), unless X is a predicate with no
        # subject after "那…呢" (那落地实施呢: what about those put into practice) or made a noun phrase by 的
        # (落地实施的呢)
        if any(t.flag in ("ul", "uz", "ug") for t in words):
            return None
        groups = m.groupdict()
        predicate = (groups.get("open") or groups.get("tail") == "的") and not any(t.flag == "r" for t in words)
        if ends_in_verb(words) and not predicate:
            return None
        return x
    return None


def ellipsis(tokenizer: Tokenizer, frame: str, x: str, question: str) -> Resolution:
    """A time replaces the frame's time; a name (or a phrase with the same head) the frame's entity, and the
    answer is then looked for in X's passages against the frame without its entity (`scoring`); anything
    else (an attribute: 蚕茧优质率呢？) is asked together with the frame, and is the focus all the same."""
    frame = re.sub(r"[？?]\s*$", "", frame)
    ordinal = _ORDINAL.fullmatch(x)
    if ordinal:  # 第二届… + 那首届呢 → 首届…: an ordinal replaces the frame's ordinal of the same measure word
        same = re.compile(_ORDINAL_PREFIX + re.escape(ordinal.group("measure")))
        if same.search(frame):
            return Resolution(question, same.sub(x, frame, count=1) + "？", "ellipsis")
    time = _time_of(tokenizer, x)
    if time:
        when, bare = time
        standalone = YEARISH.sub(when, frame, count=1) if YEARISH.search(frame) else f"{when}，{frame}"
        return Resolution(question, standalone + "？", "ellipsis", when=bare)
    frame = one_question(tokenizer, frame, x)
    if ends_in_verb(toks(tokenizer, x)):  # a predicate (那落地实施的呢) takes the place of the frame's
        predicate = new_predicate(tokenizer, frame, x)
        if predicate is not None:
            return Resolution(question, predicate + "？", "ellipsis", focus=x)
    e = counterpart(tokenizer, frame, x)
    x_named = entities(tokenizer, x)
    x_entity = Entity(x, (x_named or [e or Entity(x, "other", 0, 0)])[0].kind, 0, len(x))
    if e is None:
        activity = new_activity(tokenizer, frame, x) if not x_named else None
        if activity is not None:  # 城镇新增就业多少人 + 那职业技能培训呢 → 城镇职业技能培训多少人
            return Resolution(question, activity + "？", "ellipsis", focus=x)
        asked = asked_of(tokenizer, frame) if not x_named else None
        own_time, copula = YEARISH.search(x), re.search(r"[是为](?:多少|几)$", frame)
        if asked is not None and own_time and copula:
            # X has its own time (那今年1—8月全市规模以上工业研发费用呢？): a subject of its own, asked as the frame asks
            return Resolution(question, x + copula.group() + "？", "ellipsis", focus=x)
        counts = asked is not None and (asked[0] == len(frame) or re.search(r"(?:多少|几)$", frame[: asked[0]]))
        if counts and (own_time or MEASURE_SUFFIX.search(x)):
            # a measure or a dated figure is no thing a 多少 counts (一年产茧多少 + 那综合产值呢, 有多少亩 + 那产茧量呢)
            asked = None
        lead = (
            list(itertools.takewhile(lambda t: t.flag in PROPER_TAGS, toks(tokenizer, frame)))
            if asked is None and own_time and not x_named
            else []
        )
        if lead:
            # 丰都县创业担保贷款发了多少 + 那2022年全年新增就业呢 → 丰都县2022年全年新增就业有多少: a dated figure
            # belongs to the place or body the frame opens with
            return Resolution(question, f"{frame[: lead[-1].end]}{x}有多少？", "ellipsis", focus=x)
        if asked is not None:  # 奉节县智能养蚕的生产效率提高了多少？ + 那蚕茧优质率呢？ → …的蚕茧优质率提高了多少？
            return Resolution(question, frame[: asked[0]] + x + frame[asked[1] :] + "？", "ellipsis", focus=x)
        start = predicate_start(tokenizer, frame) if not x_named else None
        if start is not None and not ends_in_verb(toks(tokenizer, x)):
            # an attribute of the subject the frame's count does not hold (…平台给多少个研发项目提供了支持？ +
            # 那累计访问量呢？): how much of it the subject has
            return Resolution(question, frame[:start].rstrip("的") + "的" + x + "有多少？", "ellipsis", focus=x)
        subject = topic_of(tokenizer, frame) if MEASURE_SUFFIX.search(x) and not x_named else ""
        if subject:  # a measure of the subject
            return Resolution(question, f"{subject}的{x}有多少？", "ellipsis", focus=x)
        return Resolution(question, f"{x}，{frame}？", "ellipsis", focus=x, refs=(x_entity,))
    before = frame[: e.start]
    if YEARISH.search(x):  # X's own time replaces the one the frame gives its entity (2022年的研发投入强度)
        before = re.sub(rf"(?:{YEARISH.pattern})的?$", "", before)
    rest = (before + frame[e.end :]).strip("，,的 ")
    standalone = before + x + frame[e.end :] + "？"
    scoring = heads_only(tokenizer, rest) + "？"
    return Resolution(question, standalone, "ellipsis", e.text, focus=x, scoring=scoring, refs=(x_entity,))


def _time_of(tokenizer: Tokenizer, x: str) -> tuple[str, str] | None:
    """X when it is a time (2025年, 后续每年), perhaps after a preposition (到2025年, 截至2024年底) or before
    frame words, which ask the frame's question again (到2025年的目标 → 到2025年): (the time with its
    preposition, the time alone); else None."""
    words = list(toks(tokenizer, x))
    while words and (words[-1].word in FRAME_WORDS or words[-1].flag == "uj"):
        words.pop()
    start = 1 if len(words) > 1 and words[0].word in _TIME_PREPOSITION else 0
    time = words[start:]
    if not time or not all(is_time(t.word) or _WHEN.match(t.word) or t.flag in ("m", "t") for t in time):
        return None
    return x[: words[-1].end], x[time[0].start : words[-1].end]
