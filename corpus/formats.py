"""Text of reports that arrive as PDF, Word (.docx) or web pages (.html), for the loader to split into articles.

The type is read from the content (magic bytes), never trusted from the extension. Each extractor returns
plain text with a blank line between paragraphs (and `# ` before titles it can recognise), so the loader's
article splitting applies to every format alike. Failures raise FormatError with a Chinese message naming
the file. Extraction results are cached by content hash: OCR of a scanned page takes seconds and a rebuild
reads every file again.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from corpus import strings
from corpus.models import Extracted
from corpus.pdf import OCR_PAGE_TIMEOUT

SUFFIXES = {".pdf", ".docx", ".html", ".htm"}
SUFFIX_KIND = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, and any password-protected Office file
HTML_START = re.compile(rb"^\s*<(!doctype|!--|[a-z][a-z0-9]*[\s>/])", re.I)  # markup from the first character
DATELINE = re.compile(r"^(?:(?:日期|发布时间|时间)[:：]\s*)?\d{4}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?$", re.M)
CACHE_VERSION = "1"


class FormatError(ValueError):
    """The file cannot be read; the message (Chinese) names it and says why."""


def sniff(raw: bytes) -> str | None:
    """pdf | docx | html | text, from the bytes; None for anything else."""
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                return "docx" if "word/document.xml" in z.namelist() else None
        except zipfile.BadZipFile:
            return None
    if raw.startswith(OLE_MAGIC) or b"\x00" in raw[:4096]:
        return None
    if HTML_START.match(raw.lstrip(b"\xef\xbb\xbf")[:512]):
        return "html"
    try:
        raw[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError as exc:
        if exc.start >= 4090:  # a multi-byte character cut at the end of the sample
            return "text"
    try:
        raw.decode("gb18030")
        return "text"
    except UnicodeDecodeError:
        return None


def check_type(raw: bytes, name: str) -> str:
    """The kind of a file to be added to the corpus; FormatError when it is empty, of another kind than its
    extension says, or not a report format at all."""
    suffix = Path(name).suffix.lower()
    if not raw.strip():
        raise FormatError(strings.ERR_EMPTY.format(name=name))
    if raw.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw:
            raise FormatError(strings.ERR_ENCRYPTED.format(name=name))
        raise FormatError(strings.ERR_OLD_OFFICE.format(name=name))
    kind = sniff(raw)
    expected = SUFFIX_KIND.get(suffix)
    if expected is None:
        raise FormatError(strings.ERR_UNSUPPORTED.format(name=name, suffix=suffix or strings.NO_SUFFIX))
    if kind is None:
        raise FormatError(strings.ERR_NOT_KIND.format(name=name, kind=strings.KIND_NAMES[expected]))
    if kind != expected and not (expected == "text" and kind == "html"):
        raise FormatError(strings.ERR_KIND_MISMATCH.format(name=name, suffix=suffix, kind=strings.KIND_NAMES[kind]))
    return kind


def extract(
    raw: bytes,
    name: str,
    ocr_lang: str = "chi_sim",
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    ocr_timeout: float = OCR_PAGE_TIMEOUT,
) -> Extracted:
    """The text of a .pdf/.docx/.html file (kind checked from its bytes). `progress(pages done, pages)` is
    called as a PDF is read; a scanned page Tesseract has not read within `ocr_timeout` seconds refuses the
    file (FormatError naming the page)."""
    kind = check_type(raw, name)
    if kind == "text":
        raise FormatError(strings.ERR_TEXT_FILE.format(name=name))
    cached = _cached(raw, cache_dir)
    if cached is not None:
        return cached
    if kind == "pdf":
        result = _pdf(raw, name, ocr_lang, progress, ocr_timeout)
    else:
        result = {"docx": _docx, "html": _html}[kind](raw, name, ocr_lang)
    if not result.text.strip():
        raise FormatError(strings.ERR_NO_TEXT.format(name=name))
    path = _cache_path(cache_dir, raw)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.model_dump_json(), encoding="utf-8")
        except OSError:
            pass  # a read-only corpus folder: extract again next time
    return result


def needs_ocr(raw: bytes, cache_dir: Path | None = None) -> bool:
    """Whether extract would run OCR on this file: a PDF, not in the cache, with a page that is a scan.
    Reading that takes tens of seconds a page; everything else is read in about a second."""
    if sniff(raw) != "pdf" or _cached(raw, cache_dir) is not None:
        return False
    import pypdfium2 as pdfium

    from corpus.pdf import PDFIUM, is_scan

    with PDFIUM:
        try:
            doc = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError:
            return False  # extract says what is wrong with it, at once
        try:
            for i in range(len(doc)):
                page = doc[i]
                try:
                    if is_scan(page):
                        return True
                finally:
                    page.close()
            return False
        finally:
            doc.close()


def _cache_path(cache_dir: Path | None, raw: bytes) -> Path | None:
    if cache_dir is None:
        return None
    return Path(cache_dir) / f"{hashlib.sha256(raw).hexdigest()}.v{CACHE_VERSION}.json"


def _cached(raw: bytes, cache_dir: Path | None) -> Extracted | None:
    path = _cache_path(cache_dir, raw)
    if path is None or not path.exists():
        return None
    try:
        return Extracted.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged cache entry only costs extracting again


# ---------------------------------------------------------------- PDF


Progress = Callable[[int, int], None]


def _pdf(raw: bytes, name: str, ocr_lang: str, progress: Progress | None, ocr_timeout: float) -> Extracted:
    from corpus.pdf import PDFIUM

    with PDFIUM:
        return _pdf_locked(raw, name, ocr_lang, progress, ocr_timeout)


def _pdf_locked(raw: bytes, name: str, ocr_lang: str, progress: Progress | None, ocr_timeout: float) -> Extracted:
    import pypdfium2 as pdfium

    from corpus.pdf import OcrTimeout, OcrUnavailable, drop_running_lines, header_date, page_text

    try:
        doc = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise FormatError(strings.ERR_PDF_ENCRYPTED.format(name=name)) from exc
        raise FormatError(strings.ERR_PDF_BROKEN.format(name=name, error=exc)) from exc
    try:
        if len(doc) == 0:
            raise FormatError(strings.ERR_PDF_NO_PAGES.format(name=name))
        pages: list[list[str]] = []
        ocr_pages = 0
        date = basis = None
        for i in range(len(doc)):
            if progress:
                progress(i, len(doc))
            page = doc[i]
            try:
                text = page_text(page, ocr_lang, ocr_timeout=ocr_timeout)
            except OcrUnavailable as exc:
                raise FormatError(strings.ERR_PDF_NEEDS_OCR.format(name=name, page=i + 1, missing=exc)) from exc
            except OcrTimeout as exc:
                seconds = f"{ocr_timeout:g}"
                raise FormatError(strings.ERR_PDF_OCR_TIMEOUT.format(name=name, page=i + 1, seconds=seconds)) from exc
            except pdfium.PdfiumError as exc:
                raise FormatError(strings.ERR_PDF_PAGE.format(name=name, page=i + 1, error=exc)) from exc
            finally:
                page.close()
            ocr_pages += text.ocr
            pages.append(text.paragraphs)
            if date is None and header_date(text.header):
                date, basis = header_date(text.header), strings.BASIS_PAGE_HEADER.format(line=text.header.strip()[:60])
        if progress:
            progress(len(doc), len(doc))
        body = "\n\n".join(p for page in drop_running_lines(pages) for p in page)
        if date is None and not DATELINE.search(body):
            date, basis = _pdf_metadata_date(doc)
        return Extracted(kind="pdf", text=body, pages=len(doc), ocr_pages=ocr_pages, date=date, date_basis=basis or "")
    finally:
        doc.close()


def _pdf_metadata_date(doc) -> tuple[str | None, str | None]:
    """The creation date in the PDF's metadata (D:YYYYMMDD…): the weakest evidence, used last."""
    try:
        value = doc.get_metadata_dict().get("CreationDate", "")
    except Exception:  # metadata is optional; unreadable metadata is no date
        return None, None
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", value or "")
    if not m:
        return None, None
    return f"{m[1]}-{m[2]}-{m[3]}", strings.BASIS_PDF_METADATA


