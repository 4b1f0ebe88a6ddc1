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
from fastapi.responses import JSONResponse, RedirectResponse

from assistant.llm import load_chat_model
from assistant.service import Assistant
from assistant.settings import Settings
from index.store import IndexUnavailable, open_index
from ui import strings
from ui.feedback import ConversationLog

log = logging.getLogger(__name__)


class AssistantHolder:
    """The current Assistant. When `reportqa index build` swaps the index, a new Assistant is loaded in the
    background and swapped in; requests in flight finish on the one they started with. A build that fails
    to load is retried (backing off up to a minute) while the old one keeps serving, reported as stale."""

    MAX_BACKOFF = 60.0  # seconds between retries of a build that failed to load

    def __init__(self, settings: Settings, assistant: Assistant | None = None):
        self.settings = settings
        self._link = Path(settings.index_dir) / "current"
        self._chat_model = assistant.chat_model if assistant else None
        self._assistant = assistant
        self._build = self._current_build() if assistant else None  # the build being served
        self._error: str | None = None
        self._failures = 0
        self._checked = time.monotonic()
        self._retry_at = 0.0
        self._loading = threading.Lock()
        if assistant is None:
            self._load()

    def _current_build(self) -> str | None:
        try:
            return Path(os.readlink(self._link)).name
        except OSError:
            return None

    def _load(self) -> None:
        try:
            if self._chat_model is None and self.settings.llm != "none":
                self._chat_model = load_chat_model(self.settings)
            self._assistant = Assistant(open_index(self.settings.index_dir), self.settings, self._chat_model)
            self._build = self._assistant.index.folder.name  # the build loaded, even if `current` moved since
            self._error, self._failures = None, 0
            log.info("loaded index build %s", self._build)
        except (IndexUnavailable, RuntimeError, ValueError) as exc:
            self._error = str(exc)
            self._failures += 1
            backoff = self.settings.reload_check_seconds * 2 ** (self._failures - 1)
            self._retry_at = time.monotonic() + min(self.MAX_BACKOFF, backoff)
            log.error("index not loaded (attempt %d): %s", self._failures, exc)

    def _reload(self) -> None:
        try:
            self._load()
        finally:
            self._loading.release()

    def get(self) -> Assistant | None:
        now = time.monotonic()
        if now - self._checked >= self.settings.reload_check_seconds and now >= self._retry_at:
            self._checked = now
            if self._current_build() != self._build:
                if self._loading.acquire(blocking=False):
                    threading.Thread(target=self._reload, daemon=True).start()
            elif self._assistant is not None:
                self._error = None  # `current` points at the build being served again
        return self._assistant

    @property
    def error(self) -> str | None:
        """Why no index is loaded."""
        return self._error if self._assistant is None else None

    @property
    def stale(self) -> str | None:
        """Why the newest build is not the one serving (None when it is)."""
        return self._error if self._assistant is not None else None


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
    from ui.api import router

    app = FastAPI(title="reportqa", description=strings.API_DESCRIPTION, version="0.1.0")
    app.state.settings = settings
    app.state.holder = AssistantHolder(settings, assistant)
    app.state.log = ConversationLog(settings.log_db)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    app.include_router(router, prefix="/api")
    if settings.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
        )

    frame_policy = "frame-ancestors " + " ".join(settings.frame_ancestors or ["'none'"])

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path.startswith("/api/") and path != "/api/health" and request.method != "OPTIONS":
            key = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
            if settings.api_key and key != settings.api_key:
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

    if with_ui:
        import gradio as gr

        from ui.web import CSS, HEAD, build_ui

        app = gr.mount_gradio_app(app, build_ui(app), path="/ui", css=CSS, head=HEAD, footer_links=[])
    return app


def app_from_env() -> FastAPI:
    """The app of one worker process, for `reportqa serve --workers N` (uvicorn's factory mode)."""
    return create_app(Settings())
