"""The access policy, limits and bad input, against the real app (JSON API + Gradio UI) under uvicorn on
loopback, configured as `reportqa serve` configures it. Numbers refer to the items of the hardening issue."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import httpx
import jieba.posseg
import pytest

from index.text import POS_HMM_BUDGET
from index.tokenizer import default_tokenizer
from tests.hardening import client_from, gradio_call, serving
from ui.guard import RateLimiter, RouteGroup
from ui.server import create_app

Q = "重庆与多少个国家建立了科技合作关系？"
KEY = "s3cret"
H = {"X-API-Key": KEY}


@pytest.fixture(scope="module")
def guarded(assistant, settings, tmp_path_factory):
    """Key on, rate limit off (the limit has its own servers below), small caps and deadlines."""
    db = tmp_path_factory.mktemp("log") / "log.db"
    s = settings.updated(
        server={
            "log_db": str(db),
            "api_key": KEY,
            "rate_limit_per_minute": 0,
            "max_body_bytes": 64 * 1024,
            "header_timeout": 1.0,
            "body_timeout": 1.0,
        }
    )
    with serving(create_app(s, assistant), s) as url:
        yield url, db


# 1. the UI path obeys the key ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/ui/"),
        ("GET", "/ui/gradio_api/info"),
        ("POST", "/ui/gradio_api/call/respond"),
        ("POST", "/ui/gradio_api/queue/join"),
        ("GET", "/ui/gradio_api/queue/data?session_hash=x"),
        ("GET", "/openapi.json"),
        ("POST", "/api/ask"),
        ("POST", "/api/ask/stream"),
        ("POST", "/api/feedback"),
    ],
)
def test_every_route_needs_the_key(guarded, method, path):
    url = guarded[0]
    body = {"data": [Q, []]} if "gradio" in path else {"question": Q}
    assert httpx.request(method, url + path, json=body).status_code == 401
    assert httpx.request(method, url + path, json=body, headers={"X-API-Key": "wrong"}).status_code == 401
    bare = httpx.request(method, url + path, json=body, headers={"Authorization": KEY})
    assert bare.status_code == 401 and "密钥" in bare.json()["detail"]  # a key without "Bearer" is no credential


def test_ui_and_api_answer_with_the_key(guarded):
    url = guarded[0]
    assert httpx.get(f"{url}/ui/", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert httpx.get(f"{url}/api/health").status_code == 200  # open for load balancers
    event, outputs = gradio_call(url, "respond", [Q, []], H)
    assert event == "complete" and "63个国家" in json.dumps(outputs[0], ensure_ascii=False)


def test_ui_feedback_comment_is_capped(guarded):
    url = guarded[0]
    event, outputs = gradio_call(url, "handler", ["长" * 2001], H)
    assert event == "complete" and "补充说明过长（2001 字）" in outputs[1]
    huge = httpx.post(f"{url}/ui/gradio_api/call/handler", json={"data": ["x" * 5_000_000]}, headers=H)
    assert huge.status_code == 413


# 2. uploads -------------------------------------------------------------------------------------------


def test_uploads_are_closed_and_files_never_served_as_pages(guarded, tmp_path):
    url = guarded[0]
    page = b"<html><script>alert(1)</script></html>"
    for path in ("/ui/gradio_api/upload", "/ui/gradio_api/upload?upload_id=1"):
        r = httpx.post(url + path, headers=H, files={"files": ("x.html", page, "text/html")})
        assert r.status_code == 404
    assert httpx.get(f"{url}/ui/gradio_api/upload_progress?upload_id=1", headers=H).status_code == 404
    assert httpx.get(f"{url}/ui/gradio_api/proxy=http://example.org/x", headers=H).status_code == 404
    served = httpx.get(f"{url}/ui/gradio_api/file={tmp_path}/x.html", headers=H)
    assert served.status_code in (403, 404)
    assert (
        served.headers["content-disposition"] == "attachment"
        and "sandbox" in served.headers.get_list("content-security-policy")[-1]
    )


# 4. rate limit: per peer, never per made-up header; feedback and UI included; bounded memory ----------


@pytest.fixture(scope="module")
def limited(assistant, settings, tmp_path_factory):
    s = settings.updated(
        server={
            "log_db": str(tmp_path_factory.mktemp("log") / "log.db"),
            "api_key": KEY,
            "rate_limit_per_minute": 6,
            "rate_limit_burst": 3,
        }
    )
    with serving(create_app(s, assistant), s) as url:
        yield url


def test_rate_limit_is_per_client_even_with_one_shared_key(limited):
    with client_from("127.0.0.1", headers=H, timeout=60) as a, client_from("127.0.0.2", headers=H, timeout=60) as b:
        codes = [a.post(f"{limited}/api/ask", json={"question": Q}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited_reply = a.post(f"{limited}/api/ask", json={"question": Q})
        assert int(limited_reply.headers["retry-after"]) >= 1 and "频繁" in limited_reply.json()["detail"]
        assert b.post(f"{limited}/api/ask", json={"question": Q}).status_code == 200  # another client
    with client_from("127.0.0.3", headers=H) as c:  # feedback counts too
        codes = [
            c.post(f"{limited}/api/feedback", json={"answer_id": "x", "rating": "up"}).status_code for _ in range(4)
        ]
        assert codes == [404, 404, 404, 429]
    # and the UI's events, which take from the same bucket and say so in the page instead of a 429 (Gradio
    # shows a 429 as an error over the whole chat)
    replies = [
        json.dumps(gradio_call(limited, "respond", [Q, []], H, 60, "127.0.0.4"), ensure_ascii=False) for _ in range(4)
    ]
    assert all("63个国家" in r for r in replies[:3])
    assert "操作过于频繁" in replies[3] and "63个国家" not in replies[3]


def test_one_clients_flood_does_not_take_every_ui_worker(guarded):
    import random
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(3)
    junk = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(500)) for _ in range(6)]
    with ThreadPoolExecutor(7) as pool:
        flood = [pool.submit(gradio_call, guarded[0], "respond", [q, []], H, 120, "127.0.0.7") for q in junk]
        time.sleep(0.3)
        other = gradio_call(guarded[0], "respond", [Q, []], H, 120, "127.0.0.8")
        replies = [json.dumps(f.result(), ensure_ascii=False) for f in flood]
    assert "63个国家" in json.dumps(other, ensure_ascii=False)
    assert sum("上一个问题还在回答中" in r for r in replies) >= 3  # at most 2 at once for one client


def test_made_up_headers_do_not_lift_the_limit(assistant, settings, tmp_path):
    s = settings.updated(server={"log_db": str(tmp_path / "log.db"), "rate_limit_per_minute": 5, "rate_limit_burst": 5})
    with serving(create_app(s, assistant, with_ui=False), s) as url:
        codes = [
            httpx.post(
                f"{url}/api/ask",
                json={"question": Q},
                headers={"X-API-Key": f"made-up-{i}", "X-Forwarded-For": f"10.0.0.{i}", "Authorization": f"Bearer {i}"},
                timeout=60,
            ).status_code
            for i in range(10)
        ]
    assert codes == [200] * 5 + [429] * 5


def test_limiter_memory_stays_bounded():
    limiter, group = RateLimiter(max_clients=1000), RouteGroup("api", "/api", per_minute=5)
    for i in range(20_000):
        assert limiter.take(group, f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}") == 0
    assert len(limiter) == 1000


# 5. CSV export ----------------------------------------------------------------------------------------

DANGEROUS = ['=HYPERLINK("http://evil.example","点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+2", "-3+4", "   =1+1"]


def test_csv_export_neutralises_formulas_and_keeps_the_text(guarded, tmp_path):
    url, db = guarded
    answer_id = httpx.post(f"{url}/api/ask", json={"question": Q}, headers=H, timeout=60).json()["answer_id"]
    for comment in [*DANGEROUS, "回答 = 报道原文", "\t=1+1"]:
        r = httpx.post(
            f"{url}/api/feedback", json={"answer_id": answer_id, "rating": "down", "comment": comment}, headers=H
        )
        assert r.status_code == 200
    out = tmp_path / "feedback.csv"
    env = {**os.environ, "REPORTQA_SERVER__LOG_DB": str(db)}  # PYTHONPATH: this checkout (conftest.py)
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "feedback", "export", "--out", str(out)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    import csv

    with open(out, encoding="utf-8-sig", newline="") as f:
        comments = [row["comment"] for row in csv.DictReader(f) if row["id"] == answer_id]
    stored = [c.strip() for c in DANGEROUS]  # the log trims the ends of a comment, nothing else
    assert comments[: len(DANGEROUS)] == ["'" + c for c in stored]
    assert comments[len(DANGEROUS)] == "回答 = 报道原文"  # text that is no formula is left alone
    assert all(not c.lstrip().startswith(("=", "+", "-", "@")) for c in comments)


# 6. bad input never 500s ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/ask", '{"question": "重庆\\ud800科技"}'),
        ("/api/ask/stream", '{"question": "重庆\\udfff科技"}'),
        ("/api/ask", '{"question": "重庆", "messages": [{"role": "user", "content": "\\ud800"}]}'),
        ("/api/feedback", '{"answer_id": "a", "rating": "up", "comment": "\\ud800"}'),
    ],
)
def test_lone_surrogates_get_422_in_chinese(guarded, path, body):
    r = httpx.post(guarded[0] + path, content=body, headers={**H, "content-type": "application/json"})
    assert r.status_code == 422 and "无法识别的字符" in r.json()["detail"]


def test_lone_surrogate_in_the_ui_gets_a_chinese_message(guarded):
    event, outputs = gradio_call(guarded[0], "respond", ["重庆\ud800科技", []], H)
    assert event == "complete" and "无法识别的字符" in json.dumps(outputs, ensure_ascii=False)


def test_nul_and_odd_ids_get_422(guarded):
    r = httpx.post(f"{guarded[0]}/api/ask", json={"question": Q, "conversation_id": "a\x00b"}, headers=H)
    assert r.status_code == 422 and "对话编号" in r.json()["detail"]


def test_bodies_over_the_cap_get_413(guarded):
    url = guarded[0]
    big = json.dumps({"question": Q, "conversation_id": "x" * 100_000})
    assert (
        httpx.post(f"{url}/api/ask", content=big, headers={**H, "content-type": "application/json"}).status_code == 413
    )

    def chunked():  # no Content-Length: counted while it arrives
        for _ in range(100):
            yield b" " * 4096
        yield big.encode()

    r = httpx.post(f"{url}/api/ask", content=chunked(), headers={**H, "content-type": "application/json"})
    assert r.status_code == 413 and "过大" in r.json()["detail"]
    assert httpx.post(f"{url}/ui/gradio_api/queue/join", content=big, headers=H).status_code == 413


def test_pathological_question_stays_within_the_tagging_budget(guarded, monkeypatch):
    import random

    rng = random.Random(7)
    rare = [chr(c) for c in range(0x4E00, 0x9FA5) if chr(c) not in jieba.posseg.char_state_tab_P]
    question = "".join(rng.choice(rare) for _ in range(500))
    hmm_chars = []
    real = jieba.posseg.viterbi

    def counting(obs, *args):  # the expensive characters: those with no state table (all states tried)
        hmm_chars.append(sum(1 for ch in obs if ch not in jieba.posseg.char_state_tab_P))
        return real(obs, *args)

    monkeypatch.setattr(jieba.posseg, "viterbi", counting)
    default_tokenizer().tagged_words(question)
    assert 0 < sum(hmm_chars) <= POS_HMM_BUDGET  # unbudgeted, all 500 go through the HMM (~2 s here)
    hmm_chars.clear()
    assert [w for w, _ in default_tokenizer().tagged_words(Q)] == [
        p.word for p in jieba.posseg.cut(Q) if p.word.strip()
    ]
    r = httpx.post(f"{guarded[0]}/api/ask", json={"question": question}, headers=H, timeout=60)
    assert r.status_code == 200 and r.json()["refused"]


def test_truncated_index_is_unhealthy_and_asks_get_503(index_dir, settings, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy, symlinks=True)
    articles = copy / "current" / "articles.jsonl"
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)
    for truncated in ("".join(lines[:-3]), "".join(lines)[: len("".join(lines)) // 2]):  # at a line end, mid-line
        articles.write_text(truncated, encoding="utf-8")
        s = settings.updated(index={"index_dir": copy}, server={"log_db": str(tmp_path / "log.db")})
        with serving(create_app(s, with_ui=False), s) as url:
            health = httpx.get(f"{url}/api/health")
            assert health.status_code == 503 and health.json()["status"] == "unavailable"
            assert str(tmp_path) not in health.text and "/builds/" not in health.text  # no server paths
            assert "重建索引" in health.json()["detail"]
            ask = httpx.post(f"{url}/api/ask", json={"question": Q})
            assert ask.status_code == 503 and str(tmp_path) not in ask.text


# 7. slow clients ----------------------------------------------------------------------------------------


def test_slow_headers_are_cut_off_and_health_stays_up(guarded):
    url = guarded[0]
    port = int(url.rsplit(":", 1)[1])
    slow = []
    for _ in range(200):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        slow.append(s)
    try:
        started = time.monotonic()
        assert httpx.get(f"{url}/api/health", timeout=10).status_code == 200
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 4.5  # header_timeout is 1 s here: each is closed well before
        closed = 0
        for s in slow:
            s.settimeout(max(0.01, deadline - time.monotonic()))  # recv returns b"" once the server has closed it
            try:
                closed += s.recv(1024) == b""
            except (ConnectionResetError, TimeoutError):
                closed += 0
        assert closed == len(slow)
    finally:
        for s in slow:
            s.close()


def test_stalled_body_gets_408(guarded):
    port = int(guarded[0].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(
            b"POST /api/ask HTTP/1.1\r\nHost: x\r\nX-API-Key: s3cret\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"question":'
        )
        s.settimeout(10)
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 408")


# 9. headers, docs, analytics, remote images ----------------------------------------------------------------


def test_security_headers_docs_and_analytics(guarded):
    url = guarded[0]
    for r in (
        httpx.get(f"{url}/api/health"),
        httpx.get(f"{url}/ui/", headers=H),
        httpx.post(f"{url}/api/ask", json={}),
    ):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        # a user's markdown image pointing elsewhere is never fetched by the browser
        assert "img-src 'self' data: blob:" in r.headers["content-security-policy"]
    assert httpx.get(f"{url}/docs", headers=H).status_code == 404  # Swagger would come from a CDN
    assert httpx.get(f"{url}/redoc", headers=H).status_code == 404
    schema = httpx.get(f"{url}/openapi.json", headers=H).json()
    assert schema["info"]["title"] == "reportqa"
    # an integrator reads there that follow-ups carry their earlier questions: no state is kept by conversation_id
    field = schema["components"]["schemas"]["AskRequest"]["properties"]["conversation_id"]
    assert "不凭它记住上文" in field["description"]
    import gradio.analytics

    assert not gradio.analytics.analytics_enabled()
