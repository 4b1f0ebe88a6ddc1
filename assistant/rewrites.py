"""Checks of a rewritten follow-up: an LLM's rewrite must keep the typed question's names and bring in only
names the conversation said; the words of X ("那X呢？") that a passage must hold to speak of X."""

from __future__ import annotations

import re
import unicodedata

from assistant.entities import is_proper, toks
from index.text import STOPWORDS, to_simplified
from index.tokenizer import Tokenizer


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    return re.sub(r"[\s“”\"'‘’「」『』‐‑‒–—―－-]", "", text)


def _names(tokenizer: Tokenizer, text: str) -> set[str]:
    words = {_norm(t.word) for t in toks(tokenizer, text) if is_proper(tokenizer, t)}
    words |= {_norm(q) for q in re.findall(r"[“「\"]([^”」\"]{1,30})[”」\"]", to_simplified(text))}
    return {w for w in words if w}


def faithful_rewrite(tokenizer: Tokenizer, rewrite: str, question: str, history: list[str]) -> bool:
    """An LLM's rewrite is used only if it keeps every name of the typed question and adds only names that
    the conversation mentioned (a model must not swap the subject or bring in one of its own)."""
    said = _norm(rewrite)
    if any(n not in said for n in _names(tokenizer, question)):
        return False
    known = _norm(question + "\n".join(history))
    return all(n in known for n in _names(tokenizer, rewrite))


def focus_words(tokenizer: Tokenizer, focus: str) -> list[str]:
    """The words of X ("那X呢？") a passage must hold to speak of X (西部（重庆）科学城 → 西部, 重庆, 科学城)."""
    return [t.word for t in toks(tokenizer, focus) if re.search(r"\w", t.word) and t.word not in STOPWORDS]


def speaks_of(text: str, words: list[str]) -> bool:
    """The (normalised) text says all of X's words; a quantity noun "Y量" (产茧量, 用水量) also by Y written right
    before a figure (产茧350万公斤), as Chinese names the amount of Y. A Y of one character (产量's 产) says too
    little."""
    return all(
        w in text or (w.endswith("量") and len(w) >= 3 and re.search(rf"{re.escape(w[:-1])}\d", text)) for w in words
    )
