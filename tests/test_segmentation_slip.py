"""A word jieba's HMM makes up for a question by gluing a character of one word to the next (鸡毛松|才 cut
鸡毛 / 松才) is no name the reports lack: the question is answered. A made-up name the reports never write is
still refused, naming it. End to end over a small corpus of its own (real embedder, real FAISS index)."""

from __future__ import annotations

import pytest

from tests.helpers import assistant_over

REPORTS = (
    "纽西兰鸡毛松\n\n本报讯 纽西兰鸡毛松是罗汉松科的常绿乔木，分布于新西兰各地。只有私人土地上的纽西兰鸡毛松，"
    "而且需得到许可为可再生林木后，才可以被砍伐。它的木材曾广泛用于制作盛载牛油的盒子。\n\n"
    "六耳铃\n\n本报讯 六耳铃是菊科植物。中、下部叶倒卵形，下部叶有长达3厘米的柄。上部叶较小，不裂，两面被长毛。\n"
)


@pytest.fixture(scope="module")
def plants(tmp_path_factory, embedder):
    return assistant_over(tmp_path_factory.mktemp("slip"), REPORTS, embedder)


@pytest.mark.parametrize(
    ("question", "slip", "quoted"),
    [
        ("什么样的纽西兰鸡毛松才可以被砍伐？", "松才", "才可以被砍伐"),  # refused: 没有关于“松才”的内容
        ("六耳铃的上部叶有什么特点？", "叶有", "上部叶较小"),  # refused: 没有关于“叶有”的内容
    ],
)
def test_a_word_the_hmm_glued_across_two_words_is_no_missing_name(plants, question, slip, quoted):
    assert (slip, "nr") in plants.index.tokenizer.tagged_words(question)  # the slip this guards against
    answer = plants.ask(question)
    assert not answer.refused and any(quoted in c.quote for c in answer.citations)


def test_a_made_up_name_the_reports_never_write_is_still_refused(plants):
    answer = plants.ask("覃晓骞研究员对纽西兰鸡毛松做了什么研究？")
    assert answer.refused and "覃晓骞" in answer.answer
