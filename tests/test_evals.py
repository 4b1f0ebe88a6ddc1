"""The eval runner and the regression gate: the whole eval set through the real assistant, against the
committed baseline (evals/baseline.json)."""

from __future__ import annotations

import json

import pytest

from evals import report, runner
from tests.helpers import run_cli as run


@pytest.fixture(scope="module")
def eval_run(assistant):
    cases = runner.load_cases()
    results = runner.run_cases(assistant, cases)
    return cases, results, runner.summary_by_kind(results)


def test_eval_set_is_well_formed():
    cases = runner.load_cases()
    assert len(cases) >= 150
    kinds = {c.kind for c in cases}
    assert {
        "single_fact",
        "number",
        "list",
        "paraphrase",
        "cross_report",
        "conflict",
        "follow_up",
        "unanswerable",
        "traditional",
        "english",
    } <= kinds
    for c in cases:
        assert c.refuse == (c.kind == "unanswerable"), c.id
        assert c.refuse or (c.expect and c.sources), c.id
        assert (c.kind == "follow_up") == bool(c.history), c.id
    # every report file is the source of some case
    from assistant.settings import DEFAULT_CORPUS

    assert {p.name for p in DEFAULT_CORPUS.glob("*.txt")} <= {s for c in cases for s in c.sources}


def test_no_regression_against_the_baseline(eval_run):
    """The gate: fails when a score drops below baseline - tolerance, or a case that passed now fails.
    After an intended change: `reportqa eval --update-baseline` and commit evals/baseline.json."""
    _, results, summary = eval_run
    baseline = runner.read_baseline()
    assert baseline is not None, "evals/baseline.json is missing: run `reportqa eval --update-baseline`"
    problems = runner.check_baseline(summary, results, baseline)
    assert not problems, "regression against evals/baseline.json:\n" + "\n".join(problems)


def test_gate_catches_a_deliberate_regression(eval_run):
    cases, results, summary = eval_run
    broken = [
        r.model_copy(update={"passed": False, "why": "deliberately broken"}) if r.kind == "number" else r
        for r in results
    ]
    problems = runner.check_baseline(runner.summary_by_kind(broken), broken, runner.read_baseline())
    assert any(p.startswith("number accuracy") for p in problems)
    assert any("passed in the baseline and now fails: deliberately broken" in p for p in problems)


def _answer(text, quotes, refused=False, sources=("a.txt",)):
    return {
        "answer": text,
        "refused": refused,
        "retrieved_sources": ["b.txt", *sources],
        "citations": [{"n": i + 1, "source": s, "quote": q} for i, (q, s) in enumerate(zip(quotes, sources))],
        "timings_ms": {"total": 5.0},
    }


def test_scoring_of_a_hand_made_answer():
    case = runner.Case(id="x", kind="number", question="q", expect=[["63"], ["65", "六十五"]], sources=["a.txt"])
    ok = runner.score_case(case, _answer("据《标题》（2024-11）：与63个和65个国家[1]", ["与63个和65个国家"]))
    assert ok.passed and ok.citation_precision == 1.0 and ok.citation_recall == 1.0 and ok.gold_rank == 2
    assert ok.uncited_numbers == []  # the report date and [1] are framing, not claims
    bad = runner.score_case(case, _answer("与63个国家，共120项[1]", ["与63个国家"], sources=("c.txt",)))
    assert not bad.passed and "65|六十五" in bad.why
    assert bad.uncited_numbers == ["120"] and bad.citation_precision == 0.0 and bad.gold_rank is None
    refuse_case = runner.Case(id="y", kind="unanswerable", question="q", refuse=True)
    assert runner.score_case(refuse_case, _answer("抱歉", [], refused=True)).passed
    assert not runner.score_case(refuse_case, _answer("是63个[1]", ["63个"])).passed
    assert not runner.score_case(case, {"line": 1, "error": "问题为空"}).passed


def test_eval_command_writes_report_and_compares(index_dir, tmp_path):
    subset = tmp_path / "subset.jsonl"
    lines = [line for line in runner.DEFAULT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    subset.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    first = run("eval", "--set", str(subset), "--out", str(tmp_path / "a"), index_dir=index_dir)
    assert "| **overall** | 6 |" in first.stdout
    for name in ("report.md", "results.jsonl", "summary.json", "scores.png"):
        assert (tmp_path / "a" / name).stat().st_size > 0
    assert (tmp_path / "a" / "scores.png").read_bytes()[:4] == b"\x89PNG"
    rows = [json.loads(line) for line in (tmp_path / "a" / "results.jsonl").open(encoding="utf-8")]
    assert [r["id"] for r in rows] == [json.loads(line)["id"] for line in lines[:6]]
    assert all(r["why"] for r in rows)
    # the same set again: nothing but latency can differ
    second = run(
        "eval",
        "--set",
        str(subset),
        "--out",
        str(tmp_path / "b"),
        "--compare",
        str(tmp_path / "a"),
        index_dir=index_dir,
    )
    assert "FIXED" not in second.stdout and "BROKE" not in second.stdout


def test_compare_reports_a_case_that_broke(eval_run, tmp_path):
    cases, results, summary = eval_run
    report.write_run(tmp_path, summary, results, {"mode": "extractive"}, None)
    first = next(r for r in results if r.passed)
    broken = [r.model_copy(update={"passed": False, "why": "missing 63"}) if r.id == first.id else r for r in results]
    lines = report.compare(tmp_path, runner.summary_by_kind(broken), broken)
    assert any(line.startswith(f"BROKE {first.id}") and "missing 63" in line for line in lines)
