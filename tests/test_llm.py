"""Generative answering with a scripted fake chat model over the real index: citation checks, refusals,
fallbacks, condensing, streaming events."""

from __future__ import annotations

import pytest

from assistant import prompts
from assistant.service import Assistant
from tests.fakes import ScriptedChatModel, passage_number
from tests.helpers import check_llm_contract as check_contract

Q = "重庆已与多少个国家和地区建立科技合作关系？"


@pytest.fixture
def with_model(loaded_index, settings):
    def make(*script, **kw):
        model = ScriptedChatModel(*script, **kw)
        return Assistant(loaded_index, settings.updated(llm={"backend": "fake"}), model), model

    return make


def cites(needle: str, claim: str):
    return lambda messages: f"{claim}[{passage_number(messages, needle)}]。"


def test_fake_model_answer_keeps_cited_sentences_and_quotes_the_passage(with_model):
    assistant, model = with_model(
        lambda m: f"重庆已与65个国家和地区建立科技合作关系[{passage_number(m, '65个国家')}]。这是一个了不起的成就。"
    )
    answer = assistant.ask(Q)
    assert answer.mode == "llm" and not answer.refused and answer.warning is None
    assert answer.answer == "重庆已与65个国家和地区建立科技合作关系[1]。"  # the uncited sentence is gone
    assert "65个国家" in answer.citations[0].quote
    assert any("1 句" in n for n in answer.notes)
    check_contract(answer)
    assert len(model.calls) == 1  # no history: no condensing call


def test_fake_model_invalid_citation_and_invented_number_are_removed(with_model):
    def reply(m):
        n = passage_number(m, "65个国家")
        return f"重庆已与65个国家和地区建立科技合作关系[{n}][42]。其中欧洲国家有17个[{n}]。"

    answer = with_model(reply)[0].ask(Q)
    assert answer.answer == "重庆已与65个国家和地区建立科技合作关系[1]。"
    assert [c.n for c in answer.citations] == [1]
    assert any("17" in n for n in answer.notes)
    check_contract(answer)


def test_fake_model_saying_it_cannot_answer_is_a_refusal(with_model):
    answer = with_model("无法回答")[0].ask("重庆科技合作的总投资是多少亿元？")
    assert answer.refused and answer.mode == "llm" and not answer.citations
    check_contract(answer)


def test_fake_model_without_citations_falls_back_to_extractive(with_model):
    answer = with_model("重庆与很多国家都有合作，成绩显著。")[0].ask(Q)
    assert answer.mode == "extractive" and answer.warning == prompts.LLM_UNGROUNDED
    assert "65个国家" in answer.answer
    check_contract(answer)


def test_fake_model_endpoint_down_falls_back_with_a_warning(with_model):
    answer = with_model(ConnectionError("connection refused"))[0].ask(Q)
    assert answer.mode == "extractive" and "大模型服务暂时不可用" in answer.warning
    assert "65个国家" in answer.answer and "Traceback" not in answer.warning
    check_contract(answer)


def test_fake_model_failing_mid_stream_streams_then_falls_back(with_model):
    assistant, _ = with_model(TimeoutError("read timed out"), fail_after=3)
    events = list(assistant.stream(Q))
    tokens = [e for e in events if e.type == "token"]
    assert len(tokens) == 3 and events[-1].type == "answer" and len(events) == 4
    final = events[-1].answer
    assert final.mode == "extractive" and "TimeoutError" in final.warning
    check_contract(final)


def test_fake_model_streams_tokens_then_one_checked_answer(with_model):
    assistant, _ = with_model(cites("65个国家", "重庆已与65个国家和地区建立科技合作关系"), piece=2)
    events = list(assistant.stream(Q))
    assert [e.type for e in events].count("answer") == 1 and events[-1].type == "answer"
    streamed = "".join(e.text for e in events if e.type == "token")
    assert streamed.startswith("重庆已与65个国家") and len(events) > 5
    assert events[-1].answer.timings_ms.first_token is not None
    assert events[-1].answer.timings_ms.llm_overhead < 1000


def test_fake_model_not_called_when_a_key_term_is_missing(with_model):
    assistant, model = with_model("北京与63个国家合作[1]。")
    answer = assistant.ask("北京与多少个国家建立了科技合作关系？")
    assert answer.refused and "北京" in answer.answer and model.calls == []


def test_fake_model_condenses_follow_ups_and_falls_back_to_rules(with_model):
    history = ["中国—匈牙利技术转移中心(重庆)是做什么的？"]
    rewrite = "中国—匈牙利技术转移中心(重庆)促成了多少个项目？"
    assistant, model = with_model(rewrite, cites("32个项目", "该中心促成32个项目合作签约"))
    answer = assistant.ask("它促成了多少个项目？", history)
    assert answer.standalone_question == rewrite and len(model.calls) == 2
    assert "32个项目" in answer.answer and answer.mode == "llm"
    # the rewrite call fails: the rule-based resolver takes over, and the answer still comes from the model
    assistant, model = with_model(ConnectionError("down"), cites("32个项目", "该中心促成32个项目合作签约"))
    answer = assistant.ask("它促成了多少个项目？", history)
    assert answer.standalone_question.startswith("中国—匈牙利技术转移中心") and "32个项目" in answer.answer


def test_extractive_mode_streams_its_answer(assistant):
    events = list(assistant.stream(Q))
    assert events[-1].type == "answer" and events[-1].answer.mode == "extractive"
    assert "".join(e.text for e in events if e.type == "token") == events[-1].answer.answer
