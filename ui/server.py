"""One FastAPI application: the JSON API under /api and the Gradio chat UI under /ui, with the settings a
portal needs (CORS, frame ancestors, API key, per-client rate limit) and index hot reload."""

from __future__ import annotations

import logging
import os
import threading
import time
from functools import partial
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
from ui.guard import AccessPolicy, Guard, RouteGroup

log = logging.getLogger(__name__)
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.svg"


class AssistantHolder:
    """The current Assistant. When `reportqa index build` swaps the index, a new Assistant is loaded in the
    background and swapped in; requests in flight finish on the one they started with. A build that fails
    to load is retried (backing off up to a minute) while the old one keeps serving, reported as stale."""

    MAX_BACKOFF = 60.0  # seconds between retries of a build that failed to load

    def __init__(self, settings: Settings, assistant: Assistant | None = None):
        self.settings = settings
        self._link = Path(settings.index.index_dir) / "current"
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
            if self._chat_model is None and self.settings.llm.backend != "none":
                self._chat_model = load_chat_model(self.settings)
            assistant = Assistant(open_index(self.settings.index.index_dir), self.settings, self._chat_model)
            threading.Thread(target=assistant.warm, daemon=True, name="warm").start()  # a question may come first
            self._assistant = assistant
            self._build = self._assistant.index.folder.name  # the build loaded, even if `current` moved since
            self._error, self._failures = None, 0
            log.info("loaded index build %s", self._build)
        except (IndexUnavailable, RuntimeError, ValueError) as exc:
            self._error = str(exc)
            self._failures += 1
            backoff = self.settings.server.reload_check_seconds * 2 ** (self._failures - 1)
            self._retry_at = time.monotonic() + min(self.MAX_BACKOFF, backoff)
            log.error("index not loaded (attempt %d): %s", self._failures, exc)

    def _reload(self) -> None:
        try:
            self._load()
        finally:
            self._loading.release()

    def get(self) -> Assistant | None:
        now = time.monotonic()
        if now - self._checked >= self.settings.server.reload_check_seconds and now >= self._retry_at:
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


# Pages on this machine may embed the UI unless REPORTQA_SERVER__FRAME_ANCESTORS says otherwise, so that
# examples/portal.html works as shipped (it cannot be a remote attacker's page); a real portal is named there.
LOOPBACK_ANCESTORS = ["http://127.0.0.1:*", "http://localhost:*"]


def frame_ancestors(settings: Settings) -> list[str]:
    if "frame_ancestors" in settings.server.model_fields_set:
        return settings.server.frame_ancestors
    return [*settings.server.frame_ancestors, *LOOPBACK_ANCESTORS]


GRADIO_CLOSED = ("upload", "stream/", "proxy=", "run-history", "runs")
# Gradio's routes that run an event handler: the handlers take the rate limit themselves (ui/guard.per_client)
GRADIO_EVENTS = ("queue/join", "call/", "run/", "api/")


def access_policy(settings: Settings) -> AccessPolicy:
    """One policy for every route: the API, the UI (Gradio's own routes included) and anything else."""
    key = settings.server.api_key
    group = partial(  # every group has the same rate limit
        RouteGroup, per_minute=settings.server.rate_limit_per_minute, burst=settings.server.rate_limit_burst
    )
    # an upload whose Content-Length is over the limit is refused before its body is read; one without a length
    # is counted by the guard and checked again, by name, by ui/admin_api.py
    admin_body = (settings.server.admin_max_upload_mb << 20) + (64 << 10)  # the file plus its multipart framing
    admin_big = strings.ADMIN_UPLOAD_TOO_LARGE.format(limit=settings.server.admin_max_upload_mb)
    return AccessPolicy(
        groups=[
            # the admin API and page check their own key (ui/admin_api.py), never the portal's; uploads are larger
            group("admin-api", "/api/admin", max_body_bytes=admin_body, too_large=admin_big),
            group("admin", "/admin", max_body_bytes=admin_body, too_large=admin_big),
            group("api", "/api", key=key, open_paths=frozenset({"/api/health"})),
            # the chat takes no files and calls nothing outside: Gradio's routes for those are closed
            group(
                "ui",
                "/ui",
                key=key,
                refused=tuple(f"/ui/gradio_api/{r}" for r in GRADIO_CLOSED),
                app_limited=tuple(f"/ui/gradio_api/{r}" for r in GRADIO_EVENTS),
            ),
            group("default", "", key=key, open_paths=frozenset({"/", "/favicon.ico"})),
        ],
        max_body_bytes=settings.server.max_body_bytes,
        body_timeout=settings.server.body_timeout,
        max_active=settings.server.max_active_requests,
        max_waiting=settings.server.max_waiting_requests,
        frame_ancestors=frame_ancestors(settings),
    )


def create_app(settings: Settings, assistant: Assistant | None = None, with_ui: bool = True) -> FastAPI:
    from ui.admin_api import mount_admin
    from ui.api import router

    # no /docs or /redoc: both load their scripts from a CDN, which the portal's network does not reach
    app = FastAPI(title="reportqa", description=strings.API_DESCRIPTION, version="0.1.0", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.policy = access_policy(settings)  # one limiter, shared by the guard and the UI's handlers
    app.state.holder = AssistantHolder(settings, assistant)
    app.state.log = ConversationLog(settings.server.log_db)
    app.include_router(router, prefix="/api")
    mount_admin(app)
    if settings.server.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.server.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors()]
        custom = [e["msg"].removeprefix("Value error, ") for e in errors if e["msg"].startswith("Value error, ")]
        if any(e.get("type") == "string_unicode" for e in exc.errors()):  # a lone surrogate pydantic caught first
            custom.insert(0, strings.ERR_BAD_CHARACTERS)
        unknown = [str(e["loc"][-1]) for e in exc.errors() if e.get("type") == "extra_forbidden" and e.get("loc")]
        if unknown and not custom:  # name the field a client got wrong
            custom.append(strings.ERR_UNKNOWN_FIELD.format(fields="、".join(unknown)))
        detail = custom[0] if custom else strings.ERR_BAD_REQUEST
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.get("/", include_in_schema=False)
    def root():
        return RedirectResponse("/ui/")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(FAVICON, media_type="image/svg+xml")

    if with_ui:
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls out at start or per event
        import gradio as gr

        from ui.page import ChinesePage
        from ui.web import CSS, HEAD, I18N, build_ui

        blocks = build_ui(app)
        # a bounded queue with a few workers: one client's flood waits behind the rate limit, not everyone
        blocks.queue(default_concurrency_limit=settings.ui.concurrency, max_size=settings.ui.queue_size)
        app = gr.mount_gradio_app(
            app,
            blocks,
            path="/ui",
            css=CSS,
            head=HEAD,
            footer_links=[],
            i18n=I18N,
            max_file_size=1,  # bytes; the upload routes are closed by the policy anyway
            run_history=False,  # its page can connect to an outside bucket
            mcp_server=False,
            enable_monitoring=False,
        )
        app.add_middleware(ChinesePage, path="/ui")  # Gradio's page template says lang="en" and "Gradio"
    app.add_middleware(Guard, policy=app.state.policy)  # outermost: it sees every route
    return app


def app_from_env() -> FastAPI:
    """The app of one worker process, for `reportqa serve --workers N` (uvicorn's factory mode)."""
    return create_app(Settings())
