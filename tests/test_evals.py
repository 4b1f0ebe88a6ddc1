"""The eval runner and the regression gate: the whole eval set through the real assistant, against the
committed baseline (evals/baseline.json)."""

from __future__ import annotations

import json
import re

import pytest

from assistant.span_shape import balanced
from evals import report, runner
from tests.helpers import run_cli as run


@pytest.fixture(scope="module")
def eval_run(assistant):
    cases = runner.load_cases()
    results = runner.run_cases(assistant, cases)
    return cases, results, runner.summary_by_split(results)


KINDS = {
    "single_fact",
    "number",
    "list",
    "paraphrase",
    "cross_report",
    "conflict",
    "follow_up",
    "conversation",
    "unanswerable",
    "traditional",
    "english",
}


def test_eval_set_is_well_formed():
    from assistant.settings import DEFAULT_CORPUS

    cases = runner.load_cases()
    assert len(cases) >= 150
    assert {c.kind for c in cases} >= KINDS
    reports = {p.name: re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in DEFAULT_CORPUS.glob("*.txt")}
    for c in cases:
        # unanswerable: the reports do not hold the answer; a conversation may also end on such a question
        assert c.refuse == (c.kind == "unanswerable") or (c.refuse and c.kind == "conversation"), c.id
        # clarify: a dependent question with nothing (usable) to refer to, so only in conversations
        assert not c.clarify or (c.kind == "conversation" and not c.refuse), c.id
        assert c.refuse or c.clarify or (c.expect and c.sources), c.id
        assert not (c.refuse or c.clarify) or not (c.expect or c.sources), c.id
        # follow_up: one dependent question after one earlier turn; conversation: anything a session holds
        if c.kind == "follow_up":
            assert c.history, c.id
        elif c.kind == "conversation":
            assert c.history or c.clarify, c.id
        else:
            assert not c.history, c.id
        # every expected fact is copied from a report the case cites
        assert set(c.sources) <= set(reports), c.id
        for group in c.expect:
            assert any(re.sub(r"\s+", "", alt) in reports[s] for alt in group for s in c.sources), (c.id, group)
    # every report file is the source of some case
    assert set(reports) <= {s for c in cases for s in c.sources}


def test_the_held_out_part_is_large_enough_and_covers_every_kind():
    cases = runner.load_cases()
    held = [c for c in cases if c.split == "heldout"]
    assert len(held) >= 90 and len(held) >= 0.4 * len(cases)
    kinds = {c.kind for c in cases}
    assert {c.kind for c in held} == kinds
    assert {c.kind for c in cases if c.split == "tuning"} == kinds
    assert any(c.clarify for c in held) and any(c.refuse for c in held if c.kind == "conversation")


def test_no_regression_against_the_baseline(eval_run):
    """The gate: fails when a score drops below baseline - tolerance, or a case that passed now fails.
    After an intended change: `reportqa eval --update-baseline` and commit evals/baseline.json."""
    _, results, summary = eval_run
    baseline = runner.read_baseline()
    assert baseline is not None, "evals/baseline.json is missing: run `reportqa eval --update-baseline`"
    problems = runner.check_baseline(summary, results, baseline)
    assert not problems, "regression against evals/baseline.json:\n" + "\n".join(problems)


def test_gate_catches_a_deliberate_regression(eval_run):
    """Break one kind in both splits: the gate names the drop in each split, the tuning cases with why they
    fail, and the held-out cases by id only."""
    cases, results, summary = eval_run
    broken = [
        r.model_copy(update={"passed": False, "why": "deliberately broken"}) if r.kind == "number" else r
        for r in results
    ]
    problems = runner.check_baseline(runner.summary_by_split(broken), broken, runner.read_baseline())
    assert any(p.startswith("tuning number accuracy") for p in problems)
    assert any(p.startswith("heldout number accuracy") for p in problems)
    assert any(p.startswith("tuning case") and p.endswith("now fails: deliberately broken") for p in problems)
    held = [p for p in problems if p.startswith("heldout case")]
    assert held and not any("deliberately broken" in p for p in held)
    # untouched kinds stay quiet
    assert not any(" single_fact " in p for p in problems)


def test_gate_holds_the_held_out_part_on_its_own(eval_run):
    """A regression confined to held-out cases still fails the gate, although tuning scores are unchanged."""
    cases, results, summary = eval_run
    baseline = runner.read_baseline()
    passed = set(baseline["passed"])
    broken = [r.model_copy(update={"passed": False}) if r.split == "heldout" and r.id in passed else r for r in results]
    problems = runner.check_baseline(runner.summary_by_split(broken), broken, baseline)
    assert problems and all(p.startswith("heldout") for p in problems)
    assert any(p.startswith("heldout overall accuracy") for p in problems)


def test_a_baseline_from_before_the_split_is_rejected(eval_run):
    cases, results, summary = eval_run
    old = {"tolerance": 0.02, "scores": {"overall": {"accuracy": 0.5}}, "passed": []}
    assert "predates the tuning/held-out split" in runner.check_baseline(summary, results, old)[0]


def _answer(text, quotes, refused=False, sources=("a.txt",)):
    return {
        "answer": text,
        "refused": refused,
        "retrieved_sources": ["b.txt", *sources],
        "citations": [{"n": i + 1, "source": s, "quote": q} for i, (q, s) in enumerate(zip(quotes, sources))],
        "timings_ms": {"total": 5.0},
    }


