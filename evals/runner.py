"""Regression evals of answer accuracy: run the eval set through the batch interface, score every case,
summarise per kind, and compare with a committed baseline.

A case: {"id", "kind", "question", "history": [str], "expect": [[alternatives], ...] (every group must be
present), "sources": [report files that hold the answer], "refuse": bool, "clarify": bool, "split": "tuning" |
"heldout"}. Every score is given for each split: the gate holds both, but only tuning cases are shown one by one
(held-out cases are read in aggregate, so nobody tunes on them by accident).
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.batch import answer_lines
from assistant.compound import HEADING
from assistant.lexicon import asked_type
from assistant.service import Assistant
from assistant.span_model import SHORT_MAX
from corpus.text import no_spaces
from evals.qa_metrics import strip_marker

EVALS = Path(__file__).resolve().parent
DEFAULT_SET = EVALS / "cases.jsonl"
BASELINE = EVALS / "baseline.json"
TOLERANCE = 0.02  # a score may fall this much below the baseline before the gate fails
K = 5  # retrieval hit@k of the gold reports

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MARK = re.compile(r"\[\d+\]")
# punctuation at the ends of an expected fact is not part of it (CMRC spans sometimes start with "。")
_EDGE = "。，、；：！？,.;:!? "
# what the answer writes around the quotes: titles, report dates, [n], and a part's heading (the user's own words)
_FRAMING = re.compile(rf"《[^》]*》|（\d{{4}}(?:-\d{{2}})?(?:-\d{{2}})?）|\[\d+\]|{HEADING.pattern}", re.M)


Split = Literal["tuning", "heldout"]
SPLITS: tuple[Split, ...] = ("tuning", "heldout")


class Case(BaseModel):
    id: str
    kind: str
    question: str
    history: list[str] = Field(default_factory=list)
    expect: list[list[str]] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    refuse: bool = False
    clarify: bool = False  # the assistant must ask back (a dependent question with nothing to refer to)
    # tuning: may be read and tuned on; heldout: scored and gated, never read case by case while changing code
    split: Literal["tuning", "heldout"] = "tuning"


class CaseResult(BaseModel):
    id: str
    kind: str
    split: Split = "tuning"
    question: str
    passed: bool
    why: str
    refused: bool
    should_refuse: bool
    clarified: bool = False
    should_clarify: bool = False
    cited_sources: list[str]
    gold_sources: list[str]
    citation_precision: float | None  # None when nothing is cited or no gold report applies
    citation_recall: float | None
    uncited_numbers: list[str]
    gold_rank: int | None  # rank of the first gold report among the retrieved reports
    short_answer_ok: bool | None = None  # answerable cases: the short answer holds the expected value (and is short)
    latency_ms: float
    answer: dict


def load_cases(path: Path = DEFAULT_SET, split: str | None = None) -> list[Case]:
    """The eval cases, all of them or one split ("tuning" / "heldout")."""
    cases = [Case.model_validate_json(line) for line in path.open(encoding="utf-8") if line.strip()]
    if split is not None:
        cases = [c for c in cases if c.split == split]
    ids = [c.id for c in cases]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate case ids")
    return cases


def _fact(alt: str) -> str:
    return no_spaces(alt).strip(_EDGE) or no_spaces(alt)


def uncited_numbers(answer: dict) -> list[str]:
    """Numbers the answer states that no cited quote contains (titles, report dates and [n] aside)."""
    quotes = no_spaces(" ".join(c["quote"] for c in answer.get("citations", [])))
    said = _FRAMING.sub(" ", answer.get("answer", ""))
    if answer.get("refused"):
        return []
    return sorted({n for n in _NUMBER.findall(said) if n not in quotes})


def score_case(case: Case, answer: dict) -> CaseResult:
    if "error" in answer:
        answer = {"answer": "", "refused": False, "citations": [], "error": answer["error"]}
    # the [n] marks are ours: a fact spanning two quoted sentences reads across them
    text = no_spaces(_MARK.sub("", HEADING.sub("", answer.get("answer", ""))))  # facts, not the question
    refused = bool(answer.get("refused"))
    clarified = bool(answer.get("clarify"))
    cited = list(dict.fromkeys(c["source"] for c in answer.get("citations", [])))
    if "error" in answer:
        passed, why = False, f"error: {answer['error']}"
    elif case.clarify:
        # the contract of a clarifying reply: it asks back and quotes nothing
        passed = clarified and not cited
        if passed:
            why = "asked back as expected"
        elif clarified:
            why = "cited reports while asking back"
        else:
            why = "refused instead of asking back" if refused else "answered a question that has nothing to refer to"
    elif clarified:
        passed, why = False, "asked back on a question that needed no clarification"
    elif case.refuse:
        passed, why = refused, "refused as expected" if refused else "answered a question it should refuse"
    elif refused:
        passed, why = False, "refused a question the reports answer"
    else:
        missing = [g for g in case.expect if not any(_fact(alt) in text for alt in g)]
        passed = not missing
        why = "all key facts present" if passed else "missing " + "; ".join("|".join(g) for g in missing)
    gold = set(case.sources)
    precision = recall = None
    if gold and cited and not refused:
        precision = sum(s in gold for s in cited) / len(cited)
        recall = len(gold & set(cited)) / len(gold)
    elif gold and not case.refuse:
        recall = 0.0
    short_ok = None
    if not case.refuse and case.expect and "error" not in answer:
        short = strip_marker(answer.get("short_answer")) or ""
        typed = asked_type(case.question) in ("number", "date", "person", "place", "org")
        short_ok = bool(short) and any(_fact(alt) in no_spaces(short) for alt in case.expect[0])
        short_ok = short_ok and not (typed and len(short) > SHORT_MAX)
    retrieved = answer.get("retrieved_sources", [])
    rank = next((i + 1 for i, s in enumerate(retrieved) if s in gold), None) if gold else None
    return CaseResult(
        id=case.id,
        kind=case.kind,
        split=case.split,
        question=case.question,
        passed=passed,
        why=why,
        refused=refused,
        should_refuse=case.refuse,
        clarified=clarified,
        should_clarify=case.clarify,
        cited_sources=cited,
        gold_sources=case.sources,
        citation_precision=precision,
        citation_recall=recall,
        uncited_numbers=uncited_numbers(answer),
        gold_rank=rank,
        short_answer_ok=short_ok,
        latency_ms=float(answer.get("timings_ms", {}).get("total", 0.0)),
        answer=answer,
    )


def run_cases(assistant: Assistant, cases: list[Case]) -> list[CaseResult]:
    lines = (json.dumps({"question": c.question, "history": c.history}, ensure_ascii=False) for c in cases)
    return [score_case(c, a) for c, a in zip(cases, answer_lines(assistant, lines))]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def percentile(values: list[float], q: float, digits: int = 2) -> float:
    """The nearest-rank q-quantile (no interpolation), rounded: the one percentile of evals and benchmarks."""
    values = sorted(values)
    return round(values[min(len(values) - 1, round(q * (len(values) - 1)))], digits)


def summarise(results: list[CaseResult]) -> dict:
    """Scores for a group of cases. Refusal precision/recall treat "refused" as the positive class."""
    refused = [r for r in results if r.refused]
    should = [r for r in results if r.should_refuse]
    answered = [r for r in results if not r.refused and "error" not in r.answer]
    ranked = [r for r in results if r.gold_sources and not r.should_refuse]
    return {
        "cases": len(results),
        "accuracy": _mean([float(r.passed) for r in results]),
        "citation_precision": _mean([r.citation_precision for r in results if r.citation_precision is not None]),
        "citation_recall": _mean([r.citation_recall for r in results if r.citation_recall is not None]),
        "refusal_precision": _mean([float(r.should_refuse) for r in refused]),
        "refusal_recall": _mean([float(r.refused) for r in should]),
        "short_answer_correct": _mean([float(r.short_answer_ok) for r in results if r.short_answer_ok is not None]),
        "uncited_number_rate": _mean([float(bool(r.uncited_numbers)) for r in answered]),
        "hit@1": _mean([float(r.gold_rank == 1) for r in ranked]),
        f"hit@{K}": _mean([float(r.gold_rank is not None and r.gold_rank <= K) for r in ranked]),
        "mrr": _mean([1 / r.gold_rank if r.gold_rank else 0.0 for r in ranked]),
        "latency_p50_ms": round(statistics.median([r.latency_ms for r in results]), 1) if results else None,
        "latency_p95_ms": percentile([r.latency_ms for r in results], 0.95, 1) if results else None,
    }


def summary_by_kind(results: list[CaseResult]) -> dict[str, dict]:
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        groups[r.kind].append(r)
    return {"overall": summarise(results), **{k: summarise(v) for k, v in sorted(groups.items())}}


def summary_by_split(results: list[CaseResult]) -> dict[str, dict[str, dict]]:
    """{split: {"overall" | kind: scores}} for each split that has cases, tuning first."""
    return {split: summary_by_kind(part) for split in SPLITS if (part := [r for r in results if r.split == split])}


# scores the gate holds (latency is measured, not gated: it depends on the machine)
GATED = ("accuracy", "citation_precision", "citation_recall", "refusal_precision", "refusal_recall", f"hit@{K}", "mrr")
LOWER_IS_BETTER = ("uncited_number_rate",)


def make_baseline(summary: dict[str, dict[str, dict]], results: list[CaseResult]) -> dict:
    """summary: summary_by_split(results)."""
    return {
        "tolerance": TOLERANCE,
        "scores": {
            split: {kind: {m: s[m] for m in (*GATED, *LOWER_IS_BETTER)} for kind, s in kinds.items()}
            for split, kinds in summary.items()
        },
        "passed": sorted(r.id for r in results if r.passed),
    }


def check_baseline(summary: dict[str, dict[str, dict]], results: list[CaseResult], baseline: dict) -> list[str]:
    """What got worse than the committed baseline, in either split; empty when nothing did. Held-out cases are
    named by id only: why one fails is for whoever reads the held-out part, not for whoever tunes."""
    tolerance = baseline.get("tolerance", TOLERANCE)
    if not set(baseline["scores"]) <= set(SPLITS):
        return ["evals/baseline.json predates the tuning/held-out split: run `reportqa eval --update-baseline`"]
    problems = []
    for split, kinds in baseline["scores"].items():
        for kind, scores in kinds.items():
            now = summary.get(split, {}).get(kind)
            if now is None:
                problems.append(f"{split} {kind}: no cases of this kind any more")
                continue
            for metric, old in scores.items():
                new = now.get(metric)
                if old is None or new is None:
                    continue
                worse = new > old + tolerance if metric in LOWER_IS_BETTER else new < old - tolerance
                if worse:
                    problems.append(f"{split} {kind} {metric}: {new:.3f} (baseline {old:.3f}, tolerance {tolerance})")
    now_by_id = {r.id: r for r in results}
    for case_id in baseline["passed"]:
        r = now_by_id.get(case_id)
        if r is None:
            problems.append(f"case {case_id} passed in the baseline and is no longer in the set")
        elif not r.passed:
            why = f": {r.why}" if r.split == "tuning" else " (held-out: read in aggregate only)"
            problems.append(f"{r.split} case {case_id} passed in the baseline and now fails{why}")
    return problems


def read_baseline(path: Path = BASELINE) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
