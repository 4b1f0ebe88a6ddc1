"""From stop 45's UI check, end to end with the real index: "那它跟哪些国家有合作？" after 奉节's silk farms was
answered with 奉节县's own sentences (a county is a place, not a country) and the short answer 15万亩; the short
answer to "哪几家单位主办" was a phrase of the sentence, not the six organisers it lists; "那产茧量呢？" after a count of 亩
was asked as a count of 产茧量 and refused; "…到底是63个还是65个？" was refused."""

from __future__ import annotations

from assistant import prompts
from assistant.answerable import ASKS_COUNTRY
from assistant.lexicon import CHOICE, asked_type
from assistant.rewrites import speaks_of
from assistant.span_shape import enumeration
from assistant.synonyms import countries


def test_country_names_come_from_the_lexicon():
    said = countries("获批建设中国-匈牙利食品科学联合实验室，与卡塔尔、沙特、新加坡等多国建立了业务合作")
    assert {"匈牙利", "卡塔尔", "沙特", "新加坡"} <= said
    assert not countries("奉节县依托智能蚕桑养殖系统，建设智能养蚕基地")


def test_which_country_is_asked_by_its_question_words():
    assert ASKS_COUNTRY.search("奉节蚕桑基地跟哪些国家有合作？")
    assert ASKS_COUNTRY.search("威廉·狄尔泰是哪国的哲学家？")
    assert ASKS_COUNTRY.search("他们和什么国家签了协议？")
    assert not ASKS_COUNTRY.search("这是哪个国际组织？")
    assert not ASKS_COUNTRY.search("奉节蚕桑基地有多大？")


def test_a_county_does_not_answer_which_countries(assistant):
    answer = assistant.ask("那它跟哪些国家有合作？", ["奉节蚕桑基地有多大？"])
    assert answer.refused and answer.short_answer is None


def test_countries_named_answer_which_countries(assistant):
    answer = assistant.ask("七腾机器人已与哪些国家和地区的机构建立了合作？")
    assert not answer.refused
    assert {"卡塔尔", "沙特"} <= countries(" ".join(c.quote for c in answer.citations))


def test_a_list_asked_is_answered_with_the_list_written(assistant):
    tokenizer = assistant.index.tokenizer
    organisers = (
        "为进一步推进创新丝绸之路建设走深走实，服务高质量共建“一带一路”，由科技部、中国科学院、中国工程院、中国科协、"
        "重庆市政府和四川省政府共同主办，国家发展改革委作为支持单位的“一带一路”科技交流大会"
    )
    assert (
        enumeration(tokenizer, "首届大会是哪几家单位主办的？", organisers)
        == "科技部、中国科学院、中国工程院、中国科协、重庆市政府和四川省政府"
    )
    partners = "目前已与卡塔尔、沙特、新加坡、巴西等国家和地区的机构建立了合作"
    assert enumeration(tokenizer, "七腾已与哪些国家建立了合作？", partners) == "卡塔尔、沙特、新加坡、巴西等"
    # a list closed by 等 runs up to it, whatever jieba makes of the last name
    rivers = "主要支流有：麦曲、桑曲、拉曲、学绒藏布及堆龙曲等。"
    assert enumeration(tokenizer, "拉萨河的支流有哪些？", rivers) == "麦曲、桑曲、拉曲、学绒藏布及堆龙曲等"


def test_no_list_short_answer_for_a_list_of_something_else(assistant):
    tokenizer = assistant.index.tokenizer
    partners = "目前已与卡塔尔、沙特、新加坡、巴西等国家和地区的机构建立了合作"
    assert enumeration(tokenizer, "七腾取得了哪些成果？", partners) is None  # no word of the question beside it
    assert enumeration(tokenizer, "大会是哪几天开的？", partners) is None  # a date asked
    assert enumeration(tokenizer, "设有哪些研发中心？", "设有先进制造与材料、智能传感与人工智能等4个研发中心") is None


def test_the_organisers_asked_are_the_short_answer(assistant):
    answer = assistant.ask("首届一带一路科技交流大会是哪几家单位主办的？")
    assert not answer.refused
    assert (answer.short_answer or "").startswith("科技部、中国科学院、中国工程院、中国科协、重庆市政府和四川省政府[")


def test_an_amount_is_said_by_what_it_counts_before_a_figure():
    text = "如今,奉节蚕桑种植基地规模已突破11万亩,年养蚕8万张,产茧350万公斤,综合产值突破2亿元"
    assert speaks_of(text, ["产茧量"])
    assert not speaks_of(text, ["用水量"])
    assert not speaks_of("年产3万吨", ["产量"])  # 产 alone says too little
    assert not speaks_of("产茧技术不断进步", ["产茧量"])  # no figure after it


def test_a_measure_follow_up_after_a_count_of_units(assistant):
    """ "那产茧量呢？" after "…有多少亩？" had become "…有多少产茧量" and was refused: no passage writes 产茧量."""
    answer = assistant.ask("那产茧量呢？", ["奉节蚕桑基地有多少亩？"])
    assert not answer.refused and (answer.short_answer or "").startswith("350万公斤[")


def test_a_choice_between_figures_quotes_each_report_and_picks_none():
    """ "…到底是63个还是65个？" had been refused: each report gives one of the two figures, and both had been
    required. Each is quoted with its report; no short answer picks one, the note says the reports differ."""
    assert asked_type("重庆的科技合作国家到底是63个还是65个？") == "number"
    assert CHOICE.search("是2亿元还是3亿元") and not CHOICE.search("还是要加快建设")


def test_the_choice_the_reports_differ_on(assistant):
    answer = assistant.ask("重庆的科技合作国家到底是63个还是65个？")
    assert not answer.refused and answer.short_answer is None
    quotes = " ".join(c.quote for c in answer.citations)
    assert "63个国家" in quotes and "65个" in quotes
    assert prompts.FIGURES_DIFFER in answer.notes


def test_the_one_choice_a_report_gives(assistant):
    answer = assistant.ask("奉节的综合产值是2亿元还是3亿元？")
    assert not answer.refused and (answer.short_answer or "").startswith("2亿元[")
