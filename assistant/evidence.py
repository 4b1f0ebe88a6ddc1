"""Evidence for the extractive answerer: the question's terms (weighted by rarity), the sentences of the
retrieved chunks, and whether a term is said by a sentence, its chunk or its article."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.lexicon import (
    CHOICE,
    CONSTRAINT,
    FRAME_WORDS,
    KIND_WORDS,
    QUESTION_WORD,
)
from assistant.synonyms import kind_of_person, synonyms
from index.models import Hit
from index.text import STOPWORDS, quotable_sentences, to_simplified
from index.tokenizer import Tokenizer

CJK = re.compile(r"[\u4e00-\u9fff]")
_PROPER = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "j"}
_NAMES = {"ns", "nr", "nrt", "nrfg"}
_ADMIN_SUFFIX = "市省县区镇"
_FIGURE = re.compile(r"\d+(\.\d+)?")


# 首 before a measure word means "the first" (首届, 首批, 首个); not 首都, 首席
FIRST = re.compile(r"首([届次期轮批代个家位])")


def norm(text: str) -> str:
    """For matching only: NFKC, simplified script, lower case, one kind of dash, no spaces or quotes."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    text = re.sub(r"[‐‑‒–—―－-]+", "-", text)
    text = FIRST.sub(r"第一\1", text)  # 首届 is 第一届: one spelling of the ordinal constraints
    return re.sub(r"[\s“”\"'‘’「」『』]", "", text)


# punctuation and bullets around a sentence (●, 1., “…”)
_EDGES = re.compile(r"^\W+|\W+$")


def repeats(sentence: str, others: list[Evidence]) -> bool:
    """The sentence is already one of the others, perhaps with a list bullet or other punctuation around it (a
    report's summary "●力争到2030年,…" above the same sentence in its body): it is not quoted twice."""
    bare = _EDGES.sub("", norm(sentence))
    return any(_EDGES.sub("", norm(o.sentence)) == bare for o in others)


@dataclass
class Term:
    text: str  # normalised
    critical: bool
    weight: float = 1.0
    display: str = ""  # as the user wrote it
    frame: bool = False  # names the kind of answer wanted (FRAME_WORDS)
    strict: bool = False  # a place or person name: matched as a whole word only
    constraint: bool = False  # a year or an edition (第七届): must be said by the sentence or its chunk
    pos: str = ""  # jieba's part-of-speech tag
    aliases: tuple[str, ...] = ()  # near-synonyms (稻子 ~ 水稻, assistant/synonyms.py): they count in part
    # a short name with a neighbouring word of the question (泰森食品): the text says the name when it writes
    # the same, however jieba cuts the text's words (泰森食品/公司)
    written: tuple[str, ...] = ()
    invented: bool = False  # no dictionary has it: jieba's HMM made it up for the question (slipped())
    beside: tuple[str, str] = ("", "")  # the question's content words right before and after it


@dataclass
class Evidence:
    """A sentence of a retrieved chunk, with what it needs for scoring."""

    hit_rank: int
    hit: Hit
    sentence: str  # verbatim
    paragraph: int
    norm: str
    words: frozenset[str]
    title_norm: str
    title_words: frozenset[str]
    context_norm: str  # title + section + whole chunk + the article date
    context_words: frozenset[str]
    article_norm: str  # the whole article: names it mentions anywhere still frame this sentence
    article_words: frozenset[str]
    score: float = 0.0
    own: set[str] = field(default_factory=set)  # terms found in the sentence itself (or its title)
    partial: set[str] = field(default_factory=set)  # terms it has in part (abbreviated, a shared word)
    missing: list[str] = field(default_factory=list)
    prob: float = 0.0  # the scorer's probability that this sentence answers the question
    features: list[float] = field(default_factory=list)


_JOINED_LATIN = re.compile(r"(?<![A-Za-z\d])[A-Za-z][A-Za-z\d]*(?:[&+.\-][A-Za-z\d]+)+")


_LATIN_NAME = r"[A-Za-z][A-Za-z\d&.+\-]*"
_GLOSSED = re.compile(
    rf"(?P<latin>{_LATIN_NAME})\s*[（(]\s*[\u4e00-\u9fff·]{{2,}}\s*[）)]"
    rf"|[\u4e00-\u9fff·]{{2,}}\s*[（(]\s*(?P<latin2>{_LATIN_NAME})\s*[）)]"
)


