"""The index layer's entry points, for the layers above: build (index/build.py), the disk layout and its
errors (index/layout.py), open (index/load.py) and search (index/search.py)."""

from index.build import Progress, build_index
from index.layout import IndexCorrupt, IndexMissing, IndexUnavailable, current_build, read_info
from index.load import open_index
from index.search import LoadedIndex

__all__ = [
    "IndexCorrupt",
    "IndexMissing",
    "IndexUnavailable",
    "LoadedIndex",
    "Progress",
    "build_index",
    "current_build",
    "open_index",
    "read_info",
]
