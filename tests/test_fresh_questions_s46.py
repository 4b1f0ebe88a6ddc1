"""From stop 45's UI check, end to end with the real index: "那它跟哪些国家有合作？" after 奉节's silk farms was
answered with 奉节县's own sentences (a county is a place, not a country) and the short answer 15万亩."""

from __future__ import annotations

from assistant.answerable import ASKS_COUNTRY
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
