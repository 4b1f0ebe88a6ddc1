"""Text helpers of the lowest layer, for every layer above."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def no_spaces(text: str) -> str:
    """The text without any whitespace: for comparing text whose line breaks and spacing differ."""
    return _SPACES.sub("", text)