_HOW_MUCH = set("大高长远重久深宽")  # 多大, 多高, 多长…: "how" + an adjective


def question_terms(tokenizer: Tokenizer, question: str, df: dict[str, int], n_docs: int) -> list[Term]:
    terms: dict[str, Term] = {}
    for phrase in re.findall(r"[“\"《「]([^”\"》」]{2,30})[”\"》」]", question):  # quoted names are critical
        terms[norm(phrase)] = Term(norm(phrase), True, display=phrase)
    for m in CONSTRAINT.finditer(question):  # 2022年, 第七届: the question is about this one only
        t = norm(m.group(1)).removesuffix("年")
        terms[t] = Term(t, True, display=m.group(1), constraint=True)
    # a Latin word joined by & + - . (R&D, Wi-Fi) is one term: jieba cuts it into letters (R, D)
    joined = []
    for m in _JOINED_LATIN.finditer(question):
        joined.append(norm(m.group()))
        terms[joined[-1]] = Term(joined[-1], True, display=m.group())
    pieces = {p for j in joined for p in re.split(r"[&+.\-]", j)}
    # a Latin name glossed in Chinese beside it, CATL（宁德时代） or 宁德时代（CATL）: the Chinese name is the one a
    # report must say, the Latin one need not be
    glossed = {norm(m.group("latin") or m.group("latin2")) for m in _GLOSSED.finditer(question)}
    # the figures of a choice (是63个还是65个): a report need say only one of them
    choices = {f for m in CHOICE.finditer(norm(question)) for f in m.groups()}
    prev = ""
    tagged = list(tokenizer.tagged_words(question))
    for i, (word, flag) in enumerate(tagged):
        t, before, prev = norm(word), prev, (prev + word)[-4:]
        if i and tagged[i - 1][0] == "多" and len(t) >= 3 and t[0] in _HOW_MUCH:
            t = t[1:]  # jieba glues 多大 / 多长's adjective to the noun asked of (多/大面积): the noun is 面积
        if t in pieces or (t == "时候" and before.endswith("什么")):
            continue  # (什么时候 is one question word that jieba cuts in two)
        if t in KIND_WORDS and re.search(r"(哪|什么)\w{0,2}$", before):
            t = "什么" + t  # marks it as a frame word below
        if not t or t in STOPWORDS or QUESTION_WORD.fullmatch(t) or not re.search(r"\w", t):
            continue
        if re.fullmatch(r"\d+(\.\d+)?", t) or re.fullmatch(r"[a-z][a-z0-9.+&-]*", t):
            critical = t not in glossed and t not in choices
        elif len(t) == 1:
            continue  # single characters say too little on their own
        elif t in FRAME_WORDS or t.startswith("什么"):
            critical = False  # jieba tags some of them as places (城市/ns)
        else:
            # jieba tags many common two-character words nz/j (车企, 年产); names are ns/nr/nt or longer
            critical = flag in _PROPER and not (flag in ("nz", "j") and len(t) <= 2)
        # 老总/nr is no one's name; 西班牙人 still names a country's people
        person_kind = kind_of_person(t) and not (t.endswith("人") and tokenizer.tag(t[:-1]) in _PROPER)
        critical = critical and not person_kind
        if t not in terms:
            terms[t] = Term(t, critical, display=word, strict=flag in _NAMES and not person_kind, pos=flag)
            if terms[t].strict:
                terms[t].written = _with_neighbours(t, tagged, i)
            terms[t].invented = not tokenizer.is_dictionary_word(word)
            terms[t].beside = (_content(tagged, i - 1), _content(tagged, i + 1))
    for term in terms.values():
        idf = math.log(1 + n_docs / (1 + df.get(term.text, 0)))
        # a word opening with a question word (哪一年, 哪几座, 什么样) names the kind of answer, it is no content
        term.frame = not term.critical and (term.text in FRAME_WORDS or QUESTION_WORD.match(term.text) is not None)
        term.weight = idf * (2.0 if term.critical else 0.2 if term.frame else 1.0)
        if not term.critical and not term.frame:
            term.aliases = synonyms(term.text) + _root_of(term)
    return list(terms.values())


