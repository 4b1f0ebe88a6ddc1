"""One FastAPI application: the JSON API under /api and the Gradio chat UI under /ui, with the settings a
portal needs (CORS, frame ancestors, API key, per-client rate limit) and index hot reload."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict, deque
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse

from assistant.llm import load_chat_model
from assistant.service import Assistant
from assistant.settings import Settings
from index.store import IndexUnavailable, open_index
from ui import strings
from ui.feedback import ConversationLog

log = logging.getLogger(__name__)
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.svg"


class AssistantHolder:
    """The current Assistant. When `reportqa index build` swaps the index, a new Assistant is loaded in the
    background and swapped in; requests in flight finish on the one they started with."""

    def __init__(self, settings: Settings, assistant: Assistant | None = None):
        self.settings = settings
        self._link = Path(settings.index_dir) / "current"
        self._chat_model = assistant.chat_model if assistant else None
        self._assistant = assistant
        self._build = self._current_build()
        self._error: str | None = None
        self._checked = time.monotonic()
        self._loading = threading.Lock()
        if assistant is None:
            self._load()

    def _current_build(self) -> str | None:
        try:
            return os.readlink(self._link)
        except OSError:
            return None

    def _load(self) -> None:
        try:
            if self._chat_model is None and self.settings.llm != "none":
                self._chat_model = load_chat_model(self.settings)
            self._assistant = Assistant(open_index(self.settings.index_dir), self.settings, self._chat_model)
            self._error = None
        except (IndexUnavailable, RuntimeError, ValueError) as exc:
            self._error = str(exc)
            log.error("index not loaded: %s", exc)

    def _reload(self, build: str | None) -> None:
        try:
            self._load()
            self._build = build
            log.info("switched to index build %s", build)
        finally:
            self._loading.release()

    def get(self) -> Assistant | None:
        now = time.monotonic()
        if now - self._checked >= self.settings.reload_check_seconds:
            self._checked = now
            build = self._current_build()
            if build != self._build and self._loading.acquire(blocking=False):
                threading.Thread(target=self._reload, args=(build,), daemon=True).start()
        return self._assistant

    @property
    def error(self) -> str | None:
        return self._error if self._assistant is None else None


# Pages on this machine may embed the UI unless REPORTQA_FRAME_ANCESTORS says otherwise, so that
# examples/portal.html works as shipped (it cannot be a remote attacker's page); a real portal is named there.
LOOPBACK_ANCESTORS = ["http://127.0.0.1:*", "http://localhost:*"]


def frame_ancestors(settings: Settings) -> list[str]:
    if "frame_ancestors" in settings.model_fields_set:
        return settings.frame_ancestors
    return [*settings.frame_ancestors, *LOOPBACK_ANCESTORS]


class RateLimiter:
    """A sliding one-minute window per client."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            hits = self._hits[client]
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True


def create_app(settings: Settings, assistant: Assistant | None = None, with_ui: bool = True) -> FastAPI:
    from ui.admin_api import mount_admin
    from ui.api import router

    app = FastAPI(title="reportqa", description=strings.API_DESCRIPTION, version="0.1.0")
    app.state.settings = settings
    app.state.holder = AssistantHolder(settings, assistant)
    app.state.log = ConversationLog(settings.log_db)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    app.include_router(router, prefix="/api")
    mount_admin(app)
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
        )

    frame_policy = "frame-ancestors " + " ".join(frame_ancestors(settings) or ["'none'"])

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path.startswith("/api/") and path != "/api/health" and request.method != "OPTIONS":
            key = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
            admin = path.startswith("/api/admin/")  # its own key (ui/admin_api.py), never the portal's
            if settings.api_key and key != settings.api_key and not admin:
                return JSONResponse({"detail": strings.ERR_API_KEY}, status_code=401)
            client = key or (request.client.host if request.client else "unknown")
            if path != "/api/feedback" and not app.state.limiter.allow(client):
                return JSONResponse({"detail": strings.ERR_RATE_LIMIT}, status_code=429, headers={"Retry-After": "60"})
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = frame_policy
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors()]
        custom = [e["msg"].removeprefix("Value error, ") for e in errors if e["msg"].startswith("Value error, ")]
        detail = custom[0] if custom else strings.ERR_BAD_REQUEST
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.get("/", include_in_schema=False)
    def root():
        return RedirectResponse("/ui/")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(FAVICON, media_type="image/svg+xml")

    if with_ui:
        import gradio as gr

        from ui.web import CSS, HEAD, I18N, build_ui

        app = gr.mount_gradio_app(app, build_ui(app), path="/ui", css=CSS, head=HEAD, footer_links=[], i18n=I18N)
    return app


def app_from_env() -> FastAPI:
    """The app of one worker process, for `reportqa serve --workers N` (uvicorn's factory mode)."""
    return create_app(Settings())