# ---------------------------------------------------------------- Word


def _docx(raw: bytes, name: str, ocr_lang: str) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FormatError(strings.ERR_DOCX_BROKEN.format(name=name, error=type(exc).__name__)) from exc
    except Exception as exc:  # python-docx raises lxml errors for broken XML
        raise FormatError(strings.ERR_DOCX_BROKEN.format(name=name, error=type(exc).__name__)) from exc
    blocks = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "").lower()
        level = 1 if style == "title" else _heading_level(style)
        blocks.append(("#" * level + " " + text) if level else text)
    for table in document.tables:  # tables after the running text: their cells are paragraphs of their own
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append("　".join(dict.fromkeys(cells)))
    return Extracted(kind="docx", text="\n\n".join(blocks), pages=0)


def _heading_level(style: str) -> int:
    m = re.match(r"heading (\d)", style)
    return min(int(m[1]) + 1, 6) if m else 0  # Heading 1 sits under a Title, when there is one


# ---------------------------------------------------------------- HTML


def _html(raw: bytes, name: str, ocr_lang: str) -> Extracted:
    import trafilatura

    html = _decode_html(raw)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml on malformed markup
        raise FormatError(strings.ERR_HTML_BROKEN.format(name=name, error=type(exc).__name__)) from exc
    if isinstance(doc, dict):  # the older return type; with_metadata=True gives a Document
        raise FormatError(strings.ERR_HTML_BROKEN.format(name=name, error="trafilatura"))
    if doc is None or not (doc.text or "").strip():
        raise FormatError(strings.ERR_HTML_NO_BODY.format(name=name))
    paragraphs = [ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()]
    if doc.title and paragraphs and paragraphs[0] != doc.title.strip():
        paragraphs.insert(0, "# " + doc.title.strip())
    elif paragraphs:
        paragraphs[0] = "# " + paragraphs[0]
    date = doc.date if doc.date and re.match(r"\d{4}-\d{2}-\d{2}$", doc.date) else None
    return Extracted(
        kind="html", text="\n\n".join(paragraphs), date=date, date_basis=strings.BASIS_HTML_METADATA if date else ""
    )


def _decode_html(raw: bytes) -> str:
    head = raw[:2048].decode("ascii", "ignore").lower()
    m = re.search(r"charset=[\"']?([\w-]+)", head)
    for encoding in ([m[1]] if m else []) + ["utf-8", "gb18030"]:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", "replace")
