"""Vector stores behind one small interface, both through llama-index's integrations:

- "faiss" (default): an exact inner-product FAISS index written into each build folder.
- "milvus": a Milvus collection. A local path as URI runs Milvus Lite (embedded, one process per file): each
  build gets its own copy of the previous build's database, updated in place (new chunks added, chunks of
  removed or changed reports deleted), so builds stay atomic and a running server is never locked out.
  An http(s):// URI points at a Milvus standalone/cluster deployment: one shared collection, updated in
  place the same way (servers ignore chunk ids their build does not know while they switch builds).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol

import faiss
import numpy as np
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery

from index.models import Chunk

LITE_DIR = "milvus.db"  # inside a build folder
ADD_BATCH = 1000


class VectorBackend(Protocol):
    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...  # (chunk position, cosine)


def is_remote(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "tcp://"))


# --- FAISS ---------------------------------------------------------------------------------------------


def write_faiss(folder: Path, chunks: list[Chunk], vectors: np.ndarray) -> None:
    from llama_index.vector_stores.faiss import FaissVectorStore

    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(vectors.shape[1]))  # normalised: IP = cosine
    store.add([TextNode(id_=c.id, text=c.text, embedding=vectors[i].tolist()) for i, c in enumerate(chunks)])
    store.persist(persist_path=str(folder / "vectors.faiss"))


class FaissVectors:
    def __init__(self, folder: Path):
        from llama_index.vector_stores.faiss import FaissVectorStore

        self.store = FaissVectorStore.from_persist_path(str(folder / "vectors.faiss"))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        result = self.store.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k))
        return [(int(i), float(s)) for i, s in zip(result.ids or [], result.similarities or [])]


# --- Milvus --------------------------------------------------------------------------------------------


def _milvus_store(uri: str, collection: str, dim: int):
    from llama_index.vector_stores.milvus import MilvusVectorStore

    store = MilvusVectorStore(
        uri=uri,
        collection_name=collection,
        dim=dim,
        similarity_metric="IP",
        overwrite=False,
        use_async_client=False,
        consistency_level="Strong",
        index_config={"index_type": "FLAT", "metric_type": "IP"},
        search_config={},
    )
    store.client.load_collection(collection)  # a reopened (or copied) database starts released
    return store


def milvus_location(uri: str, folder: Path) -> str:
    """Where a build's vectors live: the remote URI as is, or the build's own Milvus Lite database."""
    return uri if is_remote(uri) else str(folder / LITE_DIR)


def _stored_ids(store) -> set[str]:
    client, name = store.client, store.collection_name
    ids: set[str] = set()
    if is_remote(store.uri):  # a Milvus server caps offset + limit: iterate
        iterator = client.query_iterator(name, batch_size=5000, filter='id != ""', output_fields=["id"])
        while batch := iterator.next():
            ids.update(row["id"] for row in batch)
        iterator.close()
        return ids
    offset = 0  # Milvus Lite has no server-side iterator timestamps; plain pages work
    while batch := client.query(name, filter='id != ""', output_fields=["id"], limit=10_000, offset=offset):
        ids.update(row["id"] for row in batch)
        offset += len(batch)
    return ids


def sync_milvus(
    uri: str, collection: str, folder: Path, previous: Path | None, chunks: list[Chunk], vectors: np.ndarray
) -> dict[str, int]:
    """Make the collection hold exactly these chunks: add the new ones, delete the ones no longer in the
    corpus (chunks of a changed or removed report). Returns counts of what changed."""
    if not is_remote(uri) and previous is not None and (previous / LITE_DIR).is_dir():
        shutil.copytree(previous / LITE_DIR, folder / LITE_DIR, ignore=shutil.ignore_patterns("LOCK"))
    store = _milvus_store(milvus_location(uri, folder), collection, vectors.shape[1])
    try:
        stored = _stored_ids(store)
        wanted = {c.id: i for i, c in enumerate(chunks)}
        stale = sorted(stored - wanted.keys())
        if stale:
            store.delete_nodes(node_ids=stale)
        new = [c for c in chunks if c.id not in stored]
        for n in range(0, len(new), ADD_BATCH):
            store.add(
                [
                    TextNode(
                        id_=c.id,
                        text=c.text[:1000],
                        embedding=vectors[wanted[c.id]].tolist(),
                        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.source)},
                    )
                    for c in new[n : n + ADD_BATCH]
                ]
            )
        count = len(_stored_ids(store))
        if count != len(chunks):
            raise RuntimeError(f"Milvus collection {collection} holds {count} chunks, expected {len(chunks)}")
        return {"added": len(new), "deleted": len(stale), "stored": count}
    finally:
        store.client.close()
        if not is_remote(uri):  # Milvus Lite serves a database from a thread that holds its lock: stop it
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(milvus_location(uri, folder))


class MilvusVectors:
    def __init__(self, uri: str, collection: str, dim: int, positions: dict[str, int]):
        self.store = _milvus_store(uri, collection, dim)
        self.positions = positions

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        result = self.store.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k))
        pairs = zip(result.ids or [], result.similarities or [])
        # a shared collection may briefly hold chunks of a newer build: skip what this build does not know
        return [(self.positions[i], float(s)) for i, s in pairs if i in self.positions]
