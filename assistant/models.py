"""Data produced by the assistant layer: the JSON answer contract."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int
    source: str  # corpus-relative file path
    article_title: str
    article_date: str | None = None
    quote: str  # verbatim text from the file (whitespace aside)
    score: float  # retrieval score of the chunk the quote came from
    chunk_id: str = ""
    article_index: int = 0  # which article of the file (files hold several)
    paragraph: int = -1  # index of the quoted paragraph in its article, for showing context


class Timings(BaseModel):
    retrieve: float = 0.0
    answer: float = 0.0
    total: float = 0.0
    condense: float = 0.0
    first_token: float | None = None  # LLM mode: from the start of the request to the first streamed token
    llm_overhead: float | None = None  # LLM mode: prompt building + post-processing, model time excluded


class Answer(BaseModel):
    question: str
    standalone_question: str
    answer: str
    refused: bool
    short_answer: str | None = Field(
        default=None,
        description="the shortest span that answers the question (a number with its unit, a date, a name, a short "
        "list), copied verbatim from a cited sentence and followed by that citation's [n]; a question asking several "
        "things gets one span per part, joined by ；. Null when no span can be chosen with confidence",
    )
    clarify: bool = Field(
        default=False,
        description="true when the question depends on earlier turns that do not say what it refers to: `answer` "
        "then asks the user back (in Chinese) and there are no citations",
    )
    mode: Literal["extractive", "llm"] = "extractive"
    citations: list[Citation] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # remarks about the answer, not claims from the reports
    warning: str | None = None
    retrieved_sources: list[str] = Field(default_factory=list)  # report files of the retrieved chunks, best first
    timings_ms: Timings = Field(default_factory=Timings)
    config: str = Field(
        default="",
        description="fingerprint of the settings that produced the answer (Settings.fingerprint), so logged and "
        "evaluated answers can be traced to their configuration",
    )


class Event(BaseModel):
    """What Assistant.stream yields: tokens as they come, then the final, checked answer (which may differ
    from the streamed text: uncited sentences are removed after generation)."""

    type: Literal["token", "answer"]
    text: str = ""
    answer: Answer | None = None
