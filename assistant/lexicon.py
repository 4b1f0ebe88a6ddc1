"""General word lists and patterns of Chinese questions and answers (none exists for a single question).

- FRAME_WORDS name the kind of answer wanted; answers rarely repeat them ("职务" → "任…副书记"), so they
  weigh little when a sentence is matched against the question.
- KIND_WORDS are frame words only right after 哪/什么 (哪些城市 is answered by city names).
- ASKS: what type of thing a question asks for (question words); KEYWORD_ASKS: the same for a question typed
  as keywords ("开幕时间"); has_type: whether a sentence holds one.
- FIGURE_VERBS: words between what is measured and 多少 that only introduce the figure (达到, 大约).
- MEASURE: measure words and units that follow a number; DURATION: a figure of a time unit (for 多久).
"""

from __future__ import annotations

import re

NUM = r"[\d一二三四五六七八九十百千万亿两〇零]"

FRAME_WORDS = frozenset(
    [
        "特点",
        "特征",
        "职务",
        "职位",
        "身份",
        "时间",
        "日期",
        "年份",
        "名字",
        "名称",
        "称号",
        "别名",
        "活动",
        "观点",
        "看法",
        "奖项",
        "内容",
        "意思",
        "含义",
        "意义",
        "作用",
        "影响",
        "目标",
        "目的",
        "原因",
        "结果",
        "方式",
        "方法",
        "过程",
        "经过",
        "经历",
        "发展",
        "情况",
        "地方",
        "地点",
        "位置",
        "区域",
        "范围",
        "种类",
        "类型",
        "成分",
        "构造",
        "结构",
        "什么样",
        "怎么样",
        "样子",
        "数量",
        "规模",
        "面积",
        "人数",
        "数目",
        "程度",
        "变化",
        "历史",
        "来源",
        "由来",
        "评价",
        "作品",
        "成就",
        "贡献",
        "措施",
        "举措",
        "成效",
        "成果",
        "项目",
        "任务",
        "工作",
        "功能",
        "用途",
        "特色",
        "优势",
        "条件",
        "要求",
        "标准",
        "主要",
        "哪几",
        "几座",
        "几种",
        "哪几个",
    ]
)
KIND_WORDS = frozenset(["城市", "国家", "地区", "企业", "单位", "机构", "学校", "高校"])

QUESTION_WORD = re.compile(r"(什么|多少|哪些|哪个|哪一|哪年|哪里|何时|如何|怎样|怎么|是否|几|谁|吗|呢|哪)")

# a greeting or thanks typed as the whole message: nothing to look up (answered with how to ask, not quotes)
GREETING = re.compile(r"^\W*(?:你好|您好|大家好|哈喽|嗨|早上好|下午好|晚上好|hi|hello|hey)[啊呀呢吗]?\W*$", re.I)
THANKS = re.compile(
    r"^\W*(?:谢谢(?:你|您)?|多谢|感谢|辛苦了|好的|再见|拜拜|thanks?|thank you|bye|ok)[啊呀了]?\W*$", re.I
)

