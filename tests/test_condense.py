"""Follow-up resolution rules (assistant/condense.py), with the tokenizer of the session's real index: its
learned vocabulary (names such as 王莺, 七腾) changes how jieba cuts and tags questions, as it does when serving."""

from __future__ import annotations

import pytest

from assistant.condense import condense, resolve, topic_of
from assistant.rewrites import faithful_rewrite


@pytest.fixture
def tokenizer(loaded_index):
    return loaded_index.tokenizer


@pytest.mark.parametrize(
    "history,question,expected",
    [
        (
            ["中国—匈牙利技术转移中心(重庆)是做什么的？"],
            "它促成了多少个项目？",
            "中国—匈牙利技术转移中心(重庆)促成了多少个项目？",
        ),
        (["王莺是哪个单位的专家？"], "他在尼泊尔负责什么项目？", "王莺在尼泊尔负责什么项目？"),
        # a one-character locative opening a name is part of it (中/f 匈: China's abbreviation), not dropped
        (
            ["中匈技术转移中心累计举办了多少场中匈项目对接会？"],
            "该中心促成了多少个项目合作签约？",
            "中匈技术转移中心促成了多少个项目合作签约？",
        ),
        # the word before 了 is a predicate, not the end of the subject's name (研发 is tagged j, an abbreviation)
        (["宁德时代研发了什么产品？"], "它的能量密度是多少？", "宁德时代的能量密度是多少？"),
        (["“双千”计划是什么时候启动的？"], "该计划的目标是什么？", "“双千”计划的目标是什么？"),
        (
            ["七腾机器人有限公司的防爆四足机器人有什么特点？"],
            "这家公司获得了多少项专利？",
            "七腾机器人有限公司获得了多少项专利？",
        ),
        (
            ["丰都县就业人才中心打造了什么党建品牌？"],
            "发放了多少创业担保贷款？",
            "丰都县就业人才中心发放了多少创业担保贷款？",
        ),
        (["“双千”计划是什么时候启动的？"], "要在哪一年之前完成？", "“双千”计划要在哪一年之前完成？"),
        # 城市 (tagged a place by jieba) is what 哪个 asks for, not a subject of the question's own
        (
            ["第二届“一带一路”科技交流大会是什么时候举办的？"],
            "在哪个城市？",
            "第二届“一带一路”科技交流大会在哪个城市？",
        ),
        # a thing named only by what it is keeps whose it was (the kind alone is no subject to search for)
        (
            ["西南大学与意大利哪所大学共建了植物资源创新利用合作中心？"],
            "该中心将分几个阶段建设？",
            "西南大学的植物资源创新利用合作中心将分几个阶段建设？",
        ),
        (
            ["重庆工商大学和泰国哪所大学是老朋友？", "他们2017年一起承担了什么国家重点研发计划项目？"],
            "那个项目是哪一年结题的？",
            "重庆工商大学的国家重点研发计划项目是哪一年结题的？",
        ),
        (["重庆与多少个国家建立了科技合作关系？"], "2025年呢？", "2025年，重庆与多少个国家建立了科技合作关系？"),
        (["坦桑尼亚水稻亩产是多少？"], "那奉节县的呢？", "奉节县水稻亩产是多少？"),  # 的 before 呢 is not part of X
        # "…是多少" asks of the phrase's last word: X takes its place (it had been glued after 多少: "…是多少单产")
        (["坦桑尼亚水稻亩产是多少？"], "那单产呢？", "坦桑尼亚水稻单产是多少？"),
        # X with a time of its own is a subject of its own, asked as the frame asks (a fresh-eyes conversation)
        (
            ["2022年重庆研发投入强度是多少？"],
            "那今年1—8月全市规模以上工业研发费用呢？",
            "今年1—8月全市规模以上工业研发费用是多少？",
        ),
        # another activity of a count (a verbal noun: 培训/vn) takes the place of the counted verbs, the count
        # stays; it had not been read as a follow-up at all (a fresh-eyes conversation)
        (["丰都县今年1—3季度城镇新增就业多少人？"], "职业技能培训呢？", "丰都县今年1—3季度城镇职业技能培训多少人？"),
        # what a verb of X's own did takes the place of the verbs and of what was counted (it had been glued in
        # front of the frame: "获批的中匈国际合作项目，西南大学双方签署了多少份合作协议？"); 双方 is the pair the
        # first turn joined
        (
            ["西南大学和匈牙利农业与生命科学大学合作多少年了？", "双方签署了多少份合作协议？"],
            "获批的中匈国际合作项目呢？",
            "西南大学和匈牙利农业与生命科学大学获批的中匈国际合作项目有多少？",
        ),
        (
            ["重庆工商大学和泰国兰纳皇家理工大学2017年共同承担了什么项目？"],
            "双方是哪一年开始合作的？",
            "重庆工商大学和泰国兰纳皇家理工大学是哪一年开始合作的？",
        ),
        # after a time, 双方 is still the pair (it had been left, with one of the two put before the time)
        (
            ["重庆工商大学和泰国兰纳皇家理工大学一起承担的那个国家重点研发计划项目是哪年结题的？"],
            "2024年双方又共同创建了什么？",
            "2024年重庆工商大学和泰国兰纳皇家理工大学又共同创建了什么？",
        ),
        # a thing the pair's turn named only by its kind is the pair's, not the first name's (西南大学的中心)
        (
            ["西南大学和意大利特拉莫大学的那个合作中心是在哪个论坛上启动的？"],
            "该中心要启动几项核心技术攻关？",
            "西南大学和意大利特拉莫大学的中心要启动几项核心技术攻关？",
        ),
        # an attribute the count does not hold is asked of the count's subject (it had been glued before it)
        (
            ["西南大学植物保护学院开发的在线农药设计平台给多少个研发项目提供了支持？"],
            "那累计访问量呢？",
            "西南大学植物保护学院开发的在线农药设计平台的累计访问量有多少？",
        ),
        # 其中 picks from what the count counted (it had been left as typed, a question with no subject)
        (
            ["两江协同创新区孵化培育了多少家企业？"],
            "其中科技型企业有多少？",
            "两江协同创新区孵化培育的企业中科技型企业有多少？",
        ),
        # 当天 is the day the last turn asked of (it had been left as typed)
        (
            ["费伦茨·克劳斯工作站是哪天揭牌的？"],
            "当天有多少家欧洲科研机构线上围观？",
            "费伦茨·克劳斯工作站揭牌当天有多少家欧洲科研机构线上围观？",
        ),
        # a locative between nouns is inside the name (中尼南方/f农业科技园区 had been cut to 中尼)
        (
            ["中尼南方农业科技园区是在尼泊尔哪个城市启动的？"],
            "什么时候启动的？",
            "中尼南方农业科技园区什么时候启动的？",
        ),
        (
            ["西部（重庆）科学城建成了多少个省部级以上科研平台？"],
            "其中国家级的有几个？",
            "西部（重庆）科学城建成的省部级以上科研平台中国家级的有几个？",
        ),
        # 双方 with no pair said: of the thing the last turn spoke of, the word kept (it had been left as typed)
        (
            ["中国（西南大学）-意大利（特拉莫大学）植物资源创新利用合作中心是在哪个论坛上启动的？"],
            "双方计划启动几项核心技术攻关？",
            "中国（西南大学）-意大利（特拉莫大学）植物资源创新利用合作中心双方计划启动几项核心技术攻关？",
        ),
        # 他们 with no name said: what the last turns spoke of (it had been asked back)
        (
            ["产学研合作促进会组建的产学研科普专家队伍有多少人？", "今年创作了多少篇科普图文？"],
            "他们拍了多少个科普视频？",
            "产学研科普专家队伍拍了多少个科普视频？",
        ),
        # an edition replaces the frame's edition of the same measure word, not prefixed to it
        (["第二届一带一路科技交流大会在哪里开的？"], "那首届呢？", "首届一带一路科技交流大会在哪里开的？"),
        (
            ["首届“一带一路”科技交流大会是什么时候举办的？"],
            "第二届呢？",
            "第二届“一带一路”科技交流大会是什么时候举办的？",
        ),
    ],
)
def test_follow_ups_become_standalone(history, question, expected, tokenizer):
    assert condense(tokenizer, question, history) == expected


