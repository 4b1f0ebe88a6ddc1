"""The admin API and page against a real uvicorn server with a real index: its own key, uploads previewed
then indexed in the background, the running server answering from the new report without a restart, bad
uploads changing nothing, removal, and the insight view. The upload through the page runs in Debian's
chromium (Playwright)."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from corpus.formats import CACHE_VERSION
from corpus.loader import EXTRACT_CACHE, load_corpus
from devtools.documents import CJK_TTF, newspaper_pdf, pick_articles, scanned_pdf, similarity, web_page
from devtools.servers import running
from index.store import build_index, open_index
from tests.helpers import CHROMIUM, SHOTS, index_copy
from ui import strings
from ui.reports import preview
from ui.server import create_app

ADMIN, PORTAL = "admin-secret", "portal-key"
# answered only by the second article of the uploaded page (from 001_*.txt, left out of the served corpus)
Q_PDF = "中匈双方团队已签署多少份合作协议？"
# answered only by the web page's article (from 000_*.txt, also left out)
Q_HTML = "哈工大重庆研究院先后派出了几个考察团前往塞尔维亚？"
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or not CJK_TTF.exists(),
    reason="tesseract-ocr or fonts-wqy-microhei not installed (make system-deps)",
)


@pytest.fixture(scope="module")
def source():
    return pick_articles(load_corpus(DEFAULT_CORPUS).articles)


@pytest.fixture(scope="module")
def brief(source):
    """The first article cut to ~400 characters, for the scan tests: Tesseract's time grows with the text on
    the page, and a short article takes the same OCR path as a full page."""
    return pick_articles(source, n=1, budget=400)


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder, index_dir, source):
    """The shipped reports minus the two files the test documents are made from, indexed and served."""
    corpus = tmp_path_factory.mktemp("corpus")
    left_out = {a.source for a in source}
    for path in DEFAULT_CORPUS.iterdir():
        if path.name not in left_out:
            shutil.copy(path, corpus / path.name)
    index_dir = index_copy(index_dir, tmp_path_factory.mktemp("index"))  # the remaining files keep their vectors
    build_index(corpus, index_dir, embedder=embedder)
    s = Settings(
        index={"corpus_dir": corpus, "index_dir": index_dir},
        server={
            "admin_key": ADMIN,
            "api_key": PORTAL,
            "log_db": str(tmp_path_factory.mktemp("log") / "log.db"),
            "rate_limit_per_minute": 0,
            "reload_check_seconds": 0.2,
        },
    )
    with running(create_app(s, Assistant(open_index(index_dir, embedder=embedder), s), with_ui=False)) as url:
        yield url, corpus


def admin(url: str, method: str = "GET", path: str = "/reports", **kw) -> httpx.Response:
    return httpx.request(method, f"{url}/api/admin{path}", headers={"X-Admin-Key": ADMIN}, timeout=120, **kw)


def ask(url: str, question: str) -> dict:
    r = httpx.post(f"{url}/api/ask", json={"question": question}, headers={"X-API-Key": PORTAL}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def wait_for_build(url: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = admin(url, path="/status").json()
        if status["build"]["state"] in ("done", "failed"):
            return status
        time.sleep(0.3)
    raise AssertionError("the rebuild did not finish")


def wait_for_job(url: str, job: dict, timeout: float = 900) -> tuple[dict, list[dict]]:
    """The job once it has finished, and the states polled while it was running."""
    seen = []
    deadline = time.monotonic() + timeout
    while job["state"] == "running":
        assert time.monotonic() < deadline, f"the job is still running: {job}"
        seen.append(job)
        time.sleep(0.5)
        r = admin(url, path=f"/reports/preview/{job['job']}")
        assert r.status_code == 200, r.text
        job = r.json()
    return job, seen


@pytest.fixture
def ocr_pages(monkeypatch) -> list[str]:
    """Every page Tesseract reads in this process (the server runs in it too): the real OCR, counted."""
    from corpus import pdf

    pages: list[str] = []
    real = pdf.ocr_pieces

    def counted(image, lang, *rest):
        pages.append(lang)
        return real(image, lang, *rest)

    monkeypatch.setattr(pdf, "ocr_pieces", counted)
    # one Tesseract thread: its OpenMP threads read the same text ~3x slower on a busy 2-core machine
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    return pages


def wait_until_cited(url: str, question: str, source: str, timeout: float = 60) -> dict:
    """The running server answers from the new build once it has switched to it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = ask(url, question)
        if any(c["source"] == source for c in answer["citations"]):
            return answer
        time.sleep(0.3)
    raise AssertionError(f"no answer citing {source}: {answer}")


