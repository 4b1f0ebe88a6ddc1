"""Follow-ups from a fresh-eyes check of conversations (stop 38) that were misread, end to end with the real
index: each was answered with the figure of the earlier turn's question or not read as a follow-up."""

from __future__ import annotations


def test_another_activity_of_a_count_is_asked_with_the_count_of_the_earlier_turn(assistant):
    # "职业技能培训呢？" had not been read as a follow-up (培训 is a verbal noun, read as a verb): its answer was the
    # whole sentence, with no short answer of the training count
    answer = assistant.ask("职业技能培训呢？", ["丰都县今年1—3季度城镇新增就业多少人？"])
    assert not answer.refused and answer.short_answer and "3010人次" in answer.short_answer
    assert len(answer.short_answer) <= 20 and answer.standalone_question.startswith("丰都县")


def test_what_a_pair_obtained_is_counted_for_the_pair_the_conversation_named(assistant):
    # the follow-up had been glued in front of the earlier question and answered with its figure (15份)
    history = ["西南大学和匈牙利农业与生命科学大学合作多少年了？", "双方签署了多少份合作协议？"]
    answer = assistant.ask("获批的中匈国际合作项目呢？", history)
    assert not answer.refused and answer.short_answer and "12项" in answer.short_answer


def test_among_those_counted_is_answered_with_the_figure_of_the_same_subject(assistant):
    # "其中科技型企业有多少？" was left as typed and answered with another district's 80余家
    answer = assistant.ask("其中科技型企业有多少？", ["两江协同创新区孵化培育了多少家企业？"])
    assert not answer.refused and answer.short_answer and "151家" in answer.short_answer


def test_another_year_takes_its_short_answer_from_the_quote_of_that_year_said_as_this_year(assistant):
    # the 2023 report says 今年 (40项); a quote of another report that writes 2023年 gave its date as the answer
    answer = assistant.ask("那2023年呢？", ["2022年重庆启动实施了多少个重大科技项目？"])
    assert not answer.refused and answer.short_answer and "40项" in answer.short_answer
