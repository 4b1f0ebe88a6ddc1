"""The admin page on a phone (375×812) in a real browser (Debian chromium via Playwright) against a real uvicorn
server with the real index: the report list, the insight tables and an upload's preview are readable (no cell
squeezed to a character per line), the buttons are tappable and inside the screen, and the page itself never
scrolls sideways; on a desktop the tables stay tables. Screenshot: artifacts/screenshots/admin-phone.png."""

from __future__ import annotations

import shutil

import httpx
import pytest

from assistant.settings import DEFAULT_CORPUS
from devtools.servers import running
from tests.helpers import CHROMIUM, SHOTS
from ui.server import create_app

ADMIN = "admin-secret"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}
# long names as officials give them: Chinese without spaces, and a long Latin token
LONG_NAMES = [
    "重庆日报2025年6月12日第3版科技创新与对外合作专题报道合辑.txt",
    "chongqing_daily_2025_06_12_page_03_scan.txt",
]
LONG_TITLE = "重庆持续深化与共建“一带一路”国家科技创新合作推动成渝地区双城经济圈建设取得新进展"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def server(assistant, settings, tmp_path_factory):
    """The shipped reports (indexed) plus two with long names (not indexed), and a few questions in the log."""
    corpus = tmp_path_factory.mktemp("corpus")
    for path in DEFAULT_CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    for name in LONG_NAMES:
        (corpus / name).write_text(f"{LONG_TITLE}\n\n本报讯 正文。\n", encoding="utf-8")
    s = settings.updated(
        index={"corpus_dir": corpus},
        server={"admin_key": ADMIN, "log_db": tmp_path_factory.mktemp("log") / "log.db", "rate_limit_per_minute": 0},
    )
    with running(create_app(s, assistant, with_ui=False)) as url:
        for question in [
            "重庆与多少个国家建立了科技合作关系？",
            "北京今年的GDP是多少？",
            "中匈双方团队已签署多少份合作协议？",
        ]:
            r = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=60)
            r.raise_for_status()
        comment = "回答没有给出最新的数字，也没有说明数据来自哪一天的报道，希望补充来源和日期。"
        r = httpx.post(
            f"{url}/api/feedback", json={"answer_id": r.json()["answer_id"], "rating": "down", "comment": comment}
        )
        r.raise_for_status()
        yield url, corpus


# per table cell: its width and how many characters its text averages per line (one per line: squeezed)
CELLS = """() => [...document.querySelectorAll('td')].filter((td) => td.offsetParent && td.innerText.trim()).map((td) => {
  const tops = new Set(), walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
  }
  const chars = td.innerText.trim().replace(/\\s+/g, '').length;
  return {text: td.innerText.trim(), width: td.getBoundingClientRect().width, chars, lines: tops.size};
})"""
# per card line: its label's box and the line's box (an empty value must not let the next label overlap its own)
LABELS = """() => [...document.querySelectorAll('td[data-label]')].filter((td) => td.offsetParent).map((td) => {
  const label = parseFloat(getComputedStyle(td, '::before').lineHeight);
  return {label: td.dataset.label, height: td.getBoundingClientRect().height, needed: label};
})"""
BUTTONS = """() => [...document.querySelectorAll('button')].filter((b) => b.offsetParent).map((b) => {
  const r = b.getBoundingClientRect();
  return {text: b.innerText, left: r.left, right: r.right, height: r.height};
})"""
# a page wider than the phone also widens a mobile browser's layout viewport: innerWidth is checked too
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth && window.innerWidth === 375"


def test_admin_page_is_usable_on_a_phone(browser, server, tmp_path):
    url, _ = server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{url}/admin")
    assert page.evaluate(NO_SIDEWAYS)
    page.locator("#key").fill(ADMIN)
    page.locator("#enter").tap()
    page.locator("#reports tr").nth(len(LONG_NAMES)).wait_for(timeout=20_000)
    page.locator("#downvoted tr").first.wait_for(timeout=20_000)
    report = tmp_path / LONG_NAMES[0]
    report.write_text(f"{LONG_TITLE}\n\n本报讯 近日，重庆与多个国家签署科技合作协议。\n", encoding="utf-8")
    page.locator("#file").set_input_files(str(report))
    page.locator("#preview-btn").tap()
    page.locator("#preview-rows tr").first.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('#chart').naturalWidth > 0", timeout=20_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-phone.png"), full_page=True)

    assert page.evaluate(NO_SIDEWAYS), page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    cells = page.evaluate(CELLS)
    assert any(LONG_TITLE in c["text"] for c in cells) and any(LONG_NAMES[0] in c["text"] for c in cells)
    for cell in cells:
        assert cell["width"] >= 120, cell
        # a long text fills its lines: at least 8 characters a line on average, never one per line
        assert cell["chars"] / max(cell["lines"], 1) >= min(cell["chars"], 8), cell
    labels = page.evaluate(LABELS)
    assert {"标题", "文件", "状态", "问题", "意见"} <= {line["label"] for line in labels}
    for line in labels:
        assert line["height"] >= line["needed"], line
    buttons = page.evaluate(BUTTONS)
    assert len([b for b in buttons if b["text"] == "删除"]) >= len(LONG_NAMES)
    for button in buttons:
        assert button["left"] >= 0 and button["right"] <= PHONE["width"] and button["height"] >= 40, button
    # a row's 删除 opens the confirmation for that report (dismissed: nothing is removed)
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator(f"button[data-remove='{LONG_NAMES[0]}']").tap()
    page.wait_for_function("() => true")  # the dialog is handled before the next call returns
    assert asked and LONG_NAMES[0] in asked[0]
    assert page.evaluate(NO_SIDEWAYS)
    context.close()


def test_admin_page_keeps_its_tables_on_a_desktop(browser, server):
    url, _ = server
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{url}/admin")
    page.locator("#key").fill(ADMIN)
    page.locator("#enter").click()
    page.locator("#reports tr").nth(len(LONG_NAMES)).wait_for(timeout=20_000)
    shown = page.evaluate(
        "() => ['thead', 'tr', 'td'].map((s) => getComputedStyle(document.querySelector('#reports').closest('table')"
        ".querySelector(s)).display)"
    )
    assert shown == ["table-header-group", "table-row", "table-cell"]
    assert page.locator("#reports button").first.bounding_box()["height"] < 40  # the desktop's compact buttons
    context.close()
