"""CMRC 2018's official answer metrics (cmrc2018_evaluate.py of github.com/ymcui/cmrc2018), re-implemented
without nltk: exact match after removing punctuation, and F1 over the longest common substring of the
mixed segmentation (each Chinese character a token, runs of other characters split into words)."""

from __future__ import annotations

import re

# the official list of characters ignored by both metrics
SP_CHAR = frozenset(
    ["-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=", "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》",
     "……", "·", "、", "「", "」", "（", "）", "－", "～", "『", "』"]
)  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fa5]")
_WORD = re.compile(r"\w+|[^\w\s]")  # stands in for nltk.word_tokenize on the non-Chinese runs


def mixed_segmentation(text: str, rm_punc: bool = False) -> list[str]:
    text = str(text).lower().strip()
    out: list[str] = []
    run = ""
    for ch in text:
        if rm_punc and ch in SP_CHAR:
            continue
        if _CJK.match(ch) or ch in SP_CHAR:
            if run:
                out.extend(_WORD.findall(run))
                run = ""
            out.append(ch)
        else:
            run += ch
    if run:
        out.extend(_WORD.findall(run))
    return out


def remove_punctuation(text: str) -> str:
    return "".join(ch for ch in str(text).lower().strip() if ch not in SP_CHAR)


def _lcs_len(a: list[str], b: list[str]) -> int:
    """Length of the longest common contiguous run of tokens."""
    best, prev = 0, [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


def f1(answers: list[str], prediction: str | None) -> float:
    if not prediction:
        return 0.0
    pred = mixed_segmentation(prediction, rm_punc=True)
    scores = [0.0]
    for ans in answers:
        gold = mixed_segmentation(ans, rm_punc=True)
        n = _lcs_len(gold, pred)
        if n:
            p, r = n / len(pred), n / len(gold)
            scores.append(2 * p * r / (p + r))
    return max(scores)


def em(answers: list[str], prediction: str | None) -> float:
    if not prediction:
        return 0.0
    pred = remove_punctuation(prediction)
    return float(any(remove_punctuation(a) == pred for a in answers))


def strip_marker(short_answer: str | None) -> str | None:
    """'460公斤[1]' → '460公斤'."""
    return re.sub(r"(\[\d+\])+$", "", short_answer) if short_answer else None