@pytest.mark.parametrize(
    "history,question",
    [
        (["中国—匈牙利技术转移中心(重庆)促成了多少个项目?"], "“双千”计划是什么？"),
        (["重庆大学牵头的“一带一路”大学科技合作联盟有多少所高校？"], "把沙漠变成土的团队搞了多少年，在哪用上了"),
        (["王莺是哪个单位的专家？"], "奉节县智能养蚕的生产效率提高了多少？"),
        (["王莺是哪个单位的水稻专家？"], "奉节蚕桑种植基地年产茧多少？"),  # jieba tags 奉节 as a verb
        (["七腾机器人已获得多少项专利技术成果？"], "巴里·马歇尔希望在中国消灭什么疾病？"),
        (["七腾机器人已获得多少项专利技术成果？"], "川渝将组织国际技术培训多少人次以上？"),
        # a demonstrative after 的 is described by the question itself (a fresh-eyes question: "那个一带" was
        # taken as pointing back, and asked back as the first question)
        (["王莺是哪个单位的专家？"], "重大牵头的那个一带一路大学联盟，一共有多少所高校加入？"),
        # 两者 with no pair said is no one thing of the last turn (two figures were asked: it had been glued to one)
        (["2023年重庆企业研发费用加计扣除额是多少？", "技术合同成交额呢？"], "两者同比分别增长多少？"),
        # 双方 after a name of the question is that name's two parties, not the earlier turn's pair
        (["重庆工商大学和泰国兰纳皇家理工大学2017年共同承担了什么项目？"], "中匈双方团队已签署合作协议多少份？"),
    ],
)
def test_a_question_with_its_own_subject_is_left_exactly_as_typed(history, question, tokenizer):
    resolution = resolve(tokenizer, question, history)
    assert resolution.kind == "own" and resolution.standalone == question and not resolution.rewritten


