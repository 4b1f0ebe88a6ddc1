"""Where X goes in the previous question when a follow-up is elliptical ("那X呢？", assistant/condense.py):
in place of the entity it stands in for (counterpart), of what the question asks of its subject or counts
(asked_of), or of the verbs the question ends with (new_predicate)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.entities import (
    QUESTION_WORD,
    Entity,
    Tok,
    entities,
    has_own_subject,
    in_dictionary,
    is_proper,
    noun_phrases,
    toks,
    topic_of,
    word_kind,
)
from assistant.lexicon import MEASURE, OFFICE_TITLE, ORG_TAGS, PERSON_TITLE, PLACE_TAGS, ROLE_TAGS, asked_type
from index.tokenizer import Tokenizer


def counterpart(tokenizer: Tokenizer, frame: str, x: str) -> Entity | None:
    """The entity of the previous question that X stands in for: X is a name (one of the same kind first),
    or a noun phrase with the same head word as one of the frame's (成渝地区国际技术转移中心 ~ …中心)."""
    phrases = noun_phrases(tokenizer, frame)
    named = [e for e in phrases if e.named]
    x_named = entities(tokenizer, x)
    if x_named or any(is_proper(tokenizer, t) for t in toks(tokenizer, x)):
        kind = x_named[0].kind if x_named else None
        same = [e for e in named if e.kind == kind]
        leading = [p for p in (_leading_name(tokenizer, frame, e, kind) for e in named) if p is not None]
        return next(iter(same or leading or named), None)
    x_words = [t.word for t in toks(tokenizer, x) if t.flag.startswith("n")]
    if x_words:
        return next((e for e in phrases if x_words[-1] in e.text), None)
    return None


def _leading_name(tokenizer: Tokenizer, frame: str, phrase: Entity, kind: str | None) -> Entity | None:
    """The name a phrase of the frame begins with, when it is of X's kind (a place, a person) and common nouns
    follow it: 坦桑尼亚水稻亩产, 奉节县智能养蚕, 王莺团队. Those nouns say what was asked about (the measure, the
    topic), so X takes the place of the name only. A phrase with a second name in it (中国-匈牙利技术转移中心)
    is one name as a whole."""
    if kind not in ("place", "person"):
        return None
    words = [t for t in toks(tokenizer, frame) if phrase.start <= t.start and t.end <= phrase.end]
    lead = 0
    while lead < len(words) and is_proper(tokenizer, words[lead]) and word_kind(words[lead]) == kind:
        lead += 1
    rest = words[lead:]
    if not lead or not rest or any(is_proper(tokenizer, t) or not re.fullmatch(r"\w+", t.word) for t in rest):
        return None
    end = words[lead - 1].end
    return Entity(frame[phrase.start : end], kind, phrase.start, end)


def asked_of(tokenizer: Tokenizer, frame: str) -> tuple[int, int] | None:
    """Where the frame says what it asks of its subject: the noun phrase right before its question word, after
    the subject and a 的 (…的生产效率提高了多少, …的党支部书记是谁), as (start, end); or what a count ending the
    frame counts, with its measure word (…打造多少个国际技术转移节点 → 个国际技术转移节点: X is then counted),
    or the end of a frame that ends with its 多少 (…力争建成多少);
    None for any other frame."""
    asked = QUESTION_WORD.search(frame)
    if asked is None:
        return None
    nouns = noun_phrases(tokenizer, frame)
    phrases = [p for p in nouns if p.end <= asked.start()]
    if len(phrases) >= 2:
        subject_end, last = phrases[-2].end, phrases[-1]
        between, gap = frame[subject_end : last.start], frame[last.end : asked.start()]
        if re.fullmatch(r"\w{0,4}", gap) and re.fullmatch(r"的\w{0,3}", between):
            return subject_end + 1, last.end
    copula = re.search(r"[是为]$", frame[: asked.start()])
    if copula and asked.end() == len(frame) and phrases and phrases[-1].end == copula.start():
        # …的?X是多少: what is asked is the phrase's last word (重庆GDP是多少 + 那人口呢 → 重庆人口是多少), not
        # something counted after 多少; the whole phrase when it is one word or that word is a name
        words = toks(tokenizer, phrases[-1].text)
        if len(words) >= 2 and words[-1].flag not in ROLE_TAGS | PLACE_TAGS | ORG_TAGS:
            return phrases[-1].start + words[-1].start, phrases[-1].end
        return phrases[-1].start, phrases[-1].end
    if asked.group() in ("多少", "几"):
        counted = re.match(rf"{MEASURE}?", frame[asked.end() :])
        start = asked.end() + (counted.end() if counted else 0)
        after = [p for p in nouns if p.start >= asked.end()]  # (jieba may take the measure word in)
        joined = all(a.end == b.start for a, b in zip(after, after[1:]))  # nouns only, to the frame's end
        ends = start == len(frame)  # nothing counted after it (…力争建成多少): X is what is counted
        if ends or (after and after[0].start in (asked.end(), start) and after[-1].end == len(frame) and joined):
            return asked.end(), len(frame)
    return None


