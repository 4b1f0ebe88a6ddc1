"""Assign each eval case to the `tuning` or the `heldout` split, deterministically.

Per kind, cases are ordered by the SHA-1 of their id and the first 40% (rounded up) are held out, so every
kind is represented in both parts and the assignment does not depend on file order. Cases that already carry
a `split` keep it (new cases written for the held-out part say so themselves). Re-run after adding cases:

    python -m evals.split
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases.jsonl"
HELDOUT_SHARE = 0.4  # the floor: at least 40% held out


def assign(cases: list[dict]) -> list[dict]:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        if "split" not in case:
            by_kind[case["kind"]].append(case)
    for group in by_kind.values():
        group.sort(key=lambda c: hashlib.sha1(c["id"].encode()).hexdigest())
        n_held = math.ceil(HELDOUT_SHARE * len(group))
        for i, case in enumerate(group):
            case["split"] = "heldout" if i < n_held else "tuning"
    return cases


def main(path: Path = CASES) -> None:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assign(cases)
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    counts: dict[str, int] = defaultdict(int)
    for c in cases:
        counts[c["split"]] += 1
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
