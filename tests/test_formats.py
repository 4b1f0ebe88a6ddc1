"""PDF (text layer and scanned), Word and HTML reports built from the shipped reports: the extracted articles
match the source text, split where the source splits, without page furniture; bad files are refused with a
Chinese message naming them."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile

import pytest

from assistant.settings import DEFAULT_CORPUS
from corpus.formats import FormatError, check_type, extract
from corpus.loader import EXTRACT_CACHE, load_corpus, parse_report
from devtools.documents import (
    CJK_TTF,
    MASTHEAD,
    newspaper_pdf,
    pick_articles,
    scanned_pdf,
    similarity,
    web_page,
    word_docx,
)
from index.store import build_index
from ui.reports import ReportError, preview, safe_name

needs_font = pytest.mark.skipif(not CJK_TTF.exists(), reason="fonts-wqy-microhei not installed (make system-deps)")
needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr not installed (make system-deps)"
)


@pytest.fixture(scope="module")
def source():
    return pick_articles(load_corpus(DEFAULT_CORPUS).articles)


@pytest.fixture(scope="module")
def page_pdf(source):
    return newspaper_pdf(source)


def _check_articles(got, source, threshold):
    assert len(got) == len(source), [a.title for a in got]
    for want, have in zip(source, got):
        assert similarity(want.title, have.title) >= threshold, (want.title, have.title)
        assert similarity(want.text, have.text) >= threshold, (want.title, similarity(want.text, have.text))


@needs_font
@pytest.mark.parametrize("layout", ["stacked", "side"])
def test_two_column_newspaper_page_reads_in_order_without_masthead_page_number_or_caption(source, layout):
    """stacked: headlines across the page over two-column bodies, with a photo caption; side: the two
    articles side by side, headline and body each in one column."""
    extracted = extract(newspaper_pdf(source, layout), "page.pdf")
    got = parse_report(extracted.text, "page.pdf")
    _check_articles(got, source, 0.98)
    for want, have in zip(source, got):
        assert len(have.paragraphs) == len(want.paragraphs)
    text = extracted.text
    assert MASTHEAD[0] not in text and "第3版" not in text  # the page header
    assert not any(re.fullmatch(r"\s*3\s*", p) for p in text.split("\n\n"))  # the page number
    assert all("摄" not in a.text for a in got)  # the photo caption stays out of the articles
    assert extracted.date == "2025-06-12" and "版面日期行" in extracted.date_basis


@needs_font
@needs_ocr
def test_scanned_page_is_read_by_ocr(page_pdf, source, monkeypatch):
    # one Tesseract thread: its OpenMP threads read the same text ~3x slower on a busy 2-core machine
    monkeypatch.setenv("OMP_THREAD_LIMIT", "1")
    extracted = extract(scanned_pdf(page_pdf), "scan.pdf")
    assert extracted.ocr_pages == 1 and extracted.pages == 1
    got = parse_report(extracted.text, "scan.pdf")
    assert len(got) == len(source)
    for want, have in zip(source, got):
        assert similarity(want.text, have.text) >= 0.90, similarity(want.text, have.text)
        assert similarity(want.title, have.title) >= 0.85, have.title  # headlines found from OCR line heights
        assert len(have.paragraphs) == len(want.paragraphs)


@needs_font
def test_scanned_page_without_tesseract_names_the_file_and_the_packages(page_pdf, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # what a machine without tesseract-ocr sees
    with pytest.raises(FormatError) as exc:
        extract(scanned_pdf(page_pdf, dpi=100), "扫描版.pdf")
    message = str(exc.value)
    assert "扫描版.pdf" in message and "tesseract-ocr" in message and "tesseract-ocr-chi-sim" in message


def _text_page_then_scan(page_pdf: bytes) -> bytes:
    """A PDF whose first page has a text layer and whose second is a scan of the same page."""
    import pypdfium2 as pdfium

    from corpus.pdf import PDFIUM

    scan = scanned_pdf(page_pdf, dpi=100)  # takes PDFIUM itself
    with PDFIUM:
        doc, scanned = pdfium.PdfDocument(page_pdf), pdfium.PdfDocument(scan)
        doc.import_pages(scanned)
        out = io.BytesIO()
        doc.save(out)
        scanned.close()
        doc.close()
    return out.getvalue()


@needs_font
@needs_ocr
def test_index_build_lists_a_scan_over_the_ocr_time_limit_and_indexes_the_rest(tmp_path, page_pdf, source, embedder):
    """Tesseract is killed at its per-page limit (tiny here, as for a hung page): the build goes on, the file is
    among the problems, named with its page, and every other file is indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.pdf").write_bytes(page_pdf)
    (corpus / "web.html").write_bytes(web_page(source[1]))
    slow = _text_page_then_scan(page_pdf)
    (corpus / "慢版.pdf").write_bytes(slow)
    info, loaded, rebuilt = build_index(corpus, tmp_path / "index", embedder=embedder, ocr_timeout=0.01)
    assert rebuilt and [p.source for p in loaded.problems] == ["慢版.pdf"] and loaded.problems[0].skipped
    message = loaded.problems[0].message
    assert message.startswith("慢版.pdf：第 2 页文字识别超时") and "0.01 秒" in message, message
    assert set(info.files) == {"page.pdf", "web.html"} and info.articles == 3
    assert not list((corpus / EXTRACT_CACHE).glob(f"{hashlib.sha256(slow).hexdigest()}.*"))  # read again next time


