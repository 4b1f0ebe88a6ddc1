"""The conversation log on both databases it supports: SQLite (a file) and PostgreSQL (a real server
started on loopback for the test, as several API replicas would share one)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from assistant.models import Answer, Citation
from devtools.servers import free_port
from ui.feedback import ConversationLog

PG_BIN = Path(shutil.which("postgres") or "/usr/lib/postgresql/15/bin/postgres").parent


@pytest.fixture(scope="module")
def postgres_url():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not installed")
    runner = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]  # initdb refuses to run as root
    # outside pytest's root-only temp folder, so the postgres user can reach it
    data = Path(tempfile.mkdtemp(prefix="reportqa-pg-")) / "data"
    data.mkdir()
    if runner:
        shutil.chown(data, "postgres")
        shutil.chown(data.parent, "postgres")
    subprocess.run(
        [*runner, str(PG_BIN / "initdb"), "-D", str(data), "-U", "reportqa", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            *runner,
            str(PG_BIN / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(data),
            "-c",
            "listen_addresses=127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"postgresql://reportqa@127.0.0.1:{port}/postgres"
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        try:
            psycopg.connect(url).close()
            break
        except psycopg.OperationalError:
            assert server.poll() is None and time.monotonic() < deadline, "postgres did not start"
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(data.parent, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
def log(request, tmp_path):
    target = tmp_path / "log.db" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    log = ConversationLog(target)
    yield log
    log.close()


def answer(question: str) -> Answer:
    return Answer(
        question=question,
        standalone_question=question,
        answer=f"{question}的回答[1]",
        refused=False,
        citations=[Citation(n=1, source="000.txt", article_title="标题", quote="引文", score=0.1)],
    )


def test_answers_and_feedback_round_trip(log, tmp_path):
    first = log.record_answer(answer("问题一"), "conv-1", "api")
    log.record_answer(answer("问题二"), "conv-1", "ui")
    assert log.record_feedback(first, -1, "  数字不对  ")
    assert not log.record_feedback("no-such-answer", 1)
    rows = log.feedback_rows()
    assert len(rows) == 1 and rows[0]["question"] == "问题一" and rows[0]["rating"] == -1
    assert rows[0]["comment"] == "数字不对" and "引文" in rows[0]["citations"]
    out = tmp_path / "feedback.csv"
    assert log.export_csv(out) == 1
    with open(out, encoding="utf-8-sig") as f:
        assert next(csv.DictReader(f))["question"] == "问题一"


def test_concurrent_writers_lose_nothing(log):
    ids, lock = [], threading.Lock()

    def write(n: int):
        for i in range(20):
            answer_id = log.record_answer(answer(f"并发{n}-{i}"), f"c{n}", "api")
            assert log.record_feedback(answer_id, 1)
            with lock:
                ids.append(answer_id)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(ids) == 160 and {r["id"] for r in log.feedback_rows()} >= set(ids)


def test_rating_again_with_replace_changes_the_one_row(log):
    """The chat UI rates with replace=True: 👎 then 👍 on one answer leaves one row, rated 👍, the comment kept."""
    answer_id = log.record_answer(answer("改评价"), "conv-r", "ui")
    assert log.record_feedback(answer_id, -1, "数字不对", replace=True)
    assert log.record_feedback(answer_id, 1, "", replace=True)
    rows = [r for r in log.feedback_rows() if r["id"] == answer_id]
    assert [(r["rating"], r["comment"]) for r in rows] == [(1, "数字不对")]
    assert log.record_feedback(answer_id, -1, "还是不对", replace=True)
    rows = [r for r in log.feedback_rows() if r["id"] == answer_id]
    assert [(r["rating"], r["comment"]) for r in rows] == [(-1, "还是不对")]
    assert not log.record_feedback("no-such-answer", 1, replace=True)
