"""Previews that need OCR, run in the background. Tesseract takes ~30-50 s a scanned page, so behind the
portal's nginx (120 s proxy timeout) a request waiting for a few pages would fail and the official would
lose the upload. The admin API starts a job instead and answers at once with its id; the page polls it.

One job reads at a time (OCR fills a core and the machine has two: the other keeps answering questions);
later ones wait their turn, and at most MAX_ACTIVE are running or waiting, since each holds its upload in
memory. Finished jobs are kept for polling, the oldest dropped beyond KEEP. The jobs live in the server
process: a restart forgets them (the page then says to upload again; what was read is in the extract cache).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

from pydantic import BaseModel

from ui import strings
from ui.reports import Preview, ReportError

KEEP = 20
MAX_ACTIVE = 4

Progress = Callable[[int, int], None]


class JobsBusy(RuntimeError):
    """Too many previews running or waiting; the message (Chinese) says so."""


class PreviewJob(BaseModel):
    job: str
    name: str  # the file, as the preview will name it
    state: str = "running"  # running | done | failed
    done: int = 0  # pages read
    total: int = 0  # pages in the file; 0 until reading starts
    message: str = ""
    preview: Preview | None = None  # when done: what the preview answers directly for other files


class PreviewJobs:
    def __init__(self, keep: int = KEEP, max_active: int = MAX_ACTIVE):
        self.keep, self.max_active = keep, max_active
        self._jobs: dict[str, PreviewJob] = {}  # oldest first
        self._by_upload: dict[str, str] = {}  # upload (content, name, date) -> its job: one job for a double click
        self._lock = threading.Lock()
        self._reading = threading.Lock()  # one OCR at a time

    def submit(self, upload: str, name: str, work: Callable[[Progress], Preview]) -> PreviewJob:
        """A job running `work(progress)`, or the running job for the same upload. JobsBusy when full."""
        with self._lock:
            same = self._jobs.get(self._by_upload.get(upload, ""))
            if same is not None and same.state == "running":
                return same.model_copy(deep=True)
            active = sum(j.state == "running" for j in self._jobs.values())
            if active >= self.max_active:
                raise JobsBusy(strings.ADMIN_OCR_BUSY.format(n=active))
            job = PreviewJob(job=secrets.token_urlsafe(12), name=name, message=strings.ADMIN_OCR_STARTING)
            self._jobs[job.job] = job
            self._by_upload[upload] = job.job
            self._forget_old()
            copy = job.model_copy(deep=True)
        threading.Thread(target=self._run, args=(job.job, name, work), daemon=True, name="reportqa-ocr").start()
        return copy

    def get(self, job_id: str) -> PreviewJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else job.model_copy(deep=True)

    def _update(self, job_id: str, **fields) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                for field, value in fields.items():
                    setattr(job, field, value)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state != "running"]
        for job in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[job.job]
        self._by_upload = {k: v for k, v in self._by_upload.items() if v in self._jobs}

    def _run(self, job_id: str, name: str, work: Callable[[Progress], Preview]) -> None:
        if not self._reading.acquire(blocking=False):
            self._update(job_id, message=strings.ADMIN_OCR_WAITING)
            self._reading.acquire()

        def progress(done: int, total: int) -> None:
            message = strings.ADMIN_OCR_PROGRESS.format(done=done, total=total)
            self._update(job_id, done=done, total=total, message=message)

        try:
            result = work(progress)
        except ReportError as exc:  # names the file and the reason, as the direct preview does
            self._update(job_id, state="failed", message=str(exc))
        except Exception as exc:  # whatever broke, the page must hear of it rather than poll forever
            error = f"{type(exc).__name__}: {exc}"
            self._update(job_id, state="failed", message=strings.ADMIN_OCR_FAILED.format(name=name, error=error))
        else:
            self._update(job_id, state="done", preview=result, message=strings.ADMIN_OCR_DONE)
        finally:
            self._reading.release()
