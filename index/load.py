"""Open the current build: resolve `current` once and load every part from that one folder, checking that
the parts agree with each other and with the embedder."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from corpus.models import Article
from index import layout, strings
from index.embedders import Embedder, load_embedder
from index.layout import IndexCorrupt, IndexUnavailable
from index.models import Chunk, IndexInfo, TermStats
from index.search import LoadedIndex
from index.tokenizer import Tokenizer
from index.vectors import FaissVectors, MilvusVectors, VectorBackend, milvus_location


def open_index(out_dir: str | Path, embedder: Embedder | None = None) -> LoadedIndex:
    """Load the current build. Raises IndexMissing / IndexCorrupt with a message that names the fix."""
    folder = layout.current_build(out_dir)
    info = layout.read_manifest(folder)
    if info.format not in layout.READABLE_FORMATS:
        raise IndexCorrupt(strings.ERR_FORMAT.format(found=info.format, needed=layout.FORMAT))
    if embedder is not None and embedder.spec != info.embedder:
        raise IndexCorrupt(strings.ERR_EMBEDDER.format(built=info.embedder, configured=embedder.spec))
    try:
        chunks = [Chunk.model_validate_json(line) for line in (folder / layout.CHUNKS).open(encoding="utf-8")]
        articles = [Article.model_validate_json(line) for line in (folder / layout.ARTICLES).open(encoding="utf-8")]
        vocabulary = json.loads((folder / layout.VOCABULARY).read_text(encoding="utf-8"))
        stats = TermStats.model_validate_json((folder / layout.TERM_STATS).read_text(encoding="utf-8"))
        local = FaissVectors(folder)
        bm25 = bm25s.BM25.load(str(folder / layout.BM25), show_progress=False)
    except Exception as exc:  # any unreadable part means the same thing to the user
        raise IndexCorrupt(strings.ERR_DAMAGED.format(folder=folder, error=type(exc).__name__)) from exc
    known = {(a.source, a.index) for a in articles}
    if len(articles) != info.articles or any((c.source, c.article_index) not in known for c in chunks):
        raise IndexCorrupt(strings.ERR_ARTICLES_MISMATCH.format(articles=len(articles), recorded=info.articles))
    ntotal, dim = local.store.client.ntotal, local.store.client.d
    if ntotal != len(chunks) or len(chunks) != info.chunks or dim != info.dim or stats.chunks != len(chunks):
        raise IndexCorrupt(strings.ERR_CHUNKS_MISMATCH.format(vectors=ntotal, chunks=len(chunks), recorded=info.chunks))
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
            error = f"{type(exc).__name__}: {exc}"
            raise IndexUnavailable(strings.ERR_MILVUS.format(uri=info.vector_store.uri, error=error)) from exc
    tokenizer = Tokenizer(vocabulary)
    embedder = embedder or load_embedder(info.embedder)
    index = LoadedIndex(folder, info, chunks, articles, vectors, bm25, embedder, tokenizer, stats)
    index.sentence_vectors.stored = _sentence_vectors(folder, info)
    return index


def _sentence_vectors(folder: Path, info: IndexInfo) -> dict[str, np.ndarray]:
    """The build's sentence vectors by text (read from disk as rows are needed); none for a build of format 3."""
    if info.format < layout.SENTENCE_VECTORS_SINCE:
        return {}
    try:
        texts = json.loads((folder / layout.SENTENCE_TEXTS).read_text(encoding="utf-8"))
        vectors = np.load(folder / layout.SENTENCE_VECTORS, mmap_mode="r")
    except Exception as exc:
        raise IndexCorrupt(strings.ERR_DAMAGED.format(folder=folder, error=type(exc).__name__)) from exc
    if len(texts) != len(vectors) or (len(texts) and vectors.shape[1] != info.dim):
        raise IndexCorrupt(strings.ERR_DAMAGED.format(folder=folder, error="sentence vectors"))
    return dict(zip(texts, vectors))
