"""The chat UI as an official uses it, in a real browser (Debian chromium via Playwright) against a real
uvicorn server with the real index: desktop 1366×900, phone 375×812 and inside examples/portal.html.
Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import re
import sqlite3

import httpx
import pytest

from assistant.settings import Settings
from devtools.servers import running
from tests.helpers import CHROMIUM, ROOT, SHOTS
from ui.render import SHORT_TITLE_CHARS
from ui.server import create_app

Q = "重庆与多少个国家建立了科技合作关系？"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 812}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def server(assistant, settings, tmp_path_factory):
    """Started as `reportqa serve` would be: default frame ancestors, rate limit off for the test."""
    db = tmp_path_factory.mktemp("ui") / "log.db"
    s = settings.updated(server={"log_db": db, "rate_limit_per_minute": 0})
    with running(create_app(s, assistant)) as url:
        yield url, db


def open_ui(browser, url: str, viewport: dict, **kw):
    context = browser.new_context(viewport=viewport, permissions=["clipboard-read", "clipboard-write"], **kw)
    page = context.new_page()
    page.goto(f"{url}/ui/")
    page.locator("#question textarea").wait_for()
    return page


def ask(root, question: str) -> None:
    n = root.locator("#chat .answer").count()
    root.locator("#question textarea").fill(question)
    root.locator("#send").click()
    root.locator("#chat .answer").nth(n).wait_for(timeout=60_000)


def api_answer(url: str, question: str, messages: list[dict] | None = None) -> dict:
    r = httpx.post(f"{url}/api/ask", json={"question": question, "messages": messages or []}, timeout=60)
    r.raise_for_status()
    return r.json()


def in_viewport(locator, page) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


def clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def check_answer_at_a_glance(page, url: str) -> None:
    """The direct answer (the API's short_answer for the same question), bold and above the fold; without
    one, the first quote is."""
    expected = api_answer(url, Q)
    latest = page.locator("#chat .answer").last
    if expected.get("short_answer"):
        short = latest.locator(".short")
        assert short.locator("strong").count() >= 1
        assert short.inner_text().replace(" ", "") == expected["short_answer"].replace(" ", "")
        assert in_viewport(short, page), short.bounding_box()
    else:
        assert latest.locator(".short").count() == 0
        assert in_viewport(latest.locator(".support p").first, page)


def no_english_labels(page) -> list[str]:
    """Names and texts of controls that are English (Gradio's defaults)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('button, [role=button], [aria-label], [title], textarea'))
            .filter(e => e.offsetParent !== null || e.getAttribute('role') === 'log')
            .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.matches('button') ? e.innerText : '']
                 .filter(Boolean).join(' | '))
            .filter(t => /[A-Za-z]{3,}/.test(t.replace(/reportqa|Gradio|API|GDP/g, '')))"""
    )


def test_desktop_answer_copy_sources_feedback(browser, server):
    url, db = server
    page = open_ui(browser, url, DESKTOP)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # a Chinese page, for screen readers
    for button in ("#feedback-up", "#feedback-down"):  # nothing to rate yet
        assert page.locator(button).is_disabled()
    ask(page, Q)
    check_answer_at_a_glance(page, url)
    api = api_answer(url, Q)
    attr = page.locator("#chat .answer .attr").first
    assert attr.get_attribute("title").startswith(f"《{api['citations'][0]['article_title']}》")
    assert len(attr.inner_text()) <= SHORT_TITLE_CHARS + len(" · 2024-11")

    # copy: plain text, the answer then the numbered sources with title, date and quote
    page.locator("#chat .answer .rq-copy").first.click()
    page.locator("#chat .answer .rq-copy", has_text="已复制").wait_for()
    text = clipboard(page)
    assert "<" not in text and ">" not in text and "来源：" in text
    for c in api["citations"]:
        assert f"[{c['n']}] 《{c['article_title']}》" in text and c["quote"] in text
    aria = page.locator("#chat [aria-label^='回答：']").first.get_attribute("aria-label")
    assert "<" not in aria and "来源" in aria

    # feedback: a visible confirmation next to the buttons, said by screen readers (a live region) with
    # which button is pressed; 👎 then 👍 leaves one row, rated 👍
    assert page.locator("#feedback-status").get_attribute("role") == "status"
    assert page.locator("#question-error").get_attribute("aria-live") == "polite"
    pressed = "([b, v]) => document.querySelector(b).getAttribute('aria-pressed') === v"
    page.wait_for_function(pressed, arg=["#feedback-down", "false"], timeout=10_000)
    page.locator("#feedback-down").click()
    page.locator("#feedback-status", has_text="已收到").wait_for(timeout=10_000)
    page.wait_for_function(pressed, arg=["#feedback-down", "true"], timeout=10_000)
    page.locator("#feedback-up").click()
    page.locator("#feedback-status", has_text="已改为").wait_for(timeout=10_000)
    page.wait_for_function(pressed, arg=["#feedback-up", "true"], timeout=10_000)
    assert page.locator("#feedback-down").get_attribute("aria-pressed") == "false"
    assert in_viewport(page.locator("#feedback-status"), page) and in_viewport(page.locator("#feedback-up"), page)
    # a comment sent with Enter after rating is kept with the rating, and said so
    page.locator("#feedback-comment textarea").fill("数字和原文一致")
    page.locator("#feedback-comment textarea").press("Enter")
    page.locator("#feedback-status", has_text="补充说明").wait_for(timeout=10_000)
    rows = (
        sqlite3.connect(db)
        .execute(
            "SELECT f.rating, f.comment FROM feedback f JOIN answers a ON a.id = f.answer_id WHERE a.channel = 'ui'"
        )
        .fetchall()
    )
    assert rows == [(1, "数字和原文一致")]

    # sources: cards by title/date/paragraph, the file name only in the detail line
    card = page.locator("#sources .turn-sources details.card").first
    summary = card.locator("summary").inner_text()
    assert ".txt" not in summary and "第" in summary and "段" in summary
    assert api["citations"][0]["source"] in card.locator(".file").inner_text()
    page.locator("#chat sup.cite a").first.click()
    assert page.locator("#sources mark").first.inner_text().strip() in api["citations"][0]["quote"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "desktop.png"))

    # a follow-up: "理解为" says how it was read; the earlier answer's sources fold away
    ask(page, "中国—匈牙利技术转移中心(重庆)是做什么的？")
    ask(page, "它促成了多少个项目？")
    assert page.locator("#chat .answer").last.inner_text().startswith("理解为：")  # read before the answer
    assert page.locator("#sources details.earlier").count() == 1
    assert not page.locator("#sources details.earlier").evaluate("e => e.open")
    assert "turn-3" in page.locator("#sources .turn-sources").first.get_attribute("class")
    page.locator("#copy-all").click()
    page.wait_for_timeout(300)
    text = clipboard(page)
    assert "<" not in text and text.count("问：") == 3 and "它促成了多少个项目？" in text and "来源：" in text
    page.screenshot(path=str(SHOTS / "desktop-followup.png"))

    assert no_english_labels(page) == []
    # one way to start over: Gradio's own clear icon in the chat's corner is not shown
    assert page.locator("#chat .top-panel button:visible").count() == 0
    assert page.locator("#chat .top-panel button").count() >= 1  # it exists (and is wired to 新对话's reset)
    page.locator("#new-conversation").click()
    page.wait_for_function("() => !document.querySelector('#chat .answer')", timeout=10_000)
    assert page.locator("#feedback-up").is_disabled() and "提问后" in page.locator("#sources").inner_text()
    icon = page.request.get(f"{url}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/")
    page.context.close()


def test_phone_sources_drawer_and_way_back(browser, server):
    url, _ = server
    page = open_ui(browser, url, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    no_scroll = "() => document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_scroll)
    assert in_viewport(page.locator("#question textarea"), page) and in_viewport(page.locator("#send"), page)
    ask(page, Q)
    check_answer_at_a_glance(page, url)
    assert in_viewport(page.locator("#send"), page)
    assert not page.locator("#sources").is_visible() or not in_viewport(page.locator("#sources"), page)
    page.screenshot(path=str(SHOTS / "phone.png"))

    link = page.locator("#chat sup.cite a").first
    link.tap()
    mark = page.locator("#sources .turn-sources mark").first
    mark.wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(400)  # the drawer slides in
    assert in_viewport(mark, page)
    # a dialog over the chat, with the keyboard / screen reader focus in it
    assert page.locator("#sources").get_attribute("role") == "dialog"
    assert page.evaluate("() => !!document.activeElement.closest('#sources')")
    page.screenshot(path=str(SHOTS / "phone-sources.png"))
    page.locator("#sources .rq-back").tap()
    page.wait_for_timeout(400)
    assert page.locator("#sources").get_attribute("role") is None
    assert not in_viewport(page.locator("#sources .rq-back"), page) or not page.locator("#sources").is_visible()
    assert in_viewport(link, page) and in_viewport(page.locator("#send"), page)
    assert page.evaluate(no_scroll)
    # 查看出处 opens the answer's sources at their top: the question they answer is not under the 返回回答 bar
    ask(page, "中国—匈牙利技术转移中心(重庆)促成了多少个项目合作签约？")
    page.locator("#chat .rq-show-sources").last.tap()
    page.wait_for_timeout(800)
    head = page.locator("#sources .turn-sources .turn").first.bounding_box()
    bar = page.locator("#sources .rq-back").bounding_box()
    assert head is not None and bar is not None and head["y"] >= bar["y"] + bar["height"] - 1, (head, bar)
    page.context.close()


def test_over_long_question_is_kept_and_says_by_how_much(browser, server):
    url, _ = server
    page = open_ui(browser, url, DESKTOP)
    limit = Settings().answer.max_question_chars
    text = "重庆与多少个国家建立了科技合作关系？" * (limit // 18 + 2)
    page.locator("#question textarea").fill(text)
    page.locator("#send").click()
    error = page.locator("#question-error", has_text="请删减")
    error.wait_for(timeout=10_000)
    assert f"最多 {limit} 字" in error.inner_text() and f"请删减 {len(text) - limit} 字" in error.inner_text()
    assert page.locator("#question textarea").input_value() == text
    assert page.locator("#chat .message").count() == 0 or page.locator("#chat .answer").count() == 0
    page.context.close()


def test_rate_limit_is_said_and_keeps_the_conversation(browser, assistant, settings, tmp_path):
    """Past the rate limit the page says so under the box, keeping the answers and the question typed (a 429
    had covered the chat with Gradio's error badges)."""
    s = settings.updated(server={"log_db": tmp_path / "log.db", "rate_limit_per_minute": 2, "rate_limit_burst": 2})
    with running(create_app(s, assistant)) as url:
        page = open_ui(browser, url, DESKTOP)
        ask(page, Q)
        ask(page, "奉节蚕桑基地有多少亩？")
        page.locator("#question textarea").fill("双千计划什么时候启动？")
        page.locator("#send").click()
        page.locator("#question-error", has_text="操作过于频繁").wait_for(timeout=10_000)
        assert page.locator("#chat .answer").count() == 2 and "63个" in page.locator("#chat .answer").first.inner_text()
        assert page.locator("#question textarea").input_value() == "双千计划什么时候启动？"
        assert page.locator("#chat .error, #chat [class*=error]").count() == 0
        page.context.close()


def test_portal_example_works_out_of_the_box(browser, server, portal_origin):
    """examples/portal.html from another (loopback) origin against the server's default settings."""
    url, _ = server
    shipped = re.search(r'<iframe id="reportqa"[^>]* src="([^"]+)"', (ROOT / "examples" / "portal.html").read_text())
    s = Settings()
    assert shipped.group(1) == f"http://{s.server.host}:{s.server.port}/ui/"  # what `reportqa serve` listens on
    context = browser.new_context(viewport={"width": 1366, "height": 1100}, permissions=["clipboard-read"])
    page = context.new_page()
    page.goto(f"{portal_origin}/portal.html?server={url}/ui/")
    frame = page.frame_locator("#reportqa")
    ask(frame, "奉节县智能养蚕的生产效率提高了多少？")
    assert "28倍" in frame.locator("#chat .answer").last.inner_text()
    frame.locator("#chat .answer .rq-copy").last.click()  # copying works inside the portal's iframe too
    frame.locator("#chat .answer .rq-copy", has_text="已复制").wait_for()
    text = clipboard(page)
    assert "28倍" in text and "来源：" in text and "<" not in text
    iframe = page.locator("#reportqa").bounding_box()
    for control in ("#feedback-up", "#feedback-down", "#new-conversation", "#send"):
        box = frame.locator(control).bounding_box()
        assert box["y"] + box["height"] <= iframe["y"] + iframe["height"], control  # inside the 900 px frame
    page.screenshot(path=str(SHOTS / "portal.png"))
    context.close()


def test_favicon_is_served(server):
    url, _ = server
    r = httpx.get(f"{url}/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg") and b"<svg" in r.content


# WCAG contrast of an element's text on the first opaque background at or above it
CONTRAST = """(sel) => {
  const el = document.querySelector(sel);
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).slice(0, 3).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = el;
  while (bg && (rgb(getComputedStyle(bg).backgroundColor)[3] === 0)) bg = bg.parentElement;
  const [a, b] = [lum(getComputedStyle(el).color), lum(bg ? getComputedStyle(bg).backgroundColor : "rgb(255,255,255)")];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_buttons_and_sources_are_readable_in_light_and_dark(browser, server):
    """The chosen 👍 and 提问 (white on the primary colour), and the source cards and their highlights in a
    browser set to dark, all at least 4.5:1 (WCAG AA for normal text)."""
    url, _ = server
    for scheme in ("light", "dark"):
        page = open_ui(browser, url, DESKTOP, color_scheme=scheme)
        ask(page, "坦桑尼亚水稻亩产提高到了多少？")
        page.locator("#feedback-up").click()
        page.locator("#feedback-status", has_text="已收到").wait_for(timeout=10_000)
        page.mouse.move(1, 1)  # not hovering: the resting colours
        page.wait_for_timeout(600)  # Gradio's colour transitions
        assert "primary" in page.locator("#feedback-up").get_attribute("class")
        for sel in ("#feedback-up", "#send", "#sources .card summary", "#sources .card .para p", "#sources mark"):
            assert page.evaluate(CONTRAST, sel) >= 4.5, (scheme, sel, page.evaluate(CONTRAST, sel))
        for sel in ("#chat .answer .attr", "#sources .file", "#chat .answer .support.with-short"):
            assert page.evaluate(CONTRAST, sel) >= 4.5, (scheme, sel, page.evaluate(CONTRAST, sel))
        page.screenshot(path=str(SHOTS / f"desktop-{scheme}.png"))
        page.context.close()


# the lines (tops of the client rects) a piece of an element's text is laid out on
LINES_OF = """([sel, pattern]) => Array.from(document.querySelectorAll(sel)).map((el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const m = n.textContent.match(new RegExp(pattern));
    if (!m) continue;
    const r = document.createRange();
    r.setStart(n, m.index);
    r.setEnd(n, m.index + m[0].length);
    return new Set(Array.from(r.getClientRects()).map((x) => Math.round(x.top))).size;
  }
  return 0;
})"""


def test_phone_keeps_each_date_on_one_line_with_its_separator(browser, server):
    """On a narrow phone (360 px) "· 2024-11" is never split from its separator or broken across lines, in the
    answer's attribution (one line: the title gives way) and in the source card's heading."""
    url, _ = server
    page = open_ui(browser, url, {"width": 360, "height": 780}, is_mobile=True, has_touch=True, device_scale_factor=2)
    ask(page, Q)
    one_line = "(el) => el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).fontSize)"
    assert all(attr.evaluate(one_line) for attr in page.locator("#chat .answer .attr").all())
    for attr in page.locator("#chat .answer .attr").all():  # the date is shown whole, inside the bubble
        date, box = attr.locator(".d"), attr.bounding_box()
        assert re.fullmatch(r" · \d{4}-\d{2}(-\d{2})?", date.inner_text().replace("\xa0", " ")), date.inner_text()
        assert date.bounding_box()["x"] + date.bounding_box()["width"] <= box["x"] + box["width"] + 1
    summaries = page.evaluate(LINES_OF, ["#sources .turn-sources summary", r"· \d{4}-\d{2}(-\d{2})? · 第[\d、]+段"])
    assert summaries and all(n == 1 for n in summaries), summaries
    sources = page.locator("#sources").text_content()
    assert "与65个国家和地区" in sources and "**" not in sources  # a report's **朋友圈** label, without its marks
    page.screenshot(path=str(SHOTS / "phone-360.png"))
    page.context.close()


def test_phone_shows_the_example_question_on_one_line(browser, server):
    """On a phone the placeholder (请输入问题，例如：…) stays one line, not wrapped and shown cut in half."""
    url, _ = server
    page = open_ui(browser, url, {"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    wrap = page.locator("#question textarea").evaluate("(el) => getComputedStyle(el, '::placeholder').whiteSpace")
    assert wrap == "nowrap"
    page.context.close()


def test_empty_question_says_what_to_do(browser, server):
    url, _ = server
    page = open_ui(browser, url, PHONE, is_mobile=True, has_touch=True)
    page.locator("#question textarea").fill("  \n ")
    page.locator("#send").click()
    page.locator("#question-error", has_text="请输入").wait_for(timeout=10_000)
    assert in_viewport(page.locator("#question-error"), page) and page.locator("#chat .answer").count() == 0
    # typing a question hides the error about the empty one (found by stop 44's UI check: it had stayed)
    page.locator("#question textarea").press_sequentially("重庆")
    page.locator("#question-error", has_text="请输入").wait_for(state="hidden", timeout=5_000)
    page.locator("#question textarea").fill(" ")
    page.locator("#send").click()  # and a new empty submission shows it again
    page.locator("#question-error", has_text="请输入").wait_for(state="visible", timeout=10_000)
    page.context.close()


def test_lost_connection_is_said_in_chinese(browser, server):
    # Gradio's page writes its error pop-ups in English ("Connection to the server was lost…")
    url, _ = server
    page = open_ui(browser, url, DESKTOP)
    page.route("**/gradio_api/**", lambda route: route.abort())
    page.locator("#question textarea").fill(Q)
    page.locator("#send").click()
    toast = page.locator('[data-testid="toast-body"]').first
    toast.wait_for(timeout=15_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=toast-body]')].every(t => !/[A-Za-z]{3,}/.test(t.innerText))",
        timeout=5_000,
    )
    assert "出错了" in toast.inner_text()
    page.context.close()


def test_an_example_is_asked_with_one_click(browser, server):
    # an example button had only filled the box: an official clicked it and waited for an answer
    url, _ = server
    page = open_ui(browser, url, DESKTOP)
    page.locator("#examples button.gallery-item").first.click()
    page.locator("#chat .answer").first.wait_for(timeout=60_000)
    assert "重庆与多少个国家建立了科技合作关系？" in page.locator("#chat").inner_text()
    page.context.close()


def test_the_page_as_served_is_chinese_and_previews_as_the_assistant(server):
    """A UI check found Gradio's template in the page source: lang="en", and link-preview tags saying "Gradio",
    "Click to try out the app!" with an image on github.com, which a chat app shows for a shared link."""
    url, _ = server
    page = httpx.get(f"{url}/ui/", headers={"Accept-Encoding": "identity"}).text
    assert re.search(r'<html[^>]*\slang="zh-CN"', page) and 'lang="en"' not in page
    assert 'property="og:title" content="报道问答助手"' in page and "Click to try out" not in page
    assert "githubusercontent" not in page and "@Gradio" not in page
    # the rest of Gradio's page is untouched (the browser tests above run on it)
    assert "window.gradio_config" in page and page.rstrip().endswith("</html>")
