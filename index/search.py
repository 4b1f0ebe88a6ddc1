"""A loaded index: chunks, articles, vectors (FAISS or Milvus), BM25, its own tokenizer and term statistics;
hybrid search with reciprocal-rank fusion, and cached sentence vectors for ranking quotes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from corpus.models import Article
from index.embedders import Embedder
from index.models import Chunk, Hit, IndexInfo, TermStats
from index.text import to_simplified
from index.tokenizer import Tokenizer
from index.vectors import VectorBackend

SENTENCE_CACHE = 50_000  # sentence vectors kept for cross-lingual ranking (~80 MB at 384-d)
QUERY_CACHE = 1024  # query vectors kept: questions are asked again, and a cross-lingual one is embedded twice


class SentenceVectors:
    """Passage vectors of sentences: the build's (stored, by text), else embedded when first needed and kept,
    least recently added dropped first (an index of format 3 has none stored)."""

    def __init__(self, embedder: Embedder, size: int = SENTENCE_CACHE):
        self.embedder = embedder
        self.size = size
        self.stored: Mapping[str, np.ndarray] = {}
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def matrix(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) passage vectors, embedding only the texts not stored or cached yet."""
        unique = list(dict.fromkeys(texts))
        found = {t: self.stored[t] for t in unique if t in self.stored}
        with self._lock:
            found |= {t: self._vectors[t] for t in unique if t in self._vectors}
        missing = [t for t in unique if t not in found]
        if missing:
            vectors = self.embedder.embed_passages(missing)  # outside the lock: slow
            found.update(zip(missing, vectors))
            with self._lock:
                self._vectors.update(zip(missing, vectors))
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])


class LoadedIndex:
    def __init__(
        self,
        folder: Path,
        info: IndexInfo,
        chunks: list[Chunk],
        articles: list[Article],
        vectors: VectorBackend,
        bm25: bm25s.BM25,
        embedder: Embedder,
        tokenizer: Tokenizer,
        term_stats: TermStats,
    ):
        self.folder = folder
        self.info = info
        self.chunks = chunks
        self.articles = {(a.source, a.index): a for a in articles}
        self.vectors = vectors
        self.bm25 = bm25
        self.embedder = embedder
        self.tokenizer = tokenizer  # knows the words this index learned from its reports
        self.term_stats = term_stats  # computed by the build, for weighting a question's terms
        self.sentence_vectors = SentenceVectors(embedder)
        self.query_vector = lru_cache(maxsize=QUERY_CACHE)(self._query_vector)

    def _query_vector(self, text: str) -> np.ndarray:
        vector = self.embedder.embed_query(text)
        vector.setflags(write=False)  # shared by every later caller asking the same
        return vector

    def article_of(self, chunk: Chunk) -> Article:
        return self.articles[(chunk.source, chunk.article_index)]

    def dense(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.vectors.search(self.query_vector(to_simplified(query)), k)

    def sparse(self, query: str, k: int) -> list[tuple[int, float]]:
        q = list(self.tokenizer.tokens(query))
        if not q:
            return []
        scores = self.bm25.get_scores(q)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def similarities(self, query: str, texts: list[str]) -> np.ndarray:
        """Cosine similarity of the query to each text (for ranking sentences across languages)."""
        if not texts:
            return np.zeros(0, np.float32)
        return self.sentence_vectors.matrix([to_simplified(t) for t in texts]) @ self.query_vector(query)

    def search(
        self,
        query: str,
        k: int = 8,
        mode: str = "hybrid",
        depth: int = 30,
        rrf_k: int = 60,
        bm25_weight: float = 1.0,
        keywords: str | None = None,
    ) -> list[Hit]:
        """mode: hybrid | dense | bm25. bm25_weight scales BM25's share of the fused score. keywords: what BM25
        looks for instead of the query (the Chinese words of a question asked in another language)."""
        dense = self.dense(query, depth) if mode in ("hybrid", "dense") else []
        sparse = self.sparse(keywords or query, depth) if mode in ("hybrid", "bm25") else []
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
