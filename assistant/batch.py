"""The batch interface: one JSON line per question in, one JSON answer per line out. Used by
`reportqa ask --jsonl` and by the eval runner, so evals score exactly what batch users get."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from assistant import prompts
from assistant.questions import QuestionError
from assistant.service import Assistant


def answer_lines(assistant: Assistant, lines: Iterable[str]) -> Iterator[dict]:
    """A line is {"question": str, "history": [str | {"question": str}]} or a bare JSON string. A line
    that cannot be read yields {"line": n, "error": "…"} and the rest still run."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if isinstance(item, str):
                item = {"question": item}
            history = [h if isinstance(h, str) else h.get("question", "") for h in item.get("history") or []]
            yield assistant.ask(str(item.get("question", "")), history).model_dump(mode="json")
        except (ValueError, AttributeError, TypeError) as exc:  # JSONDecodeError and QuestionError included
            message = str(exc) if isinstance(exc, QuestionError) else prompts.ERR_BAD_JSONL_LINE.format(error=exc)
            yield {"line": number, "error": message}