def one_question(tokenizer: Tokenizer, frame: str, x: str) -> str:
    """Of a turn that asked several questions (…计划用几年时间建成？要打造多少个国际技术转移节点？), the one X stands
    in for: the one sharing most characters with X (the last on a tie), given the first one's subject when it
    has none of its own (…中心要打造多少个国际技术转移节点). The whole turn when X shares nothing with any."""
    parts = [p.strip() for p in re.findall(r"[^？?]+", frame) if p.strip()]
    if len(parts) < 2:
        return frame
    shared = [len(set(p) & set(x)) for p in parts]
    best = max(range(len(parts)), key=lambda i: (shared[i], i))
    if not shared[best]:
        return frame  # X shares nothing with any of them (那重庆呢？): it replaces their entity in all of them
    subject = topic_of(tokenizer, parts[0]) if best and not has_own_subject(tokenizer, parts[best]) else ""
    return subject + parts[best]


def new_predicate(tokenizer: Tokenizer, frame: str, x: str) -> str | None:
    """The frame with X in place of the verbs it ends with: …促成了多少个项目合作签约 + 那落地实施的呢 →
    …促成了多少个项目落地实施. None when the frame does not end with a verb (…提高了多少)."""
    words = toks(tokenizer, frame)
    k = len(words)
    while k and words[k - 1].flag.startswith("v"):
        k -= 1
    if k in (0, len(words)):
        return None
    return frame[: words[k].start] + x


_COUNT = re.compile(r"多少|几")  # a count's question word


def new_activity(tokenizer: Tokenizer, frame: str, x: str) -> str | None:
    """A count frame (…城镇新增就业多少人, …签署了多少份合作协议) asked again of another activity: X names what
    was done by a verbal noun (职业技能培训) and takes the place of the verbs before 多少, the count stays
    (…城镇职业技能培训多少人); or X is what a verb of its own did (获批的中匈国际合作项目) and takes the place
    of the verbs and of what was counted (…获批的中匈国际合作项目有多少). None for any other X or frame."""
    asked = _COUNT.search(frame)
    words = toks(tokenizer, x)
    start = predicate_start(tokenizer, frame)
    if asked is None or start is None or len(words) < 2:
        return None
    if words[-1].flag == "vn" and words[-2].flag.startswith("n"):
        return frame[:start] + x + frame[asked.start() :]
    of = next((i for i, t in enumerate(words) if t.flag == "uj"), None)  # 获批/v 的 中匈国际合作项目/n
    clause, head = (words[:of], words[of + 1 :]) if of else ([], [])
    if any(t.flag.startswith("v") for t in clause) and head and all(t.flag[:1] in ("n", "f") for t in head):
        return frame[:start] + x + "有多少"
    return None


def predicate_start(tokenizer: Tokenizer, frame: str) -> int | None:
    """Where the verbs (and prepositions) before a count's 多少 begin, after its subject: 城镇|新增就业多少人,
    …平台|给多少个研发项目提供了支持. None when the frame counts nothing or has no verb or no subject before it."""
    asked = _COUNT.search(frame)
    before = toks(tokenizer, frame[: asked.start()]) if asked else ()
    k = len(before)
    while k and (before[k - 1].flag[:1] in ("v", "p") or before[k - 1].flag in ("ul", "d")):  # 已经签署了
        k -= 1
    return None if k in (0, len(before)) else before[k].start


_WHEN_ASKED = re.compile(r"(?P<what>.+?)是?(?:哪天|哪一天|什么时候|何时|哪年|哪一年)(?P<done>[^？?]*?)的?[？?]?\s*$")


