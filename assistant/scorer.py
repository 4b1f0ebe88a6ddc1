"""The learned sentence scorer: a logistic regression over assistant/features.py, fitted by
evals/fit_scorer.py and stored as JSON (assistant/scorer.json: coefficients, the feature scaling, the
thresholds chosen on tuning data and how they were chosen)."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant.features import FEATURES

MODEL_FILE = Path(__file__).resolve().parent / "scorer.json"


class Scorer(BaseModel):
    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    answer_threshold: float  # the best sentence must reach this probability, else the answer is a refusal
    keep_threshold: float  # further sentences are quoted when they reach this probability
    fitted: dict = {}  # what it was fitted on and how the thresholds were chosen (for the record)

    def prob(self, x: list[float]) -> float:
        z = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=4)
def load_scorer(path: Path = MODEL_FILE) -> Scorer:
    scorer = Scorer.model_validate_json(Path(path).read_text(encoding="utf-8"))
    if tuple(scorer.features) != FEATURES:
        raise ValueError(
            f"{path}: fitted on features {scorer.features}, the code computes {list(FEATURES)}; re-run "
            "python -m evals.fit_scorer"
        )
    return scorer


def dump(scorer: Scorer, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(scorer.model_dump(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
