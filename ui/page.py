"""The UI's page as served, in Chinese from its first byte: Gradio's page template says lang="en" and carries
Gradio's own link-preview tags ("Gradio", "Click to try out the app!", an image on github.com), which a chat
app or the portal shows when someone shares the link. Pure ASGI middleware: it rewrites that one HTML page
and passes every other response (events, streams, files) through untouched."""

from __future__ import annotations

import re

from ui import strings

# Gradio's preview tags and their values: the title and description of the assistant instead; the preview
# image, which points off site, is left out
_PREVIEW = re.compile(r'<meta\s+(?:property|name)="(?:og|twitter):(\w+)"\s+content="[^"]*"\s*/?>')
_TEXT = {"title": strings.UI_TITLE, "description": strings.UI_PAGE_DESCRIPTION}


def chinese_page(html: str) -> str:
    """The page with lang="zh-CN" and the assistant's own preview tags."""
    html = re.sub(r'<html(\s[^>]*?)?\slang="en"', r'<html\1 lang="zh-CN"', html, count=1)

    def tag(m: re.Match) -> str:
        field = m.group(1)
        if field in _TEXT:
            return re.sub(r'content="[^"]*"', f'content="{_TEXT[field]}"', m.group())
        return "" if field in ("image", "creator", "url") else m.group()

    return _PREVIEW.sub(tag, html)


class ChinesePage:
    """Rewrites the HTML page served at `path` (and `path`/); everything else passes through."""

    def __init__(self, app, path: str) -> None:
        self.app = app
        self.paths = {path.rstrip("/"), path.rstrip("/") + "/"}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        start: dict = {}
        body: list[bytes] = []

        async def buffered(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = dict(start.get("headers", []))
            data = b"".join(body)
            if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                data = chinese_page(data.decode("utf-8")).encode("utf-8")
            kept = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            await send({**start, "headers": [*kept, (b"content-length", str(len(data)).encode())]})
            await send({"type": "http.response.body", "body": data})

        await self.app(scope, receive, buffered)
