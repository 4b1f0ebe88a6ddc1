"""Benchmarks: each runs on its own (`python -m benchmarks.<name>`) and prints its figures as JSON."""

from __future__ import annotations

import json
import threading
import time

from evals.runner import percentile


class Calls:
    """The calls of a load test from many threads: latencies (ms) of those that succeeded, details of those
    that failed, and the figures over all of them since the start."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: list = []
        self._lock = threading.Lock()
        self._started = time.monotonic()

    def add(self, t0: float, ok: bool, detail) -> None:
        """One call that began at time.perf_counter() t0."""
        with self._lock:
            if ok:
                self.latencies.append((time.perf_counter() - t0) * 1000)
            else:
                self.errors.append(detail)

    def figures(self) -> dict:
        elapsed = time.monotonic() - self._started
        return {
            "seconds": round(elapsed, 1),
            "requests": len(self.latencies) + len(self.errors),
            "requests_per_s": round(len(self.latencies) / elapsed, 1),
            "p50_ms": percentile(self.latencies, 0.5),
            "p95_ms": percentile(self.latencies, 0.95),
            "errors": len(self.errors),
            "first_errors": self.errors[:3],
        }


def emit(result, out: str | None) -> None:
    """Print the figures, and write them to `out` when given."""
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
