"""The same index life cycle on every vector store (FAISS; Milvus through llama-index's Milvus integration,
embedded as Milvus Lite and as a server reached by URI): build, incremental add of a new report, replacement of a changed report with no stale chunks
left, search; and the eval gate's extractive scores on Milvus."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS
from devtools.servers import free_port
from evals import runner
from index.models import VectorStoreSpec
from index.store import build_index, open_index
from index.vectors import _stored_ids
from tests.helpers import index_copy

pytest.importorskip("llama_index.vector_stores.milvus", reason="llama-index-vector-stores-milvus not installed")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def milvus_server(tmp_path_factory):
    """A Milvus gRPC server on loopback (Milvus Lite's standalone server), reached by URI like a deployment."""
    port = free_port()
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "milvus-lite"),
            "server",
            "--data-dir",
            str(tmp_path_factory.mktemp("milvus")),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, "milvus-lite server did not start"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(params=["faiss", "milvus-lite", "milvus-server"])
def spec(request) -> VectorStoreSpec:
    if request.param == "milvus-server":
        return VectorStoreSpec(kind="milvus", uri=request.getfixturevalue("milvus_server"), collection="reports_test")
    return VectorStoreSpec(kind=request.param.split("-")[0], collection="reports_test")


def stored_chunk_ids(index) -> set[str]:
    """What the vector store itself holds, read back from it."""
    if index.info.vector_store.kind == "faiss":
        assert index.vectors.store.client.ntotal == len(index.chunks)
        return {c.id for c in index.chunks}
    return _stored_ids(index.vectors.store)


def test_build_add_replace_search(spec, embedder, index_dir, tmp_path):
    corpus, out = tmp_path / "corpus", index_copy(index_dir, tmp_path / "index")  # 000-003 keep their vectors
    corpus.mkdir()
    for f in DEFAULT_CORPUS.glob("00[0-3]_*.txt"):
        shutil.copy(f, corpus)
    info, _, _ = build_index(corpus, out, embedder=embedder, vector_store=spec)
    first = open_index(out, embedder)
    assert stored_chunk_ids(first) == {c.id for c in first.chunks}
    hits = first.search("北京理工大学重庆创新中心", k=5)
    assert hits and not any(h.chunk.source.startswith("004_") for h in hits)  # not in the corpus yet
    del first

    # a new report: only its chunks are embedded and added
    new_file = Path(shutil.copy(next(DEFAULT_CORPUS.glob("004_*.txt")), corpus))
    info, _, rebuilt = build_index(corpus, out, embedder=embedder, vector_store=spec)
    second = open_index(out, embedder)
    n004 = sum(c.source.startswith("004_") for c in second.chunks)
    assert rebuilt and info.embedded == n004 and info.articles == 21
    if spec.kind == "milvus":
        assert info.vector_changes == {"added": n004, "deleted": 0, "stored": len(second.chunks)}
    assert stored_chunk_ids(second) == {c.id for c in second.chunks}
    dense = second.search("北京理工大学重庆创新中心聚焦哪些领域", k=3, mode="dense")
    assert dense[0].chunk.source.startswith("004_")
    old_ids = {c.id for c in second.chunks if c.source.startswith("004_")}
    del second

    # a changed report: its old chunks leave the store, the new text is found
    text = new_file.read_text(encoding="utf-8")
    assert "智能网联新能源汽车" in text
    new_file.write_text(text.replace("智能网联新能源汽车", "氢能重卡"), encoding="utf-8")
    info, _, _ = build_index(corpus, out, embedder=embedder, vector_store=spec)
    third = open_index(out, embedder)
    ids = {c.id for c in third.chunks}
    assert stored_chunk_ids(third) == ids
    changed = old_ids - ids
    assert changed and not (changed & stored_chunk_ids(third))  # no stale chunk left
    if spec.kind == "milvus":
        assert info.vector_changes["deleted"] == len(changed) and info.vector_changes["added"] == len(changed)
    hits = third.search("北京理工大学重庆创新中心聚焦氢能重卡", k=3)
    assert "氢能重卡" in hits[0].chunk.text
    assert not any(
        "智能网联新能源汽车" in h.chunk.text and h.chunk.source.startswith("004_")
        for h in third.search("北京理工大学重庆创新中心 智能网联新能源汽车", k=10, mode="dense")
        if h.chunk.id in changed
    )


def test_eval_scores_on_milvus_hold_the_baseline(embedder, settings, index_dir, tmp_path):
    out = index_copy(index_dir, tmp_path / "index")  # as a deployment switches from FAISS to Milvus
    build_index(DEFAULT_CORPUS, out, embedder=embedder, vector_store=VectorStoreSpec(kind="milvus"))
    index = open_index(out, embedder)
    assert index.info.vector_store.kind == "milvus" and index.info.vector_changes["stored"] == index.info.chunks
    results = runner.run_cases(Assistant(index, settings), runner.load_cases())
    problems = runner.check_baseline(runner.summary_by_split(results), results, runner.read_baseline())
    assert not problems, "Milvus backend below the baseline:\n" + "\n".join(problems)
