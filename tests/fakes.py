"""A scripted fake chat model for unit tests (the real server is exercised in test_llm_server.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator


class ScriptedChatModel:
    """Replies from a script, one entry per call: a string, a function of the messages returning a string,
    or an exception to raise (before the first token, or after `fail_after` tokens)."""

    name = "scripted-fake"

    def __init__(
        self,
        *script: str | Callable | Exception,
        fail_after: int | None = None,
        piece: int = 4,
        delay: float = 0.0,
        repeat: bool = False,
    ):
        self.script = list(script)
        self.delay = delay  # seconds between pieces, so a browser can see the answer being written
        self.repeat = repeat  # the last entry answers every further call
        self.calls: list[list[tuple[str, str]]] = []
        self.fail_after = fail_after
        self.piece = piece

    def stream(self, messages) -> Iterator[str]:
        self.calls.append(messages)
        reply = (self.script[0] if self.repeat and len(self.script) == 1 else self.script.pop(0)) if self.script else ""
        if isinstance(reply, Exception):
            if self.fail_after is None:
                raise reply
            text, error = "部分回答" * 10, reply
        else:
            text, error = (reply(messages) if callable(reply) else reply), None
        for i in range(0, len(text), self.piece):
            if error is not None and i // self.piece >= self.fail_after:
                raise error
            if self.delay:
                time.sleep(self.delay)
            yield text[i : i + self.piece]


def passage_number(messages, needle: str) -> int:
    """The [n] of the first numbered passage in the prompt that contains `needle`."""
    user = messages[-1][1]
    for m in re.finditer(r"^\[(\d+)\]《[^》]*》.*?\n(.*?)(?=\n\n\[\d+\]《|\n\n问题：)", user, re.S | re.M):
        if needle in m.group(2):
            return int(m.group(1))
    raise AssertionError(f"no passage with {needle!r} in the prompt")