def test_no_history_no_rewrite_and_a_pronoun_asks_back(tokenizer):
    for question in ("它累计孵化了多少家企业？", "该中心将分几个阶段建设？", "他希望在中国消灭什么疾病？"):
        resolution = resolve(tokenizer, question, [])
        assert resolution.clarify and resolution.standalone == question
    assert "“它”" in resolve(tokenizer, "它累计孵化了多少家企业？", []).clarify  # names what is unclear
    assert "两江协同创新区" in resolve(tokenizer, "那两江协同创新区呢？", []).clarify
    assert resolve(tokenizer, "要在哪一年之前完成？", []).clarify  # nothing to search for
    # 那 opening a name (那须高原: 那/r 须/d…) points back to nothing; 那 as a subject does
    assert not resolve(tokenizer, "那须高原在哪里？", []).clarify
    assert "“那”" in resolve(tokenizer, "那是什么时候建成的？", []).clarify
    assert resolve(tokenizer, "这款列车有多长？", []).clarify  # 这 + a measure word (款/m) does point back
    assert not resolve(tokenizer, "有多少名师生参加了行走的大思政课？", []).clarify  # says enough to be searched


def test_a_pronoun_whose_antecedent_is_in_an_earlier_clause_of_the_same_question_needs_no_history(tokenizer):
    for question in ("当科学城的企业遇到困难时，它们会找谁？", "植物工厂如果建成，它每年能产多少蔬菜？"):
        resolution = resolve(tokenizer, question, [])
        assert resolution.kind == "own" and not resolution.clarify, question
        # not taken from the history either
        assert resolve(tokenizer, question, ["王莺是哪个单位的专家？"]).standalone == question
    assert resolve(tokenizer, "截至2015年，该院有多少教师？", []).clarify  # a time alone names nothing


