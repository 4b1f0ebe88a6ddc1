"""Short answers, answerability refusals, the learned scorer, readable quotes, and CMRC's EM/F1."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answerable import can_answer, listed
from assistant.counting import measure_pattern
from assistant.dated import disagree, main_figure
from assistant.evidence import Evidence, gather, norm, question_terms, without_dateline
from assistant.features import FEATURES, asked_attribute, counted_category, deputy_only, features, question_info
from assistant.lexicon import ASKS_LIST, OFFICE_TITLE, asked_type, figures, has_type, written_form
from assistant.prompts import CROSS_LINGUAL_NOTE
from assistant.scorer import MODEL_FILE, Scorer, load_scorer
from assistant.span import short_answer
from assistant.span_model import FEATURES as SPAN_FEATURES
from assistant.span_model import learned_short_answer, load_span_model
from assistant.span_shape import balanced, paired, whole_date, whole_place
from assistant.trees import dump
from evals.fit_scorer import case_questions, instances
from evals.fit_span import case_examples, to_model
from evals.qa_metrics import em, f1, mixed_segmentation, strip_marker
from evals.rgb import contains_all, dated, unanswerable_by_rule
from index.models import Chunk, Hit
from index.text import segments
from index.tokenizer import default_tokenizer
from tests.helpers import check_contract

# --- CMRC's official metrics, against hand-computed values ---


def test_mixed_segmentation_splits_chinese_by_character_and_keeps_latin_words():
    assert mixed_segmentation("Nexon开发 v2") == ["nexon", "开", "发", "v2"]
    assert mixed_segmentation("《跑跑》，", rm_punc=True) == ["跑", "跑"]


def test_exact_match_ignores_punctuation_and_case():
    assert em(["踢爆"], "踢爆。") == 1.0
    assert em(["Nexon"], "nexon") == 1.0
    assert em(["460公斤"], "460") == 0.0
    assert em(["460公斤"], None) == 0.0


def test_f1_is_over_the_longest_common_substring():
    # gold 北/京/大/学, prediction 北/京: lcs 2, precision 1, recall 0.5 -> 2*0.5/1.5
    assert f1(["北京大学"], "北京") == pytest.approx(2 / 3)
    # gold 2017/年, prediction 2017: precision 1, recall 1/2
    assert f1(["2017年"], "2017") == pytest.approx(2 / 3)
    # best over the gold answers; no overlap is 0
    assert f1(["上海", "北京大学"], "北京大学") == 1.0
    assert f1(["上海"], "重庆") == 0.0
    assert f1(["上海"], "") == 0.0


def test_strip_marker():
    assert strip_marker("460公斤[1]") == "460公斤"
    assert strip_marker(None) is None


# --- short answers (real jieba tagging, jieba's own dictionary) ---


def test_short_answer_is_the_number_with_its_unit():
    sentence = "在专家帮助下，当地优势条件区域的水稻亩产提高到460公斤，增产显著。"
    assert short_answer(default_tokenizer(), "优势条件区域的水稻亩产提高到了多少？", "number", sentence) == "460公斤"


def test_the_figure_right_after_what_is_counted_answers_when_none_stands_before_it():
    # "多少国际技术培训" said as "国际技术培训1500人次": the figures before it count other things
    sentence = "川渝将用3年时间,与共建国家打造国际技术转移节点20个以上,促成国际合作项目100项以上,组织国际技术培训1500人次以上。"
    tokenizer = default_tokenizer()
    assert short_answer(tokenizer, "川渝将与共建国家打造多少国际技术培训？", "number", sentence) == "1500人次以上"
    assert short_answer(tokenizer, "川渝将与共建国家打造多少个国际技术转移节点？", "number", sentence) == "20个以上"
    found = learned_short_answer(tokenizer, "中心促成了多少个项目落地实施？", "number",
                                 ["中心累计举办了15场中匈项目对接会，促成32个项目合作签约，13个项目落地实施。"])  # fmt: skip
    assert found is not None and found[1] == "13个"  # was 32个, the figure of 签约
    # a figure in the clause before, across a comma, is not next to what is counted
    sentence = "力争到2025年建成高效蚕桑基地15万亩,智能养蚕生产线300条以上,全县养蚕30万张。"
    assert short_answer(tokenizer, "奉节县到2025年力争建成多少智能养蚕生产线？", "number", sentence) == "300条以上"


def test_short_answer_by_alignment_between_question_words():
    sentence = "每次泡封会减少生命数，生命数耗完即算为踢爆。"
    assert short_answer(default_tokenizer(), "生命数耗完即算为什么？", "", sentence) == "踢爆"


def test_short_answer_is_a_date_for_when_questions():
    sentence = "该实验室于2021年8月获科技部正式批准建设，由重庆邮电大学牵头。"
    assert short_answer(default_tokenizer(), "该实验室何时获科技部正式批准建设？", "date", sentence) == "2021年8月"


def test_the_span_rankers_trees_score_as_scikit_learn_does(tmp_path):
    # the answerer walks the trees itself (numpy only); it must give scikit-learn's raw scores, also read back
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.random((400, len(SPAN_FEATURES)))
    y = (x[:, 0] + x[:, 3] * x[:, 5] > 0.8).astype(int)
    gb = HistGradientBoostingClassifier(max_depth=3, max_iter=20, early_stopping=False, random_state=0).fit(x, y)
    dump(to_model(gb), tmp_path / "span.json")
    model = load_span_model(tmp_path / "span.json")
    assert np.allclose(model.scores(x[:50].tolist()), gb.decision_function(x[:50]), atol=1e-9)


def test_a_learned_short_answer_keeps_the_measure_word_of_its_figure():
    sentence = "该中心与四川等地的机构合作搭建了协作网络，累计举办了15场中匈项目对接会，组织各类洽谈合作150余次。"
    found = learned_short_answer(default_tokenizer(), "该中心累计举办了多少场中匈项目对接会？", "number", [sentence])
    assert found == (0, "15场")  # not the bare "15"


def test_a_short_answer_to_two_counts_holds_both():
    # written for this test: two 多少 ask two counts, said in one phrase (it was the first alone)
    sentence = "目前该联盟成员单位包括8个国家的22所高校。"
    question = "该联盟的成员单位包括多少个国家的多少所高校？"
    assert learned_short_answer(default_tokenizer(), question, "number", [sentence]) == (0, "8个国家的22所")


def test_a_numeral_right_before_the_counted_noun_is_a_count():
    # written for this test: "五阶段" has no measure word, so it was no figure and could not be the short answer
    sentence = "按照规划，该计划分五阶段推进，首批启动12个项目。"
    found = learned_short_answer(default_tokenizer(), "该计划分几个阶段推进？", "number", [sentence])
    assert found == (0, "五阶段")


def test_a_short_answer_never_cuts_a_figure():
    # a fresh-eyes question: the span began inside "11个" ("个国家的15所")
    sentence = "该联盟吸纳南非、马来西亚等11个国家的15所高校为成员单位，聚焦9个领域开展学术研究；"
    question = "重庆大学牵头的一带一路大学科技合作联盟2024年投了多少创新基金？"
    found = learned_short_answer(default_tokenizer(), question, "number", [sentence])
    assert found is None or not found[1].startswith("个")


def test_a_refusal_names_the_questions_words_as_written():
    tokenizer = default_tokenizer()
    q = "第三届一带一路科技交流大会在哪里举办？"
    assert listed(q, question_terms(tokenizer, q, {}, 100)) == "第三届一带一路科技交流大会"  # not 一带、一路
    q = "为什么选在那里？"  # a verb alone says nothing worth naming
    assert listed(q, question_terms(tokenizer, q, {}, 100)) == ""


def test_a_learned_short_answer_to_how_long_is_a_length_of_time():
    quotes = [
        "一台磁悬浮压缩机，从研发设计，到成功打入市场，需要多长时间？",
        "重庆美的通用制冷设备有限公司的答案是5年。",
    ]
    question = "重庆美的通用制冷设备有限公司的磁悬浮压缩机从研发到打入市场用了多久？"
    assert learned_short_answer(default_tokenizer(), question, "number", quotes) == (1, "5年")  # not 一台


def test_a_learned_short_answer_to_a_when_question_is_a_date_when_the_sentence_has_one():
    sentence = "2020年8月18日,2020重庆技术转移转化大会由促进会成功承办。"
    found = learned_short_answer(default_tokenizer(), "2020重庆技术转移转化大会是哪天举办的？", "date", [sentence])
    assert found is not None and "8月18日" in found[1]


def test_no_short_answer_when_the_sentence_has_nothing_of_the_asked_type():
    sentence = "当地水稻亩产大幅提高，增产显著。"
    assert short_answer(default_tokenizer(), "水稻亩产提高到了多少？", "number", sentence) is None


# --- readable quotes ---


def test_bold_labels_and_headings_start_a_new_segment():
    glued = "全方位提出建设措**转化链** 获批建设成渝地区国际技术转移中心。"
    parts = segments(glued)
    assert parts == ["全方位提出建设措", "获批建设成渝地区国际技术转移中心。"]
    assert all(p in glued for p in parts)  # still verbatim spans of the source
    assert segments("建设**重点**项目。") == ["建设**重点**项目。"]  # inline emphasis is not a label


# --- the learned scorer ---


def test_scorer_loads_and_matches_the_features_the_code_computes():
    scorer = load_scorer()
    assert tuple(scorer.features) == FEATURES
    assert 0.0 < scorer.answer_threshold < 1.0
    assert scorer.fitted["instances"]  # it says what it was fitted on


def test_the_scorer_was_fitted_on_the_features_the_code_computes_now(assistant):
    # the tuning cases' features, computed as evals/fit_scorer computes them, have the means recorded when
    # assistant/scorer.json was fitted: a feature changed without re-running the fit fails here
    fitted = load_scorer().fitted  # on the tuning cases of its fit (cases added since were not seen)
    data = instances("cases", assistant, case_questions(set(fitted["case_ids"])))
    means = np.concatenate([d.x for d in data]).mean(axis=0)
    recorded = np.array(fitted["feature_means"]["cases"])
    changed = [f for f, a, b in zip(FEATURES, means, recorded) if not np.isclose(a, b, rtol=1e-3, atol=1e-5)]
    assert not changed, f"features changed since the fit, re-run python -m evals.fit_scorer: {changed}"


def test_the_span_ranker_was_fitted_on_the_features_the_code_computes_now(index_dir):
    # as for the scorer: the tuning cases' candidate features against the means recorded by evals/fit_span.py
    model = load_span_model()
    assert model is not None
    data = case_examples(index_dir, set(model.fitted["case_ids"]))
    means = np.concatenate([e["x"] for e in data]).mean(axis=0)
    recorded = np.array(model.fitted["feature_means"]["cases"])
    changed = [f for f, a, b in zip(SPAN_FEATURES, means, recorded) if not np.isclose(a, b, rtol=1e-3, atol=1e-5)]
    assert not changed, f"span features changed since the fit, re-run python -m evals.fit_span: {changed}"


def test_scorer_is_deterministic_and_reads_back_from_its_json(tmp_path):
    scorer = load_scorer()
    x = [0.5] * len(FEATURES)
    again = Scorer.model_validate_json(MODEL_FILE.read_text(encoding="utf-8"))
    assert scorer.prob(x) == again.prob(x)
    # more of the question said by the sentence itself can only make it likelier to answer
    low, high = list(x), list(x)
    low[FEATURES.index("cov_own")], high[FEATURES.index("cov_own")] = 0.1, 0.9
    assert scorer.prob(high) > scorer.prob(low)


# --- what kind of answer a question asks for, and whether a sentence holds one ---


def test_a_sentence_holds_a_number_only_if_it_is_not_the_questions_own_year():
    q = "2022年考研报名人数是多少？"
    assert not has_type("number", "杨萌对2022年考研仍记忆犹新。", [], q)  # only the year asked about
    assert not has_type("number", "2021年3月5日报名正式开始。", [], q)  # a date is not a count
    assert has_type("number", "2022年考研报名人数达457万。", [], q)
    assert has_type("number", "香港在DVD分区属第三区。", [], "香港属于第几区？")  # an ordinal answers 第几
    # ... and only 第几: 第四季度 is no count of 营收
    assert not has_type("number", "封控将对美团第四季度的营收形成挤压。", [], "美团第一季度营收是多少？")
    # 一 + a measure word is as often "a" as "one": no answer to 多少 (a fresh-eyes near miss was answered with
    # "研究院…要打造一个平台"); one year, one-fold and more than one are
    q = "新加坡国立大学重庆研究院有多少名科研人员？"
    assert not has_type("number", "研究院更是要打造一个平台，吸引一家企业来渝。", [], q, as_fitted=False)
    for sentence in ("研究院建成2个平台。", "历时一年研发。", "用了一个多月。", "产值增长了一倍。"):
        assert has_type("number", sentence, [], q, as_fitted=False)
    assert has_type("number", "研究院更是要打造一个平台。", [], q)  # as the scorer's feature was fitted


def test_a_time_may_be_said_in_words_but_the_questions_own_year_is_not_an_answer():
    q = "2022年下半年征兵报名什么时候截止？"
    assert not has_type("date", "2022年新兵什么时候走？", [], q)
    assert has_type("date", "报名截止时间为8月10日18时。", [], q)
    assert has_type("date", "九岁那年他开始写作。", [], "他何时开始写作？")  # an age
    assert has_type("date", "该剧于二十世纪初期写成。", [], "该剧何时写成？")  # an era


def test_a_question_typed_as_keywords_is_typed_by_its_last_word():
    assert asked_type("成都大运会开幕时间") == "date"
    assert asked_type("2022年我国机动车保有量") == "number"
    assert asked_type("10·29索马里首都汽车炸弹爆炸死亡人数") == "number"
    assert asked_type("2023年奥斯卡最佳女主角") == ""  # a name is not told by its noun
    assert asked_type("该产品的质量") == ""  # 质量 is a quality, not a quantity
    assert asked_type("开幕时间定了吗？") == ""  # a question word: the keyword reading does not apply


def test_the_kind_of_thing_asked_for_is_part_of_the_answer_s_name(loaded_index):
    # 哪所大学: a span that stops right before 大学 takes it in (农业与生命科学 → 农业与生命科学大学)
    sentence = "西南大学和匈牙利农业与生命科学大学合作超过20年。"
    found = learned_short_answer(loaded_index.tokenizer, "西南大学和匈牙利哪所大学合作？", "org", [sentence])
    assert found is not None and found[1].endswith("农业与生命科学大学")


def test_these_few_years_sets_a_time_and_asks_for_nothing():
    # 这几年 / 近几天 are "these few years / days", not 几 asking a number
    assert asked_type("促进会这几年做了什么？") == ""
    assert asked_type("重庆近几年有哪些科技成果？") == ""
    assert asked_type("分几个阶段建设？") == "number"
    # the measure counted is 场, not the 年 of 这几年
    assert "场" in measure_pattern(default_tokenizer(), "促进会这几年一共办了多少场论坛？")


def test_a_short_answer_to_how_many_is_a_count_never_a_date():
    tokenizer = default_tokenizer()
    sentence = "2020年，该县粮食总产量达到12.6万吨。"
    found = learned_short_answer(tokenizer, "该县粮食总产量是多少？", "number", [sentence])
    assert found is not None and "12.6万吨" in found[1] and "2020" not in found[1]
    assert learned_short_answer(tokenizer, "该项目投资了多少？", "number", ["该项目于2020年10月启动。"]) is None


def _evidence(sentence: str, date: str | None = None) -> Evidence:
    chunk = Chunk(id="c", source="a.txt", article_index=0, article_title="", article_date=date,
                  paragraph_start=0, paragraph_end=1, text=sentence)  # fmt: skip
    return gather(default_tokenizer(), [Hit(chunk=chunk, score=1.0)], lambda c: c.text)[0]


def _answers(question: str, e: Evidence) -> bool:
    terms = question_terms(default_tokenizer(), question, {}, 10)
    info = question_info(default_tokenizer(), question, terms, [e])
    e.features = features(default_tokenizer(), e, info)
    return can_answer(default_tokenizer(), e, info)


def test_what_a_number_is_asked_of_is_the_noun_right_before_the_question_word():
    def attribute(question: str) -> str | None:
        terms = question_terms(default_tokenizer(), question, {}, 10)
        found = asked_attribute(question, asked_type(question), terms)
        return found.text if found else None

    assert attribute("该公司2023年的营业收入是多少？") == "收入"
    assert attribute("新品种推广面积达到多少？") == "面积"  # 达到 only introduces the figure
    assert attribute("大兴机场年旅客吞吐量") == "吞吐量"  # typed as keywords
    assert attribute("扁掌龙亚科在地球上生存了多少年？") is None  # a verb: the measure is the verb's
    assert attribute("该县新增就业多少人？") is None
    assert attribute("年产茧多少？") is None  # 茧 is measured, not 年产
    assert attribute("奉节蚕桑基地规模有多大？") is None  # 多大 says what it asks itself


def test_the_category_counted_must_be_said_the_counted_noun_may_be_said_otherwise():
    def category(question: str) -> tuple[list[str], str]:
        terms = question_terms(default_tokenizer(), question, {}, 10)
        found, counted = counted_category(question, asked_type(question), terms)
        return [t.text for t in found], counted

    assert category("重庆有多少家AI企业？") == (["ai"], "AI企业")
    assert category("重庆与共建“一带一路”国家结成了多少个国际友好城市？") == (["国际"], "国际友好城市")
    assert category("大楼里有多少家企业在加紧研发？") == ([], "企业")  # the noun alone: 公司 would do
    assert category("该县新增就业多少人？") == ([], "")
    assert _answers("重庆有多少家企业？", _evidence("园区累计孵化高科技企业24家。"))
    assert not _answers("重庆有多少家AI企业？", _evidence("园区累计孵化高科技企业24家。"))
    assert _answers("重庆有多少家AI企业？", _evidence("重庆已集聚AI企业300余家。"))


def test_a_count_of_another_category_is_refused_naming_what_was_counted(assistant):
    # written for this test (not an eval case): the reports count 高科技创新企业 and 科技型企业, never AI ones
    answer = assistant.ask("重庆有多少家AI企业？")
    assert answer.refused and "“AI企业”" in answer.answer and answer.short_answer is None


def test_the_deputy_does_not_answer_who_holds_the_office(assistant):
    # the six passages first read name only the 促进会's 副理事长 韦玮; its 理事长 蒋斌 is in the 7th: the office
    # said by none, the answerer looks twice as deep before refusing (it answered the deputy, then refused)
    for question, office in [("促进会的理事长是谁？", "理事长"), ("谁担任新加坡国立大学重庆研究院院长？", "院长")]:
        terms = question_terms(default_tokenizer(), question, {}, 1)
        assert asked_attribute(question, "person", terms).text == office
    answer = assistant.ask("重庆市产学研合作促进会的理事长是谁？")
    assert not answer.refused and "蒋斌" in (answer.short_answer or "") and "韦玮" not in answer.short_answer
    assert deputy_only("促进会副理事长、重庆大学教授韦玮介绍", "理事长")
    assert not deputy_only("市产学研合作促进会理事长、重庆大学教授蒋斌介绍", "理事长")


def test_an_office_no_report_names_anyone_to_is_refused(assistant):
    # written for this test (not eval cases): the reports name the 市科技局's 副局长 (田盈) and the 促进会's
    # 副理事长, never a 局长 or a 秘书长; these were answered with the deputy and with a sentence naming no one
    for question, office in [("重庆市科技局局长是谁？", "局长"), ("重庆市科技局的局长是谁？", "局长"),
                             ("重庆市产学研合作促进会的秘书长是谁？", "秘书长"),
                             # jieba tags 主任 b; the reports name the 中心's partners (佩斯州政府), no 主任
                             ("中国—匈牙利技术转移中心（重庆）的主任是谁？", "主任"),
                             # the deputy asked: 主任 李万权 is not the answer (副主任 was read as 主任)
                             ("丰都县就业和人才中心的副主任是谁？", "副主任")]:  # fmt: skip
        answer = assistant.ask(question)
        assert answer.refused and f"“{office}”" in answer.answer and answer.short_answer is None, question
    assert "李万权" in (assistant.ask("丰都县就业和人才中心的主任是谁？").short_answer or "")
    # jieba's dictionary entry 局局长 no longer hides 科技局 and 局长
    assert [w for w, _ in default_tokenizer().tagged_words("市科技局局长")][-2:] == ["科技局", "局长"]
    # a relation is not an office: it is often said another way (魏泰的姐姐 answers who 魏玩's 弟弟 is)
    assert OFFICE_TITLE.search("秘书长") and OFFICE_TITLE.search("党支部书记") and not OFFICE_TITLE.search("弟弟")


def test_a_short_answer_takes_in_the_partner_of_a_mark_it_would_leave_unpaired():
    sentence = "北京冬残奥会吉祥物“雪容融”的面纱揭开。"
    a, b = sentence.index("雪"), sentence.index("纱") + 1
    assert sentence.__getitem__(slice(*paired(sentence, a, b))) == "“雪容融”的面纱"
    assert paired("他说“好", 2, 4) is None  # no partner in the sentence: no span
    assert balanced("《黑格尔青年时代的历史》") and not balanced("张亦筑)6月11日")


def test_a_figure_of_another_measure_does_not_answer():
    q = "2022年国庆节假期全国旅游收入是多少？"
    assert not _answers(q, _evidence("2022年国庆节假期，全国国内旅游出游4.22亿人次，同比减少18.2%。"))
    assert _answers(q, _evidence("2022年国庆节假期，全国实现国内旅游收入2872.1亿元。"))


def test_the_measure_said_without_its_figure_does_not_answer():
    # written for this test: 保有量 is said, but the figures are of 召回 (a near miss answered before)
    q = "2022年全国电动自行车保有量是多少？"
    assert not _answers(q, _evidence("随着电动自行车保有量增加，相关召回数量创新高，全年共召回12.5万辆。"))
    assert _answers(q, _evidence("截至2022年底，全国电动自行车保有量达3.5亿辆。"))
    # the figure may follow in the next clause
    assert _answers(q, _evidence("2022年电动自行车保有量继续增长，总数约3.5亿辆。"))


def test_asked_for_a_figure_no_report_gives_the_refusal_names_it(assistant):
    # the reports give 重庆's 技术合同成交额 and counts of agreements, never a 利润 of the 技术转移中心
    answer = assistant.ask("中国—匈牙利技术转移中心(重庆)的利润是多少？")
    assert answer.refused and "利润" in answer.answer.splitlines()[0]
    answer = assistant.ask("重庆技术合同成交额的利润率是多少？")  # not 同比增长185%
    assert answer.refused and "利润率" in answer.answer.splitlines()[0] and answer.short_answer is None


def test_a_sentence_of_another_year_cannot_answer_whatever_is_asked():
    answers, evidence = _answers, _evidence
    q = "2023年央视春晚总导演是谁？"
    assert not answers(q, evidence("2022年央视春晚总导演是于蕾。"))
    assert answers(q, evidence("2023年央视春晚总导演是于蕾。"))
    assert not answers(q, evidence("去年的央视春晚总导演是于蕾。", "2023-01-05"))  # 去年 of a 2023 report
    assert answers(q, evidence("今年的央视春晚总导演是于蕾。", "2023-01-05"))
    # an ordinal with its measure word is a constraint like an edition: the 19th runner is not the first
    q = "谁是冬奥会火炬传递第一棒火炬手？"
    assert not answers(q, evidence("姚明作为冬奥会火炬传递第19棒火炬手点燃了火炬。"))
    assert answers(q, evidence("冬奥会火炬传递第一棒火炬手是罗致焕。"))
    # a cause may be told with the history of earlier years
    assert answers("2023年春晚为什么改在西安办分会场？", evidence("2022年的分会场效果很好，因此继续办。"))


def test_the_first_edition_may_be_spelt_shou_or_di_yi(assistant):
    # the reports say 首届“一带一路”科技交流大会; asked about the 第一届, they still answer
    answer = assistant.ask("第一届“一带一路”科技交流大会期间，哈工大重庆研究院接待了哪国代表团？")
    assert not answer.refused and "塞尔维亚" in answer.answer
    assert norm("首批、首届、首次") == norm("第一批、第一届、第一次") and norm("首都") == "首都"


def test_a_word_opening_with_a_question_word_is_a_frame_not_content():
    terms = {t.text: t for t in question_terms(default_tokenizer(), "“双千”计划要在哪一年之前完成？", {}, 10)}
    assert terms["哪一年"].frame and not terms["完成"].frame


def test_which_ones_asks_for_a_list_not_a_count():
    assert asked_type("达曼的卫星城有哪几座？") == ""
    assert ASKS_LIST.search("达曼的卫星城有哪几座？")
    assert asked_type("达曼有几座卫星城？") == "number"


# --- answers and refusals on the real index ---


def test_number_question_gets_a_short_answer_with_its_citation(assistant):
    a = assistant.ask("在重庆农业专家帮助下，坦桑尼亚优势条件区域的水稻亩产提高到了多少？")
    assert not a.refused
    assert a.short_answer and a.short_answer.startswith("460公斤")
    n = int(a.short_answer.rsplit("[", 1)[1].rstrip("]"))
    quote = next(c.quote for c in a.citations if c.n == n)
    assert strip_marker(a.short_answer) in quote  # verbatim from the cited sentence
    # two reports both say 460公斤: other figures around it are no disagreement to warn about
    if len({c.source for c in a.citations}) > 1:
        assert not any("不同" in n for n in a.notes)


def test_quotes_never_carry_markdown_labels(assistant):
    a = assistant.ask("重庆与多少个国家和地区建立了科技合作关系？")
    assert not a.refused
    assert all("**" not in c.quote for c in a.citations)


def test_a_place_short_answer_takes_in_the_places_written_next_to_it(assistant):
    words = [(0, 1, "在", "p"), (1, 3, "四川", "ns"), (3, 5, "成都", "ns"), (5, 7, "开幕", "v")]
    assert whole_place(words, 1, 3) == (1, 5) and whole_place(words, 3, 5) == (1, 5)
    a = assistant.ask("第二届“一带一路”科技交流大会在哪里开幕的？")  # the report: 在四川成都开幕
    assert a.short_answer and a.short_answer.startswith("四川成都")


def test_quotes_and_short_answers_leave_out_the_dateline(assistant):
    assert without_dateline("本报讯(新重庆-重庆日报首席记者张亦筑)6月11日,大会开幕。") == "6月11日,大会开幕。"
    assert without_dateline("新华社北京6月1日电（记者 王飞）今天，…") == "今天，…"
    assert without_dateline("本报记者走访了企业。") == "本报记者走访了企业。"  # no dateline
    a = assistant.ask("第二届一带一路科技交流大会是哪天开幕的？")
    assert a.short_answer and a.short_answer.startswith("6月11日")
    assert a.citations and not any("记者" in c.quote for c in a.citations)
    check_contract(a)  # the quotes are still verbatim in their files


@pytest.mark.parametrize(
    "question",
    [
        "上海有多少所高校加入了“一带一路”大学科技合作联盟？",  # another city than the reports speak of
        "第五届重庆四川技术转移转化大会何时举行？",  # an edition the reports do not cover
        # the 2020 and 2022 conferences and "今年5月" (2024) are on record; no sentence speaks of 2021
        "2021年重庆技术转移转化大会是哪天举办的？",
    ],
)
def test_questions_the_reports_do_not_answer_are_refused_without_a_short_answer(assistant, question):
    a = assistant.ask(question)
    assert a.refused
    assert a.short_answer is None
    assert "抱歉" in a.answer.splitlines()[0]  # says so first; any nearby passage comes after, set apart


# --- RGB protocol helpers ---


def test_rgb_split_rule_is_fixed_and_answer_parts_must_all_be_present():
    # sha256 parity, fixed: the same questions are unanswerable on every machine and run
    assert [unanswerable_by_rule(f"rgbzh-q{i:03d}") for i in range(1, 6)] == [False, False, False, True, False]
    assert contains_all("仪式将在2022年1月3日上午举行", [["1月3日"]])
    assert not contains_all("冠军是甲，亚军是乙", [["甲"], ["丙"]])


def test_an_rgb_snippets_leading_page_date_is_its_date_not_its_text():
    assert dated("Oct 30, 2022 ... 10月29日，在索马里首都") == ("2022-10-30", "10月29日，在索马里首都")
    assert dated("Sept 3, 2021 ... 据报道") == ("2021-09-03", "据报道")
    assert dated("时间：2021-12-29 来源：海外网") == (None, "时间：2021-12-29 来源：海外网")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is the director of Fengdu County's employment and talent center?", "李万权"),
        (
            "In how many Chinese and foreign companies have the results of the China-Korea industrial IoT lab been applied?",
            "40余家",
        ),
    ],
)
def test_a_question_in_english_is_answered_by_a_sentence_holding_what_it_asks_for(assistant, question, expected):
    # written for this test from the reports (not eval cases): "who" wants a name, "how many" a figure
    answer = assistant.ask(question)
    assert not answer.refused and expected in answer.answer
    assert answer.short_answer is not None and answer.short_answer.startswith(f"{expected}[")  # the name, the figure
    assert CROSS_LINGUAL_NOTE in answer.notes  # chosen by meaning alone: the user is told to check
    assert CROSS_LINGUAL_NOTE not in assistant.ask("丰都县就业和人才中心主任是谁？").notes


@pytest.mark.parametrize(
    "question",
    [
        "重庆先后与多少个国家和地区建立科技合作关系，各时期数字是多少？",
        "重庆与多少个国家和地区建立科技合作关系，不同年份分别是多少？",
    ],
)
def test_reports_of_different_dates_each_have_their_figure_quoted(assistant, question):
    # written for this test (not eval cases): the 2025-06 report's 65 scores best; the 2024-11 report's 63 is
    # quoted too (it was left out, or quoted without the note, with 65个 bold as the one answer)
    answer = assistant.ask(question)
    assert "63个国家" in answer.answer and "65个国家" in answer.answer
    assert any("不同" in n for n in answer.notes) and answer.short_answer is None


def test_figures_disagree_only_for_the_same_measure_of_the_same_thing():
    words = ["重庆", "共建", "一带一路", "国家", "结成", "国际", "友好城市"]
    sister = main_figure("重庆与共建“一带一路”国家结成国际友好城市29个、友好交流城市84个。", words)
    partners = main_figure("政府间合作协议增至4个，65个合作国家和地区中，既有老朋友匈牙利", words)
    assert sister and sister[:2] == ("个", "29个") and partners and partners[:2] == ("个", "65个")
    assert not disagree(sister, partners, words)  # they share 国家 only: counts of different things
    words = ["重庆", "建立", "科技", "合作", "关系", "国家", "地区"]
    before = main_figure("目前,我市与63个国家建立了科技合作关系,18个国家在重庆建立了研发平台", words)
    after = main_figure("与65个国家和地区建立科技合作关系，签订政府间科技合作协议数量达4个", words)
    assert before and before[1] == "63个" and after and disagree(before, after, words)


def test_no_single_short_answer_when_reports_give_different_figures(assistant):
    answer = assistant.ask("重庆与多少个国家建立了科技合作关系？")  # 63 (2024-11) and 65 (2025-06)
    assert any("不同" in n for n in answer.notes) and answer.short_answer is None
    assert "63个国家" in answer.answer and "65个国家" in answer.answer


def test_spoken_question_words_are_read_as_written_ones(assistant):
    # a fresh-eyes question: 啥时候 was no question word, so the short answer was an unrelated sentence
    answer = assistant.ask("咱们重邮那个中韩工业物联网联合实验室，是啥时候批下来的？")
    assert not answer.refused and answer.short_answer and answer.short_answer.startswith("2021年8月")
    assert "什么时候" in answer.standalone_question
    assert written_form("为啥要建这个中心？咋建的？") == "为什么要建这个中心？怎么建的？"
    assert written_form("网上都挂些啥子信息？咋个联系？") == "网上都挂些什么信息？怎么联系？"  # not 什么子


def test_a_date_short_answer_keeps_the_relative_year_it_opens_with(assistant):
    # a fresh-eyes question: "7月" dropped the year the report gives as 今年 (the answer shows the report's date)
    answer = assistant.ask("中国援坦桑尼亚农业技术示范中心的运营管理是什么时候移交给坦桑尼亚的？")
    assert answer.short_answer and answer.short_answer.startswith("今年7月")
    assert whole_date("去年3月，该园区开园。", 2, 4) == (0, 4) and whole_date("去年开园。", 2, 4) == (2, 4)


def test_a_sentence_giving_the_thing_asked_of_another_place_cannot_answer():
    question = "2022年四川省的研发投入强度是多少？"
    assert not _answers(question, _evidence("2022年，重庆研发投入强度为2.36%。"))
    assert _answers(question, _evidence("2022年，四川研发投入强度为2.26%。"))
    assert _answers(question, _evidence("2022年，全省研发投入强度为2.26%。"))  # no other place named
    # one mention of the thing for another place, another for the place asked (我市 = 重庆 of 重庆日报)
    e = _evidence("中国研发投入强度为2.54%，而我市研发投入强度为2.36%。")
    assert _answers("重庆的研发投入强度是多少？", e)


def test_a_sentence_about_a_neighbouring_organisation_cannot_answer():
    # "北京理工大学与多少个国家建立了科技合作关系？" was answered with what 北京大学重庆大数据研究院 released
    question = "北京理工大学与多少个国家建立了科技合作关系？"
    assert not _answers(question, _evidence("北京大学与60个国家建立了科技合作关系。"))
    assert _answers(question, _evidence("北京理工大学与60个国家建立了科技合作关系。"))
    assert _answers(question, _evidence("该校与60个国家建立了科技合作关系。"))  # no other organisation named
    # an ending that does not tell the kind (市科技局 is also written 市科学技术局) rules nothing out
    assert _answers("重庆市科技局与多少个国家建立了科技合作关系？", _evidence("重庆市科学技术局与60个国家建立了合作。"))
    assert _answers("华为技术有限公司投资了多少？", _evidence("华为公司投资100亿元。"))  # a company's short name


def test_a_sentence_about_another_edition_does_not_answer_for_the_first():
    # "首届重庆四川技术转移转化大会是哪天举行的？" was answered with the date of the 第二届 (a fresh-eyes near miss)
    question = "首届重庆四川技术转移转化大会是哪天举行的？"
    assert not _answers(question, _evidence("2022年6月30日,第二届重庆四川技术转移转化大会如期举行。"))
    assert _answers(question, _evidence("2021年6月,首届重庆四川技术转移转化大会如期举行。"))
    assert _answers(question, _evidence("2021年6月,第一届重庆四川技术转移转化大会如期举行。"))  # the same edition
    assert _answers(question, _evidence("2021年6月,重庆四川技术转移转化大会如期举行。"))  # no edition said
    assert _answers("首期培训班有多少学员？", _evidence("第1期培训班有学员50名，第2期有60名。"))
    assert _answers("大会自首届以来共吸引了多少家企业？", _evidence("第六届大会吸引企业500家。"))  # a span of editions


def test_some_tens_is_one_figure():
    # "数十家" was read as 十家 after a word 数, and given as the short answer
    assert [m.group() for m in figures("引入数十家知名高校、数百名专家，十家企业")] == ["数十家", "数百名", "十家"]
    assert not figures("数据显示")
    assert [m.group() for m in figures("服务人数十万余人")] == ["十万余人"]  # the 数 of 人数


def test_a_figure_of_a_name_joined_by_plus_is_not_the_questions_own():
    # "重庆“1+4+12”发展格局中，起引领作用的国家高新区有几个？" was refused: its answer 4 is written in the name
    s = "重庆形成1个国家自主创新示范区带动、4个国家高新区引领、12个市级高新区支撑的“1+4+12”发展格局。"
    assert has_type("number", s, [], "重庆“1+4+12”发展格局中，起引领作用的国家高新区有几个？")
    assert not has_type("number", "2022年，重庆举办了大会。", [], "2022年重庆举办了几次大会？")  # the question's year