def test_admin_api_refuses_no_key_and_the_portal_key(server):
    url, _ = server
    for headers in ({}, {"X-Admin-Key": PORTAL}, {"X-API-Key": PORTAL}, {"Authorization": f"Bearer {PORTAL}"}):
        r = httpx.get(f"{url}/api/admin/reports", headers=headers)
        assert r.status_code == 401 and r.json()["detail"] == strings.ADMIN_BAD_KEY, headers
    assert httpx.post(f"{url}/api/ask", json={"question": Q_PDF}, headers={"X-API-Key": ADMIN}).status_code == 401
    assert admin(url).status_code == 200


@pytest.mark.parametrize("keys", [{"admin_key": ""}, {"admin_key": PORTAL, "api_key": PORTAL}])
def test_admin_api_is_off_without_its_own_key(assistant, settings, tmp_path, keys):
    s = settings.updated(server={"log_db": str(tmp_path / "log.db"), **keys})
    with running(create_app(s, assistant, with_ui=False)) as url:
        for key in ("", PORTAL, ADMIN):
            r = httpx.get(f"{url}/api/admin/reports", headers={"X-Admin-Key": key})
            assert r.status_code == 403 and r.json()["detail"] in (strings.ADMIN_DISABLED, strings.ADMIN_SAME_KEY)


def test_upload_limit_is_enforced_before_reading_the_whole_file(assistant, settings, tmp_path):
    s = settings.updated(
        server={"log_db": str(tmp_path / "log.db"), "admin_key": ADMIN, "admin_max_upload_mb": 1},
        index={"corpus_dir": tmp_path},
    )
    with running(create_app(s, assistant, with_ui=False)) as url:
        big = ("重庆。" * 200_000).encode()  # 1.8 MB: refused from its Content-Length, before it is read
        r = admin(url, "POST", files={"file": ("大文件.txt", big, "text/plain")})
        assert r.status_code == 413 and "超过上限 1 MB" in r.json()["detail"]
        just_over = ("重庆。" * 116_600).encode()  # 1 MB and a little: read up to the limit, then refused by name
        r = admin(url, "POST", files={"file": ("稍大.txt", just_over, "text/plain")})
        assert r.status_code == 413 and "稍大.txt" in r.json()["detail"] and "1 MB" in r.json()["detail"]
    assert not (tmp_path / "大文件.txt").exists() and not (tmp_path / "稍大.txt").exists()


def test_bad_upload_changes_nothing(server):
    url, corpus = server
    before = admin(url).json()
    files_before = sorted(p.name for p in corpus.iterdir())
    r = admin(url, "POST", files={"file": ("../坏文件.pdf", b"%PDF-1.7\n1 0 obj << /Type", "application/pdf")})
    assert r.status_code == 422 and "坏文件.pdf" in r.json()["detail"] and "损坏" in r.json()["detail"]
    r = admin(url, "POST", files={"file": ("空.docx", b"", "application/octet-stream")})
    assert r.status_code == 422 and "空.docx" in r.json()["detail"] and "文件为空" in r.json()["detail"]
    after = admin(url).json()
    assert sorted(p.name for p in corpus.iterdir()) == files_before
    assert not (corpus.parent / "坏文件.pdf").exists()
    assert after["serving"] == before["serving"] and after["build"]["state"] == before["build"]["state"]


def test_web_page_added_through_the_api_is_answered_without_restart(server, source):
    url, corpus = server
    before = admin(url).json()["serving"]
    html = web_page(source[0])
    preview = admin(url, "POST", "/reports/preview", files={"file": ("重庆日报网.html", html, "text/html")}).json()
    assert [a["title"] for a in preview["articles"]] == [source[0].title]
    assert preview["articles"][0]["date"] == "2025-06-12" and preview["articles"][0]["paragraphs"] == len(
        source[0].paragraphs
    )
    assert not (corpus / "重庆日报网.html").exists()  # a preview stores nothing
    # questions keep coming while the index is rebuilt and swapped: none may fail
    codes: list[int] = []
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            r = httpx.post(f"{url}/api/ask", json={"question": Q_HTML}, headers={"X-API-Key": PORTAL}, timeout=60)
            codes.append(r.status_code)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    started = time.perf_counter()
    r = admin(url, "POST", files={"file": ("重庆日报网.html", html, "text/html")})
    assert r.status_code == 200, r.text
    status = wait_for_build(url)
    assert status["build"]["state"] == "done", status
    # incremental: only the new article's chunks were embedded
    assert status["build"]["embedded"] == status["build"]["chunks"] - before["chunks"] > 0
    answer = wait_until_cited(url, Q_HTML, "重庆日报网.html")
    print(f"\nupload to answerable (HTML, 1 article): {time.perf_counter() - started:.1f} s")
    assert "4个考察团" in answer["answer"]
    time.sleep(1)
    stop.set()
    asker.join()
    assert len(codes) > 3 and set(codes) == {200}, codes
    listed = {e["name"]: e for e in admin(url).json()["reports"]}
    assert listed["重庆日报网.html"]["indexed"]