def test_a_pronoun_with_nothing_compatible_asks_back(tokenizer):
    assert resolve(
        tokenizer, "他希望在中国消灭什么疾病？", ["重庆与多少个国家建立了科技合作关系？"]
    ).clarify  # 他 is no place
    assert resolve(tokenizer, "它累计孵化了多少家企业？", ["你好"]).clarify


def test_a_figure_after_a_name_is_not_part_of_it(tokenizer):
    # 中心计划3年打造…: 3年 is how long, not the end of the name 它 points back to (was "…中心计划3是哪一年…")
    history = ["成渝地区“一带一路”国际技术转移中心计划3年打造多少个国际技术转移节点？", "那国际技术培训呢？"]
    r = resolve(tokenizer, "它是哪一年启动建设的？", history)
    assert r.standalone.startswith("成渝地区“一带一路”国际技术转移中心") and "3" not in r.standalone


def test_a_demonstrative_noun_no_earlier_phrase_holds_stays_in_the_rewrite(tokenizer):
    # nothing said before holds 中心: 该 takes the topic, 中心 stays (it was "丰都县主任是谁？")
    r = resolve(tokenizer, "该中心主任是谁？", ["丰都县开设了多少家社区工坊？", "解决了多少人就近就业？"])
    assert r.standalone == "丰都县中心主任是谁？"
    # one that does: it replaces the whole phrase
    r = resolve(tokenizer, "该中心促成了多少个项目？", ["中国—匈牙利技术转移中心(重庆)是做什么的？"])
    assert r.standalone == "中国—匈牙利技术转移中心(重庆)促成了多少个项目？"


def test_the_most_recent_compatible_entity_not_the_first_topic(tokenizer):
    # 他: the person of the first turn, not the organisation of the second
    history = ["王莺是哪个单位的专家？", "中国援坦桑尼亚农业技术示范中心的运营管理工作何时移交给坦桑尼亚？"]
    assert condense(tokenizer, "他在尼泊尔承担什么任务？", history) == "王莺在尼泊尔承担什么任务？"
    # 那家机器人公司: the company two turns back, not the county of the last turn
    history = ["七腾机器人有限公司已获得多少项专利技术成果？", "奉节县智能养蚕的生产效率提高了多少？"]
    assert condense(tokenizer, "那家机器人公司已与哪些国家的机构建立了合作？", history).startswith("七腾机器人有限公司")
    # 它 after a topic switch: the newer topic
    history = ["七腾机器人有限公司已获得多少项专利技术成果？", "新加坡国立大学重庆研究院何时落户两江新区？"]
    assert condense(tokenizer, "它累计孵化了多少家企业？", history) == "新加坡国立大学重庆研究院累计孵化了多少家企业？"


def test_chains_resolve_through_earlier_turns(tokenizer):
    history = ["中国—匈牙利技术转移中心(重庆)是做什么的？", "它举办了多少场对接会？"]
    assert condense(tokenizer, "它促成了多少个项目？", history).startswith("中国—匈牙利技术转移中心(重庆)")
    history = ["“双千”计划在哪次会议上启动？", "该计划力争到哪一年实现目标？"]
    assert (
        condense(tokenizer, "为保障它的实施，川渝将设立什么资金？", history)
        == "为保障“双千”计划的实施，川渝将设立什么资金？"
    )


