"""Gradient-boosted regression trees stored as plain lists (assistant/span.json) and walked with numpy, so that
answering needs neither scikit-learn nor pickles: evals/fit_span.py converts scikit-learn's fitted trees."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pydantic import BaseModel, PrivateAttr


class Tree(BaseModel):
    """One regression tree of the ensemble: node i splits on features[feature[i]] <= threshold[i] (left, else
    right); a leaf has feature -1 and its value in value[i]."""

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]


class SpanModel(BaseModel):
    features: list[str]
    baseline: float  # the raw score before any tree
    trees: list[Tree]
    threshold: float  # the best candidate must reach this probability, else no short answer
    fitted: dict = {}
    _arrays: tuple = PrivateAttr()

    def model_post_init(self, _context) -> None:
        """All trees as flat arrays, so that every candidate goes down every tree at once, one level a step.
        A leaf splits on nothing (threshold +inf) and is its own child: further steps leave it where it is."""
        feature: list[int] = []
        threshold: list[float] = []
        child: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0
        for t in self.trees:
            base = len(feature)
            roots.append(base)
            for i, f in enumerate(t.feature):
                leaf = f < 0
                feature.append(0 if leaf else f)
                threshold.append(np.inf if leaf else t.threshold[i])
                child += [base + i, base + i] if leaf else [base + t.left[i], base + t.right[i]]
                value.append(t.value[i] if leaf else 0.0)
            depth = max(depth, _depth(t))
        self._arrays = (
            np.array(feature),
            np.array(threshold, dtype=np.float64),
            np.array(child),
            np.array(value, dtype=np.float64),
            np.array(roots),
            depth,
        )

    def scores(self, xs: list[list[float]] | np.ndarray) -> list[float]:
        """The raw score of every row: the baseline plus the value of the leaf each tree sends it to."""
        if len(xs) == 0:
            return []
        x = np.asarray(xs, dtype=np.float64)
        feature, threshold, child, value, roots, depth = self._arrays
        cells = np.arange(len(x))[None, :] * x.shape[1]  # where each row starts in x.ravel()
        node = np.repeat(roots[:, None], len(x), axis=1)  # trees x rows
        flat = x.ravel()
        for _ in range(depth):
            right = flat.take(cells + feature.take(node)) > threshold.take(node)
            node = child.take(2 * node + right)
        return (self.baseline + value.take(node).sum(axis=0)).tolist()


def _depth(tree: Tree, i: int = 0) -> int:
    if tree.feature[i] < 0:
        return 0
    return 1 + max(_depth(tree, tree.left[i]), _depth(tree, tree.right[i]))


def dump(model: SpanModel, path: Path) -> None:
    """Readable header, one line per tree."""
    head = model.model_dump(exclude={"trees"})
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    trees = ",\n".join(json.dumps(t.model_dump(), separators=(",", ":")) for t in model.trees)
    path.write_text(f'{text},\n "trees": [\n{trees}\n ]\n}}\n', encoding="utf-8")
