"""Write an eval run to disk (report.md, results.jsonl, summary.json, scores.png) and compare two runs."""

from __future__ import annotations

import json
from collections import Counter
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


def _kinds(summary: dict[str, dict[str, dict]]) -> list[str]:
    kinds = {k for part in summary.values() for k in part} - {"overall"}
    return ["overall", *sorted(kinds)]


def table(summary: dict[str, dict[str, dict]]) -> str:
    """Both splits side by side: every cell reads "tuning / held-out"."""
    splits = list(summary)
    rows = [
        f"| kind ({' / '.join(splits)}) | " + " | ".join(HEADERS[1:]) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    for kind in _kinds(summary):
        name = f"**{kind}**" if kind == "overall" else kind
        cells = [
            " / ".join(
                _cell(summary[split].get(kind, {}).get(c)) if kind in summary[split] else "–" for split in splits
            )
            for c in COLUMNS
        ]
        rows.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(rows)


def kind_table(summary: dict[str, dict]) -> str:
    """One split, every score in its own column."""
    rows = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for kind, s in summary.items():
        name = f"**{kind}**" if kind == "overall" else kind
        rows.append("| " + " | ".join([name, *(_cell(s[c]) for c in COLUMNS)]) + " |")
    return "\n".join(rows)


def write_run(
    out: Path, summary: dict[str, dict[str, dict]], results: list[CaseResult], meta: dict, problems: list[str] | None
) -> None:
    """summary: runner.summary_by_split(results)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "results.jsonl", "w", encoding="utf-8") as f:
        for r in results:
            f.write(r.model_dump_json() + "\n")
    (out / "summary.json").write_text(
        json.dumps({"meta": meta, "summary": summary}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    lines = [
        "# Eval report",
        "",
        " · ".join(f"{k}: {v}" for k, v in meta.items()),
        "",
        "Each cell: " + " / ".join(summary) + " (tune on tuning only; the held-out part measures generalisation).",
        "",
        table(summary),
        "",
        "accuracy: every expected key fact present (or refused, for unanswerable cases; or asked back, for a "
        "dependent question with nothing to refer to). cite P/R: cited reports that hold the answer / gold reports "
        "cited. refuse P/R: refusals that were right / unanswerable cases refused. uncited #: answers stating a "
        "number that no cited quote contains. hit@k/MRR: the gold report among the retrieved reports.",
        "",
        "![scores per kind](scores.png)",
        "",
    ]
    for split, part in summary.items():
        lines += [f"## {split}", "", kind_table(part), ""]
    if problems is not None:
        lines += ["## Baseline gate", ""]
        lines += [f"- {p}" for p in problems] if problems else ["No regression against the baseline."]
        lines.append("")
    failed = [r for r in results if not r.passed and r.split == "tuning"]
    lines += [f"## Failed tuning cases ({len(failed)})", ""]
    lines += [f"- `{r.id}` {r.question} — {r.why}" for r in failed]
    held = Counter(r.kind for r in results if not r.passed and r.split == "heldout")
    if held:
        lines += [
            "",
            f"## Failed held-out cases ({sum(held.values())})",
            "",
            "Counted per kind, not listed: held-out cases are not read one by one while changing the answerer.",
            "",
            *(f"- {kind}: {n}" for kind, n in sorted(held.items())),
        ]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart(summary, out / "scores.png")


def chart(summary: dict[str, dict[str, dict]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    kinds = _kinds(summary)
    bars = [(split, m) for m in ("accuracy", f"hit@{K}") for split in summary]
    fig, ax = plt.subplots(figsize=(max(8, len(kinds) * 1.1), 4.5))
    width = 0.8 / len(bars)
    for i, (split, m) in enumerate(bars):
        values = [summary[split].get(k, {}).get(m) or 0.0 for k in kinds]
        ax.bar([x + i * width for x in range(len(kinds))], values, width, label=f"{m} ({split})")
    ax.set_xticks([x + width * (len(bars) - 1) / 2 for x in range(len(kinds))])
    ax.set_xticklabels(kinds, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("reportqa eval: scores per kind, tuning vs held-out")
    ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def compare(old_dir: Path, summary: dict[str, dict[str, dict]], results: list[CaseResult]) -> list[str]:
    """What changed against an earlier run: tuning cases one by one, held-out cases counted, then per score."""
    old_results = {}
    for line in (old_dir / "results.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        old_results[r["id"]] = r
    old_summary = json.loads((old_dir / "summary.json").read_text(encoding="utf-8"))["summary"]
    if "overall" in old_summary:  # a run from before the split: one summary for all cases
        old_summary = {}
    lines = []
    held: Counter[str] = Counter()
    for r in results:
        old = old_results.get(r.id)
        if r.split == "heldout":
            if old is not None and old["passed"] != r.passed:
                held["fixed" if r.passed else "broke"] += 1
            continue
        if old is None:
            lines.append(f"+ new case {r.id}: {'pass' if r.passed else 'FAIL'} ({r.why})")
        elif old["passed"] != r.passed:
            lines.append(
                f"{'FIXED' if r.passed else 'BROKE'} {r.id} {r.question}\n    was: {old['why']}\n"
                f"    now: {r.why}\n    answer: {r.answer.get('answer', '')[:160]}"
            )
        elif old["answer"].get("answer") != r.answer.get("answer"):
            lines.append(f"~ {r.id}: answer text changed ({'pass' if r.passed else 'fail'} both times)")
    if held:
        lines.append(f"held-out: {held['fixed']} fixed, {held['broke']} broke (not listed case by case)")
    for case_id in old_results.keys() - {r.id for r in results}:
        lines.append(f"- case {case_id} no longer in the set")
    for split, part in summary.items():
        for kind, s in part.items():
            for metric in COLUMNS[1:]:
                old, new = old_summary.get(split, {}).get(kind, {}).get(metric), s.get(metric)
                if old is not None and new is not None and abs(new - old) > 1e-9:
                    lines.append(f"  {split:8} {kind:14} {metric:20} {old:.3f} → {new:.3f} ({new - old:+.3f})")
    return lines or ["No change."]
