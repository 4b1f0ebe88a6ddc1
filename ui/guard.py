"""The one access policy of every route the app serves (JSON API, Gradio UI, docs), as pure ASGI middleware.

Each request is matched to a route group by path prefix (longest wins). A group declares its own key, the
paths it leaves open (health checks), the paths it refuses outright (Gradio uploads) and its rate limit; a
later group (e.g. /api/admin with an admin key) just adds a RouteGroup. Every group then shares the same
checks, in this order:

1. refused paths -> 404;
2. the key: `X-API-Key: <key>` or `Authorization: Bearer <key>` (a bare `Authorization: <key>` is not a
   credential) -> 401;
3. the rate limit, for requests that cost work (POST): a token bucket per (group, client), where the
   client is the peer address uvicorn reports (X-Forwarded-For is honoured only from the proxies trusted
   by `forwarded_allow_ips`, never from a header a client makes up) -> 429 with Retry-After; the UI's event
   routes take from the same buckets in their handlers and say so in the page (`per_client`);
4. the body cap (Content-Length or counted while streaming) -> 413, and a body that stalls -> 408;
5. a bound on work in flight: at most `max_active` POSTs run, at most `max_waiting` wait -> 503.

Security headers go on every response; Gradio's file route answers as a sandboxed download.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from fastapi import HTTPException

from ui import strings


@dataclass(frozen=True)
class RouteGroup:
    name: str
    prefix: str  # "" matches every path no other group claims
    key: str = ""  # required credential; "" leaves the group open
    open_paths: frozenset[str] = frozenset()  # exact paths served without the key (health checks)
    refused: tuple[str, ...] = ()  # path prefixes never served
    per_minute: int = 0  # POSTs per client per minute; 0 = unlimited
    burst: int = 10  # POSTs a client may send at once before the per-minute rate applies
    max_body_bytes: int | None = None  # this group's body cap (report uploads); None: the policy's
    too_large: str = ""  # this group's 413 message, when it has a better one than the generic
    # path prefixes whose rate limit the app applies itself, to say so in its own page (ui/web.py: Gradio shows
    # a 429 as an error over the whole chat); the app takes its tokens from the same limiter
    app_limited: tuple[str, ...] = ()


class RateLimiter:
    """Token buckets per client, with a bounded number of clients: the least recently seen are forgotten
    first, so memory stays flat however many addresses show up (a forgotten client starts a full bucket)."""

    def __init__(self, max_clients: int = 10_000):
        self.max_clients = max_clients
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, group: RouteGroup, client: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        if group.per_minute <= 0:
            return 0.0
        rate = group.per_minute / 60.0
        capacity = max(1, min(group.burst, group.per_minute))
        now = time.monotonic()
        key = (group.name, client)
        with self._lock:
            tokens, last = self._buckets.pop(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
            self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


@dataclass
class AccessPolicy:
    groups: list[RouteGroup]
    max_body_bytes: int = 1 << 20
    body_timeout: float = 30.0  # seconds a request body may stall between chunks
    max_active: int = 16
    max_waiting: int = 256
    frame_ancestors: list[str] = field(default_factory=lambda: ["'self'"])
    limiter: RateLimiter = field(default_factory=RateLimiter)

    def group_for(self, path: str) -> RouteGroup:
        matches = [g for g in self.groups if path == g.prefix or path.startswith(g.prefix.rstrip("/") + "/")]
        return max(matches, key=lambda g: len(g.prefix), default=RouteGroup("default", ""))

    def headers(self) -> list[tuple[bytes, bytes]]:
        # remote images are never loaded (a user's markdown could otherwise make every viewer fetch them)
        ancestors = " ".join(self.frame_ancestors or ["'none'"])
        csp = f"frame-ancestors {ancestors}; img-src 'self' data: blob:"
        return [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
        ]


def credential(headers: dict[bytes, bytes]) -> str | None:
    if b"x-api-key" in headers:
        return headers[b"x-api-key"].decode("latin-1")
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class BodyRejected(HTTPException):
    """Raised from receive(): FastAPI lets HTTPException through its body parsing, so the app answers it."""


class Guard:
    def __init__(self, app, policy: AccessPolicy):
        self.app = app
        self.policy = policy
        self._active = asyncio.Semaphore(policy.max_active)
        self._waiting = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope["path"]
        group = self.policy.group_for(path)
        headers = dict(scope.get("headers", []))
        method = scope.get("method", "GET")
        if scope["type"] == "websocket":  # nothing here speaks websocket
            return await send({"type": "websocket.close", "code": 1008})
        if any(path.startswith(p) for p in group.refused):
            return await self._reply(send, 404, strings.ERR_NOT_FOUND)
        if method == "OPTIONS":  # CORS preflight carries no credential by design
            return await self.app(scope, receive, send)
        if group.key and path not in group.open_paths:
            given = credential(headers)
            if given is None or not hmac.compare_digest(given.encode(), group.key.encode()):
                return await self._reply(send, 401, strings.ERR_API_KEY, {"www-authenticate": "Bearer"})
        if method != "POST":
            return await self.app(scope, receive, self._with_headers(send, path))
        client = scope["client"][0] if scope.get("client") else "unknown"
        app_limited = any(path.startswith(p) for p in group.app_limited)
        wait = 0.0 if app_limited else self.policy.limiter.take(group, client)
        if wait > 0:
            return await self._reply(send, 429, strings.ERR_RATE_LIMIT, {"retry-after": str(math.ceil(wait))})
        try:
            length = int(headers.get(b"content-length", b"0"))
        except ValueError:
            return await self._reply(send, 400, strings.ERR_BAD_REQUEST)
        body_limit = group.max_body_bytes or self.policy.max_body_bytes
        if length > body_limit:
            return await self._reply(send, 413, group.too_large or strings.ERR_BODY_TOO_LARGE)
        if self._waiting >= self.policy.max_waiting and self._active.locked():
            return await self._reply(send, 503, strings.ERR_BUSY, {"retry-after": "5"})
        self._waiting += 1
        try:
            await self._active.acquire()
        finally:
            self._waiting -= 1
        started = False

        async def send_marked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._capped(receive, body_limit), self._with_headers(send_marked, path))
        except BodyRejected as exc:  # raised where no exception handler stood between
            if not started:
                await self._reply(send, exc.status_code, exc.detail, {"connection": "close"})
        finally:
            self._active.release()

    def _capped(self, receive, limit: int):
        seen, done = 0, False
        timeout = self.policy.body_timeout

        async def wrapped():
            nonlocal seen, done
            if done:  # after the body, receive() only waits for the client to leave: no timeout
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                raise BodyRejected(408, strings.ERR_BODY_TIMEOUT) from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyRejected(413, strings.ERR_BODY_TOO_LARGE)
                done = not message.get("more_body", False)
            return message

        return wrapped

    def _with_headers(self, send, path: str):
        extra = self.policy.headers()
        if "/gradio_api/file=" in path:  # whatever Gradio serves from disk is a download, never a page
            extra = [
                *extra,
                (b"content-disposition", b"attachment"),
                (b"content-security-policy", b"sandbox; default-src 'none'"),
            ]

        async def wrapped(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        return wrapped

    async def _reply(self, send, status: int, detail: str, headers: dict[str, str] | None = None):
        body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
        raw = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *((k.encode(), v.encode()) for k, v in (headers or {}).items()),
            *self.policy.headers(),
        ]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})


def per_client(fn, rate, on_limited, answers: int = 0, on_busy=None):
    """Wrap a Gradio generator handler with the two per-client (peer address) bounds of the UI.

    - The rate limit, where `rate(client)` takes a token and returns the seconds to wait (0: go ahead): the
      guard leaves the UI's event routes to this (RouteGroup.app_limited), since Gradio shows an HTTP 429 as
      an error over the whole chat. Past the limit the handler yields `on_limited(seconds)` instead, and what
      the page shows (the conversation, the question typed) stays.
    - With answers > 0, at most that many answers being computed at once; past that the handler yields
      `on_busy()` at once instead of taking a queue worker for seconds. The rate limit bounds how many
      questions a client may queue; this bounds how much of the workers' time they take while others wait.

    Gradio injects the request through the added parameter."""
    import functools
    import inspect

    import gradio as gr

    active: dict[str, int] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args):
        *inputs, request = args
        client = request.client.host if request is not None and request.client else "unknown"
        wait = rate(client)
        if wait > 0:
            yield on_limited(math.ceil(wait))
            return
        with lock:
            if answers and active.get(client, 0) >= answers:
                yield on_busy()
                return
            active[client] = active.get(client, 0) + 1
        try:
            yield from fn(*inputs)
        finally:
            with lock:
                active[client] -= 1
                if not active[client]:
                    del active[client]

    params = list(inspect.signature(fn).parameters.values())
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request)
    wrapper.__signature__ = inspect.Signature([*params, request])  # type: ignore[attr-defined]  # typeshed lacks it
    wrapper.__annotations__ = {**getattr(fn, "__annotations__", {}), "request": gr.Request}  # Gradio reads both
    del wrapper.__wrapped__  # Gradio must read the signature above, not the wrapped function's
    return wrapper
