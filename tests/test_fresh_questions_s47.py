"""From stop 46's UI check, end to end with the real index: questions that ask two things at once were refused
("易志坚教授团队搞沙漠土壤化搞了多少年？应用了多大面积？", "…多少师生参加，走了多远？"), since no one sentence answers both,
though each part asked alone is answered; "…是什么时候在哪里举办的？" got the short answer 举办期间."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.compound import merge, when_and_where
from assistant.extractive import Extract
from assistant.lexicon import asked_parts, has_type
from assistant.models import Answer, Citation
from assistant.span_shape import held_at
from ui.render import render_answer


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


def _answer(refused: bool, text: str, citations: list[Citation], notes: list[str], short: str | None) -> Extract:
    return Extract(refused, text, citations, notes, [], short)


def test_merged_parts_are_numbered_on_and_share_a_quote_both_cite():
    years = _answer(False, "据《报道》：历时17年研发。[1]", [_citation(1, "历时17年研发。")], [], "17年[1]")
    both = [_citation(1, "成功应用5万亩。"), _citation(2, "历时17年研发。")]
    area = _answer(False, "据《报道》：成功应用5万亩。[1]历时17年研发。[2]", both, [], "5万亩[1]")
    merged = merge(["搞了多少年？", "应用了多大面积？"], [years, area])
    assert not merged.refused
    assert [c.quote for c in merged.citations] == ["历时17年研发。", "成功应用5万亩。"]
    assert merged.short_answer == "17年[1]；5万亩[2]"
    assert "成功应用5万亩。[2]历时17年研发。[1]" in merged.answer
    assert merged.answer.index("（1）搞了多少年？") < merged.answer.index("（2）应用了多大面积？")


def test_a_refused_part_says_so_without_its_hint_and_drops_the_short_answer():
    answered = _answer(False, "据《报道》：历时17年研发。[1]", [_citation(1, "历时17年研发。")], [], "17年[1]")
    hint = f"{prompts.REFUSE_NO_SUPPORT}\n——以下内容并未回答所提问题，仅供参考——\n据《报道》：别的内容。[1]"
    refused = _answer(True, hint, [_citation(1, "别的内容。")], [prompts.NEAREST_NOTE], None)
    merged = merge(["搞了多少年？", "花了多少钱？"], [answered, refused])
    assert not merged.refused
    assert "别的内容" not in merged.answer and len(merged.citations) == 1
    assert prompts.REFUSE_NO_SUPPORT.replace(prompts.THIS_QUESTION, prompts.THIS_PART) in merged.answer
    assert merged.short_answer == "17年[1]"  # the only answered part's, shown under its own heading
    assert merge(["花了多少钱？", "花了多少钱？"], [refused, refused]).refused


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


def test_a_part_answered_by_the_quotes_above_points_up_to_them():
    quote = [_citation(1, "2023年11月6日—7日,首届大会在渝举办。")]
    when = _answer(
        False,
        "据《报道》：2023年11月6日—7日,首届大会在渝举办。[1]",
        quote,
        [],
        "2023年11月6日—7日[1]",
    )
    where = _answer(False, "据《报道》：2023年11月6日—7日,首届大会在渝举办。[1]", quote, [], "渝[1]")
    merged = merge(["什么时候举办的？", "在哪里举办的？"], [when, where])
    assert merged.answer.count("首届大会在渝举办") == 1
    assert merged.answer.endswith(prompts.PART_SAME_QUOTES.format(refs="[1]"))
    assert merged.short_answer == "2023年11月6日—7日[1]；渝[1]"


def test_a_province_named_by_its_one_character_name_answers_where(assistant):
    tokenizer = assistant.index.tokenizer
    assert (
        held_at(tokenizer, "首届大会是在哪里举办的？", "2023年11月6日—7日,首届“一带一路”科技交流大会在渝举办。") == "渝"
    )
    assert held_at(tokenizer, "首届比赛在哪里举行？", "首届比赛于2009年在南京市浦口区明发珍珠泉大酒店举行。") == (
        "南京市浦口区明发珍珠泉大酒店"
    )
    assert held_at(tokenizer, "首届大会是在哪里举办的？", "在首届大会举办期间,研究院接待了代表团。") is None
    said = "2023年11月6日—7日,首届大会在渝举办。"
    assert has_type("place", said, list(tokenizer.tagged_words(said)))
    new_year = "在新的一年里举办更多活动。"
    assert not has_type("place", new_year, list(tokenizer.tagged_words(new_year)))


def test_where_a_conference_was_held_is_answered_with_the_place(assistant):
    answer = assistant.ask("首届“一带一路”科技交流大会是什么时候在哪里举办的？")
    assert answer.short_answer == "2023年11月6日—7日[1]；渝[1]"
    assert answer.answer.count("在渝举办。") == 1


def test_which_district_is_answered_with_the_district_and_each_part_with_its_own_answer(assistant):
    answer = assistant.ask("新加坡国立大学重庆研究院啥时候落户的，落在哪个区？")
    assert not answer.refused
    assert answer.short_answer is not None
    assert re.sub(r"\[\d+\]", "", answer.short_answer) == "2020年4月；两江新区"


def test_when_is_no_word_a_refusal_names(assistant):
    answer = assistant.ask("渝昆高铁沱江特大桥什么时候建成通车？")
    assert answer.refused
    assert "时候" not in answer.answer.split("\n")[0]


def test_a_part_heading_is_shown_as_a_heading():
    text = "（1）搞了多少年？\n据《报道》：历时17年研发。[1]"
    shown = render_answer(Answer(question="q", standalone_question="q", answer=text, refused=False), 1, "q")
    assert '<p class="part">（1）搞了多少年？</p>' in shown
