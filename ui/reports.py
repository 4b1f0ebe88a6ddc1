"""Adding and removing reports in the corpus folder, and rebuilding the index in the background: what the
`reportqa reports` commands and the admin API share.

An upload is checked and extracted before anything is written: a file that cannot be read never reaches the
corpus folder, so the served index and the reports already in it stay as they are. Files are written under a
sanitised name (no folders, no path tricks) with an atomic rename. The rebuild goes through build_index,
which embeds only the new file's chunks (embeddings are reused by content hash) and swaps `current`
atomically; the server then loads the new build while requests in flight finish on the old one. When a
rebuild fails, the file it was started for is taken out again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.settings import Settings
from corpus import formats
from corpus.loader import EXTRACT_CACHE, METADATA_FILE, decode_report, parse_report
from index.layout import read_info
from ui import strings

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
RESERVED = {METADATA_FILE.lower(), "readme.md"}
# how to undo changes to the folder: a file's name, and its bytes and metadata before (None: it had none).
# Named here because inside ReportManager `list` is the method.
Rollbacks = list[tuple[str, bytes | None, dict | None]]


class ReportError(ValueError):
    """A report cannot be added or removed; the message (Chinese) names the file and the reason."""


class ArticlePreview(BaseModel):
    title: str
    date: str | None
    date_basis: str
    first_lines: str
    paragraphs: int
    characters: int


class Preview(BaseModel):
    name: str  # the sanitised file name it will be stored under
    kind: str
    pages: int = 0
    ocr_pages: int = 0
    articles: list[ArticlePreview]
    warnings: list[str] = Field(default_factory=list)


class ReportEntry(BaseModel):
    name: str
    bytes: int
    modified: str
    indexed: bool  # the current index holds this very file (same content hash)
    date: str | None = None


class BuildStatus(BaseModel):
    state: str = "idle"  # idle | running | done | failed
    message: str = ""
    done: int = 0
    total: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    seconds: float | None = None
    embedded: int | None = None
    articles: int | None = None
    chunks: int | None = None


def safe_name(filename: str) -> str:
    """The file name without any folder part, control or shell characters; its extension kept."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = re.sub(r"[^\w\u3400-\u9fff（）()·—\-]+", "_", stem).strip("_")[:100] or "report"
    suffix = re.sub(r"[^A-Za-z0-9]", "", suffix).lower()
    return f"{stem}.{suffix}" if suffix else stem


def _checked_name(filename: str, date: str | None) -> str:
    name = safe_name(filename)
    if name.lower() in RESERVED:
        raise ReportError(strings.ADMIN_RESERVED_NAME.format(name=name))
    if date and not DATE.match(date):
        raise ReportError(strings.ADMIN_BAD_DATE.format(date=date))
    return name


def needs_ocr(raw: bytes, filename: str, date: str | None = None, cache_dir: Path | None = None) -> bool:
    """Whether previewing this file means OCR (slow: the admin API then previews it in the background).
    A file that is refused for its name, date or type raises ReportError here already, at once."""
    name = _checked_name(filename, date)
    try:
        formats.check_type(raw, name)
    except formats.FormatError as exc:
        raise ReportError(str(exc)) from exc
    return formats.needs_ocr(raw, cache_dir)


def preview(
    raw: bytes,
    filename: str,
    date: str | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    ocr_timeout: float = formats.OCR_PAGE_TIMEOUT,
) -> Preview:
    """What the loader will make of a file, without storing it. ReportError when it cannot be read (a scanned
    page over `ocr_timeout` seconds among the reasons). `progress(pages done, pages)` follows a PDF being read."""
    name = _checked_name(filename, date)
    try:
        kind = formats.check_type(raw, name)
        warnings = []
        meta: dict = {}
        pages = ocr_pages = 0
        if kind == "text":
            text, problem = decode_report(raw, name)
            if problem:
                warnings.append(problem.message)
            if text is None:
                assert problem is not None  # decode_report always says why there is no text
                raise ReportError(problem.message)
        else:
            extracted = formats.extract(raw, name, cache_dir=cache_dir, progress=progress, ocr_timeout=ocr_timeout)
            text, pages, ocr_pages = extracted.text, extracted.pages, extracted.ocr_pages
            if extracted.date:
                meta = {"date": extracted.date, "basis": extracted.date_basis}
    except formats.FormatError as exc:
        raise ReportError(str(exc)) from exc
    if date:
        meta = {"date": date, "basis": strings.ADMIN_DATE_BASIS}
    articles = parse_report(text, name, meta)
    if not articles:
        raise ReportError(strings.ADMIN_NO_ARTICLES.format(name=name))
    return Preview(
        name=name,
        kind=kind,
        pages=pages,
        ocr_pages=ocr_pages,
        warnings=warnings,
        articles=[
            ArticlePreview(
                title=a.title,
                date=a.date,
                date_basis=a.date_basis,
                first_lines=a.text[:120],
                paragraphs=len(a.paragraphs),
                characters=len(a.text),
            )
            for a in articles
        ],
    )


