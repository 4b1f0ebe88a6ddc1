"""A "为什么" question answered by a sentence that opens with a consequence (因此…): the cause is the sentence
before it, quoted with it as one verbatim passage. End to end over a small corpus of its own (real embedder,
real FAISS index on disk)."""

from __future__ import annotations

import pytest

from tests.helpers import assistant_over

REPORT = (
    "山区茶园调查\n\n"
    "本报讯 云岭县地处高海拔山区，常年云雾缭绕，昼夜温差大，土壤富含硒元素。因此，云岭县出产的高山茶香气浓郁，"
    "在市场上很受欢迎。近年来，全县茶园面积扩大到5万亩，带动2000余户茶农增收。\n\n"
    "为此，县里每年举办采茶节，邀请各地客商前来洽谈。\n"
)


@pytest.fixture(scope="module")
def tea(tmp_path_factory, embedder):
    return assistant_over(tmp_path_factory.mktemp("why"), REPORT, embedder)


def test_the_cause_before_a_consequence_is_quoted_with_it(tea):
    answer = tea.ask("为什么云岭县出产的高山茶香气浓郁？")
    assert not answer.refused
    first = answer.citations[0].quote
    assert first.startswith("云岭县地处高海拔山区") and "因此，云岭县出产的高山茶香气浓郁" in first
    assert first in REPORT  # one verbatim passage of the report
    assert answer.answer.count("云岭县地处高海拔山区") == 1  # not quoted twice


def test_other_questions_quote_the_sentence_alone(tea):
    answer = tea.ask("云岭县出产的高山茶在市场上受欢迎吗？")
    assert not answer.refused and not any(c.quote.startswith("云岭县地处") for c in answer.citations[:1])


def test_a_consequence_opening_its_paragraph_has_no_cause_to_take(tea):
    answer = tea.ask("为什么县里每年举办采茶节？")
    festival = [c.quote for c in answer.citations if "采茶节" in c.quote]  # wherever the scorer ranks it
    assert not answer.refused and festival and all(q.startswith("为此") for q in festival), answer.answer
