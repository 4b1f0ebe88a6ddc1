"""Turn a folder of report files (.txt/.md; .pdf/.docx/.html through corpus/formats.py) into Articles.

Newspaper pages pasted as text are messy (see corpus/README.md): several articles per file, with markdown
headings or plain title lines, bylines and photo captions between paragraphs, paragraphs broken mid-sentence
by the page layout, repeated paragraphs, and titles printed after their article. Article text is kept
verbatim: quotes in answers must be findable in the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from corpus import formats, strings
from corpus.captions import CAPTION, caption_words
from corpus.models import Article, Corpus, LoadProblem, Paragraph
from corpus.repeats import Seen
from corpus.text import no_spaces

SUFFIXES = {".txt", ".md"}
METADATA_FILE = "metadata.json"
EXTRACT_CACHE = ".extracted"  # inside the corpus folder: text of PDF/Word/HTML files by content hash
LARGE_FILE_BYTES = 10 << 20  # a newspaper page is ~10 KB; a file this big is likely a dump worth splitting

# A paragraph ending in one of these is complete; otherwise the page layout broke it.
TERMINAL = tuple("。！？!?…；;：:”」』》）)】—\"'")
SENTENCE_END = re.compile(r"[。！？!?；;…]")
CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
BYLINE = re.compile(
    r"^■?\s*(新重庆-重庆日报)?(首席)?(本报)?(特约)?(记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}(\s+[\u4e00-\u9fff·]{1,4})*$"
)
NEWS_LEAD = re.compile(r"^本报讯|^新华社")  # a paragraph that opens a news item
CONNECTIVE = re.compile(r"^(同时|此外|但|而|并|因此|其中|另外|如今|据)")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
DATELINE = re.compile(r"^(?:(?:日期|发布时间|时间)[:：]\s*)?(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?$")


@dataclass
class Block:
    kind: str  # heading | short | body | caption | byline | dateline
    text: str
    level: int = 0  # markdown heading level


def load_corpus(root: str | Path, ocr_timeout: float = formats.OCR_PAGE_TIMEOUT) -> Corpus:
    """Load every report file under root (`ocr_timeout`: seconds per scanned page). Bad files are reported in
    Corpus.problems, never raised."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(strings.ERR_NO_CORPUS.format(root=root))
    metadata = _read_metadata(root)
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    hashes: dict[str, str] = {}
    inside = root.resolve()
    suffixes = SUFFIXES | formats.SUFFIXES
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in suffixes):
        source = path.relative_to(root).as_posix()
        if path.name.lower() == "readme.md":
            continue  # documentation of the corpus, not a report
        if not path.resolve().is_relative_to(inside):  # a symlink out of the corpus: never read it
            problems.append(
                LoadProblem(source=source, message=strings.LOAD_OUTSIDE.format(source=source), skipped=True)
            )
            continue
        raw = path.read_bytes()
        if len(raw) > LARGE_FILE_BYTES:
            problems.append(
                LoadProblem(
                    source=source,
                    message=strings.LOAD_LARGE.format(source=source, mb=len(raw) >> 20),
                    skipped=False,
                )
            )
        meta = metadata.get(source, {})
        if path.suffix.lower() in formats.SUFFIXES:
            text, problem, meta = _extract(raw, source, meta, root / EXTRACT_CACHE, ocr_timeout)
        else:
            text, problem = decode_report(raw, source)
        if problem:
            problems.append(problem)
        if text is None:
            continue
        hashes[source] = hashlib.sha256(raw).hexdigest()
        file_articles = parse_report(text, source, meta)
        if not file_articles:
            problems.append(
                LoadProblem(source=source, message=strings.LOAD_NO_BODY.format(source=source), skipped=True)
            )
        articles.extend(file_articles)
    return Corpus(root=str(root), articles=articles, problems=problems, file_hashes=hashes)


def decode_report(raw: bytes, source: str) -> tuple[str | None, LoadProblem | None]:
    if not raw.strip():
        return None, LoadProblem(source=source, message=strings.LOAD_EMPTY.format(source=source), skipped=True)
    if b"\x00" in raw[:4096]:
        return None, LoadProblem(source=source, message=strings.LOAD_BINARY.format(source=source), skipped=True)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None, LoadProblem(source=source, message=strings.LOAD_UNDECODABLE.format(source=source), skipped=True)
    # Loaded, but quotes will not be findable byte-for-byte until the file is converted.
    return text, LoadProblem(
        source=source,
        message=strings.LOAD_GBK.format(source=source),
        skipped=False,
    )


