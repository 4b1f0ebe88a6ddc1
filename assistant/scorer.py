"""The learned scorer, fitted by evals/fit_scorer.py and stored as JSON (assistant/scorer.json: coefficients,
the feature scaling, the thresholds chosen on tuning data and how they were chosen). Two linear models:
- the sentence scorer over assistant/features.py: which sentence of the retrieved ones answers;
- the answerability model over the best sentence as a whole (QUESTION_FEATURES): whether that sentence answers
  at all or the reports only speak of the topic (another year, another category, another attribute). A ranker
  cannot tell this: it compares the sentences of one question, and near misses rank first among themselves."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant.features import FEATURES

MODEL_FILE = Path(__file__).resolve().parent / "scorer.json"


# what the answerability model sees: how sure the sentence scorer is of the best sentence, how far ahead of the
# next one it is, and the best sentence's own features
QUESTION_FEATURES = ("best_logit", "margin", *(f"best_{name}" for name in FEATURES))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def question_features(probs: list[float], best_features: list[float]) -> list[float]:
    """probs: the sentence scorer's probabilities, best first."""
    best = _logit(probs[0])
    second = _logit(probs[1]) if len(probs) > 1 else best - 10.0
    return [best, min(best - second, 10.0), *best_features]


class Linear(BaseModel):
    """sigmoid(intercept + coef . (x - mean) / scale)"""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float

    def prob(self, x: list[float]) -> float:
        z = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Answerability(Linear):
    threshold: float  # below it the best sentence does not answer: refuse


class Scorer(Linear):
    answer_threshold: float  # the best sentence must reach this probability, else the answer is a refusal
    keep_threshold: float  # further sentences are quoted when they reach this probability
    answerability: Answerability | None = None
    fitted: dict = {}  # what it was fitted on and how the thresholds were chosen (for the record)

    def answers(self, probs: list[float], best_features: list[float]) -> bool:
        """Whether the best sentence (probs best first) answers the question."""
        if probs[0] < self.answer_threshold:
            return False
        model = self.answerability
        return model is None or model.prob(question_features(probs, best_features)) >= model.threshold


@lru_cache(maxsize=4)
def load_scorer(path: Path = MODEL_FILE) -> Scorer:
    scorer = Scorer.model_validate_json(Path(path).read_text(encoding="utf-8"))
    stale = scorer.answerability is not None and tuple(scorer.answerability.features) != QUESTION_FEATURES
    if tuple(scorer.features) != FEATURES or stale:
        raise ValueError(
            f"{path}: fitted on features {scorer.features}, the code computes {list(FEATURES)}; re-run "
            "python -m evals.fit_scorer"
        )
    return scorer


def dump(scorer: Scorer, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(scorer.model_dump(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
