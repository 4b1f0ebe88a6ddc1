"""Fit the extractive answerer's sentence scorer (assistant/scorer.json) on tuning data, deterministically.

Training data (never the held-out split of evals/cases.jsonl):
- CMRC 2018 trial: every question against the 256 passages; a sentence of the gold passage that contains
  a gold answer is a positive, every other retrieved sentence a negative;
- the tuning split of evals/cases.jsonl against the reports (first-turn questions in Chinese);
- RGB (Chinese, visible subset, a tuning set per its SOURCE.md) indexed as evals/rgb.py does (the positives
  of half of the questions removed): answerable and unanswerable questions as they stand;
- synthetic unanswerable questions, made honestly: each answerable question above asked again with its
  gold passages removed from what is retrieved (every sentence then a negative), kept only when no
  remaining sentence contains the answer (as RGB's protocol checks).

The sentence scorer is linear over assistant/features.py: weights fitted listwise (which sentence of a
question answers), probabilities calibrated by a logistic regression on the score (fit_model). Its threshold
is the probability the best sentence must reach: chosen on the same data as the highest one that refuses at
most 3% of any source's answerable questions. Further sentences must reach the same bar (a quote that would
not answer alone is not quoted).

    python -m evals.fit_scorer [--cmrc-index DIR] [--reports-index DIR] [--rgb-index DIR] [--out FILE]
        [--cases-of assistant/scorer.json]   # the tuning cases the committed model was fitted on
"""

from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

from assistant.answerable import can_answer
from assistant.extractive import missing_terms, score_evidence
from assistant.features import FEATURES
from assistant.scorer import MODEL_FILE, Scorer, dump
from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from corpus.text import no_spaces
from evals import cmrc, rgb
from evals.runner import load_cases
from index.store import build_index, open_index

# share of any source's answerable questions the model's threshold may refuse (the name/figure rule refuses
# some more on top): a wrong refusal costs a user more than a quote they can check
MAX_FALSE_REFUSAL = 0.03
MISSING = FEATURES.index("critical_missing")
EXTRA = 12  # chunks retrieved beyond top_k, so that top_k remain when the gold passages are removed


@dataclass
class Instance:
    source: str  # cmrc | cases | rgb
    answerable: bool
    rule_refusal: bool  # a name / figure of the question is in no retrieved report (refused before the model)
    x: np.ndarray  # features of each evidence sentence
    y: np.ndarray  # 1 where the sentence holds the answer
    eligible: np.ndarray  # 1 where the sentence may answer at all (assistant/answerable.can_answer)


def instances(source: str, assistant: Assistant, questions: list[dict]) -> list[Instance]:
    """questions: {"question", "gold_sources": set, "answers": [[alternatives], ...], "answerable": bool}."""
    out = []
    k = assistant.settings.answer.top_k
    for q in questions:
        hits = assistant.index.search(q["question"], k=k + EXTRA, bm25_weight=assistant.settings.answer.bm25_weight)
        variants = []
        if q["answerable"]:
            variants.append((True, hits[:k]))
        variants.append((False, [h for h in hits if h.chunk.source not in q["gold_sources"]][:k]))
        for answerable, chosen in variants:
            if not chosen:
                continue
            terms, evidence, info = score_evidence(assistant.index, q["question"], chosen, None)
            if not evidence:
                continue
            holds = [
                all(any(no_spaces(a) in no_spaces(e.sentence) for a in group) for group in q["answers"][:1])
                for e in evidence
            ]
            if not answerable and q["answerable"] and any(holds):
                continue  # another passage says it too (reports overlap): not honestly unanswerable
            y = [answerable and e.hit.chunk.source in q["gold_sources"] and h for e, h in zip(evidence, holds)]
            out.append(
                Instance(
                    source,
                    answerable,
                    bool(missing_terms(terms, evidence)),
                    np.array([e.features for e in evidence], dtype=float),
                    np.array(y, dtype=int),
                    np.array([can_answer(assistant.index.tokenizer, e, info) for e in evidence], dtype=bool),
                )
            )
    return out


def cmrc_questions(data: Path) -> list[dict]:
    rows = [json.loads(line) for line in (data / "questions.jsonl").open(encoding="utf-8")]
    return [
        {
            "question": r["question"],
            "gold_sources": {f"{r['context_id']}.txt"},
            "answers": [r["answers"]],
            "answerable": True,
        }
        for r in rows
        if r["question"].strip()
    ]


