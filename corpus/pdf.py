"""Text of newspaper PDF pages in reading order: the text layer through pypdfium2 (Apache-2.0/BSD), or
Tesseract OCR (chi_sim) for pages that are only an image.

Both give positioned pieces of text; one layout pass turns them into paragraphs. Pieces are grouped into
lines, the page is cut recursively along the widest empty horizontal or vertical band (XY-cut: masthead,
headline, the columns under it, the next article), and lines inside a region become paragraphs at first-line
indents, font-size changes and short last lines. Blank lines separate paragraphs, which is what the loader
expects. The page header (masthead, date line, 版次) and page numbers are dropped; the header's date is kept.
"""

from __future__ import annotations

import re
import shutil
import statistics
import threading
from dataclasses import dataclass, field

from corpus import strings

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
HEADER_MARK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|星期[一二三四五六日天]|第\s*\d+\s*版")
HEADER_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
PAGE_NUMBER = re.compile(r"^[-—–·\s]*(第\s*)?\d{1,4}\s*(版|页)?[-—–·\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")
OCR_DPI = 300  # 10-pt newspaper type is ~40 px high: Tesseract's sweet spot for CJK
# headline type is larger than body type by at least this: kickers of 14 pt over 10.5 pt body are 1.33, and
# measured 1.27 by OCR line heights, where body lines vary by ±3 %
HEADLINE_RATIO = 1.2
MIN_TEXT_CHARS = 20  # fewer characters in the text layer than this: the page is treated as a scan
# seconds Tesseract may spend on one page (IndexSettings.ocr_page_timeout): an A3 page takes ~30-50 s, so a
# page far beyond that is hung or pathological, and without a limit it would hold the one OCR slot for ever
OCR_PAGE_TIMEOUT = 300.0
# PDFium is not thread-safe, not even across documents, and a PDF can be read by a request, the admin's OCR
# job and a rebuild at once: every pdfium call is made holding this lock (page_text lets it go for Tesseract)
PDFIUM = threading.Lock()


class OcrUnavailable(RuntimeError):
    pass


class OcrTimeout(RuntimeError):
    """Tesseract took longer than its limit on a page (the process is killed)."""


