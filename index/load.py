"""Open the current build: resolve `current` once and load every part from that one folder, checking that
the parts agree with each other and with the embedder."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s

from corpus.models import Article
from index import layout
from index.embedders import Embedder, load_embedder
from index.layout import REBUILD_HINT, IndexCorrupt, IndexUnavailable
from index.models import Chunk, TermStats
from index.search import LoadedIndex
from index.tokenizer import Tokenizer
from index.vectors import FaissVectors, MilvusVectors, VectorBackend, milvus_location


def open_index(out_dir: str | Path, embedder: Embedder | None = None) -> LoadedIndex:
    """Load the current build. Raises IndexMissing / IndexCorrupt with a message that names the fix."""
    folder = layout.current_build(out_dir)
    info = layout.read_manifest(folder)
    if info.format != layout.FORMAT:
        raise IndexCorrupt(f"索引格式版本 {info.format} 与程序不符（需要 {layout.FORMAT}）。{REBUILD_HINT}")
    if embedder is not None and embedder.spec != info.embedder:
        raise IndexCorrupt(f"索引使用嵌入模型 {info.embedder}，当前设置为 {embedder.spec}。{REBUILD_HINT}")
    try:
        chunks = [Chunk.model_validate_json(line) for line in (folder / layout.CHUNKS).open(encoding="utf-8")]
        articles = [Article.model_validate_json(line) for line in (folder / layout.ARTICLES).open(encoding="utf-8")]
        vocabulary = json.loads((folder / layout.VOCABULARY).read_text(encoding="utf-8"))
        stats = TermStats.model_validate_json((folder / layout.TERM_STATS).read_text(encoding="utf-8"))
        local = FaissVectors(folder)
        bm25 = bm25s.BM25.load(str(folder / layout.BM25), show_progress=False)
    except Exception as exc:  # any unreadable part means the same thing to the user
        raise IndexCorrupt(f"索引文件已损坏或不完整（{folder}：{type(exc).__name__}）。{REBUILD_HINT}") from exc
    known = {(a.source, a.index) for a in articles}
    if len(articles) != info.articles or any((c.source, c.article_index) not in known for c in chunks):
        raise IndexCorrupt(f"索引文件互不一致（文章 {len(articles)}，清单记载 {info.articles}）。{REBUILD_HINT}")
    ntotal, dim = local.store.client.ntotal, local.store.client.d
    if ntotal != len(chunks) or len(chunks) != info.chunks or dim != info.dim or stats.chunks != len(chunks):
        raise IndexCorrupt(
            f"索引文件互不一致（向量 {ntotal}，文本块 {len(chunks)}，清单记载 {info.chunks}）。{REBUILD_HINT}"
        )
    vectors: VectorBackend = local
    if info.vector_store.kind == "milvus":
        try:
            vectors = MilvusVectors(
                milvus_location(info.vector_store.uri, folder),
                info.vector_store.collection,
                info.dim,
                {c.id: i for i, c in enumerate(chunks)},
            )
        except Exception as exc:
            raise IndexUnavailable(
                f"无法连接 Milvus（{info.vector_store.uri}：{type(exc).__name__}: {exc}）。"
            ) from exc
    tokenizer = Tokenizer(vocabulary)
    return LoadedIndex(
        folder, info, chunks, articles, vectors, bm25, embedder or load_embedder(info.embedder), tokenizer, stats
    )