def inside_frame(tokenizer: Tokenizer, frame: str, question: str) -> str | None:
    """A question that asks within what the last turn asked: "其中…" among what it counted (…孵化培育了多少家企业？
    + 其中科技型企业有多少？ → …孵化培育的企业中科技型企业有多少？), "当天… / 当年…" on the day or in the year it asked
    of (…工作站是哪天揭牌的？ + 当天有多少家…？ → …工作站揭牌当天有多少家…？). None for any other question."""
    if question.startswith("其中"):
        within = among(tokenizer, frame)
        return within + question[2:] if within else None
    day = re.match(r"当天|当日|那天|那一天|当年|那年|那一年", question)
    when = _WHEN_ASKED.match(frame) if day else None
    if day is None or when is None or not when.group("done"):
        return None
    return when.group("what") + when.group("done") + question


def among(tokenizer: Tokenizer, frame: str) -> str | None:
    """What a count frame counted, as the set a "其中…" follow-up picks from: 两江协同创新区孵化培育了多少家企业 →
    两江协同创新区孵化培育的企业中. None for a frame that does not end with what it counts."""
    start, asked = predicate_start(tokenizer, frame), _COUNT.search(frame)
    frame = re.sub(r"[？?]\s*$", "", frame)
    if start is None or asked is None or asked_of(tokenizer, frame) != (asked.end(), len(frame)):
        return None
    verbs = re.sub(r"了$", "", frame[start : asked.start()])
    counted = frame[asked.end() :]
    counted = counted[len(m.group()) :] if (m := re.match(MEASURE, counted)) else counted
    return f"{frame[:start]}{verbs}的{counted}中" if counted else None


_LONGEST_TITLE = 12  # characters of a title after 哪位 (诺贝尔生理学或医学奖得主 is 11)


def office_asked(last: str) -> str | None:
    """The office the last question asked the holder of ("重庆市产学研合作促进会的党支部书记" of "…是谁？"), or
    the title it asked which one of ("诺贝尔奖得主" of "哪位诺贝尔奖得主作了主题报告？")."""
    m = re.fullmatch(r"(.+?)(?:是谁|是哪位)[？?]?\s*", last)
    if m and OFFICE_TITLE.search(m.group(1)):
        return m.group(1)
    which = re.search(r"哪一?位", last)
    rest = last[which.end() : which.end() + _LONGEST_TITLE] if which else ""
    return next((rest[:n] for n in range(len(rest), 1, -1) if PERSON_TITLE.search(rest[:n])), None)


def answered_fits(last: str, want: str, heads: tuple[str, ...]) -> bool:
    """A pronoun of the follow-up points at what the last turn's answer named, not at anything its question
    said: 他/她 after "…是谁 / 哪位…", 那里 / 当地 after "在哪 / 哪个区…", "这所大学 / 该公司" after "哪所大学 /
    哪家公司…" (the noun after the demonstrative is the one asked for; a bare 它 is the question's own subject)."""
    kind = asked_type(last)
    if kind == "person":
        return want == "person"
    if kind == "place":
        return want == "place"
    return kind in ("org", "") and any(re.search(rf"(?:哪|什么)\w?{re.escape(h)}", last) for h in heads)


def ends_in_verb(words: Sequence[Tok]) -> bool:
    """X ends with a verb (落地实施), not with a verbal noun (职业技能培训/vn: jieba's tag for a verb used as a noun)."""
    return words[-1].flag.startswith("v") and words[-1].flag != "vn" and len(words[-1].word) >= 2


def heads_only(tokenizer: Tokenizer, text: str) -> str:
    """The frame's noun phrases cut to their head word (高科技创新企业 → 企业): the previous question described
    what it asked about in its own report's words, X's report may describe the same thing more broadly
    (科技企业). The service makes up for the looser wording: X's answer must come from X's paragraphs and,
    for a count, state a number."""
    words = toks(tokenizer, text)
    out, pos = [], 0
    for p in noun_phrases(tokenizer, text):
        span = [t for t in words if p.start <= t.start and t.end <= p.end]
        inside = [t for t in span if t.flag.startswith("n")]
        names = [
            t for t in span if is_proper(tokenizer, t) and not (t.flag == "nz" and in_dictionary(tokenizer, t.word))
        ]
        if names or len(inside) < 2:  # a name stays whole (高科技/nz is jieba's word, not a name)
            continue
        out += [text[pos : p.start], inside[-1].word]
        pos = p.end
    return "".join(out) + text[pos:]