@pytest.mark.skipif(
    not CHROMIUM.exists() or not CJK_TTF.exists(), reason="Debian chromium or fonts-wqy-microhei missing"
)
def test_pdf_uploaded_on_the_admin_page_is_answered_without_restart(browser, server, source, tmp_path):
    url, corpus = server
    pdf = tmp_path / "重庆日报-第3版.pdf"
    pdf.write_bytes(newspaper_pdf(source))
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{url}/admin")
    page.locator("#key").fill(PORTAL)
    page.locator("#enter").click()
    page.locator("#login-error", has_text="管理密钥无效").wait_for(timeout=10_000)  # the portal key is not enough
    page.locator("#key").fill(ADMIN)
    page.locator("#enter").click()
    page.locator("#reports tr").first.wait_for(timeout=20_000)
    page.locator("#file").set_input_files(str(pdf))
    page.locator("#preview-btn").click()
    page.locator("#preview-rows tr").nth(1).wait_for(timeout=60_000)
    rows = page.locator("#preview-rows tr").all_inner_texts()
    assert len(rows) == 2
    for row, article in zip(rows, source):
        assert article.title.split()[-1] in row and "2025-06-12" in row
        assert f"\t{len(article.paragraphs)}\t" in row
    # 确认 sends the file again: picking another file hides the preview until that one is previewed
    other = tmp_path / "另一份.txt"
    other.write_text("另一份报道\n\n本报讯 另一份报道的正文。\n", encoding="utf-8")
    page.locator("#file").set_input_files(str(other))
    page.locator("#preview").wait_for(state="hidden", timeout=5_000)
    page.locator("#file").set_input_files(str(pdf))
    page.locator("#preview-btn").click()
    page.locator("#preview-rows tr").nth(1).wait_for(timeout=60_000)
    started = time.perf_counter()
    page.locator("#confirm").click()
    page.locator("#upload-result", has_text="已添加").wait_for(timeout=20_000)
    page.locator("#build-state", has_text="已完成").wait_for(timeout=300_000)
    answer = wait_until_cited(url, Q_PDF, "重庆日报-第3版.pdf")
    print(f"\nupload to answerable (A3 PDF page, 2 articles): {time.perf_counter() - started:.1f} s")
    assert "15份" in answer["answer"]
    page.locator("#reports", has_text="重庆日报-第3版.pdf").wait_for(timeout=10_000)
    # the insight view on the same page: counts, the chart and the question just asked
    page.reload()
    page.locator("#top", has_text=Q_PDF).wait_for(timeout=20_000)
    assert "提问" in page.locator("#stats").inner_text()
    page.wait_for_function("() => document.querySelector('#chart').naturalWidth > 0", timeout=20_000)
    with page.expect_download() as download:
        page.locator("button[data-export=questions]").click()
    assert Q_PDF in Path(download.value.path()).read_text(encoding="utf-8-sig")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin.png"), full_page=True)
    page.close()
    assert (corpus / "重庆日报-第3版.pdf").read_bytes() == pdf.read_bytes()