def _extract(
    raw: bytes, source: str, meta: dict, cache: Path, ocr_timeout: float
) -> tuple[str | None, LoadProblem | None, dict]:
    """A PDF/Word/HTML file's text; a date the document itself gives applies when metadata.json has none."""
    try:
        extracted = formats.extract(raw, source, cache_dir=cache, ocr_timeout=ocr_timeout)
    except formats.FormatError as exc:
        return None, LoadProblem(source=source, message=strings.LOAD_UNREADABLE.format(error=exc), skipped=True), meta
    if not meta.get("date") and extracted.date:
        meta = {"date": extracted.date, "basis": extracted.date_basis}
    return extracted.text, None, meta


def _read_metadata(root: Path) -> dict[str, dict]:
    path = root / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(strings.ERR_METADATA.format(path=path, error=exc)) from exc
    return {k: v for k, v in data.items() if isinstance(v, dict)}


# ---------------------------------------------------------------- parsing one file


def parse_report(text: str, source: str, meta: dict | None = None) -> list[Article]:
    blocks = _blocks(text)
    markdown = any(b.kind == "heading" for b in blocks)
    segments = _segment_markdown(blocks) if markdown else _segment_plain(blocks)
    segments = _merge_titles_printed_after(segments)
    kept: list[tuple[str, Segment, list[Paragraph]]] = []  # title, where the date comes from, paragraphs
    seen = Seen()  # normalised paragraphs already kept in this file
    for seg in segments:
        paragraphs = []
        for para in _join_broken(seg.paragraphs):
            norm = no_spaces(para.text)
            if len(norm) >= 12 and norm in seen:
                continue  # a layout repeat of an earlier paragraph (or of its tail)
            seen.add(norm)
            paragraphs.append(para)
        if paragraphs:
            kept.append((seg.title or _untitled(paragraphs[0].text), seg, paragraphs))
    captions = list(dict.fromkeys(w for b in blocks if b.kind == "caption" and (w := caption_words(b.text))))
    if kept and captions:  # the page's photos, dated as the page (see corpus/captions.py)
        kept.append((strings.CAPTIONS, segments[0], [Paragraph(text=w) for w in captions]))
    articles: list[Article] = []
    for title, seg, paragraphs in kept:
        date, basis = _date(meta or {}, seg)
        articles.append(
            Article(source=source, index=len(articles), title=title, date=date, date_basis=basis, paragraphs=paragraphs)
        )
    return articles


