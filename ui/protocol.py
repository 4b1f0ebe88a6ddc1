"""uvicorn's h11 protocol with a deadline for request headers, and the uvicorn config `reportqa serve` uses
(here, apart from the app: the supervisor of `--workers N` needs the config but never the app).

uvicorn starts its keep-alive timer only after a response, so a client that opens a connection and sends
its headers a byte at a time holds a socket for as long as it likes; a thousand of them exhaust the
process's file descriptors. Here a connection whose request headers are not complete within the deadline
is closed. (Behind nginx, `client_header_timeout` does the same one hop earlier; see docs/deployment.md.)
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from assistant.settings import Settings


class H11WithHeaderTimeout(H11Protocol):
    """Reads the deadline from `config.header_timeout` (a ServeConfig, below)."""

    def connection_made(self, transport) -> None:
        self._header_timer: asyncio.TimerHandle | None = None
        self.header_timeout = getattr(self.config, "header_timeout", 10.0)
        super().connection_made(transport)
        self._arm()

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_timer is None and not self._in_request():
            self._header_timer = self.loop.call_later(self.header_timeout, self._late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _late(self) -> None:
        self._header_timer = None
        if not self._in_request() and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_request():
            self._disarm()
        else:
            self._arm()  # bytes of a request whose headers are still incomplete

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)


class ServeConfig(uvicorn.Config):
    """uvicorn's config plus the header deadline (a plain attribute, so the config still pickles for `--workers`)."""

    header_timeout: float = 10.0


def uvicorn_config(app, settings: Settings, host: str, port: int, **extra) -> ServeConfig:
    """Timeouts and limits for serving (docs/deployment.md explains them for a deployment behind nginx)."""
    config = ServeConfig(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=H11WithHeaderTimeout,
        timeout_keep_alive=settings.server.keep_alive_seconds,
        limit_concurrency=settings.server.max_connections,
        h11_max_incomplete_event_size=settings.server.max_header_bytes,
        proxy_headers=bool(settings.server.trusted_proxies),
        forwarded_allow_ips=settings.server.trusted_proxies or None,
        timeout_graceful_shutdown=10,
        # --workers: a worker loading the embedder and index can hold the GIL for seconds; uvicorn's default
        # 5 s ping would kill and restart it in a loop on a busy machine
        timeout_worker_healthcheck=60,
        **extra,
    )
    config.header_timeout = settings.server.header_timeout
    return config
