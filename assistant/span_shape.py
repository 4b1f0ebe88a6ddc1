"""Shaping the span the ranker chose into a short answer people can read: never a bracket or quotation mark
without its partner, a figure with its measure word, a place with the places written next to it, the noun a
"哪所 / 哪个" question asks for, both counts of a question asking two."""

from __future__ import annotations

import re

from assistant.lexicon import NUMBER_SPAN, PLACE_TAGS, QUESTION_WORD, ROLE_TAGS, asked_type, figures, has_type
from index.tokenizer import Tokenizer

_MANY = re.compile(r"多少|几")
_BETWEEN_COUNTS = 8  # characters between two counts of one phrase (11个国家的15所): a noun and a particle


def both_counts(question: str, s: str, breaks: list[int], a: int, b: int) -> tuple[int, int]:
    """For a question asking two counts, the span a..b of s widened to the figure written just before or after
    it in the same clause (breaks: running counts of clause breaks)."""
    if len(_MANY.findall(question)) < 2:
        return a, b
    units = [m.span() for m in figures(s)]
    before = [(x, y) for x, y in units if 0 < a - y <= _BETWEEN_COUNTS and breaks[a] == breaks[y]]
    after = [(x, y) for x, y in units if 0 < x - b <= _BETWEEN_COUNTS and breaks[x] == breaks[b]]
    if before:
        return before[-1][0], b
    return (a, after[0][1]) if after else (a, b)


def whole_place(words: list[tuple[int, int, str, str]], a: int, b: int) -> tuple[int, int]:
    """The span a..b widened over the words tagged a place right next to it (四川 成都)."""
    for start, end, _, tag in reversed(words):
        if tag in PLACE_TAGS and end == a:
            a = start
    for start, end, _, tag in words:
        # a foreign name jieba cuts into name-tagged pieces (珀勒德/nrt 布尔/nr) is one place
        piece = tag in ROLE_TAGS and any(e == b and t in ROLE_TAGS for _, e, _, t in words)
        if start == b and (tag in PLACE_TAGS or piece):
            b = end
    return a, b


# a year said against the report's date: part of the date it opens (今年7月 — "7月" alone drops the year)
_RELATIVE_YEAR = re.compile(r"(?:今年|去年|明年|当年|同年|次年|前年)$")


# the end of a range of dates written right after a date: 6日—7日, 6日至7日, 10月至12月
_RANGE_END = re.compile(r"\s*[—–\-~～至到]\s*(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}[日号月]")


def whole_date(sentence: str, a: int, b: int) -> tuple[int, int]:
    """A date span a..b widened over a relative year written right before it (今年7月) and over the end of a
    range written right after it (2023年11月6日—7日: both days are the answer)."""
    m = _RELATIVE_YEAR.search(sentence, 0, a)
    if m and re.match(r"\d|[一二三四五六七八九十]", sentence[a:b]):
        a = m.start()
    end = _RANGE_END.match(sentence, b) if re.search(r"[日号月]$", sentence[a:b]) else None
    return a, end.end() if end else b


_WHICH = re.compile(r"(?:哪|什么)[一几]?[个所家位座项种类部支条届次间只名些]?")


def asked_head(tokenizer: Tokenizer, question: str) -> str:
    """The noun after 哪所 / 哪个 / 什么 (大学, 城市, 公司): the kind of thing asked for; '' when none follows."""
    m = _WHICH.search(question)
    if not m:
        return ""
    words = list(tokenizer.tagged_words(question[m.end() :]))
    return words[0][0] if words and words[0][1].startswith("n") and len(words[0][0]) >= 2 else ""