def _blocks(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        if len(lines) > 1 and not any(MD_HEADING.match(ln) for ln in lines):
            # a caption with its photographer line, or a paragraph hard-wrapped by the layout
            body = "".join(lines)
            if CAPTION.search(lines[-1]) or CAPTION.search(lines[0]):
                blocks.append(Block("caption", body))
                continue
            lines = [body]
        for line in lines:
            blocks.append(_classify(line))
    return blocks


def _classify(line: str) -> Block:
    m = MD_HEADING.match(line)
    if m:
        return Block("heading", m.group(2).strip(), len(m.group(1)))
    if BYLINE.match(line):
        return Block("byline", line)
    if DATELINE.match(line):
        return Block("dateline", line)
    if CAPTION.search(line) and len(line) <= 160:
        return Block("caption", line)
    if _is_short(line):
        return Block("short", line)
    return Block("body", line)


def _is_short(line: str) -> bool:
    """A title-like line: short, no sentence inside, at most one comma, not a clause connective."""
    return (
        len(line) <= 64
        and not SENTENCE_END.search(line)
        and len(re.findall(r"[，,]", line)) <= 1
        and not CONNECTIVE.match(line)
        and not line.endswith(("：", ":"))
        and _balanced(line)
    )


def _balanced(line: str) -> bool:
    """Titles close what they open; a line broken mid-sentence often does not."""
    return all(line.count(a) == line.count(b) for a, b in ("《》", "“”", "（）", "()", "「」"))


@dataclass
class Segment:
    title: str = ""
    paragraphs: list[Paragraph] = None  # type: ignore[assignment]
    orphan: bool = False  # body found after a closing signature, before any title
    dateline: str = ""

    def __post_init__(self):
        self.paragraphs = self.paragraphs or []


def _segment_markdown(blocks: list[Block]) -> list[Segment]:
    """Markdown files: headings mark titles and sections; unmarked short lines are captions or signatures."""
    top = min(b.level for b in blocks if b.kind == "heading")
    section_level = _section_level(blocks, top)
    segments: list[Segment] = []
    cur: Segment | None = None
    section = ""
    prev: Block | None = None
    closed = False
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if b.kind == "short" and cur is not None and cur.paragraphs and _is_signature(b.text, cur):
            closed = True
            prev = b
            continue
        if b.kind == "short" and prev is not None and prev.kind == "body" and nxt is not None and nxt.kind == "body":
            b = Block("body", b.text)  # the first half of a paragraph broken by the layout, not a caption
        if b.kind == "heading":
            if cur is not None and prev is not None and prev.kind == "heading" and not cur.paragraphs:
                section = b.text  # a subtitle or column name right under the title labels the lead
            elif cur is None or closed or b.level < section_level:
                cur = Segment(title=b.text)
                segments.append(cur)
                section, closed = "", False
            else:
                section = b.text
        elif b.kind == "dateline" and cur is not None:
            cur.dateline = cur.dateline or b.text
        elif b.kind == "body":
            if cur is None or closed:
                cur = Segment(orphan=True)
                segments.append(cur)
                section, closed = "", False
            cur.paragraphs.append(Paragraph(text=b.text, section=section))
        prev = b
    return segments


def _section_level(blocks: list[Block], top: int) -> int:
    """The heading level used for sections: that of the first heading after the title and its subtitle."""
    levels = [b.level for b in blocks if b.kind == "heading"]
    seen_body = False
    first_title = False
    for b in blocks:
        if b.kind == "heading" and b.level == top:
            first_title = True
        elif b.kind == "heading" and first_title and seen_body:
            return b.level
        elif b.kind == "body" and first_title:
            seen_body = True
    return max(levels) + 1


def _segment_plain(blocks: list[Block]) -> list[Segment]:
    """Plain files: a short line opens an article when it is first, carries a double headline, or is
    followed by a byline or a news lead; otherwise it is a section heading."""
    segments: list[Segment] = []
    cur: Segment | None = None
    section = ""
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        prev = blocks[i - 1] if i else None
        if b.kind == "short":
            if (
                cur is not None
                and prev is not None
                and prev.kind == "short"
                and prev.text == cur.title
                and not cur.paragraphs
            ):
                cur.title = f"{cur.title} {b.text}"  # kicker line + main headline
                continue
            opens = (
                cur is None
                or re.search(r"\S\s+\S", b.text)
                or (nxt is not None and (nxt.kind == "byline" or (nxt.kind == "body" and NEWS_LEAD.match(nxt.text))))
            )
            if opens:
                cur = Segment(title=b.text)
                segments.append(cur)
                section = ""
            else:
                section = b.text
        elif b.kind == "dateline" and cur is not None:
            cur.dateline = cur.dateline or b.text
        elif b.kind == "body":
            if cur is None:
                cur = Segment(orphan=True)
                segments.append(cur)
            cur.paragraphs.append(Paragraph(text=b.text, section=section))
    return segments


def _is_signature(line: str, seg: Segment) -> bool:
    """A closing signature: an author's name alone, or the organisation the title names."""
    return bool(CJK_NAME.match(line)) or (len(line) >= 4 and line in seg.title)


def _merge_titles_printed_after(segments: list[Segment]) -> list[Segment]:
    """Layouts print some titles after their article: an untitled run of paragraphs followed by a title
    with at most one paragraph of its own is one article. An orphan with no such title rejoins the article
    before it."""
    out: list[Segment] = []
    i = 0
    while i < len(segments):
        seg = segments[i]
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        if seg.orphan and nxt is not None and not nxt.orphan and len(nxt.paragraphs) <= 1:
            section = nxt.paragraphs[0].section if nxt.paragraphs else ""
            tail = [Paragraph(text=p.text, section=section) for p in nxt.paragraphs]
            out.append(Segment(title=nxt.title, paragraphs=seg.paragraphs + tail))
            i += 2
            continue
        if seg.orphan and out and not out[-1].orphan:
            out[-1].paragraphs.extend(seg.paragraphs)
        else:
            out.append(seg)
        i += 1
    return out


def _join_broken(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Rejoin paragraphs that the page layout broke mid-sentence (no closing punctuation)."""
    runs: list[list[Paragraph]] = []  # joined once per run: repeated string concatenation is quadratic
    for p in paragraphs:
        last = runs[-1][-1] if runs else None
        # a paragraph opening with a bold lead-in (**转化链** 获批…) starts an item of its own, even after a
        # paragraph the page cut off (…全方位提出建设措): joined, the lead-in would read inside a sentence
        lead_in = p.text.startswith("**")
        if last is not None and last.section == p.section and not last.text.endswith(TERMINAL) and not lead_in:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [
        run[0] if len(run) == 1 else Paragraph(text="".join(p.text for p in run), section=run[0].section)
        for run in runs
    ]


def _untitled(first_paragraph: str) -> str:
    head = re.split(r"[。！？!?，,]", first_paragraph, maxsplit=1)[0]
    return head[:30] + ("…" if len(head) > 30 else "")


def _date(meta: dict, seg: Segment) -> tuple[str | None, str]:
    if meta.get("date"):
        return str(meta["date"]), meta.get("basis") or "metadata.json"
    m = DATELINE.match(seg.dateline)
    if m:
        y, mo, d = m.groups()
        return f"{y}-{int(mo):02d}-{int(d):02d}", strings.BASIS_DATELINE.format(line=seg.dateline)
    return None, ""
