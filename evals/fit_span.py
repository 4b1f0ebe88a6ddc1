"""Fit the short-answer span ranker (assistant/span.json) on CMRC 2018 trial gold spans, deterministically.

Each question's gold sentence (the one holding the first gold answer's start) gives the candidates of
assistant/span_model.py; a candidate equal to a gold answer (CMRC's normalisation: punctuation and case
ignored) is the target. The model is gradient-boosted trees, their scores made probabilities by a softmax over
a sentence's candidates (fit); the confidence threshold is the one that maximises, over the questions, the
summed (character F1 - 0.5) of the answers given: a short answer is shown only where it is more likely right than wrong (else None, never a guess).
The tuning split of evals/cases.jsonl is used the same way (case_examples; every question weighs the same).
Also prints a 2-fold figure on CMRC (fitted on one half of the passages, measured on the other).

    python -m evals.fit_span [--data DIR] [--out FILE]
        [--cases-of assistant/span.json]   # only the tuning cases a model file records (as fit_scorer)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from assistant.lexicon import asked_type
from assistant.span import short_answer
from assistant.span_model import FEATURES, MODEL_FILE, candidates
from assistant.trees import SpanModel, Tree, dump
from evals import cmrc
from evals.qa_metrics import em, f1, remove_punctuation
from index.text import split_sentences
from index.tokenizer import default_tokenizer


def examples(data: Path) -> list[dict]:
    out = []
    for line in (data / "questions.jsonl").open(encoding="utf-8"):
        q = json.loads(line)
        if not q["question"].strip() or not q.get("answer_starts"):
            continue
        start, pos, sentence = q["answer_starts"][0], 0, None
        for s in split_sentences(q["context"]):
            at = q["context"].find(s, pos)
            if at <= start < at + len(s):
                sentence = s
                break
            pos = max(pos, at + len(s)) if at >= 0 else pos
        if not sentence:
            continue
        kind = asked_type(q["question"])
        tokenizer = default_tokenizer()  # CMRC passages belong to no index
        rule = short_answer(tokenizer, q["question"], kind, sentence)
        cands = candidates(tokenizer, q["question"], kind, sentence, rule)
        if not cands:
            continue
        gold = {remove_punctuation(a) for a in q["answers"]}
        out.append({
            "passage": q["context_id"], "answers": q["answers"], "spans": [c[0] for c in cands],
            "x": np.array([c[1] for c in cands], dtype=float),
            "y": np.array([remove_punctuation(c[0]) in gold for c in cands], dtype=int),
        })  # fmt: skip
    return out


def case_examples(index_dir: Path, ids: set[str] | None = None) -> list[dict]:
    """The tuning split of evals/cases.jsonl (first-turn Chinese questions with an answer): the first
    retrieved sentence of a gold report that says an expected value; a candidate equal to one is the target.
    ids: only these cases (the ones a committed model was fitted on, recorded in it)."""
    from assistant.evidence import gather
    from assistant.service import Assistant
    from assistant.settings import DEFAULT_CORPUS, Settings
    from evals.runner import load_cases
    from index.store import build_index, open_index

    build_index(DEFAULT_CORPUS, index_dir)
    assistant = Assistant(open_index(index_dir), Settings(index={"index_dir": index_dir}))
    out = []
    for c in load_cases(split="tuning"):
        if c.refuse or c.history or not c.expect or not any("\u4e00" <= ch <= "\u9fff" for ch in c.question):
            continue
        if ids and c.id not in ids:
            continue
        values = {remove_punctuation(v) for group in c.expect for v in group}
        hits = assistant.index.search(c.question, k=assistant.settings.answer.top_k)
        evidence = gather(assistant.index.tokenizer, hits, lambda chunk: assistant.index.article_of(chunk).text)
        sentence = next((e.sentence for e in evidence if e.hit.chunk.source in c.sources
                         and any(v in remove_punctuation(e.sentence) for v in values)), None)  # fmt: skip
        if sentence is None:
            continue
        kind = asked_type(c.question)
        tokenizer = assistant.index.tokenizer
        cands = candidates(tokenizer, c.question, kind, sentence, short_answer(tokenizer, c.question, kind, sentence))
        if cands:
            out.append({
                "passage": c.id, "answers": [v for g in c.expect for v in g], "spans": [x[0] for x in cands],
                "x": np.array([x[1] for x in cands], dtype=float),
                "y": np.array([remove_punctuation(x[0]) in values for x in cands], dtype=int), "source": "cases",
            })  # fmt: skip
    return out


# the trees: small and few, so that scoring a sentence's candidates stays fast. `--sweep` prints the mean 2-fold
# EM + F1 of each setting of GRID: 0.831 for these, 0.869 for depth 8 with leaves of at least 100 candidates,
# 0.78-0.85 for the others (the figures move by a few points with the threshold each half chooses). Depth 8 was
# tried end to end and not kept: CMRC short-answer EM 0.373 -> 0.390 and held-out short answers 0.695 -> 0.706,
# but its spans take in CMRC-style context ("大幅提高至460公斤" for 460公斤, "生命科学大学" cut from a name) and RGB
# short answers fell 0.60 -> 0.45
GRID = (
    {"max_depth": 4, "max_iter": 150, "learning_rate": 0.15},
    {"max_depth": 3, "max_iter": 300, "learning_rate": 0.05, "min_samples_leaf": 100, "l2_regularization": 1.0},
    {"max_depth": 4, "max_iter": 300, "learning_rate": 0.05, "min_samples_leaf": 50},
    {"max_depth": 6, "max_iter": 200, "learning_rate": 0.05, "min_samples_leaf": 50},
    {"max_depth": 6, "max_iter": 200, "learning_rate": 0.05, "min_samples_leaf": 100},
    {"max_depth": 6, "max_iter": 200, "learning_rate": 0.05, "min_samples_leaf": 200},
    {"max_depth": 8, "max_iter": 200, "learning_rate": 0.05, "min_samples_leaf": 100},
)
TREES = GRID[0]


def fit(train: list[dict], trees: dict = TREES) -> SpanModel:
    """Gradient-boosted trees scoring each candidate of its sentence (pointwise: is it a gold span?); their raw
    scores are turned into a probability by a softmax over the sentence's candidates. No early stopping (it
    would hold out a random part): the same data gives the same trees."""
    x = np.concatenate([e["x"] for e in train])
    y = np.concatenate([e["y"] for e in train])
    # every candidate weighs the same (the tuning cases weighted as much as CMRC in total: held-out short
    # answers 0.577 -> 0.515 while the tuning ones rose, i.e. fitted to the tuning cases)
    gb = HistGradientBoostingClassifier(**trees, early_stopping=False, random_state=0).fit(x, y)
    return to_model(gb)


def to_model(gb: HistGradientBoostingClassifier) -> SpanModel:
    """The fitted trees as assistant/trees.SpanModel (plain lists: the answerer needs numpy only)."""
    trees = []
    for (predictor,) in gb._predictors:  # one tree per iteration (binary)
        nodes = predictor.nodes
        trees.append(Tree(
            feature=[-1 if leaf else int(f) for f, leaf in zip(nodes["feature_idx"], nodes["is_leaf"])],
            threshold=[float(t) for t in nodes["num_threshold"]],
            left=[int(i) for i in nodes["left"]], right=[int(i) for i in nodes["right"]],
            value=[float(v) if leaf else 0.0 for v, leaf in zip(nodes["value"], nodes["is_leaf"])],
        ))  # fmt: skip
    return SpanModel(
        features=list(FEATURES), baseline=float(gb._baseline_prediction.ravel()[0]), trees=trees, threshold=0.0
    )


def best(model: SpanModel, e: dict) -> tuple[str, float]:
    z = np.asarray(model.scores(e["x"]))
    p = np.exp(z - z.max())
    p /= p.sum()
    i = int(np.argmax(p))
    return e["spans"][i], float(p[i])


def choose_threshold(picks: list[tuple[str, float, list[str]]]) -> float:
    grid = np.round(np.arange(0.0, 0.95, 0.01), 2)
    gain = [sum(f1(answers, span) - 0.5 for span, p, answers in picks if p >= t) for t in grid]
    return float(grid[int(np.argmax(gain))])


def measure(picks: list[tuple[str, float, list[str]]], threshold: float, n: int) -> dict:
    given = [(s, a) for s, p, a in picks if p >= threshold]
    return {
        "coverage": round(len(given) / n, 4),
        "em": round(sum(em(a, s) for s, a in given) / n, 4),
        "f1": round(sum(f1(a, s) for s, a in given) / n, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=cmrc.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--reports-index", type=Path, default=Path("/tmp/answer-reports"),
                        help="the reports' index, for the tuning cases ('' to fit on CMRC only)")  # fmt: skip
    parser.add_argument("--sweep", action="store_true", help="print the 2-fold figure of every setting of GRID")
    parser.add_argument(
        "--cases-of", type=Path, help="fit on the tuning cases this model file records (fitted.case_ids), not all"
    )
    args = parser.parse_args()
    ids = set(json.loads(args.cases_of.read_text(encoding="utf-8"))["fitted"]["case_ids"]) if args.cases_of else None
    data = examples(args.data)
    cases = case_examples(args.reports_index, ids) if args.reports_index else []
    if args.sweep:
        for trees in GRID:
            folds = two_fold(data, cases, trees)
            mean = sum(f["em"] + f["f1"] for f in folds) / len(folds)
            print(json.dumps({"trees": trees, "two_fold": folds, "mean_em_plus_f1": round(mean, 4)}), flush=True)
        return
    folds = two_fold(data, cases, TREES)
    model = fit(data + cases, TREES)
    picks = [(*best(model, e), e["answers"]) for e in data]
    threshold = choose_threshold(picks + [(*best(model, e), e["answers"]) for e in cases])
    report = {
        "questions": len(data),
        "tuning_cases": len(cases),
        "tuning_cases_with_gold_candidate": sum(int(e["y"].any()) for e in cases),
        "with_gold_candidate": sum(int(e["y"].any()) for e in data),
        "in_sample_on_gold_sentences": measure(picks, threshold, len(data)),
        "in_sample_without_threshold": measure(picks, 0.0, len(data)),
        "two_fold_on_gold_sentences": folds,
        "threshold_rule": "maximises the summed (char F1 - 0.5) of the short answers given",
    }
    # the tuning cases' mean candidate features, for tests/test_answer_quality.py to check that the code still
    # computes the features these trees were fitted on (a feature changed without a re-fit fails there)
    if cases:
        means = np.concatenate([e["x"] for e in cases]).mean(axis=0)
        report["feature_means"] = {"cases": [round(float(v), 6) for v in means]}
        report["case_ids"] = [e["passage"] for e in cases]
    model.threshold, model.fitted = threshold, {**report, "trees": TREES}
    dump(model, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def two_fold(data: list[dict], cases: list[dict], trees: dict) -> list[dict]:
    """2-fold over CMRC passages (the tuning cases always in training): how well the ranker does on passages
    it was not fitted on, threshold chosen on the training half."""
    folds = []
    for k in (0, 1):
        train = [e for e in data if hash_fold(e["passage"]) != k] + cases
        test = [e for e in data if hash_fold(e["passage"]) == k]
        m = fit(train, trees)
        t = choose_threshold([(*best(m, e), e["answers"]) for e in train])
        folds.append(measure([(*best(m, e), e["answers"]) for e in test], t, len(test)))
    return folds


def hash_fold(passage: str) -> int:
    """A fixed fold per passage (questions of one passage never straddle the folds)."""
    return sum(map(ord, passage)) % 2


if __name__ == "__main__":
    main()
