"""From stop 44's UI check, end to end with the real index: a sentence a report repeats as a bulleted summary
was quoted twice; two reports giving the same 11个国家 were said to disagree; "他" after "…谁当院长" was asked
back or read as the institute, since the answer's name (王家|功) is cut in two by the dictionary and the
abbreviation (新国大) was read only after the follow-up was resolved."""

from __future__ import annotations

from assistant import prompts
from assistant.dated import figures_differ
from assistant.evidence import norm, repeats


class _Quoted:  # what repeats and figures_differ read of an Evidence
    def __init__(self, sentence: str) -> None:
        self.sentence = sentence


def test_a_sentence_with_a_bullet_repeats_the_same_sentence():
    body = "力争到2030年,成渝地区面向共建“一带一路”国家累计实施千项合作项目。"
    assert repeats("●" + body, [_Quoted(body)])
    assert repeats(body, [_Quoted("■ " + body)])
    assert not repeats("力争到2035年,成渝地区面向共建“一带一路”国家累计实施千项合作项目。", [_Quoted(body)])


def test_a_repeated_sentence_is_quoted_once(assistant):
    answer = assistant.ask("成渝地区“一带一路”科技合作“双千”计划的目标年份是哪一年？")
    assert not answer.refused and "2030年" in (answer.short_answer or "")
    quotes = [norm(c.quote).lstrip("●") for c in answer.citations]
    assert len(quotes) == len(set(quotes))


def test_reports_that_give_the_same_figure_do_not_disagree():
    words = ["重庆大学", "牵头", "大学", "联盟", "国家", "学校"]
    first = [
        _Quoted(
            "目前,我市与63个国家建立了科技合作关系,由重庆大学牵头成立的“一带一路”大学科技合作联盟,成员包括11个国家的15所高校。"
        )
    ]
    second = [_Quoted("重庆大学牵头的“一带一路”大学科技合作联盟，吸纳南非、马来西亚等11个国家的15所高校为成员单位。")]
    assert not figures_differ([first, second], words)
    later = [
        _Quoted(
            "在2024年重庆国际友好城市合作大会上，重庆市与西班牙塞维利亚市共同签署了《重庆-塞维利亚科技创新合作意向书》，"
            "政府间合作协议增至4个，65个合作国家和地区中，既有“老朋友”匈牙利、新加坡。"
        )
    ]
    assert figures_differ([first, later], ["重庆", "国家", "科技", "合作"])


def test_the_union_members_are_not_said_to_differ(assistant):
    answer = assistant.ask("重大牵头的那个大学联盟，有几个国家的学校参加？")
    assert not answer.refused and len({c.source for c in answer.citations}) > 1
    assert prompts.FIGURES_DIFFER not in answer.notes
    countries = assistant.ask("重庆现在跟几个国家有科技合作啊")  # 63个 (2024) and 65个 (2025) still differ
    assert prompts.FIGURES_DIFFER in countries.notes


def test_he_is_the_person_the_last_answer_named(assistant):
    history = ["新国大重庆研究院现在谁当院长啊"]
    answer = assistant.ask("他是什么时候来重庆的？", history=history)
    assert answer.standalone_question.startswith("王家功")
    assert not answer.refused and "2023年6月" in (answer.short_answer or "")
