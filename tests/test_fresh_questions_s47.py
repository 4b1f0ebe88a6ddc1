"""From stop 46's UI check, end to end with the real index: questions that ask two things at once were refused
("易志坚教授团队搞沙漠土壤化搞了多少年？应用了多大面积？", "…多少师生参加，走了多远？"), since no one sentence answers both,
though each part asked alone is answered; "…是什么时候在哪里举办的？" got the short answer 举办期间."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.compound import Part, merge, when_and_where
from assistant.lexicon import asked_parts
from assistant.models import Citation


def test_a_question_is_split_at_each_clause_that_asks():
    assert asked_parts("易志坚教授团队搞了多少年？应用了多大面积？") == [
        "易志坚教授团队搞了多少年？",
        "应用了多大面积？",
    ]
    # a clause that asks nothing (the topic) goes with the clause after it
    assert asked_parts("渝西中学那个行走的大思政课，多少师生参加，走了多远？") == [
        "渝西中学那个行走的大思政课，多少师生参加",
        "走了多远？",
    ]
    assert asked_parts("大会是在成都开的吗？有多少人参加？") == ["大会是在成都开的吗？", "有多少人参加？"]


def test_when_and_where_in_one_clause_are_two_questions():
    assert when_and_where("首届大会是什么时候在哪里举办的？") == [
        "首届大会是什么时候举办的？",
        "首届大会是在哪里举办的？",
    ]
    assert when_and_where("签约仪式哪天在哪开的？") == ["签约仪式哪天开的？", "签约仪式在哪开的？"]
    assert when_and_where("会议何时何地召开？") == ["会议何时召开？", "会议何地召开？"]


def test_a_question_that_asks_one_thing_is_not_split():
    for question in [
        "截至2024年底，重庆已与多少个国家建立科技合作关系？",
        "近几年来，重庆的国际科技合作基地增加了多少个？",  # 近几年 asks nothing
        "那几个重大科技专项，打算攻克多少个关键技术难题？",
        "双千计划的目标是什么？",
    ]:
        assert asked_parts(question) == [question]
    assert when_and_where("大会在哪里举办？") == [] and when_and_where("哪些单位哪年加入？") == []


def _citation(n: int, quote: str) -> Citation:
    return Citation(n=n, source="a.txt", article_title="报道", quote=quote, score=1.0)


def test_merged_parts_are_numbered_on_and_share_a_quote_both_cite():
    years = Part(
        "搞了多少年？", False, "据《报道》：历时17年研发。[1]", [_citation(1, "历时17年研发。")], [], "17年[1]"
    )
    both = [_citation(1, "成功应用5万亩。"), _citation(2, "历时17年研发。")]
    area = Part("应用了多大面积？", False, "据《报道》：成功应用5万亩。[1]历时17年研发。[2]", both, [], "5万亩[1]")
    merged = merge([years, area])
    assert not merged.refused
    assert [c.quote for c in merged.citations] == ["历时17年研发。", "成功应用5万亩。"]
    assert merged.short_answer == "17年[1]；5万亩[2]"
    assert "成功应用5万亩。[2]历时17年研发。[1]" in merged.answer
    assert merged.answer.index("（1）搞了多少年？") < merged.answer.index("（2）应用了多大面积？")


def test_a_refused_part_says_so_without_its_hint_and_drops_the_short_answer():
    answered = Part(
        "搞了多少年？", False, "据《报道》：历时17年研发。[1]", [_citation(1, "历时17年研发。")], [], "17年[1]"
    )
    hint = f"{prompts.REFUSE_NO_SUPPORT}\n——以下内容并未回答所提问题，仅供参考——\n据《报道》：别的内容。[1]"
    refused = Part("花了多少钱？", True, hint, [_citation(1, "别的内容。")], [prompts.NEAREST_NOTE], None)
    merged = merge([answered, refused])
    assert not merged.refused
    assert "别的内容" not in merged.answer and len(merged.citations) == 1
    assert prompts.REFUSE_NO_SUPPORT.replace(prompts.THIS_QUESTION, prompts.THIS_PART) in merged.answer
    assert merged.short_answer == "17年[1]"  # the only answered part's, shown under its own heading
    assert merge([refused, refused]).refused


def test_two_questions_in_one_are_both_answered(assistant):
    answer = assistant.ask("易志坚教授团队搞沙漠土壤化搞了多少年？应用了多大面积？")
    assert not answer.refused
    assert answer.short_answer is not None
    assert re.sub(r"\[\d+\]", "", answer.short_answer) == "17年；5万亩"
    quotes = " ".join(c.quote for c in answer.citations)
    assert "历时17年" in quotes and "5万亩" in quotes


def test_a_topic_clause_and_two_questions(assistant):
    answer = assistant.ask("渝西中学那个行走的大思政课，多少师生参加，走了多远？")
    assert not answer.refused
    quotes = " ".join(c.quote for c in answer.citations)
    assert "1300余名" in quotes and "30公里" in quotes
    assert answer.short_answer is not None and answer.short_answer.startswith("1300余名[1]；")


def test_when_and_where_get_the_date(assistant):
    answer = assistant.ask("首届“一带一路”科技交流大会是什么时候在哪里举办的？")
    assert not answer.refused
    assert answer.short_answer is not None and answer.short_answer.startswith("2023年11月6日—7日[1]")
