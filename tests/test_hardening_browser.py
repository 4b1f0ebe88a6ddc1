"""The UI behind the access policy in a real browser (Debian chromium via Playwright): it works with the key
(sent as a proxy in front of it would add it) and the default rate limit, and markdown a user types cannot
make the browser fetch a remote image (item 9 of the hardening issue)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from devtools.servers import free_port
from tests.hardening import serving
from ui.server import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")


def test_ui_with_key_never_fetches_remote_images(assistant, settings, tmp_path):
    hits: list[str] = []

    class Tracker(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    tracker = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Tracker)
    threading.Thread(target=tracker.serve_forever, daemon=True).start()
    pixel = f"http://127.0.0.1:{tracker.server_address[1]}/pixel.png"
    s = settings.updated(server={"log_db": str(tmp_path / "log.db"), "api_key": "s3cret"})
    from playwright.sync_api import sync_playwright

    try:
        with serving(create_app(s, assistant), s) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            bare = browser.new_page()
            assert bare.goto(f"{url}/ui/").status == 401  # no key, no UI
            page = browser.new_context(extra_http_headers={"X-API-Key": "s3cret"}).new_page()
            assert page.goto(f"{url}/ui/").status == 200
            page.locator("#question textarea").fill(f"![看这里]({pixel}) 重庆与多少个国家建立了科技合作关系？")
            page.locator("#send").click()
            # answered (or refused): the rating buttons come alive once the answer is complete
            page.wait_for_function("!document.querySelector('#feedback-up').disabled", timeout=60_000)
            assert pixel in page.locator("#chat").inner_text()  # the user's text is shown as typed...
            assert page.locator(f'#chat img[src="{pixel}"]').count() == 0  # ...never rendered as an image
            page.wait_for_timeout(500)
            browser.close()
    finally:
        tracker.shutdown()
    assert hits == []  # the image in the user's markdown was never requested
