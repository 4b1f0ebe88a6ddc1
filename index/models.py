"""Data produced by the index layer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Chunk(BaseModel):
    id: str  # content hash: stable across rebuilds while the text and its article stay the same
    source: str  # file path relative to the corpus folder
    article_index: int
    article_title: str
    article_date: str | None = None
    section: str = ""
    paragraph_start: int  # paragraphs [start, end) of the article, for showing context
    paragraph_end: int
    text: str  # verbatim sentences of the article

    @property
    def embed_text(self) -> str:
        """What is embedded and BM25-indexed: the title (and section) travel with every chunk."""
        head = self.article_title if not self.section else f"{self.article_title}｜{self.section}"
        return f"{head}\n{self.text}"


class Hit(BaseModel):
    chunk: Chunk
    score: float  # fused (reciprocal-rank) score
    dense_score: float | None = None  # cosine similarity, when the dense retriever found it
    bm25_score: float | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None


class VectorStoreSpec(BaseModel):
    kind: Literal["faiss", "milvus"] = "faiss"
    uri: str = ""  # milvus: a local path (Milvus Lite, inside each build) or http://host:19530
    collection: str = "reportqa"


class IndexInfo(BaseModel):
    format: int
    embedder: str
    dim: int
    chunk_size: int
    chunk_overlap: int
    corpus_root: str
    corpus_hash: str
    files: dict[str, str]  # source -> sha256
    articles: int
    chunks: int
    duplicates_removed: int
    embedded: int  # chunks embedded by this build (the rest came from the previous build)
    sentences_embedded: int = 0  # sentences embedded by this build (for ranking quotes across languages)
    built_at: str
    build_seconds: float
    vector_store: VectorStoreSpec = VectorStoreSpec()
    vector_changes: dict[str, int] = {}  # milvus: chunks added / deleted by this build

    @property
    def vectors_embedded(self) -> int:
        """Every vector this build computed, its chunks' and its sentences' (what build messages count)."""
        return self.embedded + self.sentences_embedded


class TermStats(BaseModel):
    """Term statistics of a build's chunks, computed once by the build for weighting a question's terms.
    Words and tokens are in `index.text.norm` form, cut by the index's own tokenizer."""

    chunks: int
    doc_freq: dict[str, int]  # search token -> number of chunks (title included) that contain it
    words: list[str]  # every word (accurate mode) the chunks contain, sorted
