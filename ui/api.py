"""The JSON API: /api/ask, /api/ask/stream (server-sent events), /api/feedback, /api/health."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, field_validator

from assistant.models import Answer, Event
from assistant.service import Assistant, QuestionError
from ui import strings

router = APIRouter()

MAX_MESSAGES = 50
MAX_MESSAGE_CHARS = 4000


class Message(BaseModel):
    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=MAX_MESSAGE_CHARS)


class AskRequest(BaseModel):
    question: str = Field(description="问题（中文）")
    messages: list[Message] = Field(
        default_factory=list, max_length=MAX_MESSAGES, description="此前的对话，按时间顺序；用户的提问用于理解追问"
    )
    conversation_id: str | None = Field(default=None, max_length=100)

    @field_validator("question")
    @classmethod
    def not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(strings.ERR_EMPTY_QUESTION)
        return v

    def history(self) -> list[str]:
        return [m.content for m in self.messages if m.role == "user"]


class AnswerOut(Answer):
    answer_id: str = Field(description="用于 /api/feedback")


class FeedbackRequest(BaseModel):
    answer_id: str = Field(max_length=64)
    rating: Literal["up", "down"]
    comment: str = Field(default="", max_length=2000)


class Health(BaseModel):
    status: Literal["ok", "stale", "unavailable"]  # stale: serving an older build, the newest failed to load
    index_loaded: bool
    articles: int = 0
    chunks: int = 0
    embedder: str = ""
    mode: Literal["extractive", "llm"] = "extractive"
    llm: str = "none"
    index_built_at: str = ""
    detail: str | None = None
    pid: int = Field(default_factory=os.getpid)  # the worker process that answered (`serve --workers N`)


def _assistant(request: Request) -> Assistant:
    assistant = request.app.state.holder.get()
    if assistant is None:
        raise HTTPException(503, request.app.state.holder.error or strings.ERR_INDEX_UNAVAILABLE)
    return assistant


def _events(body: AskRequest, request: Request) -> Iterator[Event]:
    """The answer's events, once the question passes its checks. Questions are rejected, never truncated:
    a limit the user did not see would change the question."""
    assistant = _assistant(request)
    limit = assistant.settings.max_question_chars
    if len(body.question.strip()) > limit:
        raise HTTPException(422, strings.ERR_QUESTION_TOO_LONG.format(n=len(body.question.strip()), limit=limit))
    try:
        return assistant.stream(body.question, body.history())  # checks the question before yielding
    except QuestionError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/ask", response_model=AnswerOut, summary="提问，返回带引用的回答")
def ask(body: AskRequest, request: Request) -> AnswerOut:
    answer = next(e.answer for e in _events(body, request) if e.type == "answer")
    answer_id = request.app.state.log.record_answer(answer, body.conversation_id, "api")
    return AnswerOut(**answer.model_dump(), answer_id=answer_id)


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    summary="提问，以服务器推送事件（SSE）逐字返回：token 事件，最后是 answer 事件",
    response_class=StreamingResponse,
)
def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
    events = _events(body, request)
    log = request.app.state.log

    def generate() -> Iterator[str]:
        for event in events:
            if event.type == "token":
                yield _sse("token", {"text": event.text})
            else:
                answer_id = log.record_answer(event.answer, body.conversation_id, "api")
                yield _sse("answer", {**event.answer.model_dump(mode="json"), "answer_id": answer_id})

    return StreamingResponse(
        generate(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.post("/feedback", summary="对某个回答的评价（有用/没用）和可选的说明")
def feedback(body: FeedbackRequest, request: Request) -> dict:
    if not request.app.state.log.record_feedback(body.answer_id, 1 if body.rating == "up" else -1, body.comment):
        raise HTTPException(404, strings.ERR_UNKNOWN_ANSWER)
    return {"ok": True}


@router.get("/health", response_model=Health, summary="服务状态：索引是否已加载、文章和文本块数量、模型")
def health(request: Request) -> Health:
    settings = request.app.state.settings
    assistant = request.app.state.holder.get()
    if assistant is None:
        return Health(status="unavailable", index_loaded=False, detail=request.app.state.holder.error, llm=settings.llm)
    info = assistant.index.info
    stale = request.app.state.holder.stale
    return Health(
        status="stale" if stale else "ok",
        detail=stale,
        index_loaded=True,
        articles=info.articles,
        chunks=info.chunks,
        embedder=info.embedder,
        mode="llm" if assistant.chat_model else "extractive",
        llm=settings.llm,
        index_built_at=info.built_at,
    )