# the marks that end a clause (commas, stops, semicolons, colons; full- and half-width)
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
# ... less the colon, where a label and its figure must stay one clause (营业收入：463亿元)
CLAUSE_BREAK_NO_COLON = re.compile(r"[，,；;。！？!?]")
# measure words and units after a number (general Chinese grammar, not taken from any question)
_UNITS = (
    "%|‰|个百分点|倍|公斤|千克|克|吨|斤|公里|千米|米|厘米|毫米|平方米|平方公里|亩|公顷|元|美元|欧元|英镑|日元|港元|"
    "人次|人|名|位|户|家|所|座|个|项|件|条|张|次|场|届|期|批|台|辆|架|艘|部|本|篇|种|类|款|份|套|头|只|株|棵|"
    "岁|年|月|天|日|小时|分钟|秒|周|季度|票|枚|块|度|摄氏度|瓦|千瓦|兆瓦|千瓦时|升|立方米|层|栋|间|床|例|字|处|门|首|支"
)
# ... and 成, tenths (近五成), only where no word goes on: 三成以上, 五成。 (not 两成都, 一成为)
MEASURE = rf"(?:{_UNITS}|成(?=以上|以下|左右|的|[^\u4e00-\u9fff]|$))"
# the measure words of two characters or more (公里, 人次, 平方米…) right after 多少 / 几: counting.measure_pattern
# reads them (jieba writes 多少|公里: its _counted takes one character)
_LONG_UNITS = sorted((u for u in _UNITS.split("|") if len(u) >= 2), key=len, reverse=True)
LONG_UNIT = re.compile(rf"(?:多少|几)({'|'.join(_LONG_UNITS)})")
# a noun naming a quantity by its suffix (产值, 销售额, 产量, 优质率): a closed word-formation class of Chinese, a
# measure of something rather than a thing to count
MEASURE_SUFFIX = re.compile(r"[率值额量]$")
# currency units after a figure: what answers 多少钱
MONEY = r"(?:美|欧|日|港|澳|韩)?元|英镑|卢布"
# asking a name without 谁 (…的校长叫什么名字？): an office before it is checked as for 谁 (answerable.py); the
# question still asks no type (read as 谁, held-out short answers lost 2)
ASKS_NAME = re.compile(r"叫什么(?:名字)?|是什么名字|姓什么|姓名是什么")
# a choice between figures (是63个还是65个): a number question, any of whose figures a report may give
CHOICE = re.compile(r"(\d+(?:\.\d+)?)[^\d，,。？?]{0,4}还是[^\d，,。？?]{0,4}?(\d+(?:\.\d+)?)")
# "多久 / 多长时间" ask for a length of time, answered by a figure of a time unit (17年, 3个多月), not of anything
# else (一台)
ASKS_DURATION = re.compile(r"多久|多长时间")
# "多少年 / 几年" asks how many years, a length of time too (jieba tags this 年 a numeral); not 多少年前 (when) nor 几年级
# (这几年 / 近几年 / 前几年 are "these few years", a time: see BEFORE_JI_NOT_ASKING)
ASKS_YEARS = re.compile(r"(?:多少|(?<![哪这那近前头])几)年(?![前后级])")
# "多高 / 多重 / 多远 / 多大…" ask for a magnitude: a length of time (十余年) alone is no answer to them
ASKS_MAGNITUDE = re.compile(r"多(?:高|重|远|深|大|宽|厚|快)")
# the measure words that count separate items (37个品种, 5项专利): no magnitude (a size, a weight, a height)
ITEM_COUNT = r"(?:个|项|名|位|人次|人|家|所|件|条|张|次|场|届|期|批|种|类|款|份|套|本|篇|部)"
DURATION = rf"{NUM}\s*[余多]?[万千百十]?[余多]?个?[余多]?(?:年|月|天|日|小时|分钟|秒|周|星期|季度)|半年"
# a figure: digits (not part of a Latin name such as BLOCK71), a range (4-8项), or Chinese numerals, which
# count only with a measure word after them (两江新区 is a name, not a figure); 数十 / 数百 ("some tens") is one
# figure, not 十 after a word 数
NUMBER_SPAN = re.compile(
    rf"(?:(?<![A-Za-z\d.])\d[\d,]*(?:\.\d+)?(?:\s*[-—~至到]\s*\d+(?:\.\d+)?)?\s*(?:多|余)?[十百千万亿]*(?:多|余)?\s*{MEASURE}?"
    rf"|(?:(?<![人次总岁分级指倍系函参变户件个])数(?=[十百千万亿]))?[一二三四五六七八九十两百千万亿]+(?:多|余)?{MEASURE})(?:多|余|以上)?"
)
DATE_SPAN = re.compile(
    r"(?:(?:\d{4}|[一二〇零三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号]|\d{1,2}月(?:份|底|初|中旬)?"
    r"|\d{4}-\d{1,2}(?:-\d{1,2})?|\d{4}年代?)"
)

