"""External benchmark: CMRC 2018 trial set (Chinese reading comprehension, CC BY-SA 4.0; see its SOURCE.md).

Indexes all 256 passages as a corpus with the same pipeline as the reports, asks all 1,002 questions, and
reports retrieval hit@1/hit@5/MRR (dense, BM25, hybrid) of the gold passage, and the share of extractive
answers that contain a gold answer. Nobody on the team wrote this data; do not tune on single questions.

    python -m evals.cmrc [--data DIR] [--index DIR] [--out results.json] [--report DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import Settings
from corpus.models import Article, Corpus, Paragraph
from evals.qa_metrics import em, f1, strip_marker
from evals.report import write_run
from evals.runner import Case, percentile, run_cases, summary_by_split
from index.store import build_index, open_index

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "external" / "cmrc2018_trial"
MODES = ("dense", "bm25", "hybrid")
DEPTH = 20  # chunks retrieved per question when ranking passages


def load_passages(data: Path) -> Corpus:
    articles, hashes = [], {}
    for line in (data / "passages.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        source = f"{p['context_id']}.txt"
        articles.append(Article(source=source, index=0, title=p["title"], paragraphs=[Paragraph(text=p["text"])]))
        hashes[source] = hashlib.sha256(line.encode()).hexdigest()
    return Corpus(root=str(data), articles=articles, file_hashes=hashes)


def passage_rank(hits, gold: str) -> int | None:
    """1-based rank of the gold passage among the distinct passages the chunks came from."""
    seen: list[str] = []
    for h in hits:
        if h.chunk.source not in seen:
            seen.append(h.chunk.source)
    return seen.index(gold) + 1 if gold in seen else None


def summarise(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def run(
    data: Path, index_dir: Path, settings: Settings, limit: int | None = None, report_dir: Path | None = None
) -> dict:
    corpus = load_passages(data)
    t0 = time.perf_counter()
    info, _, rebuilt = build_index(
        corpus, index_dir, settings.index.embedder, settings.index.chunk_size, settings.index.chunk_overlap
    )
    build_s = time.perf_counter() - t0
    questions = [json.loads(line) for line in (data / "questions.jsonl").open(encoding="utf-8")][:limit]
    index = open_index(index_dir)
    assistant = Assistant(index, settings)

    ranks: dict[str, list[int | None]] = {m: [] for m in MODES}
    for q in questions:
        for mode in MODES:
            hits = index.search(q["question"], k=DEPTH, mode=mode, bm25_weight=settings.answer.bm25_weight)
            ranks[mode].append(passage_rank(hits, f"{q['context_id']}.txt"))
    # answers through the same runner and scoring as our own eval set: a case passes when the answer
    # contains one of the gold answers (a blank question in the set fails, as it cannot be asked)
    cases = [
        Case(id=q["id"], kind="cmrc", question=q["question"], expect=[q["answers"]], sources=[f"{q['context_id']}.txt"])
        for q in questions
    ]
    results = run_cases(assistant, cases)
    if report_dir is not None:
        write_run(
            report_dir,
            summary_by_split(results),
            results,
            {"set": "CMRC 2018 trial", "mode": "extractive", "chunks": info.chunks},
            None,
        )
    latencies = [r.latency_ms for r in results if "error" not in r.answer]
    shorts = [strip_marker(r.answer.get("short_answer")) for r in results]
    quoted = [len(r.answer.get("citations", [])) for r in results if not r.refused]
    contained = sum(r.passed for r in results)
    refused = sum(r.refused for r in results)
    invalid = sum("error" in r.answer for r in results)
    return {
        "questions": len(questions),
        "passages": len(corpus.articles),
        "chunks": info.chunks,
        "embedder": info.embedder,
        "chunk_size": info.chunk_size,
        "chunk_overlap": info.chunk_overlap,
        "bm25_weight": settings.answer.bm25_weight,
        "index_build_seconds": round(build_s, 1) if rebuilt else f"reused ({info.build_seconds:.1f} s when built)",
        "retrieval": {m: {k: round(v, 4) for k, v in summarise(r).items()} for m, r in ranks.items()},
        "answer_contains_gold": round(contained / len(questions), 4),
        "answer_contains_gold_max2_quotes": round(
            sum(r.passed and len(r.answer.get("citations", [])) <= 2 for r in results) / len(questions), 4
        ),
        "quotes_per_answer": round(statistics.mean(quoted), 2) if quoted else None,
        "short_answer": {
            "coverage": round(sum(bool(s) for s in shorts) / len(questions), 4),
            "em": round(statistics.mean(em(q["answers"], s) for q, s in zip(questions, shorts)), 4),
            "f1": round(statistics.mean(f1(q["answers"], s) for q, s in zip(questions, shorts)), 4),
        },
        "refused": round(refused / len(questions), 4),
        "invalid_questions": invalid,
        "ask_latency_ms": {
            "p50": round(statistics.median(latencies), 1),
            "p95": percentile(latencies, 0.95, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--index", type=Path, default=ROOT / "data" / "bench" / "cmrc-index")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--report", type=Path, help="also write report.md / results.jsonl / scores.png here")
    parser.add_argument("--chunk-size", type=int)
    parser.add_argument("--chunk-overlap", type=int)
    args = parser.parse_args()
    overrides = {k: v for k, v in {"chunk_size": args.chunk_size, "chunk_overlap": args.chunk_overlap}.items() if v}
    settings = Settings(index=overrides)
    if not (args.data / "questions.jsonl").exists():
        raise SystemExit(f"CMRC data not found in {args.data} (expected questions.jsonl, passages.jsonl)")
    result = run(args.data, args.index, settings, args.limit, args.report)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
