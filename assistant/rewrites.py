"""Checks of a rewritten follow-up: an LLM's rewrite must keep the typed question's names and bring in only
names the conversation said; the words of X ("那X呢？") that a passage must hold to speak of X."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from assistant import prompts
from assistant.ellipsis import Resolution
from assistant.entities import is_proper, toks
from assistant.extractive import Extract
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


_ASKS_COUNT = re.compile(r"多少|几")
_STATES_COUNT = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个项家名所人次年万亿倍场份条张]")


def about_focus(extract: Extract, resolution: Resolution) -> Extract:
    """ "那X呢？" answered from X's passages: a count must come with a number (X's own figure, not a sentence
    that merely mentions X); a refusal says that X's figure is missing (the terms a refusal would name were
    looked for in X's passages only, so they may well be elsewhere in the reports)."""
    counted = any(_STATES_COUNT.search(c.quote) for c in extract.citations)
    asks_count = bool(_ASKS_COUNT.search(resolution.standalone))
    if not extract.refused and asks_count and not counted:
        extract = replace(extract, refused=True, answer=prompts.REFUSE_NO_SUPPORT, citations=[], notes=[])
    if extract.refused:
        text = "\n".join([prompts.REFUSE_NO_SUPPORT, *extract.answer.split("\n")[1:]])
        # the warning about the previous turn's figures only where a figure was asked for
        missing = prompts.FOCUS_NOT_FOUND_COUNT if asks_count else prompts.FOCUS_NOT_FOUND
        notes = [*extract.notes, missing.format(focus=resolution.focus)]
        extract = replace(extract, answer=text, notes=notes)
    return extract