def test_ellipsis_re_asks_the_frame_about_x_and_keeps_x_as_focus(tokenizer):
    history = ["新加坡国立大学重庆研究院何时落户两江新区？", "它累计孵化了多少家企业？"]
    r = resolve(tokenizer, "那西部（重庆）科学城呢？", history)
    assert r.standalone == "西部（重庆）科学城累计孵化了多少家企业？" and r.focus == "西部（重庆）科学城"
    assert "新加坡" not in r.standalone and r.antecedent == "新加坡国立大学重庆研究院"
    assert r.scoring == "累计孵化了多少家企业？"
    # X with the same head word as the frame's entity takes its place
    r = resolve(
        tokenizer, "那成渝地区国际技术转移中心呢？", ["中国-匈牙利技术转移中心(重庆)促成了多少个项目合作签约？"]
    )
    assert r.standalone == "成渝地区国际技术转移中心促成了多少个项目合作签约？"
    # an attribute takes the place of what the frame asks of its subject, and is the focus
    r = resolve(tokenizer, "蚕茧优质率呢？", ["奉节县智能养蚕的生产效率提高了多少？"])
    assert r.standalone == "奉节县智能养蚕的蚕茧优质率提高了多少？" and r.focus == "蚕茧优质率"
    r = resolve(tokenizer, "那副理事长呢？", ["重庆市产学研合作促进会的党支部书记是谁？"])
    assert r.standalone == "重庆市产学研合作促进会的副理事长是谁？"  # was "副理事长，…的党支部书记是谁？"
    # a count ending the frame: X takes the place of what it counts, measure word and all (X's own is unknown)
    r = resolve(tokenizer, "那国际技术培训呢？", ["成渝地区国际技术转移中心计划3年打造多少个国际技术转移节点？"])
    assert r.standalone == "成渝地区国际技术转移中心计划3年打造多少国际技术培训？" and r.focus == "国际技术培训"
    # a frame ending with its 多少: X is what it counts (was "智能养蚕生产线，奉节县…力争建成多少？")
    r = resolve(tokenizer, "那智能养蚕生产线呢？", ["奉节县蚕桑种植基地到2025年力争建成多少？"])
    assert r.standalone == "奉节县蚕桑种植基地到2025年力争建成多少智能养蚕生产线？"
    # a count followed by more than nouns is no such frame: X is asked of the count's subject (it had been put
    # before the whole question: "国际技术培训，重庆与多少个国家建立了科技合作关系？")
    r = resolve(tokenizer, "那国际技术培训呢？", ["重庆与多少个国家建立了科技合作关系？"])
    assert r.standalone == "重庆的国际技术培训有多少？" and r.focus == "国际技术培训"


def test_he_after_who_holds_an_office_is_that_office_holder(tokenizer):
    # a fresh-eyes follow-up: 他 became the 促进会 (no person was named); it is whoever the question asked for
    r = resolve(tokenizer, "他获得过什么荣誉？", ["重庆市产学研合作促进会的党支部书记是谁？"])
    assert r.standalone == "重庆市产学研合作促进会的党支部书记获得过什么荣誉？"
    r = resolve(tokenizer, "他获得过什么荣誉？", ["王莺是哪个单位的专家？"])  # a person named: that person
    assert r.standalone == "王莺获得过什么荣誉？"


def test_a_time_replaces_the_frames_time_said_in_words_too(tokenizer):
    # fresh-eyes follow-ups: "后续每年" was put before the frame, which kept its 2024年 (answered 300万元, not the
    # 500万元 a year after it); a year replaces 现在 as it replaces a year
    r = resolve(tokenizer, "后续每年呢？", ["该联盟2024年投了多少创新基金？"])
    assert r.standalone == "该联盟后续每年投了多少创新基金？"
    r = resolve(tokenizer, "那2025年呢？", ["奉节县的蚕桑基地现在有多大规模？"])
    assert r.standalone == "奉节县的蚕桑基地2025年有多大规模？"
    # a time with a preposition before it, or frame words after it, is a time all the same (it was put
    # before the frame, 现在 kept, and the answer refused: no passage says 目标 with the base)
    for question in ("那到2025年的目标呢？", "那到2025年的情况呢？"):
        r = resolve(tokenizer, question, ["奉节县的蚕桑基地现在有多大规模？"])
        assert r.standalone == "奉节县的蚕桑基地到2025年有多大规模？" and r.focus is None and r.when == "2025年"
    assert resolve(tokenizer, "那到重庆的呢？", ["奉节县的蚕桑基地现在有多大规模？"]).focus  # a place, no time


