"""From stop 43's tuning near misses and stop 42's UI check, end to end with the real index: a question about
one organisation answered from a sentence on another of the same kind (重庆工商大学's 中心 for 西南大学's); an
English "how many X" answered with a figure of something else."""

from __future__ import annotations

from assistant.neighbours import organisations


def test_an_organisations_name_is_read_with_the_names_before_its_kind(assistant):
    tokenizer = assistant.index.tokenizer
    question = "西南大学和泰国兰纳皇家理工大学共建的中心是哪一年签约的？"
    assert [name for name, _ in organisations(tokenizer, question)] == ["西南大学", "泰国兰纳皇家理工大学"]
    sentence = "就在本月,泰国兰纳皇家理工大学将来渝,与重庆工商大学签署共建科技合作成果转移转化中心合作协议。"
    assert [name for name, _ in organisations(tokenizer, sentence)] == ["泰国兰纳皇家理工大学", "重庆工商大学"]


def test_another_organisation_of_the_same_kind_does_not_answer(assistant):
    # "…与重庆工商大学签署共建科技合作成果转移转化中心…" had been quoted for 西南大学's 中心
    answer = assistant.ask("西南大学和泰国兰纳皇家理工大学共建的科技合作成果转移转化中心是哪一年签约的？")
    assert answer.refused and "没有说到西南大学的情况" in answer.answer  # says what is missing
    both = assistant.ask("重庆工商大学和泰国兰纳皇家理工大学哪一年共同承担了国家重点研发计划项目？")
    assert not both.refused and "2017年" in (both.short_answer or "")


def test_an_organisation_named_shorter_is_the_same_one(assistant):
    # 高新技术产业研究院 is 重庆高新技术产业研究院 as a list writes it, not a rival 研究院
    answer = assistant.ask("重庆高新技术产业研究院一共注册成立了多少家研究院？")  # (a follow-up, as resolved)
    assert not answer.refused and "36家" in answer.answer


def test_how_many_in_english_counts_what_it_asks(assistant):
    # from stop 42's UI check: "How many countries…" had been answered with the 9个领域 of the same sentence
    answer = assistant.ask("How many countries are in the Belt and Road university alliance?")
    assert answer.short_answer and answer.short_answer.startswith("11个")