def _root_of(term: Term) -> tuple[str, ...]:
    """The root of a colloquial noun made with the suffix 子 (茧子 → 茧, 稻子 → 稻): what reports write in words
    of their own (产茧, 水稻)."""
    t = term.text
    return (t[0],) if len(t) == 2 and t[1] == "子" and term.pos.startswith("n") and CJK.match(t[0]) else ()


def _with_neighbours(t: str, tagged: list[tuple[str, str]], i: int) -> tuple[str, ...]:
    """t written together with the content word before or after it in the question."""
    before, after = _content(tagged, i - 1), _content(tagged, i + 1)
    return tuple(w for w in (before + t if before else "", t + after if after else "") if w)


def _content(tagged: list[tuple[str, str]], j: int) -> str:
    """The question's word at j when it is a Chinese content word, else ''."""
    w = norm(tagged[j][0]) if 0 <= j < len(tagged) else ""
    return w if CJK.match(w) and w not in STOPWORDS and not QUESTION_WORD.match(w) else ""


def slipped(term: Term, evidence: list[Evidence]) -> bool:
    """A word jieba's HMM made up for the question that no retrieved passage writes, where a passage writes
    part of it together with the question's word beside it: the HMM glued a character of one word to the
    next (鸡毛松|才 cut 鸡毛 / 松才, 上部叶|有 cut 上部 / 叶有, 在|茨柏克沃斯基 cut 在茨 / 柏克沃斯基). It is no
    word of the question, and no name a refusal may say the reports lack."""
    if not term.invented or len(term.text) < 2:
        return False
    if any(term.text in e.context_words for e in evidence):  # a word of a passage after all
        return False
    texts = {e.context_norm for e in evidence}
    before, after = term.beside
    cuts = range(1, len(term.text))
    joined = [before + term.text[:k] for k in cuts if before] + [term.text[k:] + after for k in cuts if after]
    return any(j in text for j in joined for text in texts)


@lru_cache(maxsize=8192)
def _norm_cached(text: str) -> str:
    return norm(text)


@lru_cache(maxsize=8192)
def word_set(tokenizer: Tokenizer, text: str) -> frozenset[str]:
    """Words of a text (jieba accurate mode), plus place names without their 市/县/区 suffix. Cached:
    the same chunks come back for many questions (an index replaced by a new build leaves the cache as
    newer texts come in)."""
    words = {norm(w) for w, _ in tokenizer.tagged_words(text)}
    return frozenset(words | {w[:-1] for w in words if len(w) > 2 and w[-1] in _ADMIN_SUFFIX})


def partly_supported(term: Term, text_norm: str, words: frozenset[str] | None = None) -> bool:
    """An abbreviation (奥运会 ~ 奥林匹克运动会, 年产 ~ 年养蚕…产: its characters in order, close together) or,
    for terms that are not names, a shared two-character word (广告语 ~ 广告口号). Short place and person
    names never match in part (北京 is not 北…京) but as the short form of an institution's name (重邮)."""
    t = term.text
    # words: a two-character synonym must be a word of the text, not letters across words (名师 is not in
    # 1300余名/师生); without them, anywhere (as the scorer's features were fitted: a re-fit on the words lost
    # CMRC containment 0.825 → 0.819)
    if any(a in words if words is not None and len(a) == 2 else a in text_norm for a in term.aliases):
        return True
    if len(t) == 2 and term.strict and CJK.match(t[0]) and CJK.match(t[1]):
        return _abbreviates(t, text_norm)
    if not CJK.fullmatch(t[0]) or len(t) < 2:
        return False
    if _in_order(t).search(text_norm):
        return True
    return not term.critical and any(
        t[i : i + 2] in text_norm for i in range(len(t) - 1) if CJK.fullmatch(t[i]) and CJK.fullmatch(t[i + 1])
    )


# how the names of institutions end; a two-character short form takes the first character of its words
# (重邮 for 重庆邮电大学, 西大 for 西南大学), which jieba tags as a place (ns)
_INSTITUTION = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:大学|学院|研究院|研究所|公司|集团|医院|银行|中心|实验室)")