def test_na_x_after_a_turn_of_two_questions_re_asks_the_one_x_stands_in_for(tokenizer):
    # a fresh-eyes conversation: X was put before both questions ("国际技术培训，…计划用几年时间建成？要打造…"),
    # and the answer repeated the first one's (3年)
    earlier = [
        "成渝地区“一带一路”国际技术转移中心是什么时候启动建设的？",
        "它计划用几年时间建成？要打造多少个国际技术转移节点？",
    ]
    r = resolve(tokenizer, "那国际技术培训呢？", earlier)
    assert r.standalone.endswith("要打造多少国际技术培训？") and "几年" not in r.standalone
    assert r.standalone.startswith("成渝地区“一带一路”国际技术转移中心")  # the first question's subject
    # X sharing nothing with either question replaces their entity in both
    r = resolve(tokenizer, "那重庆呢？", ["成都有多少家AI企业？它们的营收是多少？"])
    assert r.standalone == "重庆有多少家AI企业？它们的营收是多少？"


def test_a_predicate_after_na_replaces_the_verbs_the_frame_ends_with(tokenizer):
    frame = ["中国-匈牙利技术转移中心(重庆)促成了多少个项目合作签约？"]
    for question in ("那落地实施的呢？", "那落地实施呢？"):  # was read as the pronoun 那 + 落地: "…(重庆)实施呢"
        r = resolve(tokenizer, question, frame)
        assert r.standalone == "中国-匈牙利技术转移中心(重庆)促成了多少个项目落地实施？" and r.focus == "落地实施"
    # a frame that does not end with a verb: the predicate is asked together with it, as an attribute is
    r = resolve(tokenizer, "那落地实施的呢？", ["中国-匈牙利技术转移中心(重庆)的成效有多少？"])
    assert r.kind == "ellipsis" and r.focus == "落地实施" and "成效" in r.standalone
    # a clause with a subject of its own is no ellipsis
    assert resolve(tokenizer, "它做了什么呢？", frame).kind != "ellipsis"


def test_topic_prefers_the_first_proper_noun_phrase(tokenizer):
    assert topic_of(tokenizer, "奉节县的智能养蚕效率提高了多少？") == "奉节县"
    assert topic_of(tokenizer, "中国-匈牙利技术转移中心是什么？") == "中国-匈牙利技术转移中心"


def test_a_rewrite_must_keep_the_typed_names_and_add_only_names_from_the_history(tokenizer):
    history = ["中国—匈牙利技术转移中心(重庆)是做什么的？"]
    assert faithful_rewrite(
        tokenizer, "中国—匈牙利技术转移中心（重庆）促成了多少个项目？", "它促成了多少个项目？", history
    )
    # drops the typed name 双千
    assert not faithful_rewrite(tokenizer, "中国—匈牙利技术转移中心的计划是什么？", "“双千”计划是什么？", history)
    # brings in a name the conversation never mentioned
    assert not faithful_rewrite(
        tokenizer, "新加坡国立大学重庆研究院促成了多少个项目？", "它促成了多少个项目？", history
    )


def test_a_pronoun_for_what_the_last_answer_named_takes_that_name_when_it_is_given(tokenizer):
    # the history holds questions only: the service passes the name the last turn was answered with
    history = ["重庆高新技术产业研究院在哪个区？"]
    r = resolve(tokenizer, "那里注册成立了多少家研究院？", history, lambda last: "璧山区")
    assert r.standalone == "璧山区注册成立了多少家研究院？"
    r = resolve(
        tokenizer,
        "这所大学的校长是谁？",
        ["金砖国家生物医用材料联合实验室是哪所大学牵头共建的？"],
        lambda last: "西南大学",
    )
    assert r.standalone == "西南大学的校长是谁？"
    # a bare 它 is the question's own subject, not the answer; nor is a place asked by a 他
    r = resolve(
        tokenizer, "它有多少名成员？", ["“一带一路”大学科技合作联盟是哪所大学牵头成立的？"], lambda last: "重庆大学"
    )
    assert "重庆大学" not in r.standalone
    r = resolve(tokenizer, "他在那里做什么？", ["王莺在哪个国家工作？"], lambda last: "坦桑尼亚")
    assert r.standalone.startswith("王莺")
