"""Data produced by the corpus layer."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, Field


class Paragraph(BaseModel):
    text: str  # verbatim from the file (a paragraph broken by layout is rejoined, nothing else changes)
    section: str = ""  # the sub-heading it sits under, if any


class Article(BaseModel):
    source: str  # file path relative to the corpus folder
    index: int  # position of the article in its file
    title: str
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    date_basis: str = ""  # where the date came from
    paragraphs: list[Paragraph] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.source}#{self.index}"

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


class LoadProblem(BaseModel):
    source: str
    message: str  # Chinese, shown to the user
    skipped: bool  # True: nothing from the file was loaded


class Corpus(BaseModel):
    root: str
    articles: list[Article]
    problems: list[LoadProblem] = Field(default_factory=list)
    file_hashes: dict[str, str] = Field(default_factory=dict)  # source -> sha256 of the raw bytes

    @property
    def hash(self) -> str:
        h = hashlib.sha256()
        for source, digest in sorted(self.file_hashes.items()):
            h.update(f"{source}:{digest}\n".encode())
        return h.hexdigest()[:16]


class Extracted(BaseModel):
    """The text of a PDF, Word or HTML report, before it is split into articles."""

    kind: str  # pdf | docx | html
    text: str  # paragraphs separated by blank lines; "# " marks titles the format names
    pages: int = 0
    ocr_pages: int = 0  # PDF pages read by OCR
    date: str | None = None  # from the page header, the PDF metadata or the web page's metadata
    date_basis: str = ""
