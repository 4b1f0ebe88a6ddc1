"""The conversation log and feedback: SQLite by default (WAL: readers never block the writer, and a write
either lands whole or not at all, so stopping the server mid-write loses nothing that was acknowledged), or
PostgreSQL when the setting is a postgresql:// URL (several API replicas sharing one log).

PostgreSQL goes through a connection pool that checks each connection before use, so a database restart
costs the requests made while it is down, not every request until reportqa restarts. An answer is never
thrown away because the log cannot take it: it is returned, the failure is logged, and the row waits in
memory to be written when the database is back (`pending` counts them; /api/health reports it)."""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import threading
import uuid
from collections import deque
from datetime import UTC, datetime
from pathlib import Path

from assistant.models import Answer

log = logging.getLogger(__name__)
MAX_COMMENT_CHARS = 2000  # the API rejects longer comments; the log never stores more
MAX_PENDING = 100_000  # answers held while the database is down (~2 KB each)
FORMULA_START = ("=", "+", "-", "@")  # what makes Excel/WPS read a cell as a formula

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    conversation_id TEXT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    standalone_question TEXT,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    mode TEXT NOT NULL,
    warning TEXT,
    citations TEXT NOT NULL,  -- JSON
    total_ms REAL,
    channel TEXT  -- api | ui
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL REFERENCES answers(id),
    created_at TEXT NOT NULL,
    rating INTEGER NOT NULL,  -- 1 useful, -1 not useful
    comment TEXT
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _clean(value):
    """Text as both databases can store it: no NUL (PostgreSQL refuses it), no lone surrogates."""
    if not isinstance(value, str):
        return value
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def csv_cell(value):
    """A cell a spreadsheet shows as text: one that would start a formula (after any leading whitespace,
    which spreadsheets skip) or that starts with a tab or CR gets a leading apostrophe; nothing is removed."""
    if isinstance(value, str) and (value.startswith(("\t", "\r")) or value.lstrip().startswith(FORMULA_START)):
        return "'" + value
    return value


class LogUnavailable(RuntimeError):
    """The database cannot be reached now."""


