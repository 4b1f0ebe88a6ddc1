"""The conversation log and feedback: SQLite by default (WAL: readers never block the writer, and a write
either lands whole or not at all, so stopping the server mid-write loses nothing that was acknowledged), or
PostgreSQL when the setting is a postgresql:// URL (several API replicas sharing one log)."""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from assistant.models import Answer

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


class ConversationLog:
    def __init__(self, target: str | Path):
        target = str(target)
        self.postgres = target.startswith(("postgresql://", "postgres://"))
        self._lock = threading.Lock()  # one statement at a time on the shared connection
        if self.postgres:
            import psycopg

            self._db = psycopg.connect(target, autocommit=True)
            schema = SCHEMA.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        else:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            schema = SCHEMA
        for statement in schema.split(";"):
            if statement.strip():
                self._db.execute(statement)

    def _run(self, sql: str, params: tuple = ()):
        """One statement, written with ? placeholders for both databases."""
        return self._db.execute(sql.replace("?", "%s") if self.postgres else sql, params)

    def record_answer(self, answer: Answer, conversation_id: str | None, channel: str) -> str:
        answer_id = uuid.uuid4().hex
        row = (
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
        with self._lock:
            self._run("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
        return answer_id

    def record_feedback(self, answer_id: str, rating: int, comment: str = "", replace: bool = False) -> bool:
        """False when the answer is unknown. With `replace`, a later rating of the same answer changes its
        row (keeping the earlier comment unless a new one is given) instead of adding one."""
        with self._lock:
            if not self._run("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone():
                return False
            if (
                replace
                and self._run(
                    "UPDATE feedback SET rating = ?, created_at = ?, comment = COALESCE(NULLIF(?, ''), comment) "
                    "WHERE answer_id = ?",
                    (rating, _now(), comment.strip(), answer_id),
                ).rowcount
            ):
                return True
            self._run(
                "INSERT INTO feedback (answer_id, created_at, rating, comment) VALUES (?,?,?,?)",
                (answer_id, _now(), rating, comment.strip()),
            )
        return True

    def rows(self, sql: str, params: tuple = ()) -> list[dict]:
        """A read query (? placeholders) as dicts, for the insight view."""
        with self._lock:
            cursor = self._run(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def feedback_rows(self) -> list[dict]:
        with self._lock:
            cursor = self._run(
                "SELECT f.created_at, f.rating, f.comment, a.id, a.conversation_id, a.question, a.answer, "
                "a.refused, a.mode, a.citations FROM feedback f JOIN answers a ON a.id = f.answer_id "
                "ORDER BY f.id"
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

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
            writer.writerows(rows)
        return len(rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()
