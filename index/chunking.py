"""Chinese-aware chunking: whole sentences (。！？；…), packed up to a size in characters, never across a
section, preferring paragraph bounds, with whole sentences repeated as overlap."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from corpus.models import Article
from corpus.text import no_spaces
from index.models import Chunk
from index.text import split_sentences


@dataclass
class _Unit:
    paragraph: int
    section: str
    text: str


def chunk_article(article: Article, size: int, overlap: int) -> list[Chunk]:
    units = [
        _Unit(i, p.section, s) for i, p in enumerate(article.paragraphs) for s in split_sentences(p.text) if s.strip()
    ]
    chunks: list[Chunk] = []
    start = 0
    while start < len(units):
        end, length = start, 0
        while end < len(units):
            u = units[end]
            if end > start:
                if u.section != units[start].section or length + len(u.text) > size:
                    break
                # a new paragraph that will not fit whole: end here if the chunk is already substantial
                if u.paragraph != units[end - 1].paragraph and length >= 0.6 * size:
                    rest = sum(len(x.text) for x in units[end:] if x.paragraph == u.paragraph)
                    if length + rest > size:
                        break
            length += len(u.text)
            end += 1
        chunks.append(_make_chunk(article, units[start:end]))
        if end >= len(units):
            break
        # step back over whole sentences (same section) to repeat up to `overlap` characters
        nxt, back = end, 0
        while nxt - 1 > start and units[nxt - 1].section == units[end].section:
            back += len(units[nxt - 1].text)
            if back > overlap:
                break
            nxt -= 1
        start = nxt
    return chunks


def _make_chunk(article: Article, units: list[_Unit]) -> Chunk:
    parts: list[str] = []
    for i, u in enumerate(units):
        if i and u.paragraph != units[i - 1].paragraph:
            parts.append("\n")
        parts.append(u.text)
    text = "".join(parts).strip()
    digest = hashlib.sha256(f"{article.source}|{article.index}|{article.title}|{text}".encode()).hexdigest()[:16]
    return Chunk(
        id=digest,
        source=article.source,
        article_index=article.index,
        article_title=article.title,
        article_date=article.date,
        section=units[0].section,
        paragraph_start=units[0].paragraph,
        paragraph_end=units[-1].paragraph + 1,
        text=text,
    )


def chunk_articles(articles: list[Article], size: int, overlap: int) -> tuple[list[Chunk], int]:
    """All chunks, with exact duplicates (same text, whitespace aside) removed. Returns (chunks, removed)."""
    seen: set[str] = set()
    out: list[Chunk] = []
    removed = 0
    for article in articles:
        for chunk in chunk_article(article, size, overlap):
            key = no_spaces(chunk.text)
            if key in seen:
                removed += 1
                continue
            seen.add(key)
            out.append(chunk)
    return out, removed
