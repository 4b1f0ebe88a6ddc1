"""Questions that ask two things at once (lexicon.asked_parts) ("…搞了多少年？应用了多大面积？", "…是什么时候在哪里举办的？"): each part is
answered on its own and the answers are put together. Asked whole, such a question is refused, since no one sentence
of the reports answers both parts; asked one part at a time, each part is answered."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.extractive import Extract
from assistant.models import Citation

# "when and where" in one clause: 什么时候在哪里, 哪天在哪, 何时何地 (either order)
_WHEN = r"什么时候|何时|哪一?年|哪一?天|哪个?月|几月几[日号]|几号"
_WHERE = r"在?(?:哪里|哪儿|何地|何处|什么地方|哪个?(?:城市|地方)|哪(?![些几一个年天月日届次位家所种类项]))"
# a part's heading line in a merged answer: the user's own words, not a claim of the reports
HEADING = re.compile(
    "^" + re.escape(prompts.PART_HEADING).replace(r"\{n\}", r"\d+").replace(r"\{question\}", r"[^\n]*") + "$", re.M
)
_LINK = r"(?:[、，,和与及]|以及)?"
_WHEN_WHERE = re.compile(rf"(?P<a>{_WHEN}){_LINK}(?P<b>{_WHERE})|(?P<c>{_WHERE}){_LINK}(?P<d>{_WHEN})")


def when_and_where(question: str) -> list[str]:
    """ "…是什么时候在哪里举办的？" as its two questions (…是什么时候举办的？ / …是在哪里举办的？); [] for other questions.
    Two kinds of answer are asked for at once, so the parts are always answered apart."""
    text = question.strip()
    m = _WHEN_WHERE.search(text)
    if not m:
        return []
    first, second = ("a", "b") if m.group("a") else ("c", "d")
    return [_without(text, m, second), _without(text, m, first)]


def _without(text: str, m: re.Match, group: str) -> str:
    """The question without one of its two question words ("是什么时候在哪里举办的" without 在哪里)."""
    start, end = m.span(group)
    return text[:start] + text[end:]


def merge(questions: list[str], parts: list[Extract]) -> Extract:
    """One answer for all parts (each the extractive answer to its question): each part under its question, with
    its quotes (numbered on, a quote cited by two parts keeping one number; a part all of whose quotes an earlier
    part gave points up to them), or with its refusal's first line (a refusal's nearest-passage hint is left out:
    beside other parts' answers it would read as one). Refused only when every part is, with every part's missing
    terms. The short answer lists each part's, and is None unless every answered part has one."""
    citations: list[Citation] = []
    lines: list[str] = []
    notes: list[str] = []
    shorts: list[str] = []
    for i, (question, part) in enumerate(zip(questions, parts), 1):
        lines.append(prompts.PART_HEADING.format(n=i, question=question))
        if part.refused:
            lines.append(part.answer.split("\n")[0].replace(prompts.THIS_QUESTION, prompts.THIS_PART))
            continue
        numbers, before = {}, len(citations)
        for c in part.citations:
            same = next((k for k in citations if (k.source, k.quote) == (c.source, c.quote)), None)
            if same is None:
                same = c.model_copy(update={"n": len(citations) + 1})
                citations.append(same)
            numbers[c.n] = same.n
        if len(citations) == before:  # the quotes of an earlier part answer this one too: not written twice
            lines.append(prompts.PART_SAME_QUOTES.format(refs="".join(f"[{n}]" for n in numbers.values())))
        else:
            lines.append(_renumber(part.answer, numbers))
        notes += [n for n in part.notes if n not in notes]
        if part.short_answer:
            shorts.append(_renumber(part.short_answer, numbers))
    answered = [p for p in parts if not p.refused]
    short = "；".join(shorts) if answered and len(shorts) == len(answered) else None
    missing = [] if answered else [t for p in parts for t in p.missing_terms]
    return Extract(not answered, "\n".join(lines), citations, notes, missing, short)


def _renumber(text: str, numbers: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", text)