class ConversationLog:
    def __init__(self, target: str | Path, retry_seconds: float = 2.0):
        target = str(target)
        self.postgres = target.startswith(("postgresql://", "postgres://"))
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()  # SQLite: one statement at a time on the shared connection
        self._pending: deque[tuple] = deque()
        self._pending_lock = threading.Lock()
        self._flushing = threading.Lock()
        self._retrying = threading.Event()
        self._closed = threading.Event()
        self._schema_ready = False
        if self.postgres:
            import psycopg
            from psycopg_pool import ConnectionPool, PoolTimeout

            self._errors: tuple[type[Exception], ...] = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)
            self._schema = SCHEMA.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
            self._pool = ConnectionPool(
                target,
                min_size=1,
                max_size=4,
                kwargs={"autocommit": True, "connect_timeout": 3},
                check=ConnectionPool.check_connection,  # a connection the restart broke is replaced, not used
                timeout=3,  # seconds a request waits for a connection before the log counts as down
                open=True,
            )
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self._errors = (sqlite3.OperationalError,)
            self._schema = SCHEMA
            self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
        try:
            self._with_db(lambda run: None)  # creates the tables now if the database is there
        except LogUnavailable as exc:
            log.error("conversation log unavailable at start: %s", exc)

    # ------------------------------------------------------------ database access

    def _with_db(self, work):
        """work(run) with run(sql, params) bound to one connection; LogUnavailable when it cannot be had."""
        try:
            if self.postgres:
                with self._pool.connection() as conn:
                    return self._work(lambda sql, p=(): conn.execute(sql.replace("?", "%s"), p), work)
            with self._lock:
                return self._work(self._db.execute, work)
        except self._errors as exc:
            raise LogUnavailable(f"{type(exc).__name__}: {exc}".splitlines()[0]) from exc

    def _work(self, run, work):
        if not self._schema_ready:
            for statement in self._schema.split(";"):
                if statement.strip():
                    run(statement)
            self._schema_ready = True
        return work(run)

    def _insert_answers(self, rows: list[tuple]) -> None:
        def insert(run):
            for row in rows:
                run("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING", row)

        self._with_db(insert)

    def flush(self) -> int:
        """Write the answers held while the database was down; the number still waiting."""
        with self._flushing:  # one at a time: two would each pop the rows both wrote, and then unwritten ones
            with self._pending_lock:
                rows = list(self._pending)
            if rows:
                self._insert_answers(rows)
                with self._pending_lock:
                    for _ in rows:
                        self._pending.popleft()
                log.warning("conversation log back: wrote %d held answers", len(rows))
        return self.pending

    @property
    def pending(self) -> int:
        return len(self._pending)

    def _retry_until_written(self) -> None:
        while not self._closed.wait(self.retry_seconds):
            try:
                if self.flush() == 0:
                    break
            except LogUnavailable:
                continue
        self._retrying.clear()

    # ------------------------------------------------------------ the log

    def record_answer(self, answer: Answer, conversation_id: str | None, channel: str) -> str:
        """Stores the answer and returns its id. If the database is down, the answer is held and written
        when it is back: the caller still gets the id and returns the answer."""
        answer_id = uuid.uuid4().hex
        row = tuple(
            _clean(v)
            for v in (
                answer_id,
                conversation_id,
                _now(),
                answer.question,
                answer.standalone_question,
                answer.answer,
                int(answer.refused),
                answer.mode,
                answer.warning,
                json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False),
                answer.timings_ms.total,
                channel,
            )
        )
        try:
            if self._retrying.is_set():  # known to be down: do not make the user wait for a timeout
                raise LogUnavailable("waiting for the database to come back")
            self._insert_answers([row])
        except LogUnavailable as exc:
            log.error("conversation log write failed, answer %s held for retry: %s", answer_id, exc)
            with self._pending_lock:
                if len(self._pending) >= MAX_PENDING:
                    lost = self._pending.popleft()
                    log.error("conversation log: too many held answers, dropped %s", lost[0])
                self._pending.append(row)
            if not self._retrying.is_set():
                self._retrying.set()
                threading.Thread(target=self._retry_until_written, daemon=True, name="log-retry").start()
        return answer_id

    def record_feedback(self, answer_id: str, rating: int, comment: str = "", replace: bool = False) -> bool:
        """False when the answer is unknown; LogUnavailable when the database is down (nothing stored, so
        the caller must say so rather than thank the user). With `replace`, a later rating of the same answer
        changes its row (keeping the earlier comment unless a new one is given) instead of adding one."""
        comment = _clean(comment.strip())[:MAX_COMMENT_CHARS]
        answer_id = _clean(answer_id)
        if self._retrying.is_set() or self.pending:
            self.flush()  # raises while the database is still down; the held answer may be the one rated

        def write(run) -> bool:
            if not run("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone():
                return False
            if (
                replace
                and run(
                    "UPDATE feedback SET rating = ?, created_at = ?, comment = COALESCE(NULLIF(?, ''), comment) "
                    "WHERE answer_id = ?",
                    (rating, _now(), comment, answer_id),
                ).rowcount
            ):
                return True
            run(
                "INSERT INTO feedback (answer_id, created_at, rating, comment) VALUES (?,?,?,?)",
                (answer_id, _now(), rating, comment),
            )
            return True

        return self._with_db(write)

    def check(self) -> bool:
        """Whether the database answers now (and, if so, held answers are written)."""
        try:
            self._with_db(lambda run: run("SELECT 1").fetchone())
            if self.pending:
                self.flush()
            return True
        except LogUnavailable:
            return False

    def rows(self, sql: str, params: tuple = ()) -> list[dict]:
        """A read query (? placeholders) as dicts, for the insight view."""

        def read(run):
            cursor = run(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

        return self._with_db(read)

    def feedback_rows(self) -> list[dict]:
        def read(run):
            cursor = run(
                "SELECT f.created_at, f.rating, f.comment, a.id, a.conversation_id, a.question, a.answer, "
                "a.refused, a.mode, a.citations FROM feedback f JOIN answers a ON a.id = f.answer_id "
                "ORDER BY f.id"
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

        return self._with_db(read)

    def export_csv(self, out: Path) -> int:
        rows = self.feedback_rows()
        names = [
            "created_at",
            "rating",
            "comment",
            "id",
            "conversation_id",
            "question",
            "answer",
            "refused",
            "mode",
            "citations",
        ]
        with open(out, "w", newline="", encoding="utf-8-sig") as f:  # the BOM lets Excel read the Chinese
            writer = csv.DictWriter(f, fieldnames=names)
            writer.writeheader()
            writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        return len(rows)

    def close(self) -> None:
        self._closed.set()
        try:
            self.flush()
        except LogUnavailable as exc:
            log.error("conversation log closed with %d answers unwritten: %s", self.pending, exc)
        if self.postgres:
            self._pool.close()
        else:
            with self._lock:
                self._db.close()
