"""Write an eval run to disk (report.md, results.jsonl, summary.json, scores.png) and compare two runs."""

from __future__ import annotations

import json
from pathlib import Path

from evals.runner import CaseResult, K

COLUMNS = (
    "cases",
    "accuracy",
    "citation_precision",
    "citation_recall",
    "refusal_precision",
    "refusal_recall",
    "uncited_number_rate",
    "hit@1",
    f"hit@{K}",
    "mrr",
    "latency_p50_ms",
    "latency_p95_ms",
)
HEADERS = (
    "kind",
    "n",
    "accuracy",
    "cite P",
    "cite R",
    "refuse P",
    "refuse R",
    "uncited #",
    "hit@1",
    f"hit@{K}",
    "MRR",
    "p50 ms",
    "p95 ms",
)


def _cell(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value:g}"


def table(summary: dict[str, dict]) -> str:
    rows = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for kind, s in summary.items():
        name = f"**{kind}**" if kind == "overall" else kind
        rows.append("| " + " | ".join([name, *(_cell(s[c]) for c in COLUMNS)]) + " |")
    return "\n".join(rows)


def write_run(
    out: Path, summary: dict[str, dict], results: list[CaseResult], meta: dict, problems: list[str] | None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as f:
        for r in results:
            f.write(r.model_dump_json() + "\n")
    (out / "summary.json").write_text(
        json.dumps({"meta": meta, "summary": summary}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    failed = [r for r in results if not r.passed]
    lines = [
        "# Eval report",
        "",
        " · ".join(f"{k}: {v}" for k, v in meta.items()),
        "",
        table(summary),
        "",
        "accuracy: every expected key fact present (or refused, for unanswerable cases). cite P/R: cited reports "
        "that hold the answer / gold reports cited. refuse P/R: refusals that were right / unanswerable cases "
        "refused. uncited #: answers stating a number that no cited quote contains. hit@k/MRR: the gold "
        "report among the retrieved reports.",
        "",
        "![scores per kind](scores.png)",
        "",
    ]
    if problems is not None:
        lines += ["## Baseline gate", ""]
        lines += [f"- {p}" for p in problems] if problems else ["No regression against the baseline."]
        lines.append("")
    lines += [f"## Failed cases ({len(failed)})", ""]
    for r in failed:
        lines.append(f"- `{r.id}` {r.question} — {r.why}")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart(summary, out / "scores.png")


def chart(summary: dict[str, dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    kinds = list(summary)
    metrics = ("accuracy", "citation_precision", "citation_recall", f"hit@{K}")
    fig, ax = plt.subplots(figsize=(max(8, len(kinds) * 0.9), 4.5))
    width = 0.8 / len(metrics)
    for i, m in enumerate(metrics):
        values = [summary[k][m] or 0.0 for k in kinds]
        ax.bar([x + i * width for x in range(len(kinds))], values, width, label=m)
    ax.set_xticks([x + width * (len(metrics) - 1) / 2 for x in range(len(kinds))])
    ax.set_xticklabels(kinds, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("reportqa eval: scores per kind")
    ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def compare(old_dir: Path, summary: dict[str, dict], results: list[CaseResult]) -> list[str]:
    """What changed against an earlier run, case by case, then per score."""
    old_results = {}
    for line in (old_dir / "results.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        old_results[r["id"]] = r
    old_summary = json.loads((old_dir / "summary.json").read_text(encoding="utf-8"))["summary"]
    lines = []
    for r in results:
        old = old_results.get(r.id)
        if old is None:
            lines.append(f"+ new case {r.id}: {'pass' if r.passed else 'FAIL'} ({r.why})")
        elif old["passed"] != r.passed:
            lines.append(
                f"{'FIXED' if r.passed else 'BROKE'} {r.id} {r.question}\n    was: {old['why']}\n"
                f"    now: {r.why}\n    answer: {r.answer.get('answer', '')[:160]}"
            )
        elif old["answer"].get("answer") != r.answer.get("answer"):
            lines.append(f"~ {r.id}: answer text changed ({'pass' if r.passed else 'fail'} both times)")
    for case_id in old_results.keys() - {r.id for r in results}:
        lines.append(f"- case {case_id} no longer in the set")
    for kind, s in summary.items():
        for metric in COLUMNS[1:]:
            old, new = old_summary.get(kind, {}).get(metric), s.get(metric)
            if old is not None and new is not None and abs(new - old) > 1e-9:
                lines.append(f"  {kind:14} {metric:20} {old:.3f} → {new:.3f} ({new - old:+.3f})")
    return lines or ["No change."]
