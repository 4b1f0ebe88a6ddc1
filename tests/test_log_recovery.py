"""The conversation log through a PostgreSQL restart (item 3 of the hardening issue): a real server started
from Debian's binaries, stopped and started again while reportqa serves on loopback. Nothing acknowledged
is lost, no request gets a 500, health turns unhealthy and recovers."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from devtools.servers import free_port
from tests.hardening import serving
from ui.server import create_app

PG_BIN = Path(shutil.which("postgres") or "/usr/lib/postgresql/15/bin/postgres").parent
Q = "重庆与多少个国家建立了科技合作关系？"


class Postgres:
    def __init__(self):
        self.runner = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]  # initdb refuses root
        self.folder = Path(tempfile.mkdtemp(prefix="reportqa-pg-"))  # reachable by the postgres user
        self.data = self.folder / "data"
        self.data.mkdir()
        if self.runner:
            shutil.chown(self.data, "postgres")
            shutil.chown(self.folder, "postgres")
        subprocess.run(
            [
                *self.runner,
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "reportqa",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.port = free_port()
        self.url = f"postgresql://reportqa@127.0.0.1:{self.port}/postgres"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [*self.runner, str(PG_BIN / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.data)]
            + ["-c", "listen_addresses=127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import psycopg

        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.url).close()
                return
            except psycopg.OperationalError:
                assert self.proc.poll() is None and time.monotonic() < deadline, "postgres did not start"
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()  # smart shutdown would wait for reportqa's pooled connections: use fast
        self.proc.wait(timeout=60)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def postgres():
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not installed")
    pg = Postgres()
    pg.start()
    yield pg
    if pg.proc.poll() is None:
        pg.stop()
    shutil.rmtree(pg.folder, ignore_errors=True)


def test_log_survives_a_database_restart(assistant, settings, postgres):
    s = settings.updated(server={"log_db": postgres.url, "rate_limit_per_minute": 0})
    app = create_app(s, assistant, with_ui=False)
    app.state.log.retry_seconds = 0.5
    with serving(app, s) as url, httpx.Client(timeout=60) as c:
        before = c.post(f"{url}/api/ask", json={"question": Q, "conversation_id": "c-1"})
        assert before.status_code == 200 and c.get(f"{url}/api/health").json()["log_ok"]
        assert c.post(f"{url}/api/feedback", json={"answer_id": before.json()["answer_id"], "rating": "up"}).is_success

        postgres.stop()
        during = [c.post(f"{url}/api/ask", json={"question": Q, "conversation_id": "c-1"}) for _ in range(3)]
        assert [r.status_code for r in during] == [200] * 3  # the answers are not thrown away
        assert all("63个国家" in r.json()["answer"] for r in during)
        health = c.get(f"{url}/api/health")
        assert health.status_code == 503 and health.json()["log_ok"] is False
        assert health.json()["log_pending"] == 3
        rated = c.post(f"{url}/api/feedback", json={"answer_id": during[0].json()["answer_id"], "rating": "down"})
        assert rated.status_code == 503 and "稍后再试" in rated.json()["detail"]  # not stored, not acknowledged

        postgres.start()
        deadline = time.monotonic() + 30
        while (health := c.get(f"{url}/api/health")).status_code != 200:
            assert time.monotonic() < deadline, health.text
            time.sleep(0.3)
        assert health.json()["log_ok"] and health.json()["log_pending"] == 0
        after = c.post(f"{url}/api/ask", json={"question": Q, "conversation_id": "c-1"})
        assert after.status_code == 200
        retry = c.post(f"{url}/api/feedback", json={"answer_id": during[0].json()["answer_id"], "rating": "down"})
        assert retry.status_code == 200

    ids = {row[0] for row in postgres.rows("SELECT id FROM answers WHERE conversation_id = 'c-1'")}
    given = [before, *during, after]
    assert {r.json()["answer_id"] for r in given} <= ids  # every answer handed out is in the log
    assert postgres.rows("SELECT count(*) FROM feedback")[0][0] == 2


def test_nul_bytes_never_500(assistant, settings, postgres):
    s = settings.updated(server={"log_db": postgres.url, "rate_limit_per_minute": 0})
    with serving(create_app(s, assistant, with_ui=False), s) as url, httpx.Client(timeout=60) as c:
        bad_id = c.post(f"{url}/api/ask", json={"question": Q, "conversation_id": "a\x00b"})
        assert bad_id.status_code == 422 and "对话编号" in bad_id.json()["detail"]
        answer = c.post(f"{url}/api/ask", json={"question": "重庆\x00与多少个国家建立了科技合作关系？"})
        assert answer.status_code == 200
        answer_id = answer.json()["answer_id"]
        rated = c.post(f"{url}/api/feedback", json={"answer_id": answer_id, "rating": "up", "comment": "好\x00用"})
        assert rated.status_code == 200
    assert postgres.rows("SELECT comment FROM feedback WHERE answer_id = %s", (answer_id,)) == [("好用",)]
