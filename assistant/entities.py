"""What a question talks about: its words with part-of-speech tags, its named entities (with a coarse kind:
person, place or other) and whether it has a subject of its own. Used to resolve follow-up questions.

Tags come from jieba through the index's tokenizer (index/tokenizer.py), passed to every function here.
Words the index learned from the reports (names such as 王莺, 七腾 that jieba's dictionary lacks, added to
the tokenizer with the neutral tag nz) are tagged the way jieba's own HMM tags them on their own: 王莺 → nr
(a person), 中塞 → ns, 获批 → v, so a learned verb is not taken for a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.lexicon import KIND_WORDS, MEASURE, PROPER_TAGS
from index.text import STOPWORDS, to_simplified
from index.tokenizer import Tokenizer, hmm_tag

_NOUNISH = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "eng", "n", "vn", "m", "j", "l", "x", "ng", "zg"}
_PERSON = {"nr", "nrt", "nrfg"}
_TIME = re.compile(
    r"^(\d{2,4}年|\d{1,2}月|\d{1,2}日|今年|去年|明年|前年|当年|近年|今天|目前|现在|上半年|下半年|年底|年初)+$"
)
_JOINERS = set('-—–－()（）·“”"「」')
_PUNCT = re.compile(r"^[？?，,。！!；;：:、\s]+$")
# words that ask: never part of a subject (jieba tags 多少/m, 几个/m, 哪些/r)
QUESTION_WORD = re.compile(r"(什么|多少|哪|何|如何|怎|是否|几|谁|吗|呢)")


@dataclass(frozen=True)
class Tok:
    word: str
    flag: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    text: str  # as written in the question (quotes kept when balanced)
    kind: str  # "person", "place" or "other"
    start: int
    end: int
    named: bool = True  # False: a plain noun phrase (合作中心), a referent only for "该中心"-style words


def in_dictionary(tokenizer: Tokenizer, word: str) -> bool:
    """In jieba's own dictionary (not one of the words the index learned)."""
    return tokenizer.is_dictionary_word(word) and not tokenizer.is_learned(word)


def _place_without_suffix(tokenizer: Tokenizer, word: str) -> bool:
    return len(word) >= 2 and any(tokenizer.tag(word + suffix) == "ns" for suffix in "县市区省镇")


def toks(tokenizer: Tokenizer, text: str) -> tuple[Tok, ...]:
    """Words of the (simplified) text with offsets into it and their tags (see the module docstring)."""
    text = to_simplified(text)
    out, pos = [], 0
    for word, tag in tokenizer.tagged_words(text):
        start = text.find(word, pos)
        start = pos if start < 0 else start
        pos = start + len(word)
        flag = tag
        if tokenizer.is_learned(word):
            flag = hmm_tag(word)
        elif flag in _PERSON and hmm_tag(word) in ("ns", "nt"):
            flag = hmm_tag(word)  # jieba's dictionary tags some places as names (尼泊尔/nr)
        elif flag in _PERSON | {"v", "a", "ag", "d"} and _place_without_suffix(tokenizer, word):
            flag = "ns"  # 奉节/v, 宁德/nr: a place written without its 县/市 (奉节县, 宁德市 are places)
        elif flag == "v" and len(word) >= 3:
            flag = "n"  # jieba's three-character "verbs" are mostly nouns it mis-tags (促进会/v)
        out.append(Tok(word, flag, start, pos))
    return tuple(out)


def is_proper(tokenizer: Tokenizer, tok: Tok) -> bool:
    """A name, place or organisation. jieba tags some common words as names (师生/nr, 年产/j, 车企/nz): a
    person name from jieba's own dictionary does not count, nor do two-character nz/j words it knows, nor a
    word that names a kind of thing (城市/ns in 哪个城市: what is asked for, not a place)."""
    if tok.word in KIND_WORDS:
        return False
    if tok.flag in _PERSON:
        return not in_dictionary(tokenizer, tok.word) or len(tok.word) >= 3
    if tok.flag == "j" and len(tok.word) == 1:
        return True  # a one-character abbreviation is a place: 川, 渝
    if tok.flag in ("nz", "j"):
        return len(tok.word) >= 3 or tokenizer.is_learned(tok.word)
    if tok.flag == "m":
        return tokenizer.is_learned(tok.word)  # 七腾, 双千: the HMM reads them as numerals
    return tok.flag in PROPER_TAGS


def word_kind(tok: Tok) -> str:
    """person, place or other, by the word's tag alone (see noun_phrases for a phrase's kind)."""
    return "person" if tok.flag in _PERSON else "place" if tok.flag == "ns" else "other"


def is_time(word: str) -> bool:
    return bool(_TIME.match(word))


