"""Follow-ups from a fresh-eyes check of conversations (stop 38) that were misread, end to end with the real
index: each was answered with the figure of the earlier turn's question or not read as a follow-up."""

from __future__ import annotations

from assistant.condense import resolve


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


def test_a_pronoun_for_the_person_the_last_answer_named_becomes_that_name(assistant):
    # the history holds questions only: the service answers the last one again for the name it gave
    answer = assistant.ask("她连续几年获得“优秀党务工作者”称号？", ["重庆市产学研合作促进会党支部书记是谁？"])
    assert answer.standalone_question.startswith("陈洁") and answer.short_answer and "三年" in answer.short_answer


def test_the_district_the_last_answer_named_is_what_there_points_to(assistant):
    # "…在哪个区？" had been answered with a span that is no place (帮助下), which 那里 must not become; since
    # stop 47 it is answered with the district's name (span.NAMED_BY), and 那里 becomes that name
    assert (assistant.ask("重庆高新技术产业研究院在哪个区？").short_answer or "").startswith("璧山区")
    asked = resolve(assistant.index.tokenizer, "重庆高新技术产业研究院在哪个区？", [])
    assert assistant._answered(asked) == "璧山区"
    answer = assistant.ask("那里注册成立了多少家研究院？", ["重庆高新技术产业研究院在哪个区？"])
    assert "帮助下" not in answer.standalone_question
    assert answer.standalone_question.startswith("璧山区") and "36家" in (answer.short_answer or "")


def test_a_pronoun_with_no_earlier_turn_is_asked_back_by_the_service(assistant):
    # the service passes a way to the last answer's name; with no earlier turn there is none to take
    answer = assistant.ask("它累计孵化了多少家企业？")
    assert answer.clarify and not answer.citations


def test_a_missing_fact_about_another_person_is_not_called_a_missing_figure(assistant):
    # the refusal's note said "上一问中其他对象的数字不能用来回答" where no figure was asked for (stop 40's UI check)
    history = ["巴里·马歇尔为什么获得诺贝尔奖？", "他希望在中国做什么？"]
    answer = assistant.ask("那薛其坤呢？", history)
    assert answer.refused and any("薛其坤" in n for n in answer.notes)
    assert not any("数字" in n for n in answer.notes)
