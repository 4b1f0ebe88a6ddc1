"""The assistant: question (+ history) in, cited Answer out. One code path for the CLI, the batch
interface, the evals and (later) the UI/API."""

from __future__ import annotations

import re
import time
from collections import Counter

from assistant import prompts
from assistant.condense import condense
from assistant.extractive import answer_extractive, norm
from assistant.models import Answer, Timings
from assistant.settings import Settings
from index.store import LoadedIndex, open_index
from index.text import tokens, warm_up

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,200}>", re.I | re.S)


class QuestionError(ValueError):
    """A question that cannot be asked; the message is Chinese and meant for the user."""


def clean_question(question: str, limit: int) -> str:
    text = _CONTROL.sub("", question or "").strip()
    if not text:
        raise QuestionError(prompts.ERR_EMPTY_QUESTION)
    if len(text) > limit:
        raise QuestionError(prompts.ERR_QUESTION_TOO_LONG.format(n=len(text), limit=limit))
    return text


def _for_retrieval(text: str) -> str:
    """Markup pasted into a question is not part of what is asked."""
    return _TAG.sub(" ", text).strip() or text


class Assistant:
    def __init__(self, index: LoadedIndex, settings: Settings):
        self.index = index
        self.settings = settings
        warm_up()
        # document frequency of each word over chunks, for weighting the question's terms
        self.doc_freq: Counter[str] = Counter()
        for chunk in index.chunks:
            self.doc_freq.update({norm(t) for t in tokens(chunk.embed_text)})

    @classmethod
    def from_settings(cls, settings: Settings) -> "Assistant":
        return cls(open_index(settings.index_dir), settings)

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        started = time.perf_counter()
        question = clean_question(question, self.settings.max_question_chars)
        history = [h for h in (history or []) if h and h.strip()][-self.settings.max_history_turns:]
        standalone = condense(_for_retrieval(question), [_for_retrieval(h) for h in history])
        hits = self.index.search(standalone, k=self.settings.top_k)
        retrieved = time.perf_counter()
        result = answer_extractive(
            standalone, hits, self.doc_freq, len(self.index.chunks),
            article_text=lambda chunk: self.index.article_of(chunk).text,
            embed_sentences=self.index.similarities,
        )
        done = time.perf_counter()
        return Answer(
            question=question,
            standalone_question=standalone,
            answer=result.answer,
            refused=result.refused,
            mode="extractive",
            citations=result.citations,
            notes=result.notes,
            retrieved_sources=list(dict.fromkeys(h.chunk.source for h in hits)),
            timings_ms=Timings(
                retrieve=round((retrieved - started) * 1000, 2),
                answer=round((done - retrieved) * 1000, 2),
                total=round((done - started) * 1000, 2),
            ),
        )