def test_word_document_keeps_articles_and_leaves_out_header_and_footer(source):
    extracted = extract(word_docx(source), "report.docx")
    _check_articles(parse_report(extracted.text, "report.docx"), source, 0.98)
    assert "第 3 页" not in extracted.text and "科技新闻" not in extracted.text


def test_web_page_keeps_the_article_without_navigation_or_footer(source):
    extracted = extract(web_page(source[0]), "news.html")
    _check_articles(parse_report(extracted.text, "news.html"), source[:1], 0.98)
    for boilerplate in ("首页", "关于我们", "版权所有", "相关阅读", "网站地图", "搜索"):
        assert boilerplate not in extracted.text
    assert extracted.date == "2025-06-12"


@needs_font
def test_loader_reads_the_new_formats_from_a_folder_and_caches_extraction(tmp_path, page_pdf, source):
    (tmp_path / "page.pdf").write_bytes(page_pdf)
    (tmp_path / "word.docx").write_bytes(word_docx(source))
    (tmp_path / "web.html").write_bytes(web_page(source[1]))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not a PDF body")
    corpus = load_corpus(tmp_path)
    by_source = {}
    for a in corpus.articles:
        by_source.setdefault(a.source, []).append(a)
    assert [len(by_source[s]) for s in ("page.pdf", "word.docx", "web.html")] == [2, 2, 1]
    assert {a.date for a in by_source["page.pdf"]} == {"2025-06-12"}  # the page's date line, no metadata.json
    assert [p.source for p in corpus.problems] == ["broken.pdf"] and corpus.problems[0].skipped
    assert "broken.pdf" in corpus.problems[0].message and "损坏" in corpus.problems[0].message
    assert len(list((tmp_path / ".extracted").glob("*.json"))) == 3
    assert load_corpus(tmp_path).articles == corpus.articles  # read again from the cache: the same


# ---------------------------------------------------------------- bad input


def _encrypted_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 720, "confidential")
    c.showPage()
    c.save()
    return buf.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    "name, raw, expected",
    [
        ("空白.pdf", b"", "文件为空"),
        ("空白.txt", b"  \n\n ", "文件为空"),
        ("加密.pdf", None, "已加密"),
        ("损坏.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "已损坏"),
        ("程序.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 4, "文件内容不是 PDF"),
        ("伪装.pdf", _zip({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"}), "内容是Word"),
        ("损坏.docx", _zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<bad"}), "已损坏"),
        ("压缩包.docx", _zip({"a.txt": b"hello"}), "文件内容不是 Word"),
        ("加密.docx", OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "已加密"),
        ("旧版.doc", OLE + b"WordDocument".ljust(64, b"\x00"), "旧版 Word"),
        ("旧版.docx", OLE + "WordDocument".encode("utf-16-le"), "旧版 Word"),
        ("图片.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "文件内容不是 网页"),
        ("脚本.exe", b"#!/bin/sh\necho hi\n", "不支持的文件类型"),
    ],
)
def test_bad_files_are_refused_with_a_message_naming_them(name, raw, expected):
    raw = _encrypted_pdf() if raw is None else raw
    with pytest.raises((FormatError, ReportError)) as exc:
        preview(raw, name)
    assert name in str(exc.value) and expected in str(exc.value), str(exc.value)


def test_an_html_page_without_an_article_is_refused():
    with pytest.raises(ReportError, match="空网页.html"):
        preview(b"<!DOCTYPE html><html><body><nav><a href='/'>home</a></nav></body></html>", "空网页.html")


def test_type_comes_from_the_content_not_the_extension(source):
    assert check_type(word_docx(source), "a.docx") == "docx"
    assert check_type(web_page(source[0]), "a.htm") == "html"
    assert check_type("正文。".encode(), "a.md") == "text"


@pytest.mark.parametrize(
    "given, stored",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\报道.PDF", "报道.pdf"),
        (".hidden.md", "hidden.md"),
        ("a b;rm -rf $(x).docx", "a_b_rm_-rf_(x).docx"),
        ("/abs/path/重庆日报 2025-06-12.html", "重庆日报_2025-06-12.html"),
        ("..", "report"),
    ],
)
def test_file_names_are_sanitised(given, stored):
    assert safe_name(given) == stored
