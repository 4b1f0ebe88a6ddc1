"""From stop 41's second fresh-eyes check of the UI, end to end with the real index: a ratio, a time ago or a
count of items read as the answer to how much or how big; a figure in tenths (近五成) not read as one; a "that X"
follow-up glued to an earlier subject the reports never speak of with X; a name jieba cuts in two, so a "who"
question got a clause for its short answer."""

from __future__ import annotations

from assistant.condense import resolve
from assistant.lexicon import figures
from assistant.span_figures import amounts

RATIOS = "和传统养蚕相比,智能养蚕的生产效率提高了28倍,蚕茧优质率提高了25%。"


def _said(matches) -> list[str]:
    return [m.group().strip() for m in matches]


def test_a_ratio_answers_a_change_or_a_share_but_not_how_much_of_a_thing():
    assert _said(amounts(RATIOS, "奉节一年能产多少蚕茧？")) == []
    assert _said(amounts(RATIOS, "多少个项目落地实施？")) == []
    assert _said(amounts(RATIOS, "智能养蚕的生产效率提高了多少？")) == ["28倍", "25%"]
    assert _said(amounts(RATIOS, "生产效率提高了多少倍？")) == ["28倍", "25%"]
    assert _said(amounts("2022年研发投入强度为2.36%。", "2022年的研发投入强度是多少？")) == ["2.36%"]


def test_a_time_ago_says_when_not_how_much():
    sentence = "3年前，这项技术从实验室走出来，成本降低近五成。"
    assert _said(figures(sentence)) == ["3年", "五成"]  # 五成 (tenths) is a figure
    assert _said(amounts(sentence, "成本降了多少？")) == ["五成"]
    assert "3年" in _said(amounts(sentence, "这项技术是多少年前走出实验室的？"))


def test_how_much_of_a_thing_is_not_answered_by_a_ratio(assistant):
    # "和传统养蚕相比,智能养蚕的生产效率提高了28倍" had given 28倍 as how many cocoons 奉节 produces a year
    answer = assistant.ask("奉节一年能产多少蚕茧？")
    assert "28倍" not in (answer.short_answer or "")
    rate = assistant.ask("智能养蚕的生产效率提高了多少？")
    assert rate.short_answer and "28倍" in rate.short_answer


def test_that_x_is_not_an_earlier_subjects_x_the_reports_never_name_together(assistant):
    # had become "坦桑尼亚燃料电池公司的成本降了多少？" and been refused; no report speaks of the two together
    answer = assistant.ask("那燃料电池公司的成本降了多少？", ["坦桑尼亚的水稻亩产是多少？"])
    assert "坦桑尼亚" not in answer.standalone_question
    assert "燃料电池公司的成本" in answer.standalone_question


def test_that_x_stays_the_earlier_subjects_x_when_the_reports_name_them_together(assistant):
    tokenizer = assistant.index.tokenizer
    history = ["丰都县今年1—3季度城镇新增就业多少人？"]
    together = assistant._together
    r = resolve(tokenizer, "那创业担保贷款发了多少？", history, together=together)
    assert r.standalone.startswith("丰都县")
    assert together("丰都县", ("创业担保贷款",)) and not together("坦桑尼亚", ("燃料电池", "公司"))


def test_a_three_character_name_the_dictionary_cuts_in_two_is_one_name(loaded_index):
    tokenizer = loaded_index.tokenizer

    def joined(text: str) -> list[tuple[str, str]]:
        return tokenizer.names_joined(list(tokenizer.tagged_words(text)))

    assert ("王家功", "nr") in joined(
        "2023年6月，王家功作为新材料研究领域的国际高级人才"
    )  # 王家 is a word (royal family)
    assert ("林秋波", "nr") in joined("印尼中医药专家林秋波博士")
    assert ("荣昌区", "nr") not in joined("重庆市荣昌区")  # a place with its suffix stays a place
    assert joined("新材料研究领域的国际高级人才") == list(tokenizer.tagged_words("新材料研究领域的国际高级人才"))


def test_who_holds_an_office_is_the_one_name_of_the_sentence_not_a_clause(assistant):
    # the short answer had been "被新加坡国立大学委以重任后，也来到重庆，担任重庆研究院院长"
    answer = assistant.ask("新加坡国立大学重庆研究院的院长是谁？")
    assert answer.short_answer and answer.short_answer.startswith("王家功[")


def test_how_big_is_not_answered_by_a_count_of_items(assistant):
    # "他们已经筛选出37个高产优质杂交水稻品种…引种到尼泊尔" had answered how big the park in Nepal is
    answer = assistant.ask("中尼南方农业科技园区有多大？")
    assert answer.refused and "37个" not in (answer.short_answer or "")
    base = assistant.ask("奉节的高效蚕桑基地要建多大？")
    assert base.short_answer and "15万亩" in base.short_answer


def test_a_short_answer_never_cuts_a_name_the_dictionary_cuts_in_two(assistant):
    from assistant.who import with_whole_name

    tokenizer = assistant.index.tokenizer
    assert with_whole_name(tokenizer, "印尼中医药专家林秋波博士介绍", "秋波博士") == "林秋波博士"
    assert with_whole_name(tokenizer, "印尼中医药专家林秋波博士介绍", "中医药专家") == "中医药专家"
    answer = assistant.ask("印尼那个中医药专家叫啥")  # had been 秋波博士
    assert answer.short_answer and answer.short_answer.startswith("林秋波")


def test_a_target_asked_for_is_stated_by_a_plan_marker(assistant):
    # "力争到2025年建成高效蚕桑基地15万亩" states the target: it had been refused ("没有说到2025年的情况")
    answer = assistant.ask("奉节县蚕桑到2025年的目标是多少？")
    assert not answer.refused and answer.short_answer and "15万亩" in answer.short_answer


def test_how_many_years_is_answered_by_a_length_of_time(assistant):
    answer = assistant.ask("易志坚团队搞沙漠土壤化花了多少年？")  # had been 成功应用5万亩
    assert answer.short_answer and answer.short_answer.startswith("17年")


def test_which_year_is_answered_by_a_year(assistant):
    answer = assistant.ask("双千计划要在哪一年前实现千项合作项目？")  # had been 6月11日 (the day it was launched)
    assert answer.short_answer and answer.short_answer.startswith("2030年")


def test_how_many_of_a_unit_of_two_characters_is_answered_in_that_unit(assistant):
    answer = assistant.ask("渝西中学行走的大思政课往返多少公里？")  # had been the clause of 1300余名师生
    assert answer.short_answer and "30公里" in answer.short_answer


def test_a_name_asked_without_who_is_given_without_the_verb_of_saying(assistant):
    answer = assistant.ask("西南大学校长叫什么名字？")  # had been 王进军说
    assert answer.short_answer and answer.short_answer.startswith("王进军[")
