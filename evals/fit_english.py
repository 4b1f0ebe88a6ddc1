"""Fit how much a sentence's coverage of an English question's words counts beside its similarity to the
question (assistant/extractive.COVERAGE_WEIGHT), on the tuning split's questions without Chinese.

Each weight of a small grid is tried through the real assistant (default corpus and index) and scored by the
eval runner; the most cases passed wins, then the most right short answers (the weight decides which sentence comes
first, and the short answer is taken from it), ties going to the smaller weight (similarity stays the main signal).
Prints the grid, so that the choice can be checked; the constant is then set by hand in assistant/extractive.py.

    python -m evals.fit_english [--index DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant import extractive
from assistant.evidence import CJK
from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from evals.runner import load_cases, run_cases
from index.store import build_index, open_index

GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=Path("/tmp/reportqa-fit-english"))
    args = parser.parse_args()
    build_index(DEFAULT_CORPUS, args.index)
    assistant = Assistant(open_index(args.index), Settings(index={"index_dir": args.index}))
    cases = [c for c in load_cases(split="tuning") if not CJK.search(c.question) and not c.history]
    fixed = extractive.COVERAGE_WEIGHT
    scores = []
    for weight in GRID:
        extractive.COVERAGE_WEIGHT = weight
        results = run_cases(assistant, cases)
        passed = sum(r.passed for r in results)
        short = sum(bool(r.short_answer_ok) for r in results)
        scores.append((passed, short, -weight))
        print(f"weight {weight:<5} passed {passed}/{len(results)}  short answers right {short}")
    extractive.COVERAGE_WEIGHT = fixed
    best = -max(scores)[2]
    print(f"best weight {best} (assistant/extractive.py has {fixed})")


if __name__ == "__main__":
    main()
