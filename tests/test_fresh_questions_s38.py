"""Questions from the stop-38 fresh-eyes conversations: each test fails on the code before its fix."""

from __future__ import annotations

from assistant.dimensions import asked_dimension, figure_of_unit


def test_a_question_naming_a_dimension_is_answered_only_by_a_figure_of_its_units():
    # "…已经成功应用了多大面积？" was answered "两个科学发现": a count is no area
    area = asked_dimension("已经成功应用了多大面积？")
    assert area is not None
    assert figure_of_unit("成果已在20多个沙漠成功应用5万亩", area)
    assert figure_of_unit("其陆地管辖面积为1750.33km²", area)  # (CMRC writes Latin units)
    assert not figure_of_unit("两个科学发现，历时17年研发", area)
    assert figure_of_unit("搜索雷达，有效距离30km，可同时追踪20个目标", asked_dimension("有效距离是多少？"))
    # 多高 / 多长 name no dimension of their own (亩产搞到了多高 asks a yield in 公斤), nor does a change of one
    assert asked_dimension("把当地稻谷每亩收成搞到了多高？") is None
    assert asked_dimension("面积增长了多少？") is None


def test_the_area_question_is_answered_with_the_area_end_to_end(assistant):
    answer = assistant.ask("重庆交通大学易志坚教授团队已经成功应用了多大面积？")
    assert not answer.refused and answer.short_answer and "5万亩" in answer.short_answer


def test_a_question_asking_a_sum_of_money_is_not_answered_by_a_count_of_people(assistant):
    # "每年安排多少经费？" (the report says only that funds are set aside each year) was answered 千名青年科学家
    money = asked_dimension("每年安排多少经费？")
    assert money is not None
    assert figure_of_unit("总投资34.56亿元", money) and not figure_of_unit("支持千名青年科学家", money)
    answer = assistant.ask("每年安排多少经费？", ["“双千”计划是什么时候启动的？", "为保障实施设立了专项资金吗？"])
    assert answer.refused