@needs_ocr
def test_scanned_pdf_is_previewed_in_the_background_and_read_only_once(server, brief, ocr_pages):
    """A scan's preview answers 202 with a job at once; polling it gives the preview the request itself used
    to answer. What OCR read lands in the extract cache: adding the file and the rebuild do not read it again."""
    url, corpus = server
    text_pdf = newspaper_pdf(brief)
    scan = scanned_pdf(text_pdf)
    direct = preview(scan, "扫描版.pdf")  # what POST /reports/preview answered in the request before
    assert direct.ocr_pages == 1 and len(direct.articles) == len(brief) and len(ocr_pages) == 1
    r = admin(url, "POST", "/reports/preview", files={"file": ("文字版.pdf", text_pdf, "application/pdf")})
    assert r.status_code == 200 and len(r.json()["articles"]) == len(brief)  # a text layer: answered directly

    files = {"file": ("扫描版.pdf", scan, "application/pdf")}
    r = admin(url, "POST", "/reports/preview", files=files)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["state"] == "running" and job["name"] == "扫描版.pdf" and job["preview"] is None
    assert r.headers["location"] == f"/api/admin/reports/preview/{job['job']}"
    again = admin(url, "POST", "/reports/preview", files=files)  # a second click while it reads: the same job
    assert again.status_code == 202 and again.json()["job"] == job["job"]
    for headers in ({}, {"X-Admin-Key": PORTAL}):
        r = httpx.get(f"{url}/api/admin/reports/preview/{job['job']}", headers=headers)
        assert r.status_code == 401 and r.json()["detail"] == strings.ADMIN_BAD_KEY
    r = admin(url, path="/reports/preview/no-such-job")
    assert r.status_code == 404 and r.json()["detail"] == strings.ADMIN_JOB_NOT_FOUND

    job, seen = wait_for_job(url, job)
    assert job["state"] == "done", job
    assert job["preview"] == direct.model_dump()
    assert job["message"] == strings.ADMIN_OCR_DONE and job["done"] == job["total"] == 1
    # 1/1 while running is true too: the page is read and its text is being split into articles
    assert all(j["total"] in (0, 1) and j["done"] <= j["total"] and "文字识别" in j["message"] for j in seen), seen
    assert [j["done"] for j in seen] == sorted(j["done"] for j in seen), seen  # progress never goes back
    assert len(ocr_pages) == 2  # the job read the page once, for both clicks
    digest = hashlib.sha256(scan).hexdigest()
    assert (corpus / EXTRACT_CACHE / f"{digest}.v{CACHE_VERSION}.json").exists()

    r = admin(url, "POST", "/reports/preview", files=files)  # read already: answered directly from the cache
    assert r.status_code == 200 and r.json() == direct.model_dump()
    r = admin(url, "POST", files=files)
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 300
    while not {e["name"]: e["indexed"] for e in admin(url).json()["reports"]}.get("扫描版.pdf"):
        assert time.monotonic() < deadline, admin(url, path="/status").json()
        time.sleep(0.5)
    assert wait_for_build(url)["build"]["state"] == "done"
    assert len(ocr_pages) == 2  # neither adding it nor the rebuild ran OCR again


@pytest.mark.skipif(not CJK_TTF.exists(), reason="fonts-wqy-microhei not installed (make system-deps)")
def test_scan_on_a_server_without_tesseract_fails_its_job_with_a_chinese_message(server, source, monkeypatch):
    url, corpus = server
    scan = scanned_pdf(newspaper_pdf(source[:1]), dpi=100)
    monkeypatch.setenv("PATH", "/nonexistent")  # what the server sees on a machine without tesseract-ocr
    r = admin(url, "POST", "/reports/preview", files={"file": ("无法识别.pdf", scan, "application/pdf")})
    assert r.status_code == 202, r.text
    job, _ = wait_for_job(url, r.json())
    assert job["state"] == "failed" and job["preview"] is None
    assert "无法识别.pdf" in job["message"] and "tesseract-ocr-chi-sim" in job["message"], job
    assert not (corpus / "无法识别.pdf").exists()
    assert not list((corpus / EXTRACT_CACHE).glob(f"{hashlib.sha256(scan).hexdigest()}.*"))


