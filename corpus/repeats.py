"""Paragraphs a report repeats: the page layout prints a pull quote, a caption or a whole item again."""

from __future__ import annotations

from collections import deque

REPEAT_WINDOW = 200  # paragraphs back in which a repeat inside a longer paragraph is looked for


class Seen:
    """Earlier paragraphs, for finding repeats in linear time: a paragraph seen whole or as the tail of an
    earlier one is found through its last characters; one inside a longer paragraph, among the last
    REPEAT_WINDOW (layout repeats sit close together)."""

    def __init__(self):
        self.whole: set[str] = set()
        self.by_tail: dict[str, list[str]] = {}
        self.recent: deque[str] = deque(maxlen=REPEAT_WINDOW)

    def add(self, norm: str) -> None:
        self.whole.add(norm)
        self.by_tail.setdefault(norm[-12:], []).append(norm)
        self.recent.append(norm)

    def __contains__(self, norm: str) -> bool:
        return (
            norm in self.whole
            or any(s.endswith(norm) for s in self.by_tail.get(norm[-12:], ()))
            or any(norm in s for s in self.recent)
        )
