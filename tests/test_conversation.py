"""Conversations on the real index: follow-ups told apart from new questions, "那X呢" answered with X's own
figure or refused, asking back when a question refers to nothing, through ask, stream, batch and the API;
and the LLM backend's rewrites checked (scripted fake model)."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant import prompts
from assistant.batch import answer_lines
from assistant.condense import resolve
from assistant.entities import content_nouns
from assistant.extractive import norm
from assistant.rewrites import focus_words
from assistant.service import Assistant
from devtools.servers import running
from evals.runner import load_cases
from tests.fakes import ScriptedChatModel, passage_number
from tests.helpers import check_contract, sse_events
from ui.server import create_app

# the tuning split only: a property test failing on a held-out case would have it read case by case
CONVERSATIONS = [c for c in load_cases() if c.kind == "conversation" and c.split == "tuning"]
# topic switches and switching back: written as questions with their own subject
SELF_CONTAINED = {f"conversation-{n:03d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 30, 32)}
HUNGARY = "中国—匈牙利技术转移中心(重庆)促成了多少个项目?"
NUS = "新加坡国立大学重庆研究院在两江新区落户后，它累计孵化了多少家企业？"


def _same(a, b) -> bool:
    return a.answer == b.answer and [(c.source, c.quote) for c in a.citations] == [
        (c.source, c.quote) for c in b.citations
    ]


def test_topic_switch_cases_are_recognised_as_self_contained(loaded_index):
    for case in CONVERSATIONS:
        if case.id in SELF_CONTAINED:
            assert resolve(loaded_index.tokenizer, case.question, case.history).kind == "own", case.id


@pytest.mark.parametrize("case", [c for c in CONVERSATIONS if not c.history], ids=lambda c: c.id)
def test_a_conversation_case_without_history_asks_back(assistant, case):
    # the first turns of the conversation set are follow-ups asked with nothing before them
    answer = assistant.ask(case.question)
    assert answer.clarify and answer.citations == [] and answer.standalone_question == case.question


@pytest.mark.parametrize("case", [c for c in CONVERSATIONS if c.history], ids=lambda c: c.id)
def test_a_turn_in_a_conversation_is_answered_as_its_standalone_question(assistant, case):
    """A self-contained question: the same answer as alone. A pronoun, a fragment or "那<year>呢": rewritten,
    and answered exactly as the rewrite asked alone. "那X呢" (X a name or a phrase): rewritten about X with the rest of the previous question kept
    (the measure asked for), and answered from X's paragraphs only (so not as the rewrite alone: that would
    search every report)."""
    tokenizer = assistant.index.tokenizer
    # the service resolves with the name the last turn's answer gave (他 after "…是谁？")
    resolution = resolve(tokenizer, case.question, case.history, assistant._answered)
    answer = assistant.ask(case.question, case.history)
    assert answer.standalone_question == resolution.standalone and not answer.clarify
    if resolution.kind == "own":
        assert answer.standalone_question == case.question
        assert _same(answer, assistant.ask(case.question)), answer.answer
        return
    assert answer.standalone_question != case.question
    if resolution.antecedent and resolution.kind != "ellipsis":
        assert resolution.antecedent in answer.standalone_question
    if not resolution.focus:
        assert _same(answer, assistant.ask(answer.standalone_question)), answer.answer
        return
    assert resolution.focus in answer.standalone_question
    if resolution.antecedent:
        frame = resolve(tokenizer, case.history[-1], case.history[:-1]).standalone
        kept = content_nouns(tokenizer, frame.replace(resolution.antecedent, "", 1))
        assert all(w in answer.standalone_question for w in kept), (frame, answer.standalone_question)
    words = [norm(w) for w in focus_words(tokenizer, resolution.focus)]
    for c in [] if answer.refused else answer.citations:
        article = assistant.index.articles[(c.source, c.article_index)]
        paragraph = article.paragraphs[c.paragraph]
        where = norm(article.title + paragraph.section + paragraph.text)
        assert all(w in where for w in words), (resolution.focus, c.quote)


def test_shuangqian_after_a_hungary_question_is_answered_as_typed(assistant):
    answer = assistant.ask("“双千”计划是什么？", [HUNGARY])
    assert answer.standalone_question == "“双千”计划是什么？" and not answer.refused
    assert "匈牙利" not in answer.standalone_question and _same(answer, assistant.ask("“双千”计划是什么？"))
    check_contract(answer)


def test_na_x_ne_never_gives_the_previous_entitys_figure(assistant):
    first = assistant.ask(NUS)
    assert "24家" in first.answer
    answer = assistant.ask("那西部（重庆）科学城呢？", [NUS])
    assert "24家" not in answer.answer and answer.standalone_question.startswith("西部（重庆）科学城")
    assert answer.refused or "80余家" in answer.answer
    check_contract(answer)
    # no figure of its own in the reports: refused, and the note says so
    answer = assistant.ask("那哈工大重庆研究院呢？", [NUS])
    assert answer.refused and "24家" not in answer.answer
    assert any("哈工大重庆研究院" in n for n in answer.notes)


@pytest.mark.parametrize(
    ("first", "follow_up", "standalone"),
    [
        ("坦桑尼亚水稻亩产提高到了多少？", "那奉节县呢？", "奉节县水稻亩产提高到了多少？"),
        ("重庆研发投入强度是多少？", "那渝北呢？", "渝北研发投入强度是多少？"),
        ("奉节县蚕茧产量是多少？", "那坦桑尼亚呢？", "坦桑尼亚蚕茧产量是多少？"),
        (
            "王莺团队筛选出了多少个高产优质杂交水稻品种？",
            "那易志坚呢？",
            "易志坚团队筛选出了多少个高产优质杂交水稻品种？",
        ),
        # a name of another kind, or a phrase with a second name in it, is replaced whole
        ("新加坡国立大学重庆研究院孵化了多少家企业？", "那重庆大学呢？", "重庆大学孵化了多少家企业？"),
        ("中国-匈牙利技术转移中心(重庆)促成了多少个项目？", "那塞尔维亚呢？", "塞尔维亚促成了多少个项目？"),
    ],
)
def test_na_place_ne_after_a_place_and_a_measure_keeps_the_measure(loaded_index, first, follow_up, standalone):
    # a place or a person followed by what was asked about (水稻亩产, 研发投入强度): only the name is replaced
    assert resolve(loaded_index.tokenizer, follow_up, [first]).standalone == standalone


def test_na_place_ne_is_answered_with_the_measure_asked_for_or_refused(assistant):
    first = "坦桑尼亚水稻亩产提高到了多少？"
    assert "460公斤" in assistant.ask(first).answer
    # 奉节县's reports give other figures (生产效率提高了28倍, 11万亩, 350万公斤), none a rice yield
    answer = assistant.ask("那奉节县呢？", [first])
    assert answer.standalone_question == "奉节县水稻亩产提高到了多少？" and answer.refused
    assert any("奉节县" in n for n in answer.notes)
    # the same measure for another place is there: 渝北's figure is given
    first = "南川万人有效发明专利有多少件？"
    answer = assistant.ask("那渝北呢？", [first])
    assert answer.standalone_question == "渝北万人有效发明专利有多少件？"
    assert not answer.refused and "32件" in answer.answer
    check_contract(answer)


@pytest.mark.parametrize("question", ["它累计孵化了多少家企业？", "该中心将分几个阶段建设？", "那两江协同创新区呢？"])
def test_a_dependent_first_question_asks_back(assistant, question):
    answer = assistant.ask(question)
    assert answer.clarify and not answer.refused and answer.citations == []
    assert answer.answer.startswith("请问") and answer.standalone_question == question
    events = list(assistant.stream(question))
    assert [e.type for e in events] == ["token", "answer"] and events[-1].answer.clarify
    assert events[0].text == answer.answer


def test_batch_carries_clarify(assistant):
    lines = [json.dumps({"question": "它累计孵化了多少家企业？"}, ensure_ascii=False)]
    lines.append(json.dumps({"question": "它累计孵化了多少家企业？", "history": [NUS]}, ensure_ascii=False))
    first, second = list(answer_lines(assistant, lines))
    assert first["clarify"] is True and first["citations"] == []
    assert second["clarify"] is False and "24家" in second["answer"]


def test_api_ask_and_stream_carry_clarify(assistant, settings, tmp_path):
    s = settings.updated(server={"log_db": tmp_path / "log.db", "rate_limit_per_minute": 0})
    with running(create_app(s, assistant, with_ui=False)) as url:
        data = httpx.post(f"{url}/api/ask", json={"question": "它累计孵化了多少家企业？"}, timeout=60).json()
        assert data["clarify"] is True and data["refused"] is False and data["citations"] == []
        with httpx.stream(
            "POST", f"{url}/api/ask/stream", json={"question": "该中心将分几个阶段建设？"}, timeout=60
        ) as r:
            events = sse_events(r)
        assert events[-1][0] == "answer" and events[-1][1]["clarify"] is True


@pytest.fixture
def with_model(loaded_index, settings):
    def make(*script):
        model = ScriptedChatModel(*script)
        return Assistant(loaded_index, settings.updated(llm={"backend": "fake"}), model), model

    return make


def _cites(needle: str, claim: str):
    return lambda messages: f"{claim}[{passage_number(messages, needle)}]。"


def test_fake_model_rewrite_that_brings_in_a_new_name_is_not_used(with_model):
    history = ["中国—匈牙利技术转移中心(重庆)是做什么的？"]
    # the model swaps 它 for a name the conversation never mentioned: the rules' rewrite is used instead
    assistant, model = with_model(
        "新加坡国立大学重庆研究院促成了多少个项目？", _cites("32个项目", "促成32个项目合作签约")
    )
    answer = assistant.ask("它促成了多少个项目？", history)
    assert answer.standalone_question == "中国—匈牙利技术转移中心(重庆)促成了多少个项目？"
    assert "32个项目" in answer.answer and len(model.calls) == 2


def test_fake_model_is_not_asked_to_rewrite_a_self_contained_question(with_model):
    assistant, model = with_model(_cites("千项合作项目", "“双千”计划包括“千项合作项目”计划"))
    answer = assistant.ask("“双千”计划是什么？", [HUNGARY])
    assert answer.standalone_question == "“双千”计划是什么？" and len(model.calls) == 1  # the answer only
    assert answer.mode == "llm"


def test_fake_model_rewrite_that_loses_the_typed_entity_falls_back_to_the_rules(with_model):
    history = ["新加坡国立大学重庆研究院累计孵化了多少家企业？"]
    assistant, model = with_model("新加坡国立大学重庆研究院累计孵化了多少家企业？", "无法回答")
    answer = assistant.ask("那西部（重庆）科学城呢？", history)
    assert answer.standalone_question.startswith("西部（重庆）科学城") and len(model.calls) == 2
    assert "24家" not in answer.answer


def test_fake_model_is_not_called_when_the_assistant_asks_back(with_model):
    assistant, model = with_model("随便什么")
    answer = assistant.ask("它累计孵化了多少家企业？")
    assert answer.clarify and model.calls == [] and answer.answer == prompts.CLARIFY_PRONOUN.format(word="它")
