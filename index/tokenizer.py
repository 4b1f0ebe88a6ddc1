"""jieba segmentation held per index: a `Tokenizer` owns its own jieba dictionary (jieba.Tokenizer), so the
words one index learned never leak into another index or into the process-wide `jieba.dt`, and its caches
live and die with it."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

import jieba
import jieba.posseg

from index.text import POS_HMM_BUDGET, to_simplified

jieba.setLogLevel(logging.WARNING)

_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
# the tags a part of a personal name the dictionary cuts gets (王家/n 功/n, 陈家/nrfg 昌/nr)
_NAMEISH = frozenset(["n", "nr", "nrfg", "ng"])
# one-character suffixes of places and organisations: 荣昌|区 is a district, not a name
_SUFFIXES = frozenset("省市县区镇乡村州国岛湾港山河湖路街园院所校局部厅委办处科队社会馆站")
CACHE = 8192  # texts whose cut is kept per tokenizer: the same chunks and questions come back often


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's dictionary, read once per process (seconds): word frequencies, their total, POS tags. Without
    its few "X + X长" entries (局局长, 处处长, 团团长…), which glue an organisation's last character to the
    title of its head: with them 科技局局长 is cut 科技 / 局局长, and neither 科技局 nor 局长 is ever found."""
    base = jieba.Tokenizer()
    base.initialize()
    freq = dict(base.FREQ)
    # (the few reduplicated adjectives this also splits, 漫漫长 → 漫漫 / 长, lose nothing a question needs)
    for w in [w for w in freq if len(w) == 3 and w[0] == w[1] and w[2] == "长" and freq.get(w[1:])]:
        freq[w] = 0  # jieba's own way of keeping a prefix that is no word
    return freq, base.total, jieba.posseg.POSTokenizer(base).word_tag_tab


class _POSTokenizer(jieba.posseg.POSTokenizer):
    def __init__(self, tokenizer: jieba.Tokenizer, tags: dict[str, str]):  # not re-reading the tag file
        self.tokenizer = tokenizer
        self.word_tag_tab = dict(tags)


class Tokenizer:
    """jieba's dictionary plus the words an index learned from its reports (`words`). Thread-safe to use
    once constructed; each holds its own copy of the dictionary (tens of MB)."""

    def __init__(self, words: list[str] | tuple[str, ...] = ()):
        self.words = tuple(words)
        self._learned = frozenset(self.words)
        freq, total, tags = _jieba_dictionary()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = dict(freq), total, True
        self._pos = _POSTokenizer(self._jieba, tags)
        for w in self.words:
            self._jieba.add_word(w, tag="nz")
        self._pos.makesure_userdict_loaded()  # now, not lazily inside a request on another thread
        self.tokens = lru_cache(maxsize=CACHE)(self._tokens)
        self.tagged_words = lru_cache(maxsize=CACHE)(self._tagged_words)

    def _tokens(self, text: str) -> tuple[str, ...]:
        """Search tokens: jieba's search mode (words plus their sub-words), lower-cased, no punctuation."""
        text = to_simplified(text).lower()
        return tuple(t for t in (w.strip() for w in self._jieba.cut_for_search(text)) if t and not _PUNCT.match(t))

    def _tagged_words(self, text: str) -> tuple[tuple[str, str], ...]:
        """(word, part-of-speech) with jieba's default (accurate) mode, the HMM within POS_HMM_BUDGET."""
        out: list[tuple[str, str]] = []
        spent = 0
        # the blocks jieba itself tags one by one, so within the budget the result is exactly jieba's
        for block in jieba.posseg.re_han_internal.split(to_simplified(text)):
            if not block:
                continue
            unknown = sum(1 for ch in block if "\u4e00" <= ch <= "\u9fd5" and ch not in jieba.posseg.char_state_tab_P)
            hmm = spent + unknown <= POS_HMM_BUDGET
            spent += unknown if hmm else 0
            out += [(p.word, p.flag) for p in self._pos.cut(block, HMM=hmm) if p.word.strip()]
        return tuple(out)

    def names_joined(self, tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """A three-character personal name the dictionary cuts in two (王家|功, 林|秋波, 陈|士林: 王家 and 秋波 are
        words of their own) joined and tagged nr, when jieba's HMM reads the three characters as a name and they
        are no dictionary word: a surname-led word of two + one character (not a place or organisation suffix:
        荣昌|区), or a one-character surname + a two-character given name tagged nr."""
        out: list[tuple[str, str]] = []
        for word, flag in tagged:
            if out and len(out[-1][0]) + len(word) == 3 and _HAN_WORD.fullmatch(out[-1][0] + word):
                (first, tag), joined = out[-1], out[-1][0] + word
                two_one = len(first) == 2 and tag in _NAMEISH and flag in _NAMEISH and word not in _SUFFIXES
                one_two = len(first) == 1 and tag in ("nr", "ng") and flag == "nr"
                if (two_one or one_two) and not self.is_dictionary_word(joined) and hmm_tag(joined) == "nr":
                    out[-1] = (joined, "nr")
                    continue
            out.append((word, flag))
        return out

    def is_dictionary_word(self, word: str) -> bool:
        """In jieba's dictionary or learned by the index."""
        return bool(self._jieba.FREQ.get(word))

    def is_learned(self, word: str) -> bool:
        """One of the words the index learned from its reports (absent from jieba's dictionary)."""
        return word in self._learned

    def tag(self, word: str) -> str | None:
        """The part-of-speech tag the dictionary gives the word (nz for a learned word), None if it has none."""
        return self._pos.word_tag_tab.get(word)

    def learn_words(self, texts: list[str]) -> list[str]:
        """Words jieba's HMM finds in the texts that the dictionary lacks (names such as 七腾), so that
        questions are later segmented the way the reports are."""
        counts: dict[str, int] = {}
        for text in texts:
            for w in self._jieba.cut(to_simplified(text)):
                if len(w) >= 2 and _HAN_WORD.fullmatch(w) and not self._jieba.FREQ.get(w):
                    counts[w] = counts.get(w, 0) + 1
        return sorted(w for w, n in counts.items() if n >= 2)  # seen once is as likely a segmentation slip


@lru_cache(maxsize=4096)
def hmm_tag(word: str) -> str:
    """The tag jieba's HMM gives a word seen on its own, whatever any dictionary says (an internal but
    long-stable jieba API; the HMM's tables are fixed data)."""
    _, states = jieba.posseg.viterbi(
        word, jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P
    )
    return states[0][1] if states else "x"


_default_lock = threading.Lock()
_default: Tokenizer | None = None


def default_tokenizer() -> Tokenizer:
    """A tokenizer with jieba's own dictionary only (never extended), for text that belongs to no index."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Tokenizer()
        return _default