def _nounish(tok: Tok, run: list[Tok]) -> bool:
    if _PUNCT.match(tok.word) or QUESTION_WORD.search(tok.word) or tok.word in STOPWORDS:
        return False
    if tok.word in _JOINERS:
        return bool(run) or tok.word in "“「"
    return tok.flag in _NOUNISH or (tok.flag.startswith("v") and bool(run))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[“「\"][^”」\"]{1,30}[”」\"]", text)]


_ASPECT = ("ul", "uz", "ug")  # jieba's tags of the aspect particles 了, 着, 过


def runs(tokenizer: Tokenizer, text: str) -> list[tuple[list[Tok], bool]]:
    """Runs of noun-like words (verbs inside a run are kept, 技术转移中心; verbs at its end are not), each
    with whether it holds a name or a quoted name."""
    text = to_simplified(text)
    quoted = _quoted_spans(text)
    out: list[tuple[list[Tok], bool]] = []
    cur: list[Tok] = []

    def close():
        # a verb ends no name; a "verb" of three characters or more is a noun jieba mis-tags (促进会/v)
        while cur and (
            cur[-1].flag.startswith("v")
            and cur[-1].flag != "vn"
            and len(cur[-1].word) <= 2
            or cur[-1].word in "“「-—–－·("
        ):
            cur.pop()
        while cur and cur[0].word in "”」)）-—–－·":
            cur.pop(0)
        if cur and any(t.word.strip('“”「」"') for t in cur):
            s, e = cur[0].start, cur[-1].end
            named = any(is_proper(tokenizer, t) for t in cur) or any(qs < e and qe > s for qs, qe in quoted)
            out.append((list(cur), named))
        cur.clear()

    words = toks(tokenizer, text)
    for i, tok in enumerate(words):
        nxt = words[i + 1 : i + 2]
        # a one-character locative cannot open a noun phrase as a postposition: opening one it is part of the
        # name (中/f 匈/n 技术转移中心: China's abbreviation in a bilateral name)
        opens = not cur and tok.flag == "f" and len(tok.word) == 1 and bool(nxt) and nxt[0].flag in _NOUNISH
        # a figure with its measure word (计划/n 3/m 年/m) is a quantity after the phrase, not part of its name
        counts = tok.word[:1].isdigit() and bool(nxt) and re.fullmatch(MEASURE, nxt[0].word) is not None
        # a one-character adjective inside a name, before its noun (种质创制大科学中心, 重庆大剧院)
        modifies = bool(cur) and tok.flag == "a" and len(tok.word) == 1 and bool(nxt) and nxt[0].flag in _NOUNISH
        # a locative between nouns is inside the phrase (中尼南方/f农业科技园区, 省部级以上/f科研平台)
        between = bool(cur) and tok.flag == "f" and bool(nxt) and nxt[0].flag in _NOUNISH
        # a one-character "adverb" after a foreign name's part is the name's (特拉/nrt 莫/d 大学: 特拉莫大学)
        between |= bool(cur) and tok.flag == "d" and len(tok.word) == 1 and cur[-1].flag in ("nr", "nrt", "nrfg")
        between &= bool(nxt) and nxt[0].flag in _NOUNISH
        if (_nounish(tok, cur) or opens or modifies or between) and not counts:
            cur.append(tok)
            continue
        if tok.flag in _ASPECT and cur:
            cur.pop()  # the word before 了 / 着 / 过 is a predicate (宁德时代研发/j了), not the end of a name
        close()
    close()
    return out


def _span_text(text: str, start: int, end: int) -> str:
    span = text[start:end]
    if span.count("“") != span.count("”"):  # an unbalanced quote: take the name without quotes
        span = span.replace("“", "").replace("”", "")
    return span


def noun_phrases(tokenizer: Tokenizer, text: str) -> list[Entity]:
    """Every run of nouns in order of appearance, named or not (a verb leading a run is dropped: 落户两江新区
    → 两江新区). Times are not part of them."""
    simple = to_simplified(text)
    found = []
    for run, named in runs(tokenizer, simple):
        words = [t for t in run if not is_time(t.word)]
        while words and words[0].flag.startswith("v") and len(words) > 1:
            words.pop(0)
        if not words:
            continue
        start, end = words[0].start, run[-1].end
        for left, right in (("（", "）"), ("(", ")")):
            if (
                simple[start:end].count(right) > simple[start:end].count(left)
                and (k := simple.rfind(left, 0, start)) >= 0
            ):
                # 重庆）科学城 → 西部（重庆）科学城: a bracket the run closes was opened by the word before it
                before = [t for t in toks(tokenizer, simple[:k]) if t.end == k and t.flag[:1] in "nfj"]
                start = before[0].start if before else k
        span = _span_text(simple, start, end).strip()
        content = [t for t in words if t.word not in _JOINERS]
        if not span or not content:
            continue
        persons = [t for t in content if t.flag in _PERSON and is_proper(tokenizer, t)]
        if persons and len(persons) == len(content) or re.fullmatch(r"[\u4e00-\u9fff]+(·[\u4e00-\u9fff]+)+", span):
            kind = "person"  # a name alone; parts joined by · make a foreign person's name (巴里·马歇尔)
        elif all(t.flag == "ns" for t in content):
            kind = "place"
        else:
            kind = "other"
        found.append(Entity(span, kind, start, end, named=named))
    return found


