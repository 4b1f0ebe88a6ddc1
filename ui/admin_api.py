"""The admin API under /api/admin: reports (upload with preview, list, remove), index and rebuild status,
and the insight into what users ask. It has its own key (REPORTQA_SERVER__ADMIN_KEY, header X-Admin-Key): the
portal's API key, no key, or no admin key configured at all are all refused. A preview that needs OCR runs
in the background (ui/jobs.py): 202 and a job to poll, instead of a request outliving the proxy's timeout."""

from __future__ import annotations

import hashlib
import hmac
import io
from functools import partial

from fastapi import APIRouter, Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ui import insight, strings
from ui.jobs import JobsBusy, PreviewJobs
from ui.reports import ReportError, ReportManager

router = APIRouter()


def require_admin(request: Request) -> None:
    settings = request.app.state.settings
    if not settings.server.admin_key:
        raise HTTPException(403, strings.ADMIN_DISABLED)
    if settings.server.api_key and hmac.compare_digest(settings.server.admin_key, settings.server.api_key):
        raise HTTPException(403, strings.ADMIN_SAME_KEY)
    key = request.headers.get("x-admin-key") or ""
    if not hmac.compare_digest(key.encode(), settings.server.admin_key.encode()):
        raise HTTPException(401, strings.ADMIN_BAD_KEY)


def _manager(request: Request) -> ReportManager:
    return request.app.state.reports


def _jobs(request: Request) -> PreviewJobs:
    return request.app.state.preview_jobs


def _read(file: UploadFile | None, request: Request) -> tuple[bytes, str]:
    if file is None or not file.filename:
        raise HTTPException(422, strings.ADMIN_NO_FILE)
    limit = request.app.state.settings.server.admin_max_upload_mb * 1024 * 1024
    raw = file.file.read(limit + 1)  # never more than the limit in memory
    if len(raw) > limit:
        from ui.reports import safe_name

        raise HTTPException(
            413, strings.ADMIN_TOO_LARGE.format(name=safe_name(file.filename), limit=limit // (1024 * 1024))
        )
    return raw, file.filename


def _status(request: Request) -> dict:
    holder = request.app.state.holder
    assistant = holder.get()
    index = assistant.index.info if assistant else None
    return {
        "serving": None
        if index is None
        else {
            "articles": index.articles,
            "chunks": index.chunks,
            "built_at": index.built_at,
            "files": len(index.files),
        },
        "serving_error": holder.error,
        "build": _manager(request).status.model_dump(),
    }


@router.get("/status", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_STATUS)
def status(request: Request) -> dict:
    return _status(request)


@router.get("/reports", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_REPORTS)
def list_reports(request: Request) -> dict:
    return {"reports": [e.model_dump() for e in _manager(request).list()], **_status(request)}


@router.post(
    "/reports/preview",
    dependencies=[Depends(require_admin)],
    summary=strings.API_ADMIN_PREVIEW,
    description=strings.API_ADMIN_PREVIEW_ABOUT,
    responses={202: {"description": strings.API_ADMIN_PREVIEW_STARTED}},
)
def preview_report(
    request: Request, response: Response, file: UploadFile | None = File(None), date: str = Form("")
) -> dict:
    from corpus.loader import EXTRACT_CACHE
    from ui.reports import needs_ocr, preview, safe_name

    raw, filename = _read(file, request)
    day = date.strip() or None
    cache = _manager(request).corpus / EXTRACT_CACHE
    timeout = request.app.state.settings.index.ocr_page_timeout
    try:
        if needs_ocr(raw, filename, day, cache):  # minutes for a few pages: read in the background
            upload = f"{hashlib.sha256(raw).hexdigest()}\n{filename}\n{day}"
            work = partial(preview, raw, filename, day, cache, ocr_timeout=timeout)  # work(progress)
            job = _jobs(request).submit(upload, safe_name(filename), work)
            response.status_code = 202
            response.headers["Location"] = f"/api/admin/reports/preview/{job.job}"
            return job.model_dump()
        result = preview(raw, filename, day, cache, ocr_timeout=timeout)
    except ReportError as exc:
        raise HTTPException(422, str(exc)) from exc
    except JobsBusy as exc:
        raise HTTPException(503, str(exc)) from exc
    return result.model_dump()


@router.get(
    "/reports/preview/{job}",
    dependencies=[Depends(require_admin)],
    summary=strings.API_ADMIN_PREVIEW_JOB,
    description=strings.API_ADMIN_PREVIEW_JOB_ABOUT,
    responses={404: {"description": strings.ADMIN_JOB_NOT_FOUND}},
)
def preview_job(job: str, request: Request) -> dict:
    found = _jobs(request).get(job)
    if found is None:
        raise HTTPException(404, strings.ADMIN_JOB_NOT_FOUND)
    return found.model_dump()


@router.post("/reports", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_ADD)
def add_report(
    request: Request, file: UploadFile | None = File(None), date: str = Form(""), replace: bool = Form(False)
) -> dict:
    raw, filename = _read(file, request)
    try:
        result = _manager(request).add(raw, filename, date.strip() or None, replace)
    except ReportError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"report": result.model_dump(), **_status(request)}


@router.delete("/reports/{name:path}", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_REMOVE)
def remove_report(name: str, request: Request) -> dict:
    try:
        _manager(request).remove(name)
    except ReportError as exc:
        raise HTTPException(404, str(exc)) from exc
    return _status(request)


@router.get("/insight", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_INSIGHT)
def insight_json(request: Request, days: int = 30) -> dict:
    return insight.summary(request.app.state.log, days)


@router.get("/insight/chart.png", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_CHART)
def insight_chart(request: Request, days: int = 30) -> Response:
    return Response(insight.chart_png(insight.summary(request.app.state.log, days)), media_type="image/png")


@router.get("/insight/export.csv", dependencies=[Depends(require_admin)], summary=strings.API_ADMIN_EXPORT)
def insight_csv(request: Request, table: str = "questions", days: int = 30) -> StreamingResponse:
    if table not in insight.TABLES:
        raise HTTPException(422, strings.INSIGHT_BAD_TABLE.format(tables="、".join(insight.TABLES)))
    data = insight.csv_bytes(request.app.state.log, table, days)
    return StreamingResponse(
        io.BytesIO(data),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="reportqa-{table}.csv"'},
    )


def mount_admin(app: FastAPI) -> None:
    """The admin API and page on the app; the report manager reuses the served index's embedder."""
    from ui.admin import PAGE

    holder = app.state.holder

    def embedder():
        assistant = holder.get()
        return assistant.index.embedder if assistant else None

    app.state.reports = ReportManager(app.state.settings, embedder)
    app.state.preview_jobs = PreviewJobs()
    app.include_router(router, prefix="/api/admin")

    @app.get("/admin", include_in_schema=False, response_class=HTMLResponse)
    def admin_page() -> str:
        return PAGE
