"""Names of the kind asked for: written right after the word for their kind (中南部城市珀勒德布尔: the answer to
"在哪个城市 / 哪个国家"), or ending as such things are named (哪所大学 → 特拉莫大学: organisation)."""

from __future__ import annotations

import re

from assistant.lexicon import ASKED_PLACE_KIND, PROPER_TAGS, WHICH_QUALIFIED_COMPANY, written_form
from assistant.span import located_words
from index.text import to_simplified
from index.tokenizer import Tokenizer


def name_after_kind(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "那个园区在尼泊尔哪个城市？": the proper name the sentence writes right after that kind's word
    (…中南部城市珀勒德布尔启动 → 珀勒德布尔), jieba's pieces of one name joined; None when the sentence writes
    none, several, or only one the question names."""
    m = ASKED_PLACE_KIND.search(to_simplified(question))  # 哪个城市 / 哪座城市 / 哪一个国家
    if not m:
        return None
    words = located_words(tokenizer, sentence)
    found = set()
    for k, (_, end, word, _) in enumerate(words):
        if word != m.group(1):
            continue
        at, j = end, k + 1
        while j < len(words) and words[j][0] == at and words[j][3] in PROPER_TAGS:
            at, j = words[j][1], j + 1
        name = sentence[end:at]
        if len(name) >= 2 and name not in question:
            found.add(name)
    return found.pop() if len(found) == 1 else None


# "那个系统叫啥 / 这个项目叫什么名字": what is named, written right before 叫
_CALLED = re.compile(r"([\u4e00-\u9fff]{2})(?:叫(?:什么|啥)|的?名字(?:是|叫)什么)")


def quoted_name(question: str, sentence: str) -> str | None:
    """For "…的那个系统叫什么？": the name the sentence writes in quotation marks right before that noun
    (通过“灵犀”系统 → 灵犀); None when it writes none or several."""
    m = _CALLED.search(to_simplified(written_form(question)))
    if not m:
        return None
    found = {q for q in re.findall(rf"“([^“”]{{2,20}})”{re.escape(m.group(1))}", sentence) if q not in question}
    return found.pop() if len(found) == 1 else None


# what the name of the thing asked for ends with: 哪所大学 is answered by …大学 or …学院, 哪家企业 by …公司
NAMED_BY = {
    "大学": "大学|(?<!科)学院",  # (中国科学院 is no university)
    "高校": "大学|(?<!科)学院",
    "学校": "大学|(?<!科)学院|学校|中学|小学",
    "企业": "公司|集团|企业|工厂|厂",
    "公司": "公司|集团",
    "医院": "医院",
    "研究院": "研究院",
    "研究所": "研究所",
    "实验室": "实验室",
    # a body of any kind (哪个单位牵头, 哪家机构主办): a name ending as organisations' do
    **{
        kind: "大学|学院|公司|集团|研究院|研究所|中心|协会|学会|促进会|委员会|银行|医院|实验室|学校|联盟"
        for kind in ("单位", "机构")
    },
    # places named by their kind (两江新区 for 哪个区, 四川省 for 哪个省)
    **{kind: kind for kind in ("省", "市", "县", "区", "州", "镇", "乡", "村")},
}
_ASKED_ORG = re.compile(rf"(?:哪|什么)一?[个所家]?({'|'.join(NAMED_BY)})|{WHICH_QUALIFIED_COMPANY}")
_ORG_END = re.compile(r"(?:公司|集团|大学|学院|研究院|研究所|中心|协会|促进会|委员会|银行|医院|实验室|学校)$")
# tags of words a name does not run over (verbs, prepositions, particles, conjunctions, pronouns, numerals,
# measure words, punctuation, directions, times, adverbs); jieba tags parts of names as anything else (大全/ad)
_NOT_NAME = ("v", "p", "u", "c", "r", "m", "q", "x", "f", "t", "d")
_JOINED_BY = "与和及"  # 农业与生命科学大学: a name may hold these, so a name after one may be cut short


def organisation(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "哪所大学 / 哪家企业 / 哪个学校…": the one name in the sentence that ends as such things are named
    (NAMED_BY) and the question does not say, with the nouns written before it (重庆大全泰来电气有限公司); of
    several, the one holding a word of the question. None when the question asks no such thing or the sentence
    names none or several."""
    m = _ASKED_ORG.search(to_simplified(question))
    if not m:
        return None
    words = located_words(tokenizer, sentence)
    ends = re.compile(rf"(?:{NAMED_BY[m.group(1) or m.group(2)]})$")
    names: dict[str, bool] = {}  # name -> where it starts is unclear
    for k, (_, end, word, _) in enumerate(words):
        if not ends.search(word) or any(_ORG_END.search(w[2]) for w in _nouns_after(words, k)):
            continue  # (重庆高新区企业服务中心: the name goes on)
        first = _name_start(words, k)
        start = words[first][0]
        name = sentence[start:end]
        proper = any(w[3] in PROPER_TAGS for w in words[first : k + 1])  # (科技企业, 龙头企业: no name)
        if proper and (len(name) > len(word) or len(name) >= 4):  # a name, not the bare noun (大学)
            # where the name starts is unclear after 与 / 和 / 及 (匈牙利农业与生命科学大学) or a word glued to
            # it that names cannot hold (联合|钢铁（大马）集团: jieba tags 联合 a verb)
            glued = first > 0 and words[first - 1][1] == start and not words[first - 1][3].startswith(("p", "x"))
            glued = glued and words[first][3] not in PROPER_TAGS  # (引进|重庆大全…公司: a place opens a name)
            names[name] = names.get(name, False) or glued or (start > 0 and sentence[start - 1] in _JOINED_BY)
    q_words = [w for w, _ in tokenizer.tagged_words(question[: m.start()])]
    modifier = q_words[-1] if q_words and len(q_words[-1]) >= 2 else ""  # 比利时 of 比利时哪所大学
    kept = [n for n in names if not _named_in(n, question)]  # (除了兰纳皇家理工: the question's own)
    kept = [n for n in kept if not any(n in o for o in kept if o != n)]
    if len(kept) > 1:  # the one written right before a verb of the question (由X牵头, when 哪个单位牵头 is asked)
        verbs = [w for w, f in tokenizer.tagged_words(question) if f.startswith("v") and len(w) >= 2]
        doing = [n for n in kept if any(sentence.startswith(v, sentence.find(n) + len(n)) for v in verbs)]
        kept = doing if len(doing) == 1 else kept
    if len(kept) > 1 or any(names[n] for n in kept):  # the one written with the word before the question word
        kept = [n for n in kept if modifier and modifier in n]  # (比利时鲁汶大学)
    return kept[0] if len(kept) == 1 else None


def _name_start(words: list[tuple[int, int, str, str]], k: int) -> int:
    """The first word of the name ending with word k: back over the words names are made of, and over a
    bracketed part when the word before it is one of them too (联合钢铁（大马）集团)."""
    first = k
    while first > 0 and words[first - 1][1] == words[first][0]:
        before = words[first - 1]
        if before[2] in "）)":
            opening = next((i for i in range(first - 2, -1, -1) if words[i][2] in "（("), None)
            if opening is None or opening == 0 or first - opening > 4 or not _in_name(words[opening - 1]):
                break  # (（重庆）科学城: the name starts after the bracket)
            first = opening - 1
        elif _in_name(before):
            first -= 1
        else:
            break
    return first


def _in_name(word: tuple[int, int, str, str]) -> bool:
    """A word names can hold: a verbal noun (技术管理公司), a direction word of two characters (西部（重庆）科学城),
    anything but the tags of _NOT_NAME."""
    tag = word[3]
    return not tag.startswith(_NOT_NAME) or tag == "vn" or (tag == "f" and len(word[2]) >= 2)


def _nouns_after(words: list[tuple[int, int, str, str]], k: int) -> list[tuple[int, int, str, str]]:
    """The nouns written right after word k (up to three)."""
    out: list[tuple[int, int, str, str]] = []
    for w in words[k + 1 : k + 4]:
        if w[0] != (out[-1][1] if out else words[k][1]) or not (w[3].startswith("n") or w[3] == "vn"):
            break
        out.append(w)
    return out


def _named_in(name: str, question: str) -> bool:
    """The question writes at least half of the name in one piece (兰纳皇家理工 of 泰国兰纳皇家理工大学), and
    more than the kind of thing asked for (大学 of 重庆大学)."""
    size = max(3, (len(name) + 1) // 2)
    return any(name[i : i + size] in question for i in range(len(name) - size + 1))
