"""Grounded generation: number the retrieved passages in the prompt, then check what the model wrote.

After generation: [n] that point at no passage are dropped; a sentence with no valid citation is removed; a
sentence stating a number that none of its cited passages contains is removed and the number reported; if
the model says it cannot answer, the answer is a refusal. The caller falls back to extractive answers when
nothing checkable is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant import prompts
from assistant.extractive import citation
from assistant.llm import Message
from assistant.models import Citation
from corpus.text import no_spaces
from index.models import Hit
from index.text import split_sentences

_MARK = re.compile(r"[\[【［](\d+(?:\s*[,，、]\s*\d+)*)[\]】］]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FRAMING = re.compile(r"《[^》]*》|（\d{4}(?:-\d{2})?(?:-\d{2})?）|\d{4}-\d{2}(?:-\d{2})?")


def build_messages(question: str, hits: list[Hit]) -> list[Message]:
    passages = "\n\n".join(
        prompts.LLM_PASSAGE.format(
            n=i + 1,
            title=h.chunk.article_title,
            date=prompts.date_note(h.chunk.article_date),
            text=h.chunk.text,
        )
        for i, h in enumerate(hits)
    )
    return [("system", prompts.LLM_SYSTEM), ("user", prompts.LLM_USER.format(passages=passages, question=question))]


def condense_messages(question: str, history: list[str]) -> list[Message]:
    listed = "\n".join(f"{i + 1}. {h}" for i, h in enumerate(history))
    return [
        ("system", prompts.CONDENSE_SYSTEM),
        ("user", prompts.CONDENSE_USER.format(history=listed, question=question)),
    ]


def usable_rewrite(text: str, question: str) -> str | None:
    """The model's standalone question, or None when it is not one (empty, an answer, several lines)."""
    text = text.strip().strip("“”\"'").split("\n")[0].strip()
    text = re.sub(r"^(改写后的问题|问题)[:：]\s*", "", text)
    if not text or len(text) > 3 * len(question) + 60 or prompts.LLM_CANNOT in text:
        return None
    return text


@dataclass
class Grounded:
    refused: bool
    answer: str
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checkable: bool = True  # False: nothing of what the model wrote could be verified


def _best_quote(hit: Hit, claims: list[str]) -> tuple[str, int]:
    """For each citing sentence, the chunk sentence it draws on most (character bigram overlap). Returns
    the quote and the article paragraph it starts in (chunk lines are the article's paragraphs)."""
    sentences = [
        (s.strip(), hit.chunk.paragraph_start + i)
        for i, line in enumerate(hit.chunk.text.split("\n"))
        for s in split_sentences(line)
        if s.strip()
    ]
    if not sentences:
        return hit.chunk.text.strip(), hit.chunk.paragraph_start
    bigrams = lambda t: {a + b for a, b in zip(no_spaces(t), no_spaces(t)[1:])}  # noqa: E731
    best = {max(sentences, key=lambda s: len(bigrams(c) & bigrams(s[0]))) for c in claims}
    chosen = [s for s in sentences if s in best]
    return "".join(text for text, _ in chosen), chosen[0][1]


def postprocess(raw: str, hits: list[Hit]) -> Grounded:
    text = raw.strip()
    if not text:
        return Grounded(False, "", checkable=False)
    if no_spaces(text).startswith(prompts.LLM_CANNOT):
        return Grounded(True, prompts.REFUSE_NO_SUPPORT)
    kept: list[tuple[str, list[int]]] = []
    dropped, bad_numbers = 0, set()
    for sentence in split_sentences(text):
        if not sentence.strip():
            continue
        cited = [int(n) for m in _MARK.finditer(sentence) for n in re.split(r"\s*[,，、]\s*", m.group(1))]
        valid = list(dict.fromkeys(n for n in cited if 1 <= n <= len(hits)))
        body = _MARK.sub("", sentence).strip()
        if not valid or not re.search(r"\w", body):
            dropped += bool(re.search(r"\w", body))
            continue
        sources = no_spaces("".join(hits[n - 1].chunk.embed_text for n in valid))
        missing = {x for x in _NUMBER.findall(_FRAMING.sub(" ", body)) if x not in sources}
        if missing:
            bad_numbers |= missing
            dropped += 1
            continue
        kept.append((body, valid))
    if not kept:
        cannot = prompts.LLM_CANNOT in text
        return Grounded(cannot, prompts.REFUSE_NO_SUPPORT if cannot else "", checkable=cannot)
    # renumber in order of first use: [1], [2], … as the reader meets them
    order: dict[int, int] = {}
    for _, valid in kept:
        for n in valid:
            order.setdefault(n, len(order) + 1)
    answer = "".join(f"{body.rstrip('。')}{''.join(f'[{order[n]}]' for n in valid)}。" for body, valid in kept)
    citations = [
        citation(new, hits[n - 1], *_best_quote(hits[n - 1], [b for b, v in kept if n in v]))
        for n, new in order.items()
    ]
    notes = []
    if dropped:
        notes.append(prompts.LLM_DROPPED_SENTENCES.format(n=dropped))
    if bad_numbers:
        notes.append(prompts.LLM_BAD_NUMBERS.format(numbers="、".join(sorted(bad_numbers))))
    return Grounded(False, answer, citations, notes)
