"""uvicorn's h11 protocol with a deadline for request headers.

uvicorn starts its keep-alive timer only after a response, so a client that opens a connection and sends
its headers a byte at a time holds a socket for as long as it likes; a thousand of them exhaust the
process's file descriptors. Here a connection whose request headers are not complete within the deadline
is closed. (Behind nginx, `client_header_timeout` does the same one hop earlier; see docs/deployment.md.)
"""

from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol


class H11WithHeaderTimeout(H11Protocol):
    """Reads the deadline from `config.header_timeout` (set by ui.server.uvicorn_config; a plain attribute,
    so the config still pickles for `--workers`)."""

    def connection_made(self, transport) -> None:
        self._header_timer = None
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
