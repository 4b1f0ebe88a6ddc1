"""Our hybrid retrieval beside a plain llama-index VectorStoreIndex retriever, same chunks, same embedder,
same questions (the eval set's answerable cases), in one run: hit@5 / MRR of the gold reports and latency.

    python -m benchmarks.reference [--out results.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from llama_index.core import Settings as LlamaSettings
from llama_index.core import VectorStoreIndex
from llama_index.core.schema import TextNode

from assistant.condense import condense
from assistant.settings import Settings
from benchmarks import emit
from evals.runner import load_cases, percentile
from index.embedders import as_llama_index, load_embedder
from index.store import build_index, open_index
from index.tokenizer import Tokenizer

K = 5


def ranks_and_times(search, cases, tokenizer: Tokenizer) -> tuple[list[int | None], list[float]]:
    ranks, times = [], []
    for c in cases:
        t0 = time.perf_counter()
        sources = search(condense(tokenizer, c.question, c.history))
        times.append((time.perf_counter() - t0) * 1000)
        ranked = list(dict.fromkeys(sources))
        ranks.append(next((i + 1 for i, s in enumerate(ranked) if s in c.sources), None))
    return ranks, times


def row(name: str, ranks, times) -> dict:
    return {
        "retriever": name,
        f"hit@{K}": round(sum(1 for r in ranks if r and r <= K) / len(ranks), 4),
        "hit@1": round(sum(1 for r in ranks if r == 1) / len(ranks), 4),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4),
        "p50_ms": percentile(times, 0.5, 1),
        "p95_ms": percentile(times, 0.95, 1),
    }


def run(settings: Settings) -> dict:
    embedder = load_embedder(settings.index.embedder)
    cases = [c for c in load_cases() if not c.refuse and c.sources]
    with tempfile.TemporaryDirectory() as tmp:
        build_index(
            settings.index.corpus_dir,
            tmp,
            settings.index.embedder,
            settings.index.chunk_size,
            settings.index.chunk_overlap,
            embedder=embedder,
        )
        ours = open_index(tmp, embedder=embedder)
        # the reference: llama-index's default in-memory vector index over the very same chunk texts
        LlamaSettings.embed_model = as_llama_index(embedder)
        t0 = time.perf_counter()
        nodes = [TextNode(id_=c.id, text=c.embed_text, metadata={"source": c.source}) for c in ours.chunks]
        reference = VectorStoreIndex(nodes, show_progress=False).as_retriever(similarity_top_k=20)
        ref_build = time.perf_counter() - t0
        rows = [
            row(
                "llama-index VectorStoreIndex (dense)",
                *ranks_and_times(
                    lambda q: [n.node.metadata["source"] for n in reference.retrieve(q)], cases, ours.tokenizer
                ),
            ),
            *(
                row(
                    f"reportqa {mode}",
                    *ranks_and_times(
                        lambda q, m=mode: [
                            h.chunk.source
                            for h in ours.search(q, k=20, mode=m, bm25_weight=settings.answer.bm25_weight)
                        ],
                        cases,
                        ours.tokenizer,
                    ),
                )
                for mode in ("dense", "bm25", "hybrid")
            ),
        ]
    return {"questions": len(cases), "chunks": len(ours.chunks), "reference_build_s": round(ref_build, 1), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    result = run(Settings())
    emit(result, args.out)


if __name__ == "__main__":
    main()