@dataclass
class Piece:
    """A run of text with its box, in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    space_before: bool = False  # the source puts a space between this piece and the one before it


@dataclass
class Line:
    pieces: list[Piece] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(p.x0 for p in self.pieces)

    @property
    def x1(self) -> float:
        return max(p.x1 for p in self.pieces)

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def size(self) -> float:
        return statistics.median(p.size for p in self.pieces)

    @property
    def text(self) -> str:
        pieces = sorted(self.pieces, key=lambda p: p.x0)
        return "".join((" " if p.space_before and i else "") + p.text for i, p in enumerate(pieces))


def _joins_with_space(left: str, right: str) -> bool:
    """A Latin word or number broken across lines keeps its space; CJK lines join directly."""
    return bool(
        left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum()
    )


@dataclass
class PageText:
    paragraphs: list[str]
    header: str  # the dropped page header, for its date
    ocr: bool


# ---------------------------------------------------------------- sources of pieces


def text_layer_pieces(page) -> list[Piece]:
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    textpage = page.get_textpage()
    try:
        pieces = []
        space = False
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if not ch or ch.isspace():
                # a space in the content (not one pdfium generated at a line end) is a space in the text
                space = space or (ch == " " and pdfium_c.FPDFText_IsGenerated(textpage.raw, i) != 1)
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or (top - bottom)
            pieces.append(Piece(ch, left, height - top, right, height - bottom, size, space))
            space = False
        return pieces
    finally:
        textpage.close()


def ocr_image(page):
    """The page rendered for Tesseract, as a PIL image of its own (no pdfium memory behind it)."""
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    try:
        return bitmap.to_pil().copy()
    finally:
        bitmap.close()


def ocr_pieces(image, lang: str, timeout: float = OCR_PAGE_TIMEOUT) -> list[Piece]:
    """Words from Tesseract with their boxes, in points. The type size of a word is the median line height
    of its Tesseract paragraph: one line's box depends on its glyphs (a short last line of 。 and 一 is far
    lower than the type)."""
    import pytesseract

    scale = OCR_DPI / 72
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except RuntimeError as exc:
        # pytesseract kills the process and says so only by this message (TesseractError is another failure)
        if not isinstance(exc, pytesseract.TesseractError) and "timeout" in str(exc).lower():
            raise OcrTimeout(str(exc)) from exc
        raise
    lines: dict[tuple, list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    heights: dict[tuple, list[float]] = {}
    for key, members in lines.items():
        top = min(data["top"][i] for i in members)
        bottom = max(data["top"][i] + data["height"][i] for i in members)
        heights.setdefault(key[:2], []).append((bottom - top) / scale)
    pieces = []
    for key, members in lines.items():
        top = min(data["top"][i] for i in members) / scale
        size = statistics.median(heights[key[:2]])
        prev = None
        for i in members:
            x0 = data["left"][i] / scale
            x1 = (data["left"][i] + data["width"][i]) / scale
            text = data["text"][i].strip()
            # Tesseract splits CJK into words of its own; a wide gap between Latin words is a space
            space = (
                prev is not None and x0 - prev.x1 > 0.25 * size and not (CJK.match(text[0]) or CJK.match(prev.text[-1]))
            )
            prev = Piece(text, x0, top, x1, top + size, size, space)
            pieces.append(prev)
    return pieces


def ocr_available(lang: str) -> str | None:
    """None when OCR can run; otherwise what is missing (Chinese)."""
    if shutil.which("tesseract") is None:
        return strings.OCR_NOT_INSTALLED
    try:
        import pytesseract

        if lang not in pytesseract.get_languages(config=""):
            return strings.OCR_NO_LANGUAGE.format(lang=lang)
    except Exception as exc:  # a broken install says the same thing to the user
        return strings.OCR_BROKEN.format(error=type(exc).__name__)
    return None


def page_text(page, lang: str = "chi_sim", ocr: bool = True, ocr_timeout: float = OCR_PAGE_TIMEOUT) -> PageText:
    """The caller holds PDFIUM. It is let go while Tesseract reads a scan (~30-50 s a page, no pdfium call),
    so other PDFs can be read meanwhile. OcrTimeout when Tesseract takes longer than ocr_timeout seconds."""
    pieces = text_layer_pieces(page)
    height = page.get_height()
    used_ocr = False
    if sum(len(p.text) for p in pieces) < MIN_TEXT_CHARS and ocr and _has_image(page):
        missing = ocr_available(lang)
        if missing:
            raise OcrUnavailable(missing)
        image = ocr_image(page)
        PDFIUM.release()
        try:
            pieces, used_ocr = ocr_pieces(image, lang, ocr_timeout), True
        finally:
            PDFIUM.acquire()
    paragraphs, header = layout(pieces, height)
    return PageText(paragraphs, header, used_ocr)


def is_scan(page) -> bool:
    """Whether page_text would read this page by OCR: (almost) no text layer, and an image. Cheaper than
    text_layer_pieces (no character boxes); the caller holds PDFIUM."""
    textpage = page.get_textpage()
    try:
        chars = sum(not ch.isspace() for ch in textpage.get_text_range())
    finally:
        textpage.close()
    return chars < MIN_TEXT_CHARS and _has_image(page)


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())


# ---------------------------------------------------------------- layout


def _lines(pieces: list[Piece]) -> list[Line]:
    """Pieces on one baseline close enough together form a line; a wide gap (a column gutter) splits it."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: ((p.top + p.bottom) / 2, p.x0)):
        centre = (p.top + p.bottom) / 2
        if rows:
            last = rows[-1]
            ref = statistics.median((q.top + q.bottom) / 2 for q in last[-8:])
            if abs(centre - ref) <= 0.35 * max(p.size, last[-1].size):
                last.append(p)
                continue
        rows.append([p])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p.x0)
        cur = Line([row[0]])
        for p in row[1:]:
            if p.x0 - cur.pieces[-1].x1 > 1.5 * max(p.size, cur.pieces[-1].size):
                lines.append(cur)
                cur = Line([p])
            else:
                cur.pieces.append(p)
        lines.append(cur)
    return lines


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[float]:
    """Cut positions: the middles of empty bands at least min_gap wide between covered spans."""
    cuts = []
    spans = sorted(spans)
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach >= min_gap:
            cuts.append((reach + start) / 2)
        reach = max(reach, end)
    return cuts