@needs_ocr
def test_scan_over_the_ocr_time_limit_fails_its_job_and_frees_the_ocr_slot(tmp_path, source, ocr_pages):
    """A page Tesseract does not finish within REPORTQA_INDEX__OCR_PAGE_TIMEOUT (tiny here, as for a hung
    page) ends its job failed, with a Chinese message naming the file and page; nothing is stored, and the next
    scan gets the one OCR slot and ends too."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    s = Settings(
        index={"corpus_dir": corpus, "index_dir": tmp_path / "index", "ocr_page_timeout": 0.01},
        server={"admin_key": ADMIN, "log_db": str(tmp_path / "log.db"), "rate_limit_per_minute": 0},
    )
    scans = {
        "慢版.pdf": scanned_pdf(newspaper_pdf(source[:1]), dpi=100),
        "另一版.pdf": scanned_pdf(newspaper_pdf(source[1:])),
    }
    with running(create_app(s, with_ui=False)) as url:  # no index: the admin API previews all the same
        for name, scan in scans.items():
            r = admin(url, "POST", "/reports/preview", files={"file": (name, scan, "application/pdf")})
            assert r.status_code == 202, r.text
            job, _ = wait_for_job(url, r.json())
            assert job["state"] == "failed" and job["preview"] is None, job
            assert job["message"].startswith(f"{name}：第 1 页文字识别超时（每页限 0.01 秒）"), job
    assert len(ocr_pages) == 2 and not [p for p in corpus.rglob("*") if p.is_file()]


@needs_ocr
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_admin_page_shows_ocr_progress_then_the_preview(browser, server, brief, ocr_pages, tmp_path):
    url, _ = server
    scan = tmp_path / "扫描-第4版.pdf"
    # another resolution than the background-job test's scan of it: not read before, not in the extract cache
    scan.write_bytes(scanned_pdf(newspaper_pdf(brief), dpi=200))
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(f"{url}/admin")
    page.locator("#key").fill(ADMIN)
    page.locator("#enter").click()
    page.locator("#reports tr").first.wait_for(timeout=20_000)
    page.locator("#file").set_input_files(str(scan))
    page.locator("#preview-btn").click()
    page.locator("#ocr-message", has_text="文字识别").wait_for(timeout=20_000)
    assert page.locator("#ocr-progress").is_visible() and page.locator("#preview-btn").is_disabled()
    assert page.locator("#preview-btn").inner_text() == "正在识别…"
    page.locator("#preview-rows tr").first.wait_for(timeout=600_000)
    assert page.locator("#ocr").is_hidden() and page.locator("#upload-error").inner_text() == ""
    assert "1 页为扫描件" in page.locator("#preview-summary").inner_text()
    rows = page.locator("#preview-rows tr").all_inner_texts()
    assert len(rows) == 1 and similarity(rows[0].split("\t")[0], brief[0].title) >= 0.85, rows
    assert page.locator("#preview-btn").inner_text() == "预览" and page.locator("#preview-btn").is_enabled()
    page.close()
    assert len(ocr_pages) == 1


def test_insight_counts_questions_refusals_and_complaints(server):
    url, _ = server
    answered = ask(url, "重庆与多少个国家建立了科技合作关系？")
    refused = ask(url, "北京今年的GDP是多少？")
    assert refused["refused"] and not answered["refused"]
    r = httpx.post(
        f"{url}/api/feedback",
        json={"answer_id": answered["answer_id"], "rating": "down", "comment": "没有给出最新数字"},
        headers={"X-API-Key": PORTAL},
    )
    assert r.status_code == 200
    data = admin(url, path="/insight").json()
    assert data["asked"] >= 2 and data["refused"] >= 1 and 0 < data["refusal_rate"] < 1
    assert any(q["question"] == "北京今年的GDP是多少？" for q in data["refused_questions"])
    assert any(d["comment"] == "没有给出最新数字" for d in data["downvoted"])
    assert data["daily"][-1]["asked"] == data["asked"]
    assert data["top_questions"][0]["times"] >= 1
    png = admin(url, path="/insight/chart.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    csv = admin(url, path="/insight/export.csv?table=refused")
    assert csv.content.startswith(b"\xef\xbb\xbf") and "北京今年的GDP是多少？" in csv.content.decode("utf-8-sig")
    assert admin(url, path="/insight/export.csv?table=secrets").status_code == 422


def test_removing_a_report_rebuilds_without_it(server):
    url, corpus = server
    before = admin(url).json()["serving"]
    r = admin(url, "DELETE", "/reports/重庆日报网.html")
    assert r.status_code == 200, r.text
    status = wait_for_build(url)
    assert status["build"]["state"] == "done" and status["build"]["articles"] == before["articles"] - 1
    assert not (corpus / "重庆日报网.html").exists()
    r = admin(url, "DELETE", "/reports/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code == 404 and "passwd" in r.json()["detail"]


@pytest.mark.skipif(not CJK_TTF.exists(), reason="fonts-wqy-microhei not installed (make system-deps)")
def test_chart_finds_cjk_fonts_installed_after_matplotlib_cached_its_font_list(monkeypatch):
    """Fonts installed after matplotlib's first run are not in its cached list: the chart adds them rather than
    drawing every Chinese label as boxes."""
    import copy

    from matplotlib import font_manager

    from ui import insight

    stale = copy.copy(font_manager.fontManager)  # a list made before the CJK fonts were installed
    stale.ttflist = [f for f in stale.ttflist if f.name not in insight.CJK_FONTS]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    insight._find_cjk_fonts.cache_clear()
    wqy = font_manager.FontProperties(family="WenQuanYi Micro Hei")
    with pytest.raises(ValueError):
        stale.findfont(wqy, fallback_to_default=False)
    png = insight.chart_png({"daily": [{"day": "2026-11-30", "asked": 3, "refused": 1}], "days": 30})
    assert png.startswith(b"\x89PNG")
    assert Path(stale.findfont(wqy, fallback_to_default=False)).exists()
    insight._find_cjk_fonts.cache_clear()
