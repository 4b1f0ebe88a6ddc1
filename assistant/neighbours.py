"""Whether a sentence speaks of a neighbour of what the question asks about, and so cannot answer it: another
place (重庆's figure for 四川's), another games or fair (亚运会 for 冬奥会), another organisation of the same kind
(北京大学 for 北京理工大学)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.evidence import Evidence, Term, norm, partly_supported
from assistant.features import QuestionInfo
from assistant.lexicon import CLAUSE_BREAK
from index.tokenizer import Tokenizer


def says(e: Evidence, t: Term) -> bool:
    """The sentence (or its title) says t, at least in part or by a near-synonym (as features() found)."""
    return t.text in e.own or t.text in e.partial


# what may stand between a place and the word it qualifies: a suffix and 的 (四川省的研发投入强度)
PLACE_GAP = 2


def other_place(tokenizer: Tokenizer, e: Evidence, info: QuestionInfo) -> Term | None:
    """The question's place that the sentence replaces with another: the place is not said, and another
    place stands right before the word that follows the question's place in the question (2022年四川省的研发
    投入强度 → 2022年，重庆研发投入强度…): the sentence gives the same thing of a neighbour."""
    q = info.question
    for t in info.terms:
        if t.pos != "ns" or not t.critical or says(e, t) or t.text in e.norm or t.text in e.title_norm:
            continue
        end = q.find(t.display or t.text) + len(t.display or t.text)
        nxt = next((u for u in info.terms if 0 <= q.find(u.display or u.text) - end <= PLACE_GAP), None)
        if nxt is None or nxt.strict or nxt.constraint:
            continue
        said = [m.start() for m in re.finditer(re.escape(nxt.text), e.norm)]
        if said and all(_place_before(tokenizer, e.norm[:r], q, t.text) for r in said):  # every mention
            return t
    return None


# a multi-sport games or a fair as news write it short: the character before the ending tells which one (冬奥会,
# 亚运会, 大运会, 残运会, 进博会, 智博会)
_EVENT = re.compile(r"[\u4e00-\u9fff](?:奥会|运会|博会)")


def other_event(e: Evidence, info: QuestionInfo) -> str | None:
    """The question's games or fair when the sentence names another and not it: the sentence speaks of another
    event. Said in full counts (冬季奥运会 for 冬奥会: its characters in order)."""
    q = norm(info.question)
    text = e.norm + "|" + e.title_norm
    for asked in dict.fromkeys(_EVENT.findall(q)):
        if partly_supported(Term(asked, True), text):  # (as written, or its characters in order)
            continue
        if any(o not in q for o in _EVENT.findall(text)):
            return asked
    return None


# endings that say what kind of organisation a name is, long enough to tell it, of kinds whose names are rarely
# shortened (局 alone is not: 市科技局 is also 市科学技术局; nor 公司 or 集团: 华为公司 is 华为技术有限公司)
_ORG_KIND = re.compile(r"(?:大学|学院|研究院|研究所|实验室|医院|银行)$")


def other_organisation(e: Evidence, info: QuestionInfo) -> Term | None:
    """The question's organisation that the sentence replaces with a neighbour: its name is not written, and
    the sentence writes another of the same kind that starts the same (北京大学 for 北京理工大学, 重庆大学 for 重庆
    邮电大学): the sentence speaks of another organisation."""
    for t in info.terms:
        kind = _ORG_KIND.search(t.text)
        if not t.critical or not kind or t.text in e.norm or t.text in e.title_norm:
            continue
        if any(w != t.text and w[:2] == t.text[:2] and w.endswith(kind.group()) and len(w) > 3 for w in e.words):
            return t
    return None


# what an organisation's name is made of before its kind (泰国/ns 兰纳/nz 皇家/n 理工大学): names and nouns
_NAME_PART = {"ns", "nz", "nt", "n", "j", "nrt", "eng"}


@lru_cache(maxsize=4096)  # can_answer asks it of the question once per candidate sentence
def organisations(tokenizer: Tokenizer, text: str) -> tuple[tuple[str, str], ...]:
    """The organisations text names, as (name, kind): a word ending in a kind of _ORG_KIND with the names and
    nouns written right before it (西南/ns 大学 → 西南大学; 重庆/ns 工商大学 → 重庆工商大学)."""
    words = list(tokenizer.tagged_words(text))
    out = []
    for i, (w, _) in enumerate(words):
        kind = _ORG_KIND.search(w)
        if not kind:
            continue
        start = i
        while start > 0 and words[start - 1][1] in _NAME_PART and not _ORG_KIND.search(words[start - 1][0]):
            start -= 1
        name = "".join(x for x, _ in words[start : i + 1])
        if len(name) > len(kind.group()):
            out.append((norm(name), kind.group()))
    return tuple(out)


def another_organisation(tokenizer: Tokenizer, e: Evidence, info: QuestionInfo) -> str | None:
    """The question's organisation when the sentence names none of its names but another of the same kind the
    question does not name (重庆工商大学's 中心 for 西南大学's): asked a figure, a date, a person or a place,
    the sentence speaks of another organisation. (Asked which organisation, the answer is one.)"""
    asked = organisations(tokenizer, info.question) if info.kind not in ("org", "") else ()
    q = norm(info.question)
    for name, kind in asked:
        if name in e.norm or name in e.title_norm:
            continue
        named = [o for o, k in organisations(tokenizer, e.sentence) if k == kind]
        if any(o in name for o in named):
            continue  # named shorter (高新技术产业研究院 for 重庆高新技术产业研究院)
        if any(o not in q and name not in o for o in named):
            return name
    return None


def _place_before(tokenizer: Tokenizer, text: str, question: str, place: str) -> bool:
    """Another place than the question's written right at the end of text (重庆 of "2022年，重庆")."""
    words = tokenizer.tagged_words(CLAUSE_BREAK.split(text[-8:])[-1]) if text else ()
    words = words[:-1] if words and words[-1][0] == "的" else words
    return bool(words) and words[-1][1] == "ns" and len(w := words[-1][0]) >= 2 and w not in question and place not in w
