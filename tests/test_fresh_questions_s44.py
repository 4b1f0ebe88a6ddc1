"""From stop 43's tuning near misses and stop 44's UI check, end to end with the real index: asked when a
body was founded, a sentence giving the date of something else it did (签订 a deal, 参展) had been quoted; a
time of no year for 哪一年; 名师 read in 1300余名师生; 那个 + a name asked back; 20多个 for 多大面积; 今年 unexplained."""

from __future__ import annotations

from assistant.answerable import asked_event, year_given
from assistant.dated import relative_year_note
from assistant.evidence import Term, norm, partly_supported, word_set
from assistant.extractive import score_evidence
from assistant.lexicon import planned_only
from assistant.models import Citation
from assistant.span_figures import dimension_figure


def _event(assistant, question: str) -> list[str]:
    hits = assistant.index.search(question, k=10)
    _, _, info = score_evidence(assistant.index, question, hits, None)
    return [t.text for t in asked_event(info)]


def test_the_event_a_time_question_asks_about(assistant):
    assert _event(assistant, "重庆市产学研合作促进会是哪一年成立的？") == ["成立"]
    assert _event(assistant, "“双千”计划力争到哪一年完成？") == []  # a deadline: its sentence says only the year
    assert _event(assistant, "这个名字是何时出现的？") == []  # happening, not an event of its own


def test_a_date_of_another_event_does_not_answer(assistant):
    # "2020年7月27日,…与市产学研合作促进会签订…协议" had been quoted as the year it was founded
    answer = assistant.ask("重庆市产学研合作促进会是哪一年成立的？")
    assert answer.refused and "没有说到“成立”的时间" in answer.answer


def test_the_event_said_by_a_verb_of_the_same_kind(assistant):
    # 承办 for 举办: one character in the same place
    answer = assistant.ask("2020重庆技术转移转化大会是哪天举办的？")
    assert not answer.refused and "2020年8月18日" in (answer.short_answer or "")
    deadline = assistant.ask("“双千”计划力争到哪一年完成？")
    assert not deadline.refused and "2030年" in (deadline.short_answer or "")


def test_a_synonym_is_a_word_of_the_text_not_letters_across_words(assistant):
    # 名师 (a synonym of 老师) is not in "1300余名师生": 名 counts the 师生
    teacher = Term("老师", critical=False, aliases=("名师", "教师"))
    sentence = "重庆市渝西中学的1300余名师生参与了一场实践活动。"
    words = word_set(assistant.index.tokenizer, sentence)
    assert not partly_supported(teacher, norm(sentence), words)
    assert partly_supported(teacher, norm("全校教师参与。"), frozenset(["全校", "教师", "参与"]))
    answer = assistant.ask(
        "其中带队的老师有多少人？", history=["渝西中学这次“行走的大思政课”，学生们往返一共走了多少公里？"]
    )
    assert answer.refused  # the 1300余名师生 had been given as the teachers' number


def test_asked_which_year_a_time_of_no_year_does_not_answer(assistant):
    # "…薛其坤指出,在未来十年,…时代" had been quoted for the year he won the prize
    answer = assistant.ask("薛其坤院士是哪一年获得国家最高科学技术奖的？")
    assert answer.refused and "没有给出所问的年份" in answer.answer
    assert year_given("1990年代以来，同性恋文化影响到该区。", "从哪一年开始的？")  # a decade is the nearest given
    assert year_given("今年7月29日，专家团赴涪陵开展活动。", "哪一年去的涪陵？")  # said against the report's date
    assert not year_given("2022年产学研合作科创活动开展。", "2022年的活动是哪一年办的？")  # the question's own


def test_a_target_in_all_is_still_a_target():
    # "累计" (in all) is said of targets too: the 2030 goal had been given as the projects signed
    sentence = "●力争到2030年,成渝地区面向共建“一带一路”国家累计实施千项合作项目、千名青年科学家交流。"
    assert planned_only(sentence, "大会上总共签约了多少个合作项目？")
    assert not planned_only("截至目前已累计促成30个项目。", "促成了多少个项目？")


def test_that_before_a_name_points_to_the_name(assistant):
    # from this stop's UI check: "那个 + a name" on a first turn had been asked back as a pronoun
    answer = assistant.ask("那个新国大重庆研究院现在谁当院长啊")
    assert not answer.clarify and "王家功" in (answer.short_answer or "")


def test_a_dimension_asked_is_answered_with_a_figure_of_its_units(assistant):
    # from this stop's UI check: "…多大面积上得到了应用？" had been answered 20多个 (the places) of the same sentence
    answer = assistant.ask("易志坚团队的沙漠土壤化成果在多大面积上得到了应用？")
    assert (answer.short_answer or "").startswith("5万亩")
    sentence = "成果已在中东和北非等20多个沙漠成功应用5万亩。"
    assert dimension_figure("在多大面积上应用？", sentence, "20多个") == "5万亩"
    assert dimension_figure("在多大面积上应用？", sentence, "5万亩") is None  # the span holds one already
    assert dimension_figure("在多少个地方应用？", sentence, "20多个") is None  # no dimension asked


def test_a_year_said_against_the_report_is_noted_with_the_year_it_means(assistant):
    # from this stop's UI check: "今年5月" for 哪一年 left the official to work out the year
    answer = assistant.ask("中匈技术转移中心是哪一年被纳入第三轮重点合作项目清单的？")
    assert "今年" in (answer.short_answer or "") and any("推算为2024年" in n for n in answer.notes)

    def cite(n: int, date: str | None) -> Citation:
        return Citation(n=n, source="a.txt", article_title="t", article_date=date, quote="q", score=1.0)

    assert "推算为2022年" in (relative_year_note("去年8月[2]", [cite(1, "2024-11"), cite(2, "2023-06")]) or "")
    assert relative_year_note("2023年8月[1]", [cite(1, "2024-11")]) is None  # a year written out
    assert relative_year_note("今年8月[1]", [cite(1, None)]) is None  # a report of no known date