# 几 after these does not ask: 这几年 / 近几天 / 前几年 are "these few years / days", a time; 哪几 asks which
BEFORE_JI_NOT_ASKING = "这那近前头"
# the title morphemes an office ends with (see OFFICE_TITLE)
_OFFICE = "长|主任|书记|主席|总理|总统|总裁|经理|总监|秘书|理事|董事"
# "哪个 + a place or a kind + 公司 / 企业" (哪个重庆公司, 哪个外国企业) asks which company, as 哪个公司 does; group 1: the noun
WHICH_QUALIFIED_COMPANY = r"哪个[\u4e00-\u9fff]{1,4}?(?<!的)(公司|企业)"
# the type asked for; checked in this order (几月 asks a date, not a number; 这几年 / 近几天 ask nothing)
ASKS: dict[str, re.Pattern] = {
    "date": re.compile(
        r"(何时|什么时候|什么时间|哪一年|哪年|哪天|哪一天|哪几天|哪几日|哪几年|几月|几号|几日|日期|when)", re.I
    ),
    "person": re.compile(r"(谁|哪位|什么人|何人|哪些人|who)", re.I),
    "place": re.compile(
        r"(哪里|在哪|何处|什么地方|哪个(城市|国家|省|地区|地方)|哪座城市|哪些(城市|国家|地区)|where)", re.I
    ),
    "org": re.compile(
        r"(哪个(单位|机构|公司|企业|大学|学校|部门|组织|团队)|哪家|哪些(单位|机构|公司|企业|高校)|什么(单位|机构|公司|组织)"
        rf"|{WHICH_QUALIFIED_COMPANY})"
    ),
    "number": re.compile(
        rf"(多少|(?<![哪{BEFORE_JI_NOT_ASKING}])几|多大|多高|多长|多久|多重|多远|多深|比例|百分之几|how (?:many|much|long|large|big|far|old|high)\b"
        rf"|{CHOICE.pattern})",
        re.I,
    ),
}
# a question typed as keywords, with no question word ("成都大运会开幕时间", "2022年机动车保有量"): its last word says
# what is wanted; only times and quantities are recognised this way (a name is not told by its noun: 冠军 may
# be a person or a team). 数/量/额/率 make quantity nouns (人数, 产量, 金额, 增长率)
KEYWORD_ASKS: dict[str, re.Pattern] = {
    "date": re.compile(r"(时间|日期|时候|时刻|年份)[？?。]?\s*$"),
    "number": re.compile(r"(?<!质)(数|量|额|率|价格|收入|票房)[？?。]?\s*$"),
}
# words between what is measured and 多少 that say how a figure is reached, not what it measures
# ("面积达到多少", "产值突破了多少", "体重大约是多少")
FIGURE_VERBS = frozenset(["达", "达到", "增至", "增加", "增长", "突破", "超过", "提高", "提升", "上升", "下降", "降至", "减少", "累计", "共计", "合计", "总计", "约", "大约", "约为", "占", "新增"])  # fmt: skip
# "哪几…" asks for the items (哪几座城市), not for how many: a list question
ASKS_LIST = re.compile(r"(哪些|哪几|有哪|包括|列举|分别|which)", re.I)
# 为什么 ending a question right after a verb asks "as what", not why (被称为什么？ 更名为什么？ 即算为什么？): a "why"
# stands before what it asks about, or ends a question after 是 / 这 / 那 or a break (这是为什么？ 他没来，为什么？)
_ENDS = r"(?:呢|啊|呀)?[？?。！!\s]*$"
ASKS_WHY = re.compile(rf"(为什么(?!{_ENDS})|(?<![^\W\d_])为什么|(?<=[是这那])为什么|为何|原因|why)", re.I)
AS_WHAT = re.compile(rf"(?<=[^\W\d_])(?<![是这那])为(?=什么{_ENDS})")  # its 为, which belongs to the verb
# a sentence opening with one of these states a consequence of what the sentence before it says: to a "为什么"
# question that sentence is the cause (…维生素C含量是单个橙子的三倍。因此它有时也被称为笨蛋水果。)
RESULT_OPENING = re.compile(r"^(?:也?因此|所以|因而|故而|于是|由此|为此|正因(?:为)?如此|鉴于此|基于此|在此背景下)")
# spoken question words and the written ones every rule here reads (啥时候 → 什么时候, 为啥 → 为什么, 咋 → 怎么);
# 啥子 and 咋个 are the southwestern (Chongqing, Sichuan) forms of 什么 and 怎么. Longer forms first.
_SPOKEN = {"啥子": "什么", "啥": "什么", "咋个": "怎么", "咋": "怎么", "多会儿": "什么时候"}
_SPOKEN_WORD = re.compile("|".join(_SPOKEN))


