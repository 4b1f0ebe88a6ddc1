"""Fit the short-answer span ranker (assistant/span.json) on CMRC 2018 trial gold spans, deterministically.

Each question's gold sentence (the one holding the first gold answer's start) gives the candidates of
assistant/span_model.py; a candidate equal to a gold answer (CMRC's normalisation: punctuation and case
ignored) is the target. The model is a softmax over the candidates of a sentence (fit); the confidence
threshold is the one that maximises, over the questions, the summed (character F1 - 0.5) of the answers
given: a short answer is shown only where it is more likely right than wrong (else None, never a guess).
The tuning split of evals/cases.jsonl is used the same way (case_examples; every question weighs the same).
Also prints a 2-fold figure on CMRC (fitted on one half of the passages, measured on the other).

    python -m evals.fit_span [--data DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from assistant.lexicon import asked_type
from assistant.span import short_answer
from assistant.span_model import FEATURES, MODEL_FILE, SpanModel, candidates, dump
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


def case_examples(index_dir: Path) -> list[dict]:
    """The tuning split of evals/cases.jsonl (first-turn Chinese questions with an answer): the first
    retrieved sentence of a gold report that says an expected value; a candidate equal to one is the target."""
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


def fit(train: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights of a softmax over each question's candidates (the gold spans the target), small L2 penalty:
    the model's probability is then that of this span being the answer among the sentence's candidates."""
    x = np.concatenate([e["x"] for e in train])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    groups = [((e["x"] - mean) / scale, e["y"] / e["y"].sum(), e.get("source", "cmrc")) for e in train if e["y"].any()]
    weight = [1.0] * len(groups)  # each question the same (equal weight per source costs CMRC a third of its EM)

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 1e-3 * len(groups) * v @ v, 2e-3 * len(groups) * v
        for (gx, target, _), gw in zip(groups, weight):
            z = gx @ v
            p = np.exp(z - z.max())
            p /= p.sum()
            total -= gw * float(target @ np.log(p + 1e-12))
            grad -= gw * gx.T @ (target - p)
        return total, grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x, mean, scale


def best(v: np.ndarray, mean, scale, e: dict) -> tuple[str, float]:
    z = ((e["x"] - mean) / scale) @ v
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
    args = parser.parse_args()
    data = examples(args.data)
    cases = case_examples(args.reports_index) if args.reports_index else []
    # 2-fold over passages: how well it does on passages it was not fitted on
    folds = []
    for k in (0, 1):
        train = [e for e in data if hash_fold(e["passage"]) != k] + cases
        test = [e for e in data if hash_fold(e["passage"]) == k]
        m, mu, sd = fit(train)
        t = choose_threshold([(*best(m, mu, sd, e), e["answers"]) for e in train])
        folds.append(measure([(*best(m, mu, sd, e), e["answers"]) for e in test], t, len(test)))
    model, mean, scale = fit(data + cases)
    picks = [(*best(model, mean, scale, e), e["answers"]) for e in data]
    threshold = choose_threshold(picks + [(*best(model, mean, scale, e), e["answers"]) for e in cases])
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
    span_model = SpanModel(
        features=list(FEATURES),
        mean=[round(float(v), 6) for v in mean],
        scale=[round(float(v), 6) for v in scale],
        coef=[round(float(v), 6) for v in model],
        threshold=threshold,
        fitted=report,
    )
    dump(span_model, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def hash_fold(passage: str) -> int:
    """A fixed fold per passage (questions of one passage never straddle the folds)."""
    return sum(map(ord, passage)) % 2


if __name__ == "__main__":
    main()