def case_questions(ids: set[str] | None = None) -> list[dict]:
    """The tuning cases fitted on; ids: only these (the ones a committed model was fitted on, recorded in it:
    cases added since are not what its recorded feature means were computed over)."""
    out = []
    for c in load_cases(split="tuning"):
        if c.history or not any("\u4e00" <= ch <= "\u9fff" for ch in c.question) or (ids and c.id not in ids):
            continue  # follow-ups need the conversation; English goes the cross-lingual way
        out.append(
            {"id": c.id, "question": c.question, "gold_sources": set(c.sources), "answers": c.expect,
             "answerable": not c.refuse}
        )  # fmt: skip
    return out


def rgb_questions(data: Path) -> list[dict]:
    """The benchmark's own split (evals/rgb.py): the answerable half, and the half whose positives are not
    indexed (unanswerable as they stand)."""
    answerable, unanswerable, _ = rgb.split(data)
    return [
        {"question": q["question"], "gold_sources": {f"{p}.txt" for p in q["positive_context_ids"]},
         "answers": q["answer_parts"], "answerable": q in answerable}
        for q in answerable + unanswerable
    ]  # fmt: skip


def choose_threshold(model, scaler_mean, scaler_scale, data: list[Instance]) -> tuple[float, dict]:
    """The answer threshold maximising the mean over sources of the share handled right."""
    best_p = []
    for inst in data:  # the best sentence that may answer, as the answerer picks it (none: refused)
        p = np.where(inst.eligible, model.predict_proba((inst.x - scaler_mean) / scaler_scale)[:, 1], -1.0)
        i = int(np.argmax(p))
        # (missing: its report never says a name of the question, so the answerer refuses whatever its
        # probability: assistant/extractive.answer_extractive's best.missing; not counted as the model's refusal)
        best_p.append((p[i], bool(inst.y[i]), bool(inst.x[i, MISSING] > 0)))
    sources = sorted({d.source for d in data})
    grid = np.round(np.arange(0.002, 0.90, 0.002), 3)
    table = {}
    for t in grid:
        per = {}
        for s in sources:
            ok = [
                (not d.answerable and (d.rule_refusal or bp < t or missing))
                or (d.answerable and not d.rule_refusal and bp >= t and good and not missing)
                for d, (bp, good, missing) in zip(data, best_p)
                if d.source == s
            ]
            per[s] = sum(ok) / len(ok)
        table[float(t)] = per
    # refuse only when fairly sure: the highest threshold at which no source has more than MAX_FALSE_REFUSAL
    # of its answerable questions refused by the model
    false_refusal = {}
    for t in grid:
        false_refusal[float(t)] = {
            s: sum(d.answerable and not d.rule_refusal and bp < t for d, (bp, *_) in zip(data, best_p) if d.source == s)
            / max(1, sum(d.answerable and d.source == s for d in data))
            for s in sources
        }
    ok = [t for t in table if max(false_refusal[t].values()) <= MAX_FALSE_REFUSAL]
    chosen = max(ok) if ok else min(table)
    return chosen, {
        "handled_right_at_threshold": {k: round(v, 4) for k, v in table[chosen].items()},
        "answerable_refused_at_threshold": {k: round(v, 4) for k, v in false_refusal[chosen].items()},
    }


class Model:
    """probability = sigmoid(a * (w . x) + b): w ranks the sentences of a question, a and b calibrate."""

    def __init__(self, w: np.ndarray, a: float, b: float):
        self.coef_, self.intercept_ = (a * w)[None, :], np.array([b])

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-np.clip(x @ self.coef_[0] + self.intercept_[0], -30, 30)))
        return np.stack([1 - p, p], axis=1)


