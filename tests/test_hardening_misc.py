"""Hardening items outside the request path (items 8 and 9 of the hardening issue): LLM streams closed when
the client leaves, corpus symlinks, raw `ask --json`, the loader on a huge file, `index build` in a copy
made with `cp -rL`."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import threading
import time

import httpx

from assistant.llm import load_chat_model
from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS
from corpus.loader import load_corpus
from tests.hardening import serving
from tests.helpers import run_cli
from ui.server import create_app

Q = "重庆与多少个国家建立了科技合作关系？"


@contextlib.contextmanager
def slow_llm(state: dict):
    """An OpenAI-compatible endpoint on a raw loopback socket (so it sees exactly when the peer hangs up)
    that writes one token per 0.1 s for a minute; records when its client's connection closed."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve_one():
        conn, _ = server.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = int(
                next(ln.split(b":")[1] for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length"))
            )
            while len(body) < length:
                body += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            try:
                for i in range(600):
                    delta = {"role": "assistant", "content": f"重庆与63个国家[1]{i}"}
                    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m"}
                    chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": None}]
                    event = f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode()
                    conn.sendall(f"{len(event):x}\r\n".encode() + event + b"\r\n")
                    time.sleep(0.1)
            except OSError:  # the client hung up
                state["closed_at"] = time.monotonic()

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


def test_llm_stream_is_closed_when_the_client_leaves(loaded_index, settings, tmp_path):
    """A fake LLM (this is its own HTTP server, not a mock of reportqa's client)."""
    state: dict = {}
    with slow_llm(state) as llm_url:
        s = settings.updated(
            llm={"backend": "openai", "base_url": f"{llm_url}/v1"}, server={"log_db": str(tmp_path / "log.db")}
        )
        app = create_app(s, Assistant(loaded_index, s, load_chat_model(s)), with_ui=False)
        with serving(app, s) as url:
            with httpx.stream("POST", f"{url}/api/ask/stream", json={"question": Q}, timeout=60) as r:
                for line in r.iter_lines():
                    if line.startswith("event: token"):
                        break
                left = time.monotonic()
            deadline = left + 10
            while "closed_at" not in state and time.monotonic() < deadline:
                time.sleep(0.1)
    assert "closed_at" in state and state["closed_at"] - left < 5  # not the minute the model would write on


def test_symlinks_out_of_the_corpus_are_not_followed(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    outside = tmp_path / "secret.txt"
    outside.write_text("机密文件\n\n内部口令是 hunter2，不得外传。\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "linked").symlink_to(tmp_path, target_is_directory=True)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.txt").symlink_to(next(corpus.glob("000_*.txt")))  # inside the corpus: read
    loaded = load_corpus(corpus)
    assert not any("hunter2" in a.text for a in loaded.articles)
    skipped = {p.source for p in loaded.problems if p.skipped}
    assert "passwd.txt" in skipped and not any(a.source.startswith("linked/") for a in loaded.articles)
    assert any(a.source == "sub/inner.txt" for a in loaded.articles)


def test_ask_json_prints_raw_json(index_dir):
    question = "重庆与多少个国家建立了科技合作关系？:x: [bold]"
    done = run_cli("ask", question, "--json", index_dir=index_dir, env={"COLUMNS": "40"})
    data = json.loads(done.stdout)  # one line, no wrapping at 40 columns, no markup
    assert data["question"] == question and "❌" not in done.stdout


def test_loader_is_linear_on_a_huge_file(tmp_path, monkeypatch):
    import corpus.loader

    monkeypatch.setattr(corpus.loader, "LARGE_FILE_BYTES", 1 << 20)
    paragraphs = [
        f"第{i}段：重庆市第{i}个科技项目于今年签约，投资{i * 7}万元，带动就业{i % 97}人。" for i in range(40_000)
    ]
    text = "重庆科技项目汇编\n\n" + "\n\n".join(paragraphs) + "\n\n" + paragraphs[5] + "\n"  # and one repeat
    (tmp_path / "huge.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    loaded = load_corpus(tmp_path)
    elapsed = time.perf_counter() - started
    kept = [p.text for a in loaded.articles for p in a.paragraphs]
    assert len(kept) == 40_000 and kept[-1] == paragraphs[-1]  # the repeat is dropped, nothing else
    assert any("文件很大" in p.message and not p.skipped for p in loaded.problems)
    # quadratic, 40k paragraphs are ~800M substring checks (minutes); linear, a couple of seconds
    assert elapsed < 30, elapsed


def test_index_build_in_a_cp_rL_copy_fails_cleanly(index_dir, tmp_path):
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-rL", str(index_dir), str(copy)], check=True)
    assert (copy / "current").is_dir() and not (copy / "current").is_symlink()
    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    (corpus / "new.txt").write_text("新增报道\n\n本报讯 重庆新增一个科技合作项目。\n", encoding="utf-8")
    done = run_cli("index", "build", "--corpus", str(corpus), "--out", str(copy), index_dir=copy, check=False)
    assert done.returncode == 2 and "cp -rL" in done.stderr and "Traceback" not in done.stderr
    assert not [p for p in copy.iterdir() if p.name.startswith(".current")]  # no stray link
    assert not [p for p in (copy / "builds").iterdir() if p.name.endswith(".tmp")]
