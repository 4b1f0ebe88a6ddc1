"""Follow-up resolution: decide whether a turn depends on the conversation, and if it does, turn it into a
standalone question using the earlier questions (or ask the user back when nothing fits).

1. A question with a subject of its own (a named entity, a quoted name, a described subject; see
   entities.has_own_subject) is left exactly as typed, whatever came before.
2. A pronoun or demonstrative (它/其/他/她/他们/该中心/这家公司/那里…, a closed class of words) is replaced by
   the most recent *compatible* entity of the earlier turns: 他/她 a person, 那里/当地 a place, 它/该/其 not a
   person, "该中心/这家公司" an entity whose name holds 中心/公司. Not when a name of the question itself comes
   before the pronoun (it then refers inside the question).
3. An elliptical "那X呢？" (assistant/ellipsis.py) asks the previous question again about X: X takes the place of the previous
   question's entity of the same kind (a year replaces its year, an edition its edition: 第二届 → 首届; a place or person replaces only the name a
   phrase begins with: 坦桑尼亚水稻亩产 + 那奉节县呢 → 奉节县水稻亩产, the measure asked for stays). X is kept
   as `focus`: the answer must come from passages that mention X (the service enforces it), never from the
   previous entity's figure.
4. A subject-less fragment (发放了多少创业担保贷款？ 要在哪一年之前完成？) inherits the previous topic.
A dependent question with nothing to refer to gets `clarify`: a Chinese message naming what is unclear.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant import prompts
from assistant.bilingual import ask_again_about, english_ellipsis, in_another_language, resolve_english
from assistant.ellipsis import YEARISH, Resolution, ellipsis, find_ellipsis
from assistant.entities import (
    QUESTION_WORD,
    Entity,
    content_nouns,
    has_own_subject,
    is_time,
    noun_phrases,
    pair_of,
    toks,
    topic_of,
)
from assistant.frames import (
    answered_fits,
    inside_frame,
    office_asked,
)
from assistant.lexicon import MEASURE_SUFFIX, PERSON_TITLE, PROPER_TAGS, written_form
from index.text import to_simplified
from index.tokenizer import Tokenizer

# pronouns that point back (a closed word class, not a list of cases)
_PERSONAL = {"他", "她"}
_PEOPLE = {"他们", "她们"}
_THING = {"它", "它们", "其", "此", "上述"}
_PAIR = {"双方", "两者", "二者"}  # the two parties the last turn joined (A和B)
_PLACE = {"那里", "这里", "那儿", "这儿", "当地", "该地"}
_POINTING = _PERSONAL | _PEOPLE | _THING | _PLACE
_DEMONSTRATIVE = ("这", "那", "该", "此")
_CLASSIFIER = set("个家所位项种座条批名支届期类")
_NOT_REFERRING = {"这样", "那样", "这么", "那么", "这是", "此外", "那么样"}


def _turn_phrases(tokenizer: Tokenizer, turn: Resolution) -> list[Entity]:
    """What a turn speaks of, in order: what it was resolved to first, then its own noun phrases (parsed
    from the question as typed: the resolved text would glue the inserted name to its neighbours)."""
    if not turn.refs:
        return noun_phrases(tokenizer, turn.standalone)
    return [*turn.refs, *noun_phrases(tokenizer, turn.question)]


@dataclass(frozen=True)
class _Anaphor:
    start: int
    end: int
    word: str  # as typed (他, 该中心, 这家公司)
    want: str  # person | people | thing | place
    heads: tuple[str, ...]  # nouns after a demonstrative (中心, 公司)
    possessive: bool  # 其 + noun: "X的" + noun


def _owner_before(tokenizer: Tokenizer, simple: str, anaphor: _Anaphor) -> bool:
    """A demonstrative right after a person's title or a name the question says (重交大易教授那个治沙的技术:
    教授's): it points within the question, as 的那个 does, not back to an earlier turn. A common noun does
    not (研究院这项技术 still asks which 研究院)."""
    words = toks(tokenizer, simple[: anaphor.start])
    owner = words[-1] if words else None
    return (
        owner is not None
        and anaphor.word[0] in _DEMONSTRATIVE
        and (bool(PERSON_TITLE.search(owner.word)) or owner.flag in ("nr", "nrt", "nrfg", "nz", "ns", "nt"))
    )


def _find_anaphor(tokenizer: Tokenizer, simple: str) -> _Anaphor | None:
    words = toks(tokenizer, simple)
    for i, t in enumerate(words):
        w = t.word
        if w in _NOT_REFERRING or QUESTION_WORD.search(w):
            continue
        if i > 0 and words[i - 1].word == "的":  # described by the question itself (重大牵头的那个联盟)
            continue
        if w in _PAIR and re.fullmatch(rf"(那么?)?(?:{YEARISH.pattern})?[，,]?", simple[: t.start]):  # not 中匈双方
            return _Anaphor(t.start, t.end, w, "pair", (), False)
        opening = w[0] == "那" and w[1:] in _POINTING  # jieba's one word 那它 / 那他: "then" + the pronoun
        if w in _POINTING or opening:
            w, start = (w[1:], t.start + 1) if opening else (w, t.start)
            want = "person" if w in _PERSONAL else "people" if w in _PEOPLE else "place" if w in _PLACE else "thing"
            nxt = words[i + 1] if i + 1 < len(words) else None
            possessive = w == "其" and nxt is not None and nxt.flag.startswith("n")
            return _Anaphor(start, t.end, w, want, (), possessive)
        if (
            t.flag == "r"
            and w[0] in _DEMONSTRATIVE
            and (len(w) == 1 or len(w) == 2 and (w[1] in _CLASSIFIER or w[1] in "院校"))
        ):
            end, heads, j = t.end, [], i + 1
            if j < len(words) and len(words[j].word) == 1 and words[j].word in _CLASSIFIER:
                end, j = words[j].end, j + 1
            while j < len(words) and words[j].flag in ("n", "ng", "nt", "ns"):  # not nz: 该计划力争/nz
                heads.append(words[j].word)
                end, j = words[j].end, j + 1
            if len(w) == 2 and w[1] in "院校":
                heads.append(w[1])
            if len(w) == 1 and not heads:
                # a bare 这/那 points back only opening the question, as a subject (那是…, 这有…) or before a
                # measure word (这款/m 列车): not inside a phrase (这一年, 那时), nor opening a name (那须盐原车站)
                after = words[i + 1] if i + 1 < len(words) else None
                measure = after is not None and (after.word in _CLASSIFIER or after.flag[:1] in ("q", "m"))
                if i > 0 or (after and not after.flag.startswith("v") and not measure):
                    continue
            return _Anaphor(t.start, end, simple[t.start : end], "thing", tuple(heads), False)
    return None


def _candidates(tokenizer: Tokenizer, earlier: list[Resolution], named: bool = True) -> list[Entity]:
    """Entities (named: only named ones) of the earlier turns, the most recent turn first, in order of
    appearance within a turn."""
    return [e for turn in reversed(earlier) for e in _turn_phrases(tokenizer, turn) if e.named or not named]


def _pick(tokenizer: Tokenizer, earlier: list[Resolution], want: str, heads: tuple[str, ...] = ()) -> Entity | None:
    if heads:
        # "这家机器人公司", "该中心": the most recent noun phrase (named or not: 植物资源创新利用合作中心) that
        # holds most of the words after the demonstrative
        scored = [
            (sum(h in c.text for h in heads), -i, c) for i, c in enumerate(_candidates(tokenizer, earlier, False))
        ]
        best = max(scored, key=lambda s: (s[0], s[1]), default=None)
        if best and best[0] > 0:
            return best[2]
    cands = _candidates(tokenizer, earlier)
    if want == "person" and not any(c.kind == "person" for c in cands):
        holder = office_asked(next((t.standalone for t in reversed(earlier) if not t.clarify), ""))
        if holder:  # …的党支部书记是谁？ + 他获得过什么荣誉？: 他 is whoever holds that office
            return Entity(holder, "person", 0, len(holder), named=False)
        # …院长是谁？ + 他是什么时候来重庆的？ + 他说…: the office holder an earlier 他 was read as
        held = next((r for t in reversed(earlier) for r in t.refs if r.kind == "person"), None)
        if held is not None:
            return held
    first, then = {
        "person": ({"person"}, {"other"}),  # 他 for an organisation happens; for a place it does not
        "people": ({"person", "other"}, set()),
        "place": ({"place"}, {"other"}),
        "thing": ({"other", "place"}, set()),
    }[want]
    found = next((c for c in cands if c.kind in first), None) or next((c for c in cands if c.kind in then), None)
    if found is not None and want != "people":
        found = _owner_of_measure(tokenizer, found)
    # no name: what the last turn spoke of (种质创制大科学中心, 产学研科普专家队伍 for 他们)
    if found is None and want in ("thing", "people") and earlier:
        unnamed = _candidates(tokenizer, earlier[-1:], False)
        found = next((c for c in unnamed if c.kind in first and content_nouns(tokenizer, c.text)), None)
    return found


def _owner_of_measure(tokenizer: Tokenizer, found: Entity) -> Entity:
    """A phrase naming a quantity (奉节县蚕茧一年产量: it ends with 量 / 率 / 值 / 额) is no thing a pronoun points
    to: 它 after "奉节县蚕茧一年产量是多少？" is 奉节县, the name the phrase opens with."""
    if not MEASURE_SUFFIX.search(found.text):
        return found
    words = toks(tokenizer, found.text)
    lead = list(itertools.takewhile(lambda t: t.flag in PROPER_TAGS, words))
    if not lead or len(lead) == len(words):
        return found
    name = found.text[: lead[-1].end]
    return Entity(name, "place" if lead[-1].flag == "ns" else "other", found.start, found.start + len(name))


def _owner_of(tokenizer: Tokenizer, earlier: list[Resolution], target: Entity) -> Entity | None:
    """The named entity the turn that spoke of target names first (what it was resolved to, else its own)."""
    for turn in reversed(earlier):
        phrases = _turn_phrases(tokenizer, turn)
        if any(p.text == target.text for p in phrases):
            pair = pair_of(tokenizer, turn.standalone)  # 西南大学和意大利特拉莫大学的那个合作中心: the pair's
            if pair is not None:
                return Entity(pair, "other", 0, len(pair))
            named = [p for p in [*turn.refs, *noun_phrases(tokenizer, turn.standalone)] if p.named]
            return next((p for p in named if p.text not in target.text and target.text not in p.text), None)
    return None


def resolve(
    tokenizer: Tokenizer,
    question: str,
    history: list[str],
    answered: Callable[[Resolution], str | None] | None = None,
    together: Callable[[str, tuple[str, ...]], bool] | None = None,
) -> Resolution:
    """Resolve `question` against the earlier questions of the conversation (oldest first). answered: the
    name the answer to the last turn (as resolved here) gave; asked only when a pronoun may point at it
    (frames.answered_fits). together: whether the reports write a name with some words in one passage."""
    question = written_form(question.strip())  # 啥时候 is read as 什么时候 (and shown so when rewritten)
    earlier: list[Resolution] = []
    for h in history:  # each earlier turn as it was understood, so chains resolve through them
        earlier.append(_resolve_one(tokenizer, written_form(h.strip()), earlier, together=together))
    return _resolve_one(tokenizer, question, earlier, answered, together)


def _since_foreign(earlier: list[Resolution]) -> list[Resolution]:
    """The turns after the last one asked in another language: the rules read Chinese, and an English question
    read as Chinese has its words for names ("How", "enterprises has"), so 它 after it would become "How". A
    follow-up that needs that turn is asked back instead."""
    foreign = [i for i, t in enumerate(earlier) if in_another_language(t.question)]
    return earlier[foreign[-1] + 1 :] if foreign else earlier


def _resolve_one(
    tokenizer: Tokenizer,
    question: str,
    earlier: list[Resolution],
    answered: Callable[[Resolution], str | None] | None = None,
    together: Callable[[str, tuple[str, ...]], bool] | None = None,
) -> Resolution:
    if in_another_language(question):  # the rules below read Chinese; an English pronoun takes an English name
        last = next((t for t in reversed(earlier) if not t.clarify), None)
        previous = last.standalone if last and in_another_language(last.question) else None
        x = english_ellipsis(question)
        if x is not None:  # "What about the first one?": the previous English question asked about X
            again = ask_again_about(previous, x) if previous else None
            if again is None:
                return Resolution(question, question, "ellipsis", clarify=prompts.CLARIFY_ENGLISH_ELLIPSIS.format(x=x))
            return Resolution(question, again, "ellipsis")
        standalone, unclear = resolve_english(question, previous)
        if unclear:
            message = prompts.CLARIFY_ENGLISH_PRONOUN if earlier else prompts.CLARIFY_PRONOUN
            return Resolution(question, question, "anaphor", clarify=message.format(word=unclear))
        return Resolution(question, standalone, "anaphor" if standalone != question else "own")
    earlier = _since_foreign(earlier)
    simple = to_simplified(question)
    x = find_ellipsis(tokenizer, simple)
    if x is not None:
        frame = next((t.standalone for t in reversed(earlier) if not t.clarify), None)
        if frame is None:
            return Resolution(question, question, "ellipsis", clarify=prompts.CLARIFY_ELLIPSIS.format(x=x))
        return ellipsis(tokenizer, frame, x, question)
    within = inside_frame(tokenizer, earlier[-1].standalone, simple) if earlier else None
    if within is not None:  # 其中… among those the last turn counted, 当天… on the day it asked of
        return Resolution(question, within, "anaphor")
    anaphor = _find_anaphor(tokenizer, simple)
    if anaphor is not None and anaphor.want == "pair":  # 双方签署了多少份合作协议？ after "A和B合作多少年了？"
        pair = next((p for t in reversed(earlier) if (p := pair_of(tokenizer, t.standalone))), None)
        asked_partner = (
            re.match(r"(.+?)(?:和|与|同)[^和与同，,]{0,6}?(?:哪|什么)", earlier[-1].standalone) if earlier else None
        )
        if pair is None and asked_partner and answered is not None:  # A和哪所大学…？ + 双方…: A和 the one answered
            partner = answered(earlier[-1])
            pair = f"{asked_partner.group(1)}和{partner}" if partner else None
        if pair is not None:
            pair_entity = Entity(pair, "other", 0, len(pair), named=True)
            standalone = re.sub(r"^那么?[，,]?", "", simple[: anaphor.start]) + pair + simple[anaphor.end :]
            return Resolution(question, standalone, "anaphor", antecedent=pair, refs=(pair_entity,))
        # no pair said before: 双方 of the thing the last turn spoke of (…合作中心双方计划…), the word kept; 两者
        # (two things, as two figures asked before) is no one thing
        anaphor = replace(anaphor, want="thing", end=anaphor.start) if anaphor.word == "双方" else None
    phrases = noun_phrases(tokenizer, simple)
    named_here = [e for e in phrases if e.named]  # (as entities() reads them)
    pointing = anaphor if anaphor is not None and anaphor.word[0] in _DEMONSTRATIVE else None
    # (the name right after the demonstrative word, or read as its nouns: 那个|新加坡国立大学重庆研究院)
    after = pointing.end - len("".join(pointing.heads)) if pointing is not None else 0
    if pointing is not None and any(e.named and 0 <= e.start - after <= 1 for e in named_here):
        return Resolution(question, question, "own")  # 那个新国大重庆研究院: "that" + the name it points to
    own_before = anaphor is not None and (
        any(e.end <= anaphor.start for e in named_here)
        or _clause_subject(tokenizer, simple[: anaphor.start])
        or _owner_before(tokenizer, simple, anaphor)
        or (pointing is not None and _owner_right_before(phrases, pointing.start))
    )
    if anaphor is not None and not own_before:
        fits = bool(earlier) and answered_fits(earlier[-1].standalone, anaphor.want, anaphor.heads)
        name = answered(earlier[-1]) if fits and answered is not None else None  # 哪所大学…？ + 这所大学…
        target = (
            Entity(name, anaphor.want, 0, len(name)) if name else _pick(tokenizer, earlier, anaphor.want, anaphor.heads)
        )
        if target is None:
            return Resolution(question, question, "anaphor", clarify=prompts.CLARIFY_PRONOUN.format(word=anaphor.word))
        glue = "的" if anaphor.possessive else ""
        # "该中心" with no 中心 said before: the noun stays (丰都县 + 中心主任), it is what is asked about
        heads = anaphor.heads
        kept = "".join(heads) if heads and not any(h in target.text for h in heads) else ""
        bare = anaphor.word[1:] == "".join(heads)  # 那 + a noun, no measure word (这家公司 points back)
        if kept and bare and not name and together is not None and not together(target.text, heads):
            # 那燃料电池公司… after 坦桑尼亚: no report speaks of the two together, so "that X" is not the earlier
            # subject's X (那创业担保贷款… after 丰都县 is: the reports write them in one passage)
            return Resolution(question, re.sub(r"^[那这]么?[，,]?", "", simple), "own")
        # an opening 那 / 那么 ("then", 那这家公司…) goes with the pronoun: the rewrite stands alone
        before = "" if re.fullmatch(r"那么?[，,]?", simple[: anaphor.start]) else simple[: anaphor.start]
        # (an office holder's office names its organisation already)
        owner = _owner_of(tokenizer, earlier, target) if not target.named and target.kind != "person" else None
        # a thing the last turns named only by what it is (国家重点研发计划项目): with whose it was, when the
        # question does not say (重庆工商大学的国家重点研发计划项目): the kind alone is no subject
        owned = f"{owner.text}的" if owner is not None and owner.text not in simple else ""
        rest = _second_place(tokenizer, simple[anaphor.end :], earlier, target)
        standalone = before + owned + target.text + glue + kept + rest
        return Resolution(question, standalone, "anaphor", antecedent=target.text, refs=(target,))
    if anaphor is not None or has_own_subject(tokenizer, simple):
        return Resolution(question, question, "own")
    # the subject of the last turn: its first named entity, else its longest noun phrase (jieba tags some
    # places as verbs: 奉节/v), else a named entity of an earlier turn
    named = next(iter(_candidates(tokenizer, earlier[-1:])), None) if earlier else None
    if named is None and earlier and topic_of(tokenizer, earlier[-1].standalone):
        named = Entity(topic_of(tokenizer, earlier[-1].standalone), "other", 0, 0, named=False)
    named = named or next(iter(_candidates(tokenizer, earlier)), None)
    if named is None:
        if not content_nouns(tokenizer, simple):
            return Resolution(question, question, "fragment", clarify=prompts.CLARIFY_FRAGMENT)
        return Resolution(question, question, "own")  # says enough to be searched as it is
    return Resolution(question, f"{named.text}{simple}", "fragment", antecedent=named.text, refs=(named,))


def _second_place(tokenizer: Tokenizer, rest: str, earlier: list[Resolution], target: Entity) -> str:
    """The rest of a question after its pronoun, with a place pronoun in it (他是怎么评价那里的？) read as the place
    the earlier turns named, when the first pronoun pointed at someone or something else: one question may point
    back twice, at two kinds of thing."""
    second = _find_anaphor(tokenizer, rest)
    if second is None or second.want != "place" or target.kind == "place":
        return rest
    place = _pick(tokenizer, earlier, "place")
    if place is None or not place.named or place.text == target.text:
        return rest
    return rest[: second.start] + place.text + rest[second.end :]


def _owner_right_before(phrases: list[Entity], at: int) -> bool:
    """A noun phrase written right before the demonstrative owns what it points to (市科技局那位副局长: the
    bureau's deputy head, as with 的); a time (去年那个项目) does not."""
    return any(e.end == at and len(e.text) >= 2 and not is_time(e.text) for e in phrases)


def _clause_subject(tokenizer: Tokenizer, before: str) -> bool:
    """An earlier clause of the same question names what the pronoun points to (当马来穿山甲感到威胁时，它们…;
    含氧酸如果…电离，该物质…): a noun before a comma. A time alone (截至2015年，该院…) is not one."""
    head, sep, _ = before.rpartition("，") if "，" in before else before.rpartition(",")
    return bool(sep) and any(len(w) >= 2 for w in content_nouns(tokenizer, head))


def condense(tokenizer: Tokenizer, question: str, history: list[str]) -> str:
    """The standalone question (the question itself when it needs no resolving or cannot be resolved)."""
    return resolve(tokenizer, question, history).standalone
