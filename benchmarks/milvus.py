"""Milvus Lite against FAISS on the same synthetic chunk vectors (see benchmarks/scale.py for how they are
drawn): build time, query p50/p95 and recall@10 against exact search. Milvus is driven through
llama-index's MilvusVectorStore, the same path `REPORTQA_INDEX__VECTOR_STORE=milvus` uses.

    python -m benchmarks.milvus [--size 100000] [--queries 200] [--out results.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time

import faiss
import numpy as np
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery

from benchmarks import emit
from benchmarks.scale import DIM, TOPIC_SIZE, K, bench_faiss, flat, hnsw, recall, row, vectors


def bench_milvus(
    index_type: str, data: np.ndarray, queries: np.ndarray, truth: np.ndarray, folder: str, params: dict, search: dict
) -> dict:
    from llama_index.vector_stores.milvus import MilvusVectorStore
    from milvus_lite.server_manager import server_manager_instance

    uri = f"{folder}/{index_type.lower()}.db"
    t0 = time.perf_counter()
    store = MilvusVectorStore(
        uri=uri,
        collection_name="bench",
        dim=DIM,
        similarity_metric="IP",
        overwrite=True,
        use_async_client=False,
        index_config={"index_type": index_type, "metric_type": "IP", "params": params},
        search_config={"params": search},
    )
    ids = [f"c{i}" for i in range(len(data))]
    for start in range(0, len(data), 5000):
        store.add(
            [
                TextNode(id_=ids[i], text="", embedding=data[i].tolist())
                for i in range(start, min(start + 5000, len(data)))
            ]
        )
    store.client.flush("bench")
    store.client.load_collection("bench")
    store.query(VectorStoreQuery(query_embedding=queries[0].tolist(), similarity_top_k=K))  # builds lazily
    build = time.perf_counter() - t0
    times, found = [], []
    for q in queries:
        t1 = time.perf_counter()
        result = store.query(VectorStoreQuery(query_embedding=q.tolist(), similarity_top_k=K))
        times.append((time.perf_counter() - t1) * 1000)
        found.append([int(i[1:]) for i in result.ids])
    store.client.close()
    server_manager_instance.release_server(uri)
    return row(f"milvus-lite {index_type} {search}".strip(), build, times, {"recall@10": recall(found, truth)})


def run(n: int, queries: int) -> dict:
    rng = np.random.default_rng(n)
    centres = rng.standard_normal((max(1, n // TOPIC_SIZE), DIM), dtype=np.float32)
    data, q = vectors(n, rng, centres), vectors(queries, rng, centres)
    rows = bench_faiss("faiss flat (exact)", flat, data, q, None)
    truth = rows[0]["_ids"]
    rows += bench_faiss("faiss hnsw M=32", hnsw, data, q, truth, "efSearch", (128,))
    with tempfile.TemporaryDirectory() as folder:
        rows.append(bench_milvus("FLAT", data, q, truth, folder, {}, {}))
        rows.append(bench_milvus("HNSW", data, q, truth, folder, {"M": 32, "efConstruction": 80}, {"ef": 128}))
    return {
        "chunks": n,
        "queries": queries,
        "threads": faiss.omp_get_max_threads(),
        "rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out")
    args = parser.parse_args()
    result = run(args.size, args.queries)
    emit(result, args.out)


if __name__ == "__main__":
    main()