def entities(tokenizer: Tokenizer, text: str) -> list[Entity]:
    """Named entities in order of appearance: noun runs holding a name or a quoted name."""
    return [e for e in noun_phrases(tokenizer, text) if e.named]


def topic_of(tokenizer: Tokenizer, question: str) -> str:
    """The main subject of a question: its first named entity, else its longest run of nouns."""
    named = entities(tokenizer, question)
    if named:
        return named[0].text
    simple = to_simplified(question)
    plain = [_span_text(simple, r[0].start, r[-1].end) for r, _ in runs(tokenizer, simple)]
    return max(plain, key=len).strip('“”"') if plain else ""


def pair_of(tokenizer: Tokenizer, question: str) -> str | None:
    """The two parties a question names joined by 和/与/同 (西南大学和匈牙利农业与生命科学大学合作多少年了 → 西南大学和
    匈牙利农业与生命科学大学): from the first name to the first verb, number or 的 after the joiner. None when the
    question joins no name to another or asks which the other is."""
    simple = to_simplified(question)
    words = toks(tokenizer, simple)
    first = next(iter(entities(tokenizer, simple)), None)
    joiner = next((i for i, t in enumerate(words) if first and t.start == first.end and t.word in "和与同"), None)
    if first is None or joiner is None:
        return None
    end = joiner + 1

    def ends(t: Tok) -> bool:  # a verb, a number, 的, an adverb (一起: not 特拉/nrt 莫/d, jieba's misreading)
        return (
            t.flag[:1] in "vmqx"
            or t.flag == "uj"
            or (t.flag == "d" and len(t.word) >= 2)
            or bool(QUESTION_WORD.search(t.word))
        )

    while end < len(words) and not ends(words[end]):
        end += 1
    if end == joiner + 1 or not any(is_proper(tokenizer, t) for t in words[joiner + 1 : end]):
        return None
    if end < len(words) and QUESTION_WORD.search(words[end].word):
        return None  # the second party is what is asked (西南大学与意大利哪所大学…)
    return simple[first.start : words[end - 1].end]


def has_own_subject(tokenizer: Tokenizer, question: str) -> bool:
    """A named entity, a quoted name, or a described subject: a leading noun phrase of two or more words of
    two or more characters (创业担保贷款发放了多少) or one built with 的 (把沙漠变成土的团队, 重大牵头的那个联盟). A bare noun (目标是什么？) or a question
    that starts with its verb (发放了多少…, 要在哪一年之前完成？) has none."""
    simple = to_simplified(question)
    if entities(tokenizer, simple):
        return True
    words = [t for t in toks(tokenizer, simple) if not is_time(t.word) and t.flag not in ("c", "d")]
    if not words:
        return False
    first = words[0]
    if first.start == 0 and tokenizer.is_learned(first.word) and first.flag[0] not in "vrdpcum":
        return True  # a word the reports taught the index (no dictionary's) opening the question: a name (怡良…)
    first_runs = runs(tokenizer, simple)
    predicate = next((t.start for t in words if t.flag[0] in "vdp" or QUESTION_WORD.search(t.word)), len(simple))
    if first_runs and first_runs[0][0][0].start < predicate:
        content = [t for t in first_runs[0][0] if t.word not in _JOINERS and len(t.word) >= 2]
        if len(content) >= 2:
            return True
    # "…的 + noun" before any word that asks: a subject described by a clause
    for i, t in enumerate(words):
        if QUESTION_WORD.search(t.word):
            break
        if t.word == "的" and i + 1 < len(words) and words[i + 1].flag.startswith("n"):
            return any(w.flag.startswith("n") and w.word not in STOPWORDS for w in words[:i])
        if t.word == "的" and i + 2 < len(words) and words[i + 1].word[0] in "这那" and words[i + 2].flag[0] == "n":
            return words[i + 1].flag == "r"  # "…的那个联盟": the clause before 的 says which one
    return False


def content_nouns(tokenizer: Tokenizer, question: str) -> list[str]:
    """Nouns of the question that say what it is about (not question words, not times)."""
    return [
        t.word
        for t in toks(tokenizer, question)
        if (t.flag.startswith("n") or t.flag in ("vn", "j", "eng"))
        and t.word not in STOPWORDS
        and not QUESTION_WORD.search(t.word)
        and not is_time(t.word)
    ]
