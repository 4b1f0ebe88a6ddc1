"""Helpers for the hardening tests: the real app under uvicorn on loopback, configured exactly as
`reportqa serve` configures it (ui.protocol.uvicorn_config: header deadline, limits, proxy trust)."""

from __future__ import annotations

import json

import httpx

from devtools.servers import running
from ui.protocol import uvicorn_config


def serving(app, settings):
    """The app served as `reportqa serve` serves it (its uvicorn timeouts and limits), on loopback."""
    return running(app, config=lambda port: uvicorn_config(app, settings, "127.0.0.1", port))


def client_from(address: str, **kwargs) -> httpx.Client:
    """A client whose connections come from another loopback address (another peer for the server)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), **kwargs)


def gradio_call(
    url: str, api_name: str, data: list, headers: dict | None = None, timeout: float = 60, address: str = "127.0.0.1"
) -> list:
    """Gradio's HTTP API: POST the inputs, then read the event stream until the result; returns the outputs
    of the last `complete` (or the `error` payload)."""
    with client_from(address, timeout=timeout, headers=headers or {}) as c:
        # ASCII JSON: a lone surrogate travels as the escape a broken client would send
        body = json.dumps({"data": data})
        r = c.post(f"{url}/ui/gradio_api/call/{api_name}", content=body, headers={"content-type": "application/json"})
        r.raise_for_status()
        event_id = r.json()["event_id"]
        event, result = None, None
        with c.stream("GET", f"{url}/ui/gradio_api/call/{api_name}/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event in ("complete", "error"):
                    result = (event, json.loads(line[6:]))
                    break
        return result
