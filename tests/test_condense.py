from __future__ import annotations

import pytest

from assistant.condense import condense, topic_of


@pytest.mark.parametrize(
    "history,question,expected",
    [
        (
            ["中国—匈牙利技术转移中心(重庆)是做什么的？"],
            "它促成了多少个项目？",
            "中国—匈牙利技术转移中心(重庆)促成了多少个项目？",
        ),
        (["王莺是哪个单位的专家？"], "他在尼泊尔负责什么项目？", "王莺在尼泊尔负责什么项目？"),
        (["“双千”计划是什么时候启动的？"], "该计划的目标是什么？", "双千计划的目标是什么？"),
        (
            ["七腾机器人有限公司的防爆四足机器人有什么特点？"],
            "这家公司获得了多少项专利？",
            "七腾机器人有限公司获得了多少项专利？",
        ),
        (
            ["丰都县就业人才中心打造了什么党建品牌？"],
            "发放了多少创业担保贷款？",
            "丰都县就业人才中心发放了多少创业担保贷款？",
        ),
        (["重庆与多少个国家建立了科技合作关系？"], "2025年呢？", "2025年，重庆与多少个国家建立了科技合作关系？"),
    ],
)
def test_follow_ups_become_standalone(history, question, expected):
    assert condense(question, history) == expected


def test_no_history_no_rewrite():
    assert condense("它促成了多少个项目？", []) == "它促成了多少个项目？"


def test_a_question_with_its_own_subject_is_left_alone():
    history = ["王莺是哪个单位的专家？"]
    assert condense("奉节县智能养蚕的生产效率提高了多少？", history) == "奉节县智能养蚕的生产效率提高了多少？"


def test_chains_resolve_through_earlier_turns():
    history = ["中国—匈牙利技术转移中心(重庆)是做什么的？", "它举办了多少场对接会？"]
    assert condense("它促成了多少个项目？", history).startswith("中国—匈牙利技术转移中心(重庆)")


def test_topic_prefers_the_first_proper_noun_phrase():
    assert topic_of("奉节县的智能养蚕效率提高了多少？") == "奉节县"
    assert topic_of("中国-匈牙利技术转移中心是什么？") == "中国-匈牙利技术转移中心"