def _xy_cut(lines: list[Line], body: float) -> list[list[Line]]:
    """Regions in reading order. A gutter running through the whole region splits it into columns first;
    otherwise the topmost empty band splits off what is above it. Cutting at every band at once would
    separate headlines standing side by side from their own columns."""
    if len(lines) <= 1:
        return [lines]
    v_cuts = _gaps([(ln.x0, ln.x1) for ln in lines], 1.0 * body)
    if v_cuts:
        parts: list[list[Line]] = [[] for _ in range(len(v_cuts) + 1)]
        for ln in lines:
            parts[sum((ln.x0 + ln.x1) / 2 > c for c in v_cuts)].append(ln)
    else:
        h_cuts = _gaps([(ln.top, ln.bottom) for ln in lines], 0.9 * body)
        if not h_cuts:
            return [sorted(lines, key=lambda ln: (ln.top, ln.x0))]
        parts = [[ln for ln in lines if (ln.top + ln.bottom) / 2 <= h_cuts[0]]]
        parts.append([ln for ln in lines if (ln.top + ln.bottom) / 2 > h_cuts[0]])
    out = []
    for part in parts:
        if part:
            out.extend(_xy_cut(part, body))
    return out


def _paragraphs(region: list[Line]) -> list[tuple[str, float]]:
    left = min(ln.x0 for ln in region)
    right = max(ln.x1 for ln in region)
    paragraphs: list[tuple[str, float]] = []
    prev: Line | None = None
    for ln in region:
        size = ln.size
        starts = (
            prev is None
            or abs(size - prev.size) > 0.15 * min(size, prev.size)  # headline, kicker, body
            or ln.x0 - left > 0.8 * size  # first-line indent
            or prev.x1 < right - 1.5 * size  # the previous line ended its paragraph early
            or ln.top - prev.bottom > 0.9 * size  # paragraph spacing
        )
        text = ln.text
        if starts:
            paragraphs.append((text, size))
        else:
            last = paragraphs[-1][0]
            paragraphs[-1] = (last + (" " if _joins_with_space(last, text) else "") + text, paragraphs[-1][1])
        prev = ln
    return paragraphs


def layout(pieces: list[Piece], page_height: float) -> tuple[list[str], str]:
    """Paragraphs of one page in reading order, and the text of its header (dropped)."""
    if not pieces:
        return [], ""
    lines = _lines(pieces)
    body = statistics.median(ln.size for ln in lines)
    # the page header: the date line or 版次 in the top fifth, and every line level with it or above
    marks = [ln.bottom for ln in lines if ln.bottom < 0.2 * page_height and HEADER_MARK.search(ln.text)]
    limit = max(marks) + 0.5 * body if marks else 0.0
    header = " ".join(ln.text for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)) if ln.bottom <= limit)
    kept = [
        ln
        for ln in lines
        if ln.bottom > limit
        # a page number in the top or bottom margin
        and not ((ln.top < 0.08 * page_height or ln.bottom > 0.92 * page_height) and PAGE_NUMBER.match(ln.text))
    ]
    paragraphs = []
    for region in _xy_cut(kept, body) if kept else []:
        paragraphs.extend(_headlines(_paragraphs(region), body))
    return paragraphs, header


def _headlines(paragraphs: list[tuple[str, float]], body: float) -> list[str]:
    """Type well above body size is a headline: a kicker and its main line become one `# ` title line, so
    the loader opens an article there."""
    out: list[str] = []
    prev_headline = False
    for text, size in paragraphs:
        headline = size >= HEADLINE_RATIO * body
        if headline and prev_headline:
            out[-1] += " " + text
        else:
            out.append(("# " if headline else "") + text)
        prev_headline = headline
    return out


def header_date(header: str) -> str | None:
    m = HEADER_DATE.search(header)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Running heads and feet: a first or last paragraph that recurs (numbers aside) on at least half of the
    pages of a document of two or more pages."""
    if len(pages) < 2:
        return pages
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_edge_key(p) for p in page[:1] + page[-1:]}:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages) and len(k) <= 60}
    out = []
    for page in pages:
        edges = {0, len(page) - 1}
        out.append([p for i, p in enumerate(page) if not (i in edges and _edge_key(p) in running)])
    return out


def _edge_key(paragraph: str) -> str:
    return re.sub(r"[\d\s]+", "#", paragraph)
