"""The JSON API: /api/ask, /api/ask/stream (server-sent events), /api/feedback, /api/health."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Generator
from pathlib import PurePath
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.concurrency import run_in_threadpool

from assistant.models import Answer, Event
from assistant.questions import QuestionError
from assistant.service import Assistant
from ui import strings
from ui.feedback import MAX_COMMENT_CHARS, LogUnavailable

router = APIRouter()

MAX_MESSAGES = 50
MAX_MESSAGE_CHARS = 4000
_ABSOLUTE_PATH = re.compile(r"/[^\s（）()：:，,。；;]+")
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


def readable(text: str) -> str:
    """Text every layer can encode: a lone surrogate (e.g. JSON "\\ud800") is a 422, not a 500 later."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(strings.ERR_BAD_CHARACTERS) from None
    return text


def public_error(message: str | None) -> str | None:
    """An error for clients: file system paths of the server reduced to their last part."""
    return _ABSOLUTE_PATH.sub(lambda m: PurePath(m.group()).name, message) if message else message


class Message(BaseModel):
    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=MAX_MESSAGE_CHARS)

    @field_validator("content")
    @classmethod
    def readable_content(cls, v: str) -> str:
        return readable(v)


class AskRequest(BaseModel):
    # a misspelt or unknown field is a 422 naming it: silently ignored, earlier turns would be lost unnoticed
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description=strings.API_FIELD_QUESTION)
    messages: list[Message] = Field(
        default_factory=list, max_length=MAX_MESSAGES, description=strings.API_FIELD_MESSAGES
    )
    history: list[str] = Field(default_factory=list, max_length=MAX_MESSAGES, description=strings.API_FIELD_HISTORY)
    # only groups the log's rows: earlier turns come with the request (a server that remembered them by id
    # would show one user's questions to anyone who guessed or reused the id)
    conversation_id: str | None = Field(default=None, max_length=100, description=strings.API_FIELD_CONVERSATION_ID)

    @field_validator("history")
    @classmethod
    def readable_history(cls, v: list[str]) -> list[str]:
        for text in v:
            if len(text) > MAX_MESSAGE_CHARS:
                raise ValueError(strings.ERR_HISTORY_TOO_LONG.format(limit=MAX_MESSAGE_CHARS))
        return [readable(text) for text in v]

    @model_validator(mode="after")
    def one_kind_of_history(self) -> AskRequest:
        if self.history and self.messages:
            raise ValueError(strings.ERR_TWO_HISTORIES)
        return self

    @field_validator("question")
    @classmethod
    def not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(strings.ERR_EMPTY_QUESTION)
        return readable(v)

    @field_validator("conversation_id")
    @classmethod
    def plain_id(cls, v: str | None) -> str | None:
        if v is not None and not _CONVERSATION_ID.fullmatch(v):
            raise ValueError(strings.ERR_BAD_CONVERSATION_ID)
        return v

    def earlier_questions(self) -> list[str]:
        return self.history or [m.content for m in self.messages if m.role == "user"]


class AnswerOut(Answer):
    answer_id: str = Field(description=strings.API_FIELD_ANSWER_ID)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(max_length=64, pattern=r"^[0-9a-zA-Z_-]+$")
    rating: Literal["up", "down"]
    comment: str = ""

    @field_validator("comment")
    @classmethod
    def short_comment(cls, v: str) -> str:
        if len(v) > MAX_COMMENT_CHARS:
            raise ValueError(strings.ERR_COMMENT_TOO_LONG.format(n=len(v), limit=MAX_COMMENT_CHARS))
        return readable(v)


class Health(BaseModel):
    status: Literal["ok", "stale", "unavailable"]  # stale: serving an older build, the newest failed to load
    index_loaded: bool
    articles: int = 0
    chunks: int = 0
    embedder: str = ""
    mode: Literal["extractive", "llm"] = "extractive"
    llm: str = "none"
    index_built_at: str = ""
    log_ok: bool = True  # the conversation log's database answers
    log_pending: int = 0  # answers held in memory until the database is back
    warmed: bool = False  # English questions' bridge built (beside serving, seconds after a build loads)
    detail: str | None = None
    pid: int = Field(default_factory=os.getpid)  # the worker process that answered (`serve --workers N`)