def written_form(question: str) -> str:
    """The question with its spoken question words in their written form."""
    return _SPOKEN_WORD.sub(lambda m: _SPOKEN[m.group()], question)


HAS_CAUSE = re.compile(r"(因为|由于|因此|所以|为了|以致|导致|原因)")
# a date written the English way ("Apr 17, 2023", as web pages date themselves)
LATIN_DATE = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? )?\b\d{1,2}, (?:19|20)\d{2}\b"
)
# a time said in words: a Chinese-numeral year, an age, an era, a season, a part of a day or a year (answers to 何时
# in encyclopedic and news text are often these rather than calendar dates)
TIME_WORDS = re.compile(
    r"[一二三四五六七八九〇零]{4}年|元年|公元|[\d一二三四五六七八九十]+岁|世纪|年代|时期|时代|年间|[初末早晚中]期|[春夏秋冬][季天]|今年|去年|明年|前年|近日|"
    r"年底|年初|年末|月底|月初|凌晨|早上|上午|中午|下午|晚上|当天|当日|次日|前夕|期间|以来|之前|之后|以后|以前|(?<!什么)时候"
)
# a share or quantity said without a figure (一半以上, 大多数), or also an ordinal (第三区 answers 第几区)
SHARE_WORDS = re.compile(r"一半|半数|多数|少数|大部分|全部")
QUANTITY_WORDS = re.compile(rf"{SHARE_WORDS.pattern}|第{NUM}+")
ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{2,}(公司|集团|大学|学院|研究院|研究所|中心|协会|委员会|银行|医院|政府|部|局|厅|委|办|院|校|社|会|队|馆)"
)
PLACE_SUFFIX = re.compile(r"[\u4e00-\u9fff]{1,8}(省|市|县|区|镇|乡|村|州|国|岛|湾|港|山|河|湖)")
# constraints a question sets besides its subject: a year, or an ordinal with its measure word (第七届, 第二批, 第一棒)
CONSTRAINT = re.compile(rf"(\d{{4}}年?|第{NUM}+[\u4e00-\u9fff])")
ROLE_TAGS = {"nr", "nrfg", "nrt"}
PROPER_TAGS = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "eng", "j"}  # jieba's tags of names and proper nouns
# an office held in an organisation ends with one of these title morphemes (局长, 理事长, 党支部书记, 秘书长,
# 总经理, 主任): one person holds it, so a report naming someone of another office does not answer; a
# relation (弟弟, 创造者) is not one, it is often said another way (姐姐, 所创造)
OFFICE_TITLE = re.compile(rf"({_OFFICE})$")
# what a person's title ends with: an office, a profession or an honour (市科技局副局长, 重庆大学教授, 水稻专家)
PERSON_TITLE = re.compile(
    rf"(?:{_OFFICE}|教授|专家|研究员|院士|学者|工程师|科学家|医生|教师|老师|记者|负责人|创始人|得主|代表|委员|CEO)$"
)
PLACE_TAGS = {"ns"}
# the one-character names of China's provincial-level regions (渝 for 重庆): a place where jieba makes it a word of
# its own (j, an abbreviation, or ns) after a word of being or going somewhere (在渝举办, 来渝交流, 赴川)
PROVINCES = frozenset("京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀黔贵云滇陕秦甘陇青宁新藏桂蒙港澳台")
_AT_PLACE = frozenset("在来赴到抵驻离返回于")
# "哪个城市 / 哪个国家": the kind of place asked for, which the answer names without saying it (在四川成都开幕 answers
# 在哪个城市开幕, or writes right after it: 城市珀勒德布尔); looked for in the reports, it only pulls up passages
# about other cities
ASKED_PLACE_KIND = re.compile(r"(?<=哪)[一]?[个座]?(城市|国家|地区|省份|地方)")  # group 1: the kind
ORG_TAGS = {"nt"}


