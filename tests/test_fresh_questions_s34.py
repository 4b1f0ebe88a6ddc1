"""Questions from the stop-34 fresh-eyes check (fresh-s34t-*, tuning cases): each test fails on the code before
its fix."""

from __future__ import annotations

from assistant.evidence import question_terms
from assistant.lexicon import written_form
from assistant.span_shape import asked_head, titled
from index.tokenizer import default_tokenizer


def test_which_document_is_answered_with_the_title_the_report_writes():
    # "…发布了什么文件？" had the whole clause around the title as its short answer (fresh-s34t-006)
    tokenizer = default_tokenizer()
    for question, sentence, expected in (
        (
            "中国工程院和东盟工程与科技院发布了什么文件？",
            "会上,《中国工程院-东盟工程与科技院中医药合作联合立场文件》发布,双方将共同实施合作计划;",
            "《中国工程院-东盟工程与科技院中医药合作联合立场文件》",
        ),
        (
            "重庆制定实施了哪份措施？",
            "制定实施《重庆市完善科技激励机制的若干措施》，加大激励力度。",
            "《重庆市完善科技激励机制的若干措施》",
        ),
        (
            "继《甲规划》之后又发布了什么规划？",
            "《甲规划》之后，《乙规划》发布。",
            "《乙规划》",
        ),  # not the question's own
        ("发布了什么文件？", "《甲方案》和《乙方案》同时发布。", None),  # two titles: which one is unclear
        ("发布了什么文件？", "会上发布了联合立场文件。", None),  # no title
        ("他承担什么任务？", "他承担《甲计划》的技术任务。", None),  # 任务 is no kind of document
    ):
        assert titled(tokenizer, question, sentence) == expected


def test_a_demonstrative_is_no_term_a_report_must_say():
    # "…人在重庆还靠啥子跟那边保持联系哦？": 那边 was a term no quote says, and the refusal listed it
    question = written_form("王莺交给对方以后，人在重庆还靠啥子跟那边保持联系哦？")
    assert "什么子" not in question
    texts = {t.text for t in question_terms(default_tokenizer(), question, {}, 100)}
    assert "那边" not in texts and "王莺" in texts


def test_the_document_question_is_answered_end_to_end(assistant):
    answer = assistant.ask(
        "“一带一路”传统医学合作暨中医药现代化国际科技大会上，中国工程院和东盟工程与科技院发布了什么文件？"
    )
    assert not answer.refused and answer.short_answer
    assert answer.short_answer.startswith("《中国工程院-东盟工程与科技院") and "联合立场文件》[" in answer.short_answer


def test_a_title_answers_only_when_it_is_of_the_kind_asked_for():
    # review of stop 34: a newspaper's name answered "哪部小说", 方法 was read as a kind of law (法), a title written
    # twice counted as two, and 本领 lost its 本 to the classifiers of the span ranker's head
    tokenizer = default_tokenizer()
    for question, sentence, expected in (
        ("他写了哪部小说？", "据《人民日报》报道，他的科幻小说《三体》获奖。", "《三体》"),
        ("他写了哪部小说？", "据《人民日报》报道，他获了奖。", None),
        ("票房冠军是哪部电影？", "《长津湖之水门桥》以40亿元票房夺冠。", "《长津湖之水门桥》"),
        ("用了什么方法？", "方法见《一种复合材料的制备法》。", None),
        ("发布了什么文件？", "《甲方案》发布后，各区落实《甲方案》。", "《甲方案》"),
        ("制定了哪份管理办法？", "制定了《重庆市科技项目管理办法》。", "《重庆市科技项目管理办法》"),
        ("他作了什么报告？", "他作了题为《科技创新与未来》的主题报告。", "《科技创新与未来》"),
    ):
        assert titled(tokenizer, question, sentence) == expected
    assert asked_head(tokenizer, "他有什么本领？") == "本领"