def _assistant(request: Request) -> Assistant:
    assistant = request.app.state.holder.get()
    if assistant is None:
        raise HTTPException(503, public_error(request.app.state.holder.error) or strings.ERR_INDEX_UNAVAILABLE)
    return assistant


def _events(body: AskRequest, request: Request) -> Generator[Event, None, None]:
    """The answer's events, once the question passes its checks. Questions are rejected, never truncated:
    a limit the user did not see would change the question."""
    assistant = _assistant(request)
    limit = assistant.settings.answer.max_question_chars
    if len(body.question.strip()) > limit:
        raise HTTPException(422, strings.ERR_QUESTION_TOO_LONG.format(n=len(body.question.strip()), limit=limit))
    try:
        return assistant.stream(body.question, body.earlier_questions())  # checks the question before yielding
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/ask", response_model=AnswerOut, summary=strings.API_ASK)
def ask(body: AskRequest, request: Request) -> AnswerOut:
    answer = next(e.answer for e in _events(body, request) if e.answer is not None)  # the last event
    answer_id = request.app.state.log.record_answer(answer, body.conversation_id, "api")
    return AnswerOut(**answer.model_dump(), answer_id=answer_id)


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    summary=strings.API_ASK_STREAM,
    response_class=StreamingResponse,
)
def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
    events = _events(body, request)
    log = request.app.state.log
    stepping = threading.Lock()  # a generator runs in one thread at a time; close() waits for the step

    def step() -> Event | None:
        with stepping:
            return next(events, None)

    def close() -> None:
        with stepping:
            # GeneratorExit runs down into the model's stream, which closes its connection
            events.close()

    async def generate():
        try:
            while (event := await run_in_threadpool(step)) is not None:
                if event.type == "token":
                    yield _sse("token", {"text": event.text})
                elif event.answer is not None:  # the last event
                    answer_id = await run_in_threadpool(log.record_answer, event.answer, body.conversation_id, "api")
                    yield _sse("answer", {**event.answer.model_dump(mode="json"), "answer_id": answer_id})
        finally:
            # also when the client went away mid-answer: stop the model instead of letting it write on
            # (after the step in flight, which may be waiting for the model's next token)
            threading.Thread(target=close, daemon=True).start()

    return StreamingResponse(
        generate(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.post("/feedback", summary=strings.API_FEEDBACK)
def feedback(body: FeedbackRequest, request: Request) -> dict:
    try:
        stored = request.app.state.log.record_feedback(body.answer_id, 1 if body.rating == "up" else -1, body.comment)
    except LogUnavailable as exc:  # not stored, so not acknowledged: the client may send it again
        raise HTTPException(503, strings.ERR_LOG_UNAVAILABLE, headers={"Retry-After": "5"}) from exc
    if not stored:
        raise HTTPException(404, strings.ERR_UNKNOWN_ANSWER)
    return {"ok": True}


@router.get(
    "/health",
    response_model=Health,
    summary=strings.API_HEALTH,
    responses={503: {"model": Health}},
)
def health(request: Request, response: Response) -> Health:
    settings = request.app.state.settings
    log = request.app.state.log
    log_ok = log.check()
    if not log_ok:
        response.status_code = 503
    assistant = request.app.state.holder.get()
    if assistant is None:
        response.status_code = 503
        detail = public_error(request.app.state.holder.error) or strings.ERR_INDEX_UNAVAILABLE
        return Health(
            status="unavailable",
            index_loaded=False,
            detail=detail,
            llm=settings.llm.backend,
            log_ok=log_ok,
            log_pending=log.pending,
        )
    info = assistant.index.info
    stale = request.app.state.holder.stale
    return Health(
        status="unavailable" if not log_ok else "stale" if stale else "ok",
        index_loaded=True,
        articles=info.articles,
        chunks=info.chunks,
        embedder=info.embedder,
        mode="llm" if assistant.chat_model else "extractive",
        llm=settings.llm.backend,
        index_built_at=info.built_at,
        log_ok=log_ok,
        log_pending=log.pending,
        warmed=assistant.warmed,
        detail=strings.ERR_LOG_DOWN if not log_ok else stale,
    )