def fit_model(data: list[Instance], xs: np.ndarray, y: np.ndarray, w: np.ndarray, mean, scale) -> Model:
    """Weights fitted listwise (a softmax over each answerable question's sentences, the answering ones the
    target: what counts is which sentence of a question answers, not how sure the model is across questions),
    then a one-feature logistic regression of the label on the score for the probabilities the thresholds use.
    Each source weighs the same; a small L2 penalty keeps it stable."""
    groups = [((d.x - mean) / scale, d.y / d.y.sum(), d.source) for d in data if d.answerable and d.y.any()]
    per_source = {s: sum(g[2] == s for g in groups) for s in {g[2] for g in groups}}
    weight = [1.0 / per_source[g[2]] for g in groups]

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 1e-3 * v @ v, 2e-3 * v
        for (gx, target, _), gw in zip(groups, weight):
            z = gx @ v
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= gw * float(target @ np.log(p + 1e-12))
            grad -= gw * gx.T @ (target - p)
        return total, grad

    v = minimize(loss, np.zeros(xs.shape[1]), jac=True, method="L-BFGS-B").x
    calib = LogisticRegression(C=1.0, max_iter=2000).fit((xs @ v)[:, None], y, sample_weight=w)
    return Model(v, float(calib.coef_[0][0]), float(calib.intercept_[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmrc-index", type=Path, default=Path("/tmp/answer-cmrc"))
    parser.add_argument("--reports-index", type=Path, default=Path("/tmp/answer-reports"))
    parser.add_argument("--rgb-index", type=Path, default=Path("/tmp/answer-rgb"))
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--sources", default="cmrc,cases,rgb", help="for trying things out; the committed model uses all"
    )
    parser.add_argument("--cache", type=Path, help="keep the instances here (re-fit without re-retrieving)")
    parser.add_argument(
        "--cases-of", type=Path, help="fit on the tuning cases this model file records (fitted.case_ids), not all"
    )
    args = parser.parse_args()
    ids = set(json.loads(args.cases_of.read_text(encoding="utf-8"))["fitted"]["case_ids"]) if args.cases_of else None
    settings = Settings()
    sources = args.sources.split(",")
    size, overlap = settings.index.chunk_size, settings.index.chunk_overlap
    data: list[Instance] = []
    if args.cache and args.cache.exists():
        data, sources = pickle.loads(args.cache.read_bytes()), []
    if "cmrc" in sources:
        build_index(cmrc.load_passages(cmrc.DEFAULT_DATA), args.cmrc_index, settings.index.embedder, size, overlap)
        data += instances("cmrc", Assistant(open_index(args.cmrc_index), settings), cmrc_questions(cmrc.DEFAULT_DATA))
    if "cases" in sources:
        build_index(DEFAULT_CORPUS, args.reports_index)
        data += instances("cases", Assistant(open_index(args.reports_index), settings), case_questions(ids))
    if "rgb" in sources:
        drop = rgb.split(rgb.DEFAULT_DATA)[2]
        build_index(rgb.load_passages(rgb.DEFAULT_DATA, drop), args.rgb_index, settings.index.embedder, size, overlap)
        data += instances("rgb", Assistant(open_index(args.rgb_index), settings), rgb_questions(rgb.DEFAULT_DATA))
    if args.cache and not args.cache.exists():
        args.cache.write_bytes(pickle.dumps(data))

    x = np.concatenate([d.x for d in data])
    y = np.concatenate([d.y for d in data])
    # each source weighs the same in total, whatever its number of sentences
    w = np.concatenate([np.full(len(d.y), 1.0 / sum(len(e.y) for e in data if e.source == d.source)) for d in data])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = fit_model(data, (x - mean) / scale, y, w * len(y), mean, scale)
    threshold, report = choose_threshold(model, mean, scale, data)
    counts = {s: {"questions": sum(d.source == s for d in data), "unanswerable": sum(d.source == s and not d.answerable for d in data)}
              for s in sorted({d.source for d in data})}  # fmt: skip
    # the tuning cases' mean features, for tests/test_answer_quality.py to check that the code still computes
    # the features this model was fitted on (a feature changed without a re-fit fails there)
    cases = [d.x for d in data if d.source == "cases"]
    feature_means = {"cases": [round(float(v), 6) for v in np.concatenate(cases).mean(axis=0)]} if cases else {}
    scorer = Scorer(
        features=list(FEATURES),
        mean=[round(float(v), 6) for v in mean],
        scale=[round(float(v), 6) for v in scale],
        coef=[round(float(v), 6) for v in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 6),
        answer_threshold=threshold,
        keep_threshold=threshold,
        fitted={"sentences": int(len(y)), "positives": int(y.sum()), "instances": counts, **report,
                "feature_means": feature_means, "case_ids": [q["id"] for q in case_questions(ids)],
                "threshold_rule": f"highest threshold refusing at most {MAX_FALSE_REFUSAL} of any source's answerable questions"},
    )  # fmt: skip
    dump(scorer, args.out)
    print(json.dumps(scorer.model_dump(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
