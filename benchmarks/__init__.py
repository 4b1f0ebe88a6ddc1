"""Benchmarks: each runs on its own (`python -m benchmarks.<name>`) and prints its figures as JSON."""

from __future__ import annotations

import json


def percentile(values: list[float], q: float, digits: int = 2) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, round(q * (len(values) - 1)))], digits)


def emit(result, out: str | None) -> None:
    """Print the figures, and write them to `out` when given."""
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
