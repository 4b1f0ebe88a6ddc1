"""The chat UI in a real browser: Debian chromium driven by Playwright, against a real uvicorn server.
Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.service import Assistant
from devtools.servers import running
from tests.fakes import ScriptedChatModel, passage_number
from tests.helpers import CHROMIUM, SHOTS
from ui.server import create_app

Q = "重庆与多少个国家建立了科技合作关系？"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/run installs it)")


def slow_cited_reply(messages):
    return f"重庆已与65个国家和地区建立科技合作关系[{passage_number(messages, '65个国家')}]。"


@pytest.fixture(scope="module")
def ui_with_fake_llm(loaded_index, settings, portal_origin, tmp_path_factory):
    db = tmp_path_factory.mktemp("ui") / "log.db"
    s = settings.updated(server={"log_db": db, "frame_ancestors": ["'self'", portal_origin]}, llm={"backend": "fake"})
    model = ScriptedChatModel(slow_cited_reply, piece=2, delay=0.15, repeat=True)
    with running(create_app(s, Assistant(loaded_index, s, model))) as url:
        yield url, db


@pytest.fixture(scope="module")
def ui_extractive(assistant, settings, portal_origin, tmp_path_factory):
    db = tmp_path_factory.mktemp("ui") / "log.db"
    s = settings.updated(server={"log_db": db, "frame_ancestors": ["'self'", portal_origin]})
    with running(create_app(s, assistant)) as url:
        yield url, db


def ask_and_check(root, question: str, expect: str):
    """Ask in the UI (a page or an iframe), wait for the answer, open citation [1]; returns its card."""
    root.locator("#question textarea").fill(question)
    root.locator("#send").click()
    root.locator("#chat sup.cite a").first.wait_for(timeout=60_000)
    assert expect in root.locator("#chat").inner_text()
    root.locator("#chat sup.cite a").first.click()
    card = root.locator("#sources details").first
    card.locator("mark").first.wait_for(state="visible", timeout=10_000)  # a card holds every quote of its article
    return card


def feedback_lands(root, db: Path, comment: str, button: str = "#feedback-down") -> None:
    root.locator("#feedback-comment textarea").fill(comment)
    root.locator(button).click()
    root.locator("#feedback-status", has_text="已收到").wait_for(timeout=10_000)
    rating = -1 if "down" in button else 1
    assert sqlite3.connect(db).execute("SELECT rating FROM feedback WHERE comment = ?", (comment,)).fetchone() == (
        rating,
    )


def test_ui_streams_cites_takes_feedback_with_fake_slow_llm(browser, ui_with_fake_llm):
    url, db = ui_with_fake_llm
    page = browser.new_page(viewport={"width": 1300, "height": 950})
    page.goto(f"{url}/ui/")
    page.locator("#question textarea").fill(Q)
    page.locator("#send").click()
    page.locator("#chat", has_text="▌").wait_for(timeout=60_000)  # the answer is shown while it is written
    # ...in a live region marked busy meanwhile, so a screen reader reads the answer once, not token by token
    busy = "b => document.querySelector('#chat [role=log]').getAttribute('aria-busy') === b"
    page.wait_for_function(busy, arg="true", timeout=10_000)
    card = ask_and_check_after_stream(page)
    page.wait_for_function(busy, arg="false", timeout=10_000)
    assert "65个国家" in "".join(card.locator("mark").all_inner_texts())
    assert card.evaluate("e => e.open")
    feedback_lands(page, db, "引用很准确")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ui.png"), full_page=True)
    page.locator("#new-conversation").click()
    page.wait_for_function("() => !document.querySelector('#chat sup.cite')", timeout=10_000)
    page.close()


def ask_and_check_after_stream(page):
    page.locator("#chat sup.cite a").first.wait_for(timeout=60_000)
    assert "▌" not in page.locator("#chat").inner_text()
    page.locator("#chat sup.cite a").first.click()
    card = page.locator("#sources details").first
    card.locator("mark").first.wait_for(state="visible", timeout=10_000)  # a card holds every quote of its article
    return card


def test_ui_escapes_html_in_questions(browser, ui_extractive):
    url, _ = ui_extractive
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{url}/ui/")
    attack = '<img src=x onerror="window.__xss=1;alert(1)">重庆与多少个国家建立了科技合作关系？'
    ask_and_check(page, attack, "63个国家")
    assert '<img src=x onerror="window.__xss=1;alert(1)">' in page.locator("#chat").inner_text()
    assert page.evaluate("() => window.__xss") is None and dialogs == []
    page.close()


def test_portal_page_embeds_the_assistant(browser, ui_extractive, portal_origin):
    url, db = ui_extractive
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{portal_origin}/portal.html?server={url}/ui/")
    frame = page.frame_locator("#reportqa")
    card = ask_and_check(frame, "奉节县智能养蚕的生产效率提高了多少？", "28倍")
    assert "28倍" in "".join(card.locator("mark").all_inner_texts())
    feedback_lands(frame, db, "门户内反馈", "#feedback-up")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "portal.png"), full_page=True)
    page.close()


def test_ui_shows_refusal_and_fallback_notices_with_failing_fake_llm(browser, loaded_index, settings, tmp_path):
    s = settings.updated(server={"log_db": tmp_path / "log.db"}, llm={"backend": "fake"})
    model = ScriptedChatModel(ConnectionError("endpoint down"), ConnectionError("endpoint down"))
    with running(create_app(s, Assistant(loaded_index, s, model))) as url:
        page = browser.new_page()
        page.goto(f"{url}/ui/")
        ask_and_check(page, Q, "65个国家")  # the extractive answer, still cited
        page.locator("#chat .notice", has_text="大模型服务暂时不可用").wait_for(timeout=10_000)
        page.locator("#question textarea").fill("北京与多少个国家建立了科技合作关系？")
        page.locator("#send").click()
        page.locator("#chat .notice", has_text="报道中没有找到这个问题的答案").wait_for(timeout=60_000)
        assert "没有关于“北京”的内容" in page.locator("#chat").inner_text()
        page.close()