# kinds of documents and of works whose names Chinese writes in title marks 《》 (书名号). A document's title
# ends with its kind (《…若干措施》, 《…规划》); a work's title rarely does (《三体》), but a newspaper's or
# periodical's does (《人民日报》: the source of a report, no 小说); either may be named beside the title
# (科幻小说《三体》, 《三体》一书).
_DOCUMENTS = ("文件", "规划", "方案", "意见", "办法", "措施", "标准", "规范", "报告", "条例", "法", "法规", "法律", "规定", "细则", "政策", "通知", "纲要", "计划", "协议", "协定", "宣言", "声明", "白皮书", "指南", "决定", "公约", "倡议", "清单")  # fmt: skip
_WORKS = ("书", "小说", "作品", "著作", "电影", "影片", "电视剧", "歌曲", "歌", "节目", "杂志", "报纸", "期刊", "专辑", "游戏", "漫画", "动画", "诗", "文章", "论文")  # fmt: skip
_PERIODICALS = ("报纸", "杂志", "期刊")
_PERIODICAL = re.compile(r"(?:报|刊|杂志)$")
# 哪份 / 哪本 / 哪首 count documents and works; they are not in _WHICH, whose heads the span ranker was fitted on
_ASKED_TITLED = re.compile(r"(?:哪|什么)[一几]?[个份本篇首部项种类些]?")
_TITLE = re.compile(r"《[^《》]{1,60}》")
_NEAR_TITLE = 6  # characters between a title and the kind named beside it: 《X》的主题报告, 长篇科幻小说《X》


def _titled_kind(tokenizer: Tokenizer, question: str) -> tuple[str, tuple[str, ...]] | None:
    """The kind of document or work the question asks for (文件, 小说, 管理办法) and the kinds of its group."""
    m = _ASKED_TITLED.search(question)
    if not m:
        return None
    head = ""
    for word, tag in tokenizer.tagged_words(question[m.end() :]):  # the nouns written together: 管理 办法
        if not (tag.startswith("n") or tag == "vn"):
            break
        head += word
    for group in (_DOCUMENTS, _WORKS):
        # a longer head ends with a kind of two characters or more (管理办法); 方法 is no 法
        if head in group or any(len(k) >= 2 and head.endswith(k) for k in group):
            return head, group
    return None


