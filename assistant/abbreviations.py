"""Abbreviated names of institutions and places (西大 for 西南大学, 重交大 for 重庆交通大学, 印尼 for 印度尼西亚): a
question's run of two or three characters that no report contains is read as the institution's full name when
the reports name one institution or place it abbreviates, in the way Chinese abbreviates names: its first character
first, the others in order, the last one in the name's last four characters (大 of 大学, 工 of 理工大学)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from index.tokenizer import Tokenizer

# what an institution's name ends with; the characters before it are the rest of the name
_SUFFIX = re.compile(r"大学|学院|研究院|博览会|集团|公司")
# function characters: no name begins with one (的中冶赛迪集团 is 中冶赛迪集团 after 的), no abbreviation holds one
_FUNCTION = set("的之由在与和及对为把被从向于等是了也都并将有")
_LONGEST = 8  # characters of a name before its suffix (新加坡国立 is 5, 哈尔滨工业 is 5)
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def institution_names(texts: Iterable[str]) -> Counter[str]:
    """Every run of Chinese characters ending with an institution's suffix, by how often the reports write it
    (the run's start is not known: 由重庆大学 and 重庆大学 are both counted; an abbreviation's first character
    picks the start)."""
    names: Counter[str] = Counter()
    for text in texts:
        for m in _SUFFIX.finditer(text):
            before = _CJK.search(text[max(0, m.start() - _LONGEST) : m.start()][::-1])
            run = before.group()[::-1] if before and before.start() == 0 else ""
            names.update(run[-k:] + m.group() for k in range(1, len(run) + 1) if run[-k] not in _FUNCTION)
    return names


def place_names(tokenizer: Tokenizer, doc_freq: Mapping[str, int]) -> Counter[str]:
    """The corpus's words of four characters or more that jieba's dictionary tags a place (印度尼西亚, abbreviated
    印尼), by how many chunks say them."""
    return Counter({w: n for w, n in doc_freq.items() if len(w) >= 4 and tokenizer.tag(w) == "ns"})


def _abbreviates(short: str, name: str) -> bool:
    # an abbreviation leaves out two characters or more (所大学 is no abbreviation of 所有大学)
    if short[0] != name[0] or len(name) < len(short) + 2 or short[-1] not in name[-4:] or _FUNCTION & set(short):
        return False
    at = 0
    for ch in short:
        at = name.find(ch, at) + 1
        if not at:
            return False
    return True


class Abbreviations:
    """The names an abbreviation may stand for, by their first character (an abbreviation's first character is
    its name's: only those are tried), and the reports' texts (a run they contain is no abbreviation). Built once
    per loaded index; the texts are the articles' own strings, not a copy."""

    def __init__(self, names: Counter[str], texts: Sequence[str]):
        self.by_first: dict[str, list[tuple[str, int]]] = {}
        for name, count in names.items():
            self.by_first.setdefault(name[0], []).append((name, count))
        self.texts = texts


def expand(tokenizer: Tokenizer, question: str, known: Abbreviations) -> str:
    """The question with each abbreviation replaced by the one name it abbreviates (the most written when
    several do, none on a tie). An abbreviation is whole words of the question (not 理事 of 理事长), and a run
    the reports contain is never one (重大 is also "major"; looked for only once a name is found, as that is
    rare and the reports may be large)."""
    bounds, at, verbs = {0}, 0, set()
    for word, tag in tokenizer.tagged_words(question):
        start = question.find(word, at)
        if start >= 0:
            bounds |= {start, start + len(word)}
            at = start + len(word)
            if tag[:1] in ("v", "p"):  # 来|重庆 is "come to Chongqing", not 来自重庆大学 abbreviated
                verbs.add(start)
    out: list[str] = []
    i = 0
    while i < len(question):
        for n in (3, 2):
            short = question[i : i + n]
            if len(short) < n or {i, i + n} - bounds or not _CJK.fullmatch(short) or verbs & set(range(i, i + n)):
                continue
            found = sorted(
                ((c, -len(name), name) for name, c in known.by_first.get(short[0], []) if _abbreviates(short, name)),
                reverse=True,
            )
            if (
                found
                and (len(found) == 1 or found[0][:2] != found[1][:2])
                and found[0][2] not in question
                and not any(short in text for text in known.texts)
            ):
                out.append(found[0][2])
                i += n
                break
        else:
            out.append(question[i])
            i += 1
    return "".join(out)