class ReportManager:
    """The corpus folder and one background build at a time (requests during a build queue one more)."""

    def __init__(self, settings: Settings, embedder_of=None):
        self.settings = settings
        self.corpus = Path(settings.index.corpus_dir)
        self.embedder_of = embedder_of  # () -> a loaded embedder to reuse, or None
        self.status = BuildStatus()
        self._lock = threading.Lock()
        self._pending: Rollbacks = []  # rollbacks for the queued changes
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- the folder

    def list(self) -> list[ReportEntry]:
        try:
            files = read_info(self.settings.index.index_dir).files
        except Exception:  # no index yet: nothing is indexed
            files = {}
        meta = self._metadata()
        out = []
        suffixes = {".txt", ".md"} | formats.SUFFIXES
        for path in sorted(self.corpus.rglob("*")):
            rel = path.relative_to(self.corpus).as_posix()
            if not path.is_file() or path.suffix.lower() not in suffixes or rel.startswith("."):
                continue
            if path.name.lower() in RESERVED:
                continue
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out.append(
                ReportEntry(
                    name=rel,
                    bytes=stat.st_size,
                    modified=datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(timespec="seconds"),
                    indexed=files.get(rel) == digest,
                    date=(meta.get(rel) or {}).get("date"),
                )
            )
        return out

    def add(self, raw: bytes, filename: str, date: str | None = None, replace: bool = False) -> Preview:
        """Check, store and queue a rebuild. Raises ReportError before writing anything when the file is bad."""
        if len(raw) > self.settings.server.admin_max_upload_mb * 1024 * 1024:
            raise ReportError(
                strings.ADMIN_TOO_LARGE.format(name=safe_name(filename), limit=self.settings.server.admin_max_upload_mb)
            )
        timeout = self.settings.index.ocr_page_timeout
        result = preview(raw, filename, date, self.corpus / EXTRACT_CACHE, ocr_timeout=timeout)
        target = self.corpus / result.name
        with self._lock:
            old = target.read_bytes() if target.exists() else None
            if old is not None and old != raw and not replace:
                raise ReportError(strings.ADMIN_EXISTS.format(name=result.name))
            meta = self._metadata()
            old_meta = meta.get(result.name)
            self.corpus.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.upload")
            tmp.write_bytes(raw)
            os.replace(tmp, target)
            if date:
                meta[result.name] = {"date": date, "basis": strings.ADMIN_DATE_BASIS}
                self._write_metadata(meta)
            self._pending.append((result.name, old, old_meta))
        self.rebuild()
        return result

    def remove(self, name: str) -> None:
        root = self.corpus.resolve()
        target = (root / name.strip()).resolve()  # as listed; anything resolving outside the folder is refused
        if root not in target.parents or not target.is_file() or target.name.lower() in RESERVED:
            raise ReportError(strings.ADMIN_NOT_FOUND.format(name=name))
        rel = target.relative_to(root).as_posix()
        with self._lock:
            remaining = [e for e in self.list() if e.name != rel]
            if not remaining:
                raise ReportError(strings.ADMIN_LAST_REPORT.format(name=rel))
            old = target.read_bytes()
            meta = self._metadata()
            old_meta = meta.pop(rel, None)
            target.unlink()
            if old_meta is not None:
                self._write_metadata(meta)
            self._pending.append((rel, old, old_meta))
        self.rebuild()

    def _metadata(self) -> dict:
        path = self.corpus / METADATA_FILE
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except (OSError, ValueError):
            return {}

    def _write_metadata(self, meta: dict) -> None:
        path = self.corpus / METADATA_FILE
        tmp = path.with_name(f".{METADATA_FILE}.tmp")
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    def _rollback(self, changes: Rollbacks) -> None:
        """Put the folder back as it was before these changes (latest first)."""
        meta = self._metadata()
        for name, old, old_meta in reversed(changes):
            target = self.corpus / name
            if old is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(old)
            if old_meta is None:
                meta.pop(name, None)
            else:
                meta[name] = old_meta
        self._write_metadata(meta)

    # ---------------------------------------------------------------- the background build

    def rebuild(self) -> None:
        """Start a build unless one is running; a running build picks up queued changes when it ends."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, daemon=True, name="reportqa-build")
            self._thread.start()

    def wait(self, timeout: float | None = None) -> BuildStatus:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.status

    def _run(self) -> None:
        while True:
            with self._lock:
                changes, self._pending = self._pending, []
            self._build(changes)
            with self._lock:
                if not self._pending:
                    return

    def _build(self, changes: Rollbacks) -> None:
        started = time.perf_counter()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.status = BuildStatus(state="running", message=strings.ADMIN_BUILD_RUNNING, started_at=now)

        def progress(done: int, total: int) -> None:
            self.status.done, self.status.total = done, total

        s = self.settings
        embedder = self.embedder_of() if self.embedder_of else None
        if embedder is not None and embedder.spec != s.index.embedder:
            embedder = None
        # imported here: listing reports or refusing a removal needs none of the embedding stack (~4 s to import)
        from index.store import build_index

        try:
            with _build_lock(Path(s.index.index_dir)):
                info, _, _ = build_index(
                    s.index.corpus_dir,
                    s.index.index_dir,
                    embedder_spec=s.index.embedder,
                    chunk_size=s.index.chunk_size,
                    chunk_overlap=s.index.chunk_overlap,
                    embedder=embedder,
                    progress=progress,
                    vector_store=s.vector_store_spec(),
                    ocr_timeout=s.index.ocr_page_timeout,
                )
        except Exception as exc:  # any failure leaves the served index as it was; the folder goes back too
            with self._lock:
                self._rollback(changes)
            self.status = BuildStatus(
                state="failed",
                message=strings.ADMIN_BUILD_FAILED.format(error=f"{type(exc).__name__}: {exc}"),
                started_at=now,
                finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
            return
        self.status = BuildStatus(
            state="done",
            message=strings.ADMIN_BUILD_DONE.format(
                articles=info.articles, chunks=info.chunks, embedded=info.vectors_embedded
            ),
            done=self.status.done,
            total=self.status.total,
            started_at=now,
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
            seconds=round(time.perf_counter() - started, 2),
            embedded=info.embedded,
            articles=info.articles,
            chunks=info.chunks,
        )


@contextlib.contextmanager
def _build_lock(index_dir: Path):
    """One build at a time across processes (the server's admin page and `reportqa reports` in a shell):
    the later build then loads the folder after the earlier one's change and keeps both."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