def titled(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "发布了什么文件 / 哪部小说 / 制定了哪份措施": the one title in 《》 the sentence writes that the question
    does not and that is of the kind asked for (with its marks); None when there are several or none."""
    asked = _titled_kind(tokenizer, question)
    if asked is None:
        return None
    head, group = asked
    found: list[str] = []
    for m in _TITLE.finditer(sentence):
        name = m.group()
        if name[1:-1] in question or name in found:
            continue
        beside = sentence[max(0, m.start() - _NEAR_TITLE) : m.start()] + sentence[m.end() : m.end() + _NEAR_TITLE]
        if head in beside or (
            any(name[1:-1].endswith(k) for k in group)
            if group is _DOCUMENTS
            else not (_PERIODICAL.search(name[1:-1]) and head not in _PERIODICALS)
        ):
            found.append(name)
    return found[0] if len(found) == 1 else None


_PAIRS = (
    ("(", ")"),
    ("（", "）"),
    ("“", "”"),
    ("‘", "’"),
    ("《", "》"),
    ("「", "」"),
    ("『", "』"),
    ("【", "】"),
    ("[", "]"),
)
TRAILING = "，,。；;：:、 "


def balanced(text: str) -> bool:
    """Every bracket and quotation mark the text opens it closes, and none it closes was opened before it."""
    return all(_unpaired(text, left, right) == (0, 0) for left, right in _PAIRS)


def _unpaired(text: str, left: str, right: str) -> tuple[int, int]:
    """(closing marks without an opening one, opening marks without a closing one)."""
    depth = low = 0
    for ch in text:
        depth += (ch == left) - (ch == right)
        low = min(low, depth)
    return -low, depth - low


def paired(sentence: str, a: int, b: int) -> tuple[int, int] | None:
    """sentence[a:b] widened to the partner of every bracket or quotation mark it leaves unpaired; None when
    the sentence has no partner for one."""
    for _ in range(len(_PAIRS) + 1):  # widening for one pair may take in a mark of another
        if balanced(sentence[a:b]):
            return a, b
        for left, right in _PAIRS:
            closing, opening = _unpaired(sentence[a:b], left, right)
            while closing:
                a = sentence.rfind(left, 0, a)
                if a < 0:
                    return None
                closing -= 1
            while opening:
                end = sentence.find(right, b)
                if end < 0:
                    return None
                b, opening = end + 1, opening - 1
    return (a, b) if balanced(sentence[a:b]) else None


def overlaps(at: int, text: str, spans: list[tuple[int, int]], quantities: re.Pattern) -> bool:
    """The candidate (text, starting at `at`) holds a quantity word or a part of one of the spans."""
    return bool(quantities.search(text)) or any(a < at + len(text) and at < b for a, b in spans)


def with_unit(span: str, sentence: str) -> str:
    """A bare figure ("15") grows to the figure with its measure word as the sentence writes it ("15场"): the
    number alone does not say what was counted."""
    at = sentence.find(span)
    for m in NUMBER_SPAN.finditer(sentence):
        if m.start() == at and m.end() > at + len(span) and m.group().startswith(span):
            return m.group().strip()
    return span


# a bound or an approximation written right before a figure: part of what the figure says (近200人 is not 200人)
APPROXIMATE_WORDS = "将近|接近|近|大约|约|逾|超过|超|不到|不足"
_APPROXIMATE = re.compile(rf"(?:{APPROXIMATE_WORDS})$")


# words ending with 上 / 数 / 几 that are written right before a figure: the character is theirs, not the figure's
_ENDS_WITH_MAGNITUDE_WORD = {
    "以上",
    "加上",
    "网上",
    "线上",
    "总数",
    "人数",
    "次数",
    "户数",
    "岁数",
    "件数",
    "无数",
    "少数",
    "多数",
}


def with_bound(sentence: str, a: int, b: int) -> tuple[int, int]:
    """A figure's span a..b widened over the bound or approximation written right before it (近200人), and a
    bare magnitude over the word that makes it a figure (上亿公里, 数万人: 亿公里 alone says another distance)."""
    of_word = sentence[max(0, a - 2) : a] in _ENDS_WITH_MAGNITUDE_WORD  # 加上 万余人, 人数 百余人
    if a and re.match(r"[万亿千百](?!分)", sentence[a:b]) and sentence[a - 1] in "上数几" and not of_word:
        a -= 1
    m = _APPROXIMATE.search(sentence, 0, a)
    return (m.start(), b) if m and re.match(r"\d|[一二三四五六七八九十两]", sentence[a:b]) else (a, b)


# "X位于哪里 / 出生于哪里": where is said by what the sentence writes after the verb of being somewhere (general
# Chinese: 位于 / 坐落于 for where a thing is, 出生于 / 生于 for where someone was born), as (question, sentence)
_WHERE = r"(?:哪里|哪儿|什么地方|何处|何地|哪个?(?:片区|城区|地区|区域|城市|地方)|哪(?![一几]?[年月天日个位]))"  # (not 哪一年)
_WHERE_VERBS = (
    (re.compile(rf"(?:位于|坐落(?:于|在)?)[^，,？?]{{0,6}}?{_WHERE}"), re.compile(r"(?:位于|坐落于|坐落在)")),
    (re.compile(rf"(?:出生|生)(?:于|在){_WHERE}|在{_WHERE}出生|出生地"), re.compile(r"(?:出生于|出生在|生于)")),
)
# to the end of the clause, over a name's bracketed part (西部（重庆）科学城)
_TO_CLAUSE_END = re.compile(r"(?:[^，,。；;：:！？!?（()）]|（[^（）()，。]{1,8}）|\([^（）()，。]{1,8}\)){2,40}")
_WHERE_MAX = 24  # characters: longer, what follows the verb is more than a place (the ranker decides then)
_NUMERAL_START = re.compile(r"[\d一二三四五六七八九十〇零]")  # 生于1950年: a time, not a place


def located(question: str, sentence: str) -> str | None:
    """For "X位于哪里 / 坐落在什么地方 / 出生于哪儿": the first place a quoted sentence writes after such a verb, to
    the end of its clause (位于泰国的春武里府之素坤逸路的163公里之地段 → 泰国的春武里府…; 生于瑞士 → 瑞士); in
    "位于Y的X" the X the question names is cut off (位于坦桑尼亚莫罗戈罗省达卡瓦镇的中国援坦农业技术示范中心 →
    坦桑尼亚莫罗戈罗省达卡瓦镇). Never a time (生于1950年)."""
    for asks, verb in _WHERE_VERBS:
        asked = asks.search(question)
        if not asked:
            continue
        subject = question[: asked.start()].rstrip("的是在")
        for m in verb.finditer(sentence):
            run = _TO_CLAUSE_END.match(sentence, m.end())
            where = run.group().strip() if run else ""
            if not where or _NUMERAL_START.match(where):
                continue
            at = where.rfind("的")
            # 位于Y的X: X ends as a word of the question's subject does, a thing of its kind (…示范中心), so it
            # is what is located (not 曼谷的乍都节县 for 乍都节公园, nor 江口镇的芙蓉江畔 for 芙蓉洞: the place is all
            # of it); the subject may end with an adverb (…示范中心具体位于)
            if at > 0 and len(subject) >= 2 and len(where) - at > 2 and where[-2:] in subject:
                where = where[:at]
            return where if 2 <= len(where) <= _WHERE_MAX else None
    return None


_ASKS_WHERE_DONE = re.compile(
    r"在(?:哪里|哪儿|何地|何处|什么地方|哪个?(?:城市|地方|省份?|国家|地区)|哪(?![些几一个年天月日届次位家所种类项部本]))"
    r"(?P<rest>[\u4e00-\u9fff]{1,4})"
)


_HELD = ("举办", "举行", "召开", "开幕")  # verbs of holding an event


def held_at(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "X在哪里举办 / 在哪开的": the place the sentence writes between 在 and that verb (在渝举办 → 渝,
    在南京市浦口区明发珍珠泉大酒店举行 → the hotel); None when what stands there is no place (在首届大会上举办) or holds
    a figure (在2000年于香港开设: a time first)."""
    m = _ASKS_WHERE_DONE.search(question)
    verb, tag = next(iter(tokenizer.tagged_words(m.group("rest"))), ("", "")) if m else ("", "")
    if not tag.startswith("v"):
        return None
    verbs = _HELD if verb in _HELD else (verb,)  # held in a place is said by any of these (在四川成都开幕)
    for at in re.finditer(rf"在([^，,。；;：:！？!?在\d]{{1,20}}?)(?:{'|'.join(map(re.escape, verbs))})", sentence):
        place = at.group(1)
        if has_type("place", f"在{place}", list(tokenizer.tagged_words(f"在{place}"))):
            return place
    return None


# "X是哪国的哲学家 / 哪个国家的运动员": the country is the place written before that noun (德国哲学家, 荷兰女子游泳运动员)
_ASKS_COUNTRY = re.compile(r"哪(?:一|个)?国(?:家)?(?:的)?")
_NOUN_GAP = 8  # characters between the country and the noun: its qualifiers (女子游泳, 喜剧)
_PLACE_CHARS = 6  # characters of the place word itself looked back over (马达加斯加)


def nationality(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "…是哪国的哲学家": the place word (jieba's ns) nearest before the question's noun in the sentence, within
    its clause and a few words of qualifiers (威廉·狄尔泰…，德国哲学家 → 德国; 马达加斯加共和国政治人物 → 马达加斯加
    共和国). None when the question asks no such thing or the sentence writes no place there."""
    m = _ASKS_COUNTRY.search(question)
    if not m:
        return None
    run = []  # the nouns right after it (著名/a 演员: a qualifier may come first); the last is the noun asked about
    for w, t in tokenizer.tagged_words(question[m.end() :]):
        if not (t.startswith(("n", "a", "b")) or t == "vn"):
            break
        run.append((w, t))
    nouns = [w for w, t in run if t.startswith("n") or t == "vn"]
    if not nouns or len(nouns[-1]) < 2:
        return None
    noun = nouns[-1]
    for found in re.finditer(re.escape(noun), sentence):
        before = re.split(
            r"[，,。；;：:！？!?（）()]", sentence[max(0, found.start() - _NOUN_GAP - _PLACE_CHARS) : found.start()]
        )[-1]
        words = list(tokenizer.tagged_words(before + noun))
        if not words or words[-1][0] != noun:
            continue  # the noun inside a longer word (重庆大学): no qualifier of it
        words = words[:-1]
        places = [i for i, (_, t) in enumerate(words) if t in PLACE_TAGS]
        if places and len("".join(w for w, _ in words[places[-1] + 1 :])) <= _NOUN_GAP:
            i = places[-1]
            while i > 0 and words[i - 1][1] in PLACE_TAGS:
                i -= 1
            place = "".join(w for w, _ in words[i : places[-1] + 1])
            nxt = words[places[-1] + 1][0] if places[-1] + 1 < len(words) else ""
            return place + nxt if nxt in ("共和国", "王国", "联邦") else place
    return None


# a question asking for several things (哪些国家, 哪几家单位): answered by the things a sentence lists
ASKS_LIST = re.compile(r"哪些|哪几")
_LIST_SEP = "、"
_AND = {"和", "及", "与", "以及", "同"}
_ITEM_CHARS = 15  # an item longer than this is a clause, not a name in a list
_ANCHOR_CHARS = 8  # how far before or after a list a word of the question ties it to what is asked


def _item_word(tag: str) -> bool:
    return tag.startswith("n") or tag in ("j", "eng", "vn", "l")


def _asked_words(tokenizer: Tokenizer, question: str) -> set[str]:
    """The words of the question that say what is listed: those after 哪些 / 哪几 and the nearest before it
    (分布在哪些地区 → 分布, 地区; 天敌有哪些 → 天敌), but not the subject the question opens with (欧洲越橘有哪些功效
    → 功效: a list of the subject's names is no list of its uses)."""
    words = [w for w, _ in tokenizer.tagged_words(question)]
    at = next((i for i, w in enumerate(words) if ASKS_LIST.match(w)), len(words))
    content = [i for i, w in enumerate(words) if len(w) >= 2 and not QUESTION_WORD.match(w)]
    before = [i for i in content if 0 < i < at][-1:]
    return {words[i] for i in content if i > at or i in before}


def enumeration(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "哪些 / 哪几" (not 哪几天, a date): the longest list of three or more names the sentence writes with "、"
    (the last may follow 和 / 及), with its 等, that a word of the question stands right before or after
    (由科技部、中国科学院、…、重庆市政府和四川省政府共同主办 for 哪几家单位主办 → 科技部、…和四川省政府; 与卡塔尔、沙特、
    新加坡、巴西等国家 for 哪些国家 → 卡塔尔、沙特、新加坡、巴西等). The first item runs back and the last runs on
    over the words of names only (由 and 共同 end them), the last up to 等 when one closes the list. None when
    the question asks no list or no such list is written."""
    if not ASKS_LIST.search(question) or asked_type(question) in ("number", "date") or _LIST_SEP not in sentence:
        return None
    asked = _asked_words(tokenizer, question)
    best: str | None = None
    for run in re.finditer(r"[^，,。；;：:！？!?（）()“”]+", sentence):
        pieces = run.group().split(_LIST_SEP)
        if len(pieces) < 2:
            continue
        words_first = list(tokenizer.tagged_words(pieces[0]))
        k = len(words_first)
        while k > 0 and _item_word(words_first[k - 1][1]):
            k -= 1
        first = "".join(w for w, _ in words_first[k:])
        last_words = list(tokenizer.tagged_words(pieces[-1]))
        k, taken = 0, 0
        while k < len(last_words):
            w, t = last_words[k]
            if _item_word(t):
                taken = k + 1
            elif not (w in _AND and k + 1 < len(last_words) and _item_word(last_words[k + 1][1])):
                break
            k += 1
        etc = next((i for i, (w, _) in enumerate(last_words) if w == "等"), None)  # the word, not 高等's
        if etc is not None and 0 < len("".join(w for w, _ in last_words[:etc])) <= _ITEM_CHARS:
            taken = etc  # a list closed by 等: all before it, whatever its words' tags (学绒藏布及堆龙曲等)
        last = "".join(w for w, _ in last_words[:taken])
        inner = {len(p) for p in pieces[1:-1]}
        if len(inner) == 1 and len(last) < (n := min(inner)) and pieces[-1][n : n + 1] in ("的", ""):
            last = pieces[-1][:n]  # items of one length (和平合作、开放包容、互学互鉴、互利共赢的…): the last as long
        items = [first, *pieces[1:-1], last]
        # two items and a third after 和 / 及 count; 与 often joins the words of one name (先进制造与材料)
        joined = any(w in _AND and w != "与" for w, _ in last_words[:taken])
        if len(items) + joined < 3 or not all(0 < len(i) <= _ITEM_CHARS for i in items):
            continue
        start = run.start() + len(pieces[0]) - len(first)
        end = run.end() - len(pieces[-1]) + len(last)
        around = sentence[max(0, start - _ANCHOR_CHARS) : start] + " " + sentence[end : end + _ANCHOR_CHARS]
        if not any(w in around for w in asked):
            continue  # a list of something else (the places a plant grows, when its uses are asked)
        text = _LIST_SEP.join(items) + ("等" if sentence[end : end + 1] == "等" else "")
        if best is None or text.count(_LIST_SEP) > best.count(_LIST_SEP):
            best = text
    return best