def _abbreviates(t: str, text_norm: str) -> bool:
    """The text writes a name of an institution that t shortens: t's first character, one or two others, its
    second character, and the institution's end (never t as written: the place 北京 is not in 北京理工大学)."""
    return any(_INSTITUTION.match(text_norm, m.end() - 1) for m in _short_form(t).finditer(text_norm))


@lru_cache(maxsize=4096)
def _short_form(t: str) -> re.Pattern:
    return re.compile(rf"{re.escape(t[0])}[\u4e00-\u9fff]{{1,2}}{re.escape(t[1])}")


@lru_cache(maxsize=4096)
def _in_order(t: str) -> re.Pattern:
    """t's characters in order, close together (compiled once per term: terms are matched against every
    sentence, chunk and article of a question, and re's own cache is too small for them)."""
    gap = f".{{0,{2 * len(t)}}}?"
    return re.compile(gap.join(map(re.escape, t)))


@lru_cache(maxsize=4096)
def _as_figure(t: str) -> re.Pattern | None:
    """For a figure (12, 3.5): the figure not inside a longer one; None for other terms."""
    return re.compile(rf"(?<![\d.]){re.escape(t)}(?![\d])") if _FIGURE.fullmatch(t) else None


def said_with_suffix(term: Term, text_norm: str) -> bool:
    """A short place name said with its administrative suffix (璧山 by 璧山区), where jieba cuts the name
    apart (璧/山区), so that `supported` does not find it. Only for what a report lacks: the features were
    fitted without it."""
    t = term.text
    return term.strict and len(t) <= 2 and any(t + suffix in text_norm for suffix in _ADMIN_SUFFIX)


def said_in_article(term: Term, e: Evidence) -> bool:
    """The sentence's article says the term: whole, in part or with an administrative suffix."""
    a = e.article_norm
    return supported(term, a, e.article_words) or partly_supported(term, a) or said_with_suffix(term, a)


def supported(term: Term, text_norm: str, words: frozenset[str]) -> bool:
    t = term.text
    if (figure := _as_figure(t)) is not None:
        return figure.search(text_norm) is not None
    if term.strict and len(t) <= 2 and CJK.search(t):
        # the place 北京 must not match inside 北京理工大学, unless the question writes 北京理工 too
        return t in words or any(w in text_norm for w in term.written)
    return t in text_norm


def gather(tokenizer: Tokenizer, hits: list[Hit], article_text) -> list[Evidence]:
    """article_text(chunk) -> the full text of the chunk's article."""
    out = []
    articles: dict[tuple[str, int], tuple[str, frozenset[str]]] = {}
    for rank, hit in enumerate(hits):
        c = hit.chunk
        date = c.article_date or ""
        context = f"{c.article_title}\n{c.section}\n{c.text}"
        context_norm = _norm_cached(context) + "|" + date.replace("-", "年", 1)
        context_words = word_set(tokenizer, context)
        key = (c.source, c.article_index)
        if key not in articles:
            full = f"{c.article_title}\n{article_text(c)}"
            articles[key] = (_norm_cached(full) + "|" + date.replace("-", "年", 1), word_set(tokenizer, full))
        paragraph = c.paragraph_start
        for part in c.text.split("\n"):
            for s in quotable_sentences(part):
                out.append(
                    Evidence(
                        rank,
                        hit,
                        s,
                        paragraph,
                        _norm_cached(s),
                        word_set(tokenizer, s),
                        _norm_cached(c.article_title),
                        word_set(tokenizer, c.article_title),
                        context_norm,
                        context_words,
                        *articles[key],
                    )
                )
            paragraph += 1
    return out


# a news item's dateline and byline: 本报讯(新重庆-重庆日报首席记者张亦筑), 新华社北京6月1日电（记者 王飞）
_DATELINE = re.compile(
    r"^\s*(?:本报讯|(?:本报|新华社|中新社|中新网|人民网|央视网)[^，。,（(\n]{0,20}?[电讯])\s*(?:[（(][^）)\n]{1,40}[）)])?"
)


def without_dateline(sentence: str) -> str:
    """The sentence as quoted: without the news item's dateline and byline it opens with (still a verbatim
    span of the source). Sentences are scored whole; the byline is only left out of what is shown."""
    m = _DATELINE.match(sentence)
    return sentence[m.end() :].strip() if m and sentence[m.end() :].strip() else sentence