def test_short_answers_are_well_formed_spans_of_their_quote(eval_run):
    """Over the whole eval set: a short answer never ends in a clause break ("8亿元,") nor leaves a bracket or
    quotation mark unpaired ("张亦筑)6月11日"), and it is copied from the quote whose [n] it carries."""
    _, results, _ = eval_run
    shorts = [(r.answer["short_answer"], r.answer["citations"]) for r in results if r.answer.get("short_answer")]
    assert len(shorts) > 100
    for short, citations in shorts:
        for part in re.split(r"(?<=\])；", short):  # a turn asking two things: a span for each
            span, n = re.fullmatch(r"(.+)\[(\d+)\]", part).groups()
            assert span[-1] not in "，,。；;：:、", short
            assert balanced(span), short
            assert span in next(c["quote"] for c in citations if c["n"] == int(n))


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


def test_a_fact_spanning_two_quoted_sentences_is_found_across_their_marks():
    case = runner.Case(
        id="z", kind="cmrc", question="q", expect=[["。其叶螺旋状排列。幼叶呈尖锥状"]], sources=["a.txt"]
    )
    quotes = ["其叶螺旋状排列。", "幼叶呈尖锥状。"]
    assert runner.score_case(
        case, _answer("据《松》：其叶螺旋状排列。[1]幼叶呈尖锥状。[2]", quotes, sources=("a.txt", "a.txt"))
    ).passed
    assert not runner.score_case(case, _answer("据《松》：其叶螺旋状排列。[1]", quotes[:1])).passed


def test_scoring_of_clarify_cases():
    clarify_case = runner.Case(id="z", kind="conversation", question="它累计孵化了多少家企业？", clarify=True)
    asked_back = {**_answer("请问“它”指的是哪个机构？", [], sources=()), "clarify": True}
    ok = runner.score_case(clarify_case, asked_back)
    assert ok.passed and ok.clarified and ok.should_clarify
    # answering from whatever ranks first, or refusing, is not asking back
    assert not runner.score_case(clarify_case, _answer("累计孵化24家[1]", ["累计孵化高科技创新企业24家"])).passed
    assert "refused" in runner.score_case(clarify_case, _answer("抱歉", [], refused=True, sources=())).why
    # a clarifying reply quotes nothing
    cited = {**_answer("请问是哪个？[1]", ["24家"]), "clarify": True}
    assert not runner.score_case(clarify_case, cited).passed
    # asking back when the question was clear fails an answerable case and an unanswerable one alike
    case = runner.Case(id="x", kind="conversation", question="q", history=["h"], expect=[["24家"]], sources=["a.txt"])
    assert not runner.score_case(case, asked_back).passed
    refuse_case = runner.Case(id="y", kind="conversation", question="q", history=["h"], refuse=True)
    assert not runner.score_case(refuse_case, {**asked_back, "refused": True}).passed
    assert runner.score_case(refuse_case, _answer("抱歉", [], refused=True)).passed


def test_eval_command_writes_report_and_compares(index_dir, tmp_path):
    subset = tmp_path / "subset.jsonl"
    lines = [line for line in runner.DEFAULT_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    subset.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    first = run("eval", "--set", str(subset), "--out", str(tmp_path / "a"), index_dir=index_dir)
    splits = [json.loads(line)["split"] for line in lines[:6]]
    n_tuning, n_held = splits.count("tuning"), splits.count("heldout")
    assert n_tuning and n_held, "the subset should hold both splits"
    assert f"| **overall** | {n_tuning} / {n_held} |" in first.stdout
    summary = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))["summary"]
    assert set(summary) == {"tuning", "heldout"} and summary["heldout"]["overall"]["cases"] == n_held
    report_md = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert "## tuning" in report_md and "## heldout" in report_md
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
    first = next(r for r in results if r.passed and r.split == "tuning")
    held = next(r for r in results if r.passed and r.split == "heldout")
    broken = [
        r.model_copy(update={"passed": False, "why": "missing 63"}) if r.id in (first.id, held.id) else r
        for r in results
    ]
    lines = report.compare(tmp_path, runner.summary_by_split(broken), broken)
    assert any(line.startswith(f"BROKE {first.id}") and "missing 63" in line for line in lines)
    # a held-out case is counted, never named
    assert "held-out: 0 fixed, 1 broke (not listed case by case)" in lines
    assert not any(held.id in line or held.question in line for line in lines)


def test_report_lists_tuning_failures_and_counts_held_out_ones(eval_run, tmp_path):
    cases, results, summary = eval_run
    tuning = next(r for r in results if r.split == "tuning")
    held = next(r for r in results if r.split == "heldout")
    results = [
        r.model_copy(update={"passed": False, "why": "missing 63"}) if r.id in (tuning.id, held.id) else r
        for r in results
    ]
    report.write_run(tmp_path, runner.summary_by_split(results), results, {"mode": "extractive"}, None)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for r in results:
        if not r.passed:
            assert (f"`{r.id}`" in text) == (r.split == "tuning"), r.id
    assert f"`{tuning.id}` {tuning.question} — missing 63" in text and held.question not in text
    held_failed = sum(not r.passed for r in results if r.split == "heldout")
    assert f"## Failed held-out cases ({held_failed})" in text
