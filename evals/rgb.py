"""External benchmark: RGB near misses (Chinese, visible subset; CC BY-NC-SA 4.0, see its SOURCE.md).

Protocol of SOURCE.md: index the positive and negative passages of all questions, minus every positive
passage of half of the questions (those whose sha256(id) is odd): these become unanswerable, except any
for which a kept passage still contains every answer part (then dropped from the unanswerable side). The
negatives are near misses: same event, another year, another category, another person. Reports refusal
precision / recall on the unanswerable half and the share of the answerable half answered correctly (the
answer contains every part), with short-answer correctness. Prints JSON; not part of the test run.

    python -m evals.rgb [--data DIR] [--index DIR] [--out results.json]

Building the index embeds ~1,300 chunks (~6 min on 2 cores); embeddings are reused by content hash from a
previous build in the same folder (copying the full index of evals/fit_scorer.py there first saves that).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
from datetime import datetime
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import Settings
from corpus.models import Article, Corpus, Paragraph
from corpus.text import no_spaces
from evals.qa_metrics import strip_marker
from index.store import build_index, open_index

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "external" / "rgb_zh_visible"


def load_questions(data: Path) -> list[dict]:
    return [json.loads(line) for line in (data / "questions.jsonl").open(encoding="utf-8") if line.strip()]


# a search-engine snippet opens with its page's date ("Oct 30, 2022 ... 10月29日，在索马里…"): that is the
# report's date (so that 今年 / 去年 resolve), not part of its text
SNIPPET_DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2}, \d{4}) \.\.\. ")


def dated(text: str) -> tuple[str | None, str]:
    """(the snippet's date as YYYY-MM-DD or None, the text without it)."""
    m = SNIPPET_DATE.match(text)
    if not m:
        return None, text
    day = datetime.strptime(f"{m.group(1)} {m.group(2)}", "%b %d, %Y").date()  # "Sept" read as "Sep"
    return day.isoformat(), text[m.end() :]


def load_passages(data: Path, drop: frozenset[str] = frozenset()) -> Corpus:
    articles, hashes, seen = [], {}, set()
    for line in (data / "passages.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        if p["context_id"] in drop or p["context_id"] in seen:
            continue
        seen.add(p["context_id"])
        source = f"{p['context_id']}.txt"
        date, text = dated(p["text"])
        articles.append(Article(source=source, index=0, title=p["title"], date=date, paragraphs=[Paragraph(text=text)]))
        hashes[source] = hashlib.sha256(f"{date}|{p['title']}|{text}".encode()).hexdigest()  # as indexed
    return Corpus(root=str(data), articles=articles, file_hashes=hashes)


def unanswerable_by_rule(qid: str) -> bool:
    """The fixed rule choosing the half made unanswerable."""
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 2 == 1


def contains_all(text: str, parts: list[list[str]]) -> bool:
    text = no_spaces(text)
    return all(any(no_spaces(alt) in text for alt in part) for part in parts)


def split(data: Path) -> tuple[list[dict], list[dict], frozenset[str]]:
    """(answerable questions, unanswerable questions, dropped passage ids)."""
    questions = load_questions(data)
    drop = frozenset(p for q in questions if unanswerable_by_rule(q["id"]) for p in q["positive_context_ids"])
    kept = {}
    for line in (data / "passages.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        if p["context_id"] not in drop:
            kept[p["context_id"]] = p["text"]
    answerable = [q for q in questions if not unanswerable_by_rule(q["id"])]
    unanswerable = [
        q
        for q in questions
        if unanswerable_by_rule(q["id"]) and not any(contains_all(t, q["answer_parts"]) for t in kept.values())
    ]
    return answerable, unanswerable, drop


def run(data: Path, index_dir: Path, settings: Settings) -> dict:
    answerable, unanswerable, drop = split(data)
    corpus = load_passages(data, drop)
    info, _, _ = build_index(
        corpus, index_dir, settings.index.embedder, settings.index.chunk_size, settings.index.chunk_overlap
    )
    assistant = Assistant(open_index(index_dir), settings)
    latencies = []
    correct = short_ok = refused_answerable = 0
    for q in answerable:
        a = assistant.ask(q["question"])
        latencies.append(a.timings_ms.total)
        refused_answerable += a.refused
        correct += not a.refused and contains_all(a.answer, q["answer_parts"])
        short_ok += bool(a.short_answer) and contains_all(strip_marker(a.short_answer) or "", q["answer_parts"])
    refused_unanswerable = 0
    for q in unanswerable:
        a = assistant.ask(q["question"])
        latencies.append(a.timings_ms.total)
        refused_unanswerable += a.refused
    refusals = refused_unanswerable + refused_answerable
    return {
        "questions": len(answerable) + len(unanswerable),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "passages_indexed": len(corpus.articles),
        "chunks": info.chunks,
        "answered_correctly": round(correct / len(answerable), 4),
        "short_answer_correct": round(short_ok / len(answerable), 4),
        "refusal_recall": round(refused_unanswerable / len(unanswerable), 4),
        "refusal_precision": round(refused_unanswerable / refusals, 4) if refusals else None,
        "ask_latency_ms": {"p50": round(statistics.median(latencies), 1)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--index", type=Path, default=ROOT / "data" / "bench" / "rgb-index")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not (args.data / "questions.jsonl").exists():
        raise SystemExit(f"RGB data not found in {args.data} (expected questions.jsonl, passages.jsonl)")
    result = run(args.data, args.index, Settings())
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
