"""Load on the JSON API: N concurrent clients posting /api/ask for a fixed time against `reportqa serve`
started here on loopback (extractive mode, rate limit off). Prints requests/s, latency p50/p95, errors.

    python -m benchmarks.load [--clients 20] [--seconds 60] [--out results.json]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks import Calls, emit
from devtools.servers import serve_process
from evals.runner import load_cases


def run(clients: int, seconds: float, workers: int = 1) -> dict:
    questions = [c.question for c in load_cases() if not c.history]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        env = {"REPORTQA_SERVER__RATE_LIMIT_PER_MINUTE": "0", "REPORTQA_SERVER__LOG_DB": str(Path(tmp) / "log.db")}
        try:
            url, _ = stack.enter_context(serve_process(env, "--workers", str(workers)))
        except RuntimeError:
            raise SystemExit("reportqa serve did not start (is the index built? make index)") from None
        calls = Calls()
        stop = time.monotonic() + seconds

        def client(i: int) -> None:
            n = i
            with httpx.Client(timeout=30) as c:
                while time.monotonic() < stop:
                    q = questions[n % len(questions)]
                    n += clients
                    t0 = time.perf_counter()
                    try:
                        r = c.post(f"{url}/api/ask", json={"question": q})
                        ok = r.status_code == 200 and r.json()["question"] == q
                    except (httpx.HTTPError, ValueError, KeyError) as exc:
                        ok, r = False, exc
                    calls.add(t0, ok, str(r))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return {"clients": clients, "workers": workers, **calls.figures()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="reportqa serve --workers")
    parser.add_argument("--out")
    args = parser.parse_args()
    result = run(args.clients, args.seconds, args.workers)
    emit(result, args.out)


if __name__ == "__main__":
    main()