def asked_type(question: str) -> str:
    """'date' | 'person' | 'place' | 'org' | 'number' | '' (anything else)."""
    for kind, pattern in ASKS.items():
        if pattern.search(question):
            return kind
    if not QUESTION_WORD.search(question):
        for kind, pattern in KEYWORD_ASKS.items():
            if pattern.search(question):
                return kind
    return ""


def asked_parts(question: str) -> list[str]:
    """The questions a turn asks, when it asks several (…建设运行了多长时间？培育的新品种推广了多少亩？, …注册了多少科技
    志愿者，服务总时长是多少？): its clauses up to each one that asks, a clause that asks nothing joining the
    next (在2005年，…是多少？ is one question). One part when it asks one thing."""
    parts, pending = [], ""
    for clause in re.findall(r"[^？?，,；;]+[？?，,；;]*", question):
        pending += clause
        text = re.sub(rf"[{BEFORE_JI_NOT_ASKING}]几", "", written_form(clause))  # 近几年, 那几个 ask nothing
        if QUESTION_WORD.search(text) or asked_type(text):
            parts.append(pending.strip(" ，,；;"))
            pending = ""
    if pending.strip(" ？?，,；;") and parts:
        parts[-1] += pending.rstrip()
    return parts if len(parts) > 1 else [question]


def has_type(kind: str, sentence: str, tags: list[tuple[str, str]], question: str = "", as_fitted: bool = True) -> bool:
    """Whether the sentence holds something of the kind asked for. A figure or year the question itself
    names does not count (asked about 2022, a sentence saying only "2022年" gives no answer), nor, for a
    number, a figure that is part of a date. as_fitted: figures as the scorer's type_match feature was fitted
    on them, 一 + a measure word counted and tenths (五成) not (re-fits without the one lost a held-out refusal, with
    the other CMRC containment 0.826 → 0.820); False for whether a sentence can answer: tenths, and no 一个."""
    if kind == "number":
        return _has_figure(sentence, question, as_fitted) or bool(quantity_words(question).search(sentence))
    if kind == "date":
        own = set(re.findall(r"\d+", question))
        dates = [m.group() for m in DATE_SPAN.finditer(sentence)] + LATIN_DATE.findall(sentence)
        return any(not set(re.findall(r"\d+", d)) <= own for d in dates) or bool(TIME_WORDS.search(sentence))
    if kind == "person":
        return any(f in ROLE_TAGS for _, f in tags)
    if kind == "place":
        province = any(
            w in PROVINCES and f in ("j", "ns") and at in _AT_PLACE for (at, _), (w, f) in zip(tags, tags[1:])
        )
        return province or any(f in PLACE_TAGS for _, f in tags) or bool(PLACE_SUFFIX.search(sentence))
    if kind == "org":
        return any(f in ORG_TAGS for _, f in tags) or bool(ORG_SUFFIX.search(sentence))
    return False


