"""Chat models: a small protocol and a dict of backends, all through llama-index's LLM integrations.

Backends (Settings.llm.backend): "none" (no model: extractive answers), "openai" (any OpenAI-compatible endpoint:
vLLM, Ollama, llama.cpp's server, Qwen/DeepSeek services), "llamacpp" (a local GGUF file in-process; needs
the optional extra `pip install -e ".[llamacpp]"`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Protocol

from assistant import prompts
from assistant.settings import Settings

Message = tuple[str, str]  # (role, content); role is "system", "user" or "assistant"


class ChatModel(Protocol):
    name: str

    def stream(self, messages: list[Message]) -> Iterator[str]: ...  # text deltas; raises on any failure


class LlamaIndexChat:
    """Any llama-index LLM behind the protocol."""

    def __init__(self, llm, name: str):
        self.llm = llm
        self.name = name

    def stream(self, messages: list[Message]) -> Iterator[str]:
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=role, content=content) for role, content in messages]
        stream = self.llm.stream_chat(chat)
        try:
            for chunk in stream:
                if chunk.delta:
                    yield chunk.delta
        except GeneratorExit:
            # closed early (the client left): the model must stop writing. Closing the generators is not
            # enough: the OpenAI SDK's Stream and its generator form a reference cycle that holds the HTTP
            # response open until the cycle collector runs, so run it now (~0.5 s of CPU, only here).
            getattr(stream, "close", lambda: None)()
            del stream
            gc.collect()
            raise


def complete(model: ChatModel, messages: list[Message]) -> str:
    return "".join(model.stream(messages))


def _openai(settings: Settings) -> ChatModel:
    from llama_index.llms.openai_like import OpenAILike

    llm = OpenAILike(
        model=settings.llm.model,
        api_base=settings.llm.base_url,
        api_key=settings.llm.api_key or "not-needed",  # local servers accept any key; the client wants one
        is_chat_model=True,
        context_window=settings.llm.context_window,
        max_tokens=settings.llm.max_tokens,
        temperature=settings.llm.temperature,
        timeout=settings.llm.timeout,
        max_retries=settings.llm.max_retries,
    )
    return LlamaIndexChat(llm, f"openai:{settings.llm.model}")


def _llamacpp(settings: Settings) -> ChatModel:
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as exc:
        raise RuntimeError(prompts.ERR_LLAMACPP_MISSING) from exc
    if not settings.llm.model_path:
        raise RuntimeError(prompts.ERR_LLAMACPP_NO_MODEL)
    llm = LlamaCPP(
        model_path=str(settings.llm.model_path),
        temperature=settings.llm.temperature,
        max_new_tokens=settings.llm.max_tokens,
        context_window=settings.llm.context_window,
        verbose=False,
    )
    return LlamaIndexChat(llm, f"llamacpp:{settings.llm.model_path.name}")


BACKENDS: dict[str, Callable[[Settings], ChatModel]] = {"openai": _openai, "llamacpp": _llamacpp}


def load_chat_model(settings: Settings) -> ChatModel | None:
    if settings.llm.backend == "none":
        return None
    if settings.llm.backend not in BACKENDS:
        raise ValueError(prompts.ERR_UNKNOWN_LLM.format(llm=settings.llm.backend))
    return BACKENDS[settings.llm.backend](settings)
