"""The index on disk. `out/current` is a symlink to `out/builds/<id>`; a build writes a new folder and swaps
the link atomically, so a crash or Ctrl-C mid-build leaves the previous index in use and a running server
reloads by following the link. Readers resolve `current` once and read everything from that one folder."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from index import strings
from index.models import IndexInfo

# 2: term statistics (term_stats.json) are part of a build; 3: cut without jieba's 局局长 entries; 4: sentence
# vectors; 5: a paragraph opening with a bold lead-in is no longer joined to one the page cut off (the loader's
# output changed, not the files: corpus.hash alone would not see it). A build of format 3 is still read (its
# sentences are embedded when first needed); the next build sees the format change and rebuilds, reusing every
# vector whose text is unchanged.
FORMAT = 5
READABLE_FORMATS = (3, 4, 5)
SENTENCE_VECTORS_SINCE = 4  # the first format whose builds store sentence vectors
# the files of one build folder
MANIFEST = "manifest.json"  # written last: a folder without one is an unfinished build
CHUNKS = "chunks.jsonl"
ARTICLES = "articles.jsonl"
EMBEDDINGS = "embeddings.npy"
EMBEDDING_KEYS = "embedding_keys.json"
SENTENCE_VECTORS = "sentence_vectors.npy"  # every quotable sentence's passage vector, for cross-lingual ranking
SENTENCE_TEXTS = "sentence_texts.json"  # those sentences (simplified script), in the order of their vectors
BM25 = "bm25"
VOCABULARY = "vocabulary.json"  # words learned from the reports (jieba lacks them)
TERM_STATS = "term_stats.json"


class IndexUnavailable(RuntimeError):
    """The index cannot be used; the message (Chinese) says how to fix it."""


class IndexMissing(IndexUnavailable):
    pass


class IndexCorrupt(IndexUnavailable):
    pass


def current_build(out_dir: str | Path) -> Path:
    """The folder `current` points at now (resolved once: use it for every file of the build)."""
    out_dir = Path(out_dir)
    link = out_dir / "current"
    if not link.exists():
        raise IndexMissing(strings.ERR_NO_INDEX.format(out_dir=out_dir))
    return link.resolve()


def read_manifest(folder: Path) -> IndexInfo:
    try:
        return IndexInfo.model_validate_json((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(strings.ERR_MANIFEST.format(folder=folder)) from exc


def read_info(out_dir: str | Path) -> IndexInfo:
    """The manifest of the current build, without loading anything else."""
    return read_manifest(current_build(out_dir))


def previous_build(out_dir: Path) -> tuple[IndexInfo, Path] | None:
    """The current build and its manifest, or None when there is no usable one."""
    try:
        folder = current_build(out_dir)
        return read_manifest(folder), folder
    except IndexUnavailable:
        return None


def swap_current(out_dir: Path, target: Path) -> None:
    link = out_dir / "current"
    tmp_link = out_dir / f".current.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path("builds") / target.name, tmp_link)
    try:
        os.replace(tmp_link, link)  # atomic on POSIX
    except OSError:
        tmp_link.unlink(missing_ok=True)
        raise


def check_current_is_link(out_dir: Path) -> None:
    """A copy made with `cp -rL` turns `current` into a folder, which no atomic swap can replace."""
    link = out_dir / "current"
    if link.exists() and not link.is_symlink():
        raise IndexCorrupt(strings.ERR_CURRENT_NOT_LINK.format(name=link.name))


def prune(out_dir: Path, keep: int) -> None:
    """Delete all but the newest `keep` builds (never the current one) and builds a crash left unfinished."""
    builds = out_dir / "builds"
    current = (out_dir / "current").resolve().name
    finished = sorted(p for p in builds.iterdir() if p.is_dir() and not p.name.startswith("."))
    for p in finished[:-keep]:
        if p.name != current:
            shutil.rmtree(p, ignore_errors=True)
    for p in builds.iterdir():
        if p.name.startswith(".") and p.name.endswith(".tmp") and time.time() - p.stat().st_mtime > 3600:
            shutil.rmtree(p, ignore_errors=True)