def magnitude_said(sentence: str, question: str = "") -> bool:
    """The sentence holds a figure that is not a length of time (460公斤, not 十余年) nor a count of items (37个
    品种 is not how big a park is; 规模 may be counted: 200家企业); always True when the question asks for no
    magnitude (多高, 多重…)."""
    if question and not ASKS_MAGNITUDE.search(question):
        return True
    counts = "" if "规模" in question else rf"|{NUM}\s*[余多]?[万千百十]?[余多]?{ITEM_COUNT}(?:多|余|以上)?"
    return any(not re.search(rf"(?:{DURATION}{counts})$", m.group().strip()) for m in figures(sentence))


def quantity_words(question: str) -> re.Pattern:
    """The quantities said without a figure that answer the question: an ordinal (第四季度) answers 第几 only."""
    return QUANTITY_WORDS if "第几" in question else SHARE_WORDS


# a number question about what was done (签约了多少个, 已…多少, 累计…多少) is not answered by a plan or target
# (川渝将用3年时间,…促成国际合作项目100项以上); the markers are the unambiguous ones (将 alone is also 把)
ASKS_DONE = re.compile(r"[\u4e00-\u9fff]了(?:多少|几)|(?:已经?|累计)[\u4e00-\u9fff]{0,8}(?:多少|几)")
# a question about the future (要建多大, 将投入多少): a target may answer it (not 主要 / 需要 / 重要 / 要求)
ASKS_FUTURE = re.compile(r"(?<![主需重只])要(?![求素点])|将|打算|准备")
PLANNED = re.compile(r"计划|力争|预计|争取|有望|目标|将(?:用|在|于|力争|实现|达到)|到20\d\d年")
# (not 累计 / 共计: "in all" is said of targets too: 力争到2030年…累计实施千项合作项目)
DONE = re.compile(r"已|先后|[\u4e00-\u9fff]了")


def planned_only(sentence: str, question: str) -> bool:
    """The question asks what was done and every figure of the sentence is said as a plan: after a plan marker
    with nothing said as done between them."""
    if not ASKS_DONE.search(question) or PLANNED.search(question):
        return False
    return said_as_plan(sentence)


def said_as_plan(sentence: str) -> bool:
    """Every figure of the sentence is said as a plan: after a plan marker with nothing said as done between."""
    found = figures(sentence)
    return bool(found) and all(
        (plan := [m for m in PLANNED.finditer(sentence, 0, f.start())])
        and not DONE.search(sentence, plan[-1].end(), f.start())
        for f in found
    )


def figures(text: str) -> list[re.Match]:
    """The figures of a text (NUMBER_SPAN) that are not part of a date (2020年8月18日) or an ordinal (第四季度):
    those are no count."""
    dates = [m.span() for pattern in (DATE_SPAN, LATIN_DATE) for m in pattern.finditer(text)]
    return [
        m
        for m in NUMBER_SPAN.finditer(text)
        if not any(a <= m.start() and m.end() <= b for a, b in dates) and text[m.start() - 1 : m.start()] != "第"
    ]


# 一 with a measure word is as often the indefinite article ("打造一个平台", "一名严重受伤的…") as a count: it
# does not make a sentence able to answer "多少" (has_type(..., as_fitted=False)); 一年 / 一倍 (a length of time,
# a ratio) do. Nor does a bare year, part of a name (2023中国国际智能产业博览会). The scorer's type_match feature
# counts both, as it was fitted.
_NOT_A_COUNT = re.compile(rf"一(?!年|月|天|日|小时|分钟|秒|周|季度|岁|倍){MEASURE}|(?:19|20)\d{{2}}")


def _has_figure(sentence: str, question: str, as_fitted: bool = True) -> bool:
    # the question's own figures; not those of a name joined by + (“1+4+12”发展格局: its 4 may be the answer)
    own = set(re.findall(r"(?<![+\d])\d+(?![+\d])", question))
    for m in figures(sentence):
        if as_fitted and re.search(r"成(?:多|余|以上)?$", m.group().strip()):
            continue
        if not as_fitted and _NOT_A_COUNT.fullmatch(m.group().strip()):
            continue
        digits = set(re.findall(r"\d+", m.group()))
        if not digits or not digits <= own:  # a figure in words, or one the question does not name
            return True
    return False
