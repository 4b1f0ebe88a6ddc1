"""A question as typed, made safe to answer: control characters dropped, unreadable text, an empty or too long
question refused with a Chinese message for the user, markup pasted into it left out of retrieval."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.lexicon import written_form

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,200}>", re.I | re.S)


class QuestionError(ValueError):
    """A question that cannot be asked; the message is Chinese and meant for the user."""


def clean_question(question: str, limit: int) -> str:
    text = _CONTROL.sub("", question or "").strip()
    if not readable(text):  # a lone surrogate (broken UTF-16 from a client): no library can read it
        raise QuestionError(prompts.ERR_BAD_CHARACTERS)
    if not text:
        raise QuestionError(prompts.ERR_EMPTY_QUESTION)
    if len(text) > limit:
        raise QuestionError(prompts.ERR_QUESTION_TOO_LONG.format(n=len(text), limit=limit))
    return text


def readable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def for_retrieval(text: str) -> str:
    """Markup pasted into a question is not part of what is asked."""
    return _TAG.sub(" ", text).strip() or text


def reworded(question: str, standalone: str) -> bool:
    """Whether the question was read as something other than typed: more than its spoken question words in their
    written form (啥 → 什么), punctuation or spaces. Only then is "理解为：…" worth an official's attention."""
    return _bare(written_form(question)) != _bare(written_form(standalone))


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)
