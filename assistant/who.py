"""Short answers to "who" questions that the span ranker (fitted on CMRC's mixed spans) rarely gives whole: the
title of a person the question names, the name of a person whose title the question gives. Both read where
news reports write them: the title right before the name (市科技局副局长田盈说, 促进会党支部书记陈洁说)."""

from __future__ import annotations

import re

from assistant.lexicon import ASKS_NAME, PERSON_TITLE, ROLE_TAGS
from assistant.span import MAX_SPAN, located_words
from index.text import SAYING_VERBS, to_simplified
from index.tokenizer import Tokenizer, hmm_tag

# "X是谁？ / X是什么职务？": who someone is, asked of a name; a news report says it in the title written before the
# name (市科技局副局长田盈说, 宁德时代董事长兼CEO曾毓群介绍)
_IDENTITY = re.compile(
    r"^(?P<name>[\u4e00-\u9fff·]{2,8}?)(?:是谁|是什么人|是哪位|是干什么的|是做什么的|(?:是|担任|任)?什么(?:职务|职位|身份|头衔)"
    r"|的(?:职务|职位|身份|头衔)是什么)[？?]?$"
)
_TITLE_BREAK = re.compile(r"[，。；：,;:!?！？“”\"《》]")  # a title may list two (理事长、重庆大学教授)
_TITLE_TAGS = ("n", "b")  # jieba tags titles as common nouns (书记, 科研人员) or b (主任); not places or names
# tags of a word that qualifies a title written before it (物理学奖|获得者, 副|部长), which must be the question's
_QUALIFIER_TAGS = ("n", "vn", "j", "b")
# tags of a one-character word that may follow a name without being part of it (说, 在, 及, 的, 也, 、)
_AFTER_NAME_TAGS = ("v", "p", "c", "u", "d", "x", "r", "y")
_NAME_TAGS = ROLE_TAGS | {"ng"}  # jieba cuts some names as a surname of its own (林/ng 秋波/nr)
_NAME_LEN = (2, 4)  # characters of a Chinese name; a transliterated one is written with · (贝特姆·劳穆勒)
_FOREIGN_MAX = 15
_DOT = "·•・"
_WHO = ("谁", "哪位", "哪一位")
# honorifics written after a name (林秋波博士), as titles are (许磊教授)
# agentive endings of nouns for people (作者, 漫画家, 科研人员, 负责人, 教师, 选手, 外交官, 学生)
_PERSON_NOUN = re.compile(r"(?:者|家|员|人|师|手|官|生)$")
_HONORIFIC = re.compile(r"(?:博士|先生|女士|同志)$")


def title_before_name(question: str, sentence: str) -> str | None:
    """For "X是谁？ / X是什么职务？": the title the sentence gives the name X, written right before it back to the
    clause break (近日,丰都县就业和人才中心主任李万权表示 → 丰都县就业和人才中心主任) or after "X是" up to the next
    one (王莺是市农业科学院的水稻专家); a title ends as one does (PERSON_TITLE). None when the question asks
    something else or the sentence gives no title."""
    m = _IDENTITY.match(to_simplified(question).strip())
    name = m.group("name") if m else ""
    at = sentence.find(name) if name else -1
    if at < 0:
        return None
    breaks = [b.end() for b in _TITLE_BREAK.finditer(sentence, 0, at)]
    before = sentence[breaks[-1] if breaks else 0 : at].strip()
    after = re.match(r"是([^，。；：,;:!?！？]+)", sentence[at + len(name) :])
    for title in (before, after.group(1).strip() if after else ""):
        if 2 <= len(title) <= MAX_SPAN and PERSON_TITLE.search(title):
            return title
    return None


def name_after_title(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "…书记是谁？ / 谁是…专家？ / 哪位漫画家…": the name the sentence writes right after the title asked about
    (促进会党支部书记陈洁说 → 陈洁, 科研人员王峰及其团队 → 王峰). A name is the words jieba tags as one (or a
    transliterated name joined by ·), and must be followed by a word that is no noun, or by a title: else where
    it ends is unclear (漫画家田河/nr 水泡/n). A noun written right before the title must be the question's (not
    another's title: 诺贝尔物理学奖获得者). A name the question writes is not the answer. None unless the question
    asks who holds a title and exactly one such name is found, and every holder's name can be read (科技辅导员
    牟方云…,科技辅导员王辉现场…: 王辉's end is unclear, so 牟方云 may be the other one)."""
    title = _asked_title(tokenizer, question)
    if not title:
        return None
    words = _words(tokenizer, sentence)
    asked = {w for w, _ in tokenizer.tagged_words(to_simplified(question))}
    names = set()
    for k, (start, end, word, tag) in enumerate(words[:-1]):
        if not ((tag in _TITLE_TAGS or PERSON_TITLE.search(word)) and (word.endswith(title) or title.endswith(word))):
            continue
        before = words[k - 1] if k and words[k - 1][1] == start else None
        if before and before[3].startswith(_QUALIFIER_TAGS) and before[2] not in asked:
            continue  # the title of another (诺贝尔物理学奖获得者 when 国家最高科学技术奖获得者 is asked; 副|部长 for 部长)
        added = word[: len(word) - len(title)] if word.endswith(title) else ""
        if added and added not in question:
            continue  # the same, written as one word (副总经理, 执行院长, 联合创始人)
        first = k + 3 if words[k + 1][2] == "兼" and k + 3 < len(words) else k + 1  # 董事长兼CEO曾毓群: 2 titles
        name = _name_at(words, first, words[first - 1][1] if first > k + 1 else end)
        if name is None:
            return None  # a holder of the title whose name cannot be read: the one read may not be the one asked
        if name not in question:
            names.add(name)
    return names.pop() if len(names) == 1 else None


# what joins the names of a list (雷佳音、张子枫、张新成主演)
_LIST_JOINS = ("、", "和", "与", "及")


def names_before(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For "谁是《X》主演 / 《X》由谁执导": the names written right before a word of the question that says what they
    did (雷佳音、张子枫、张新成主演的…, 由沈严执导): credits and reports write the doers' names first. Each item
    of the list is a name jieba tags as one (a name the dictionary cuts in two joined); None when no such list
    stands right before a question word, or it holds a name the question writes (then the question asks for
    another: the ranker decides)."""
    asked = {
        w for w, t in tokenizer.tagged_words(to_simplified(question)) if len(w) >= 2 and (t[0] == "v" or t == "n")
    }  # a verb or a common noun (主演, 执导, 编剧), not a name (圣王/nrt of 明圣王后)
    words = _joined_words(tokenizer, sentence)[0]
    for k, (start, _, word, _) in enumerate(words):
        if word not in asked:
            continue
        names, at, j = [], start, k - 1
        while j >= 0 and words[j][1] == at and words[j][3] in _NAME_TAGS and _NAME_LEN[0] <= len(words[j][2]):
            names.append(words[j])
            at, j = words[j][0], j - 1
            while j >= 1 and words[j][1] == at and words[j][2] in _DOT and words[j - 1][3] in _NAME_TAGS:
                names[-1] = (words[j - 1][0], *names[-1][1:])  # a transliterated name (贝尔·默里)
                at, j = words[j - 1][0], j - 2
            if j >= 1 and words[j][1] == at and words[j][2] in _LIST_JOINS:
                if words[j - 1][3] in _NAME_TAGS:
                    at, j = words[j][0], j - 1
                else:  # the list's first item, a name jieba does not know (雷/n 佳音/n): the clause's words before it
                    first = re.split(r"[，。；：,;:\s“”《》()（）]", sentence[: words[j][0]])[-1]
                    if _NAME_LEN[0] <= len(first) <= _NAME_LEN[1] and re.fullmatch(r"[\u4e00-\u9fff]+", first):
                        names.append((words[j][0] - len(first), words[j][0], first, ""))
        if names and not any(n[2] in question for n in names):
            return sentence[names[-1][0] : start]
    return _name_before_doing(tokenizer, question, sentence, asked)


# what may stand between a doer's name and what they did: where (在会上, 在大会中) and a verb of doing (作了)
_WHERE_DONE = re.compile(r"(?:在[^，。；：,;:！？!?]{1,6}?[上中里])?(?:作了?|做了?|进行了?)?")


def _name_before_doing(tokenizer: Tokenizer, question: str, sentence: str, asked: set[str]) -> str | None:
    """The one name written before where and how it did the question's deed (陈洁在会上作了交流发言 for
    "在大会上作交流发言的是谁"): the name, then _WHERE_DONE, then a word of the question."""
    found = {
        m.group(1)
        for w in asked
        for m in re.finditer(rf"([\u4e00-\u9fff]{{2,4}}?)({_WHERE_DONE.pattern}){re.escape(w)}", sentence)
        if m.group(2) and m.group(1) not in question
    }
    # the word the run ends with, when jieba reads it as a name (陈洁/nz: names it does not know are often nz)
    names = {w for n in found if (w := _last_name(tokenizer, n))}
    return names.pop() if len(names) == 1 else None


def _last_name(tokenizer: Tokenizer, run: str) -> str | None:
    words = tokenizer.tagged_words(run)
    w, tag = words[-1] if words else ("", "")
    return w if (tag in _NAME_TAGS or tag == "nz") and _NAME_LEN[0] <= len(w) <= _NAME_LEN[1] else None


def _asked_title(tokenizer: Tokenizer, question: str) -> str | None:
    """The title whose holder the question asks for: the noun right before "(是)谁 / 是哪位" (党支部书记是谁) or
    before "叫什么名字" (总裁叫什么名字), or the last of the nouns right after "谁是 / 哪位" (谁是重庆科普传播专家,
    哪位诺贝尔奖得主作了…)."""
    simple = to_simplified(question)
    words = list(tokenizer.tagged_words(simple))
    at = next((i for i, (w, _) in enumerate(words) if w in _WHO), None)
    named = ASKS_NAME.search(simple) if at is None else None
    if named:  # (总裁的姓名是什么)
        head = list(tokenizer.tagged_words(simple[: named.start()].rstrip("的")))
        return head[-1][0] if head and _is_title(*head[-1]) else None
    if at is None:
        return None
    before = at - 1 - (at >= 1 and words[at - 1][0] in "是为")
    if before >= 0 and _is_title(*words[before]):
        return words[before][0]
    after = [w for w in words[at + 1 + (words[at + 1 : at + 2] == [("是", "v")]) :]]
    run = []
    for word, tag in after:
        if not (tag.startswith(("n", "b")) or tag == "vn" or _is_title(word, tag)):
            break
        run.append((word, tag))
    titles = [w for w, t in run if _is_title(w, t)]
    return titles[-1] if titles else None


def _is_title(word: str, tag: str) -> bool:
    """A noun naming a person by what they do: a title, or a word ending as such nouns do (委任/n is none)."""
    return len(word) >= 2 and bool(PERSON_TITLE.search(word) or _PERSON_NOUN.search(word))


def _name_at(words: list[tuple[int, int, str, str]], k: int, at: int) -> str | None:
    """The name whose words start at words[k], which must start at `at` (right after the title)."""
    parts: list[str] = []
    tagged = False
    for start, end, word, tag in words[k:]:
        dotted = any(d in "".join(parts) for d in _DOT)
        if start != at or not _in_name(word, tag, dotted):
            break
        tagged = tagged or tag in _NAME_TAGS
        parts.append(word)
        at = end
    following = next((w for w in words[k + len(parts) :]), None)
    if following and following[3].startswith(("n", "vn")) and not _ends_name(following[2]):
        return None  # a noun goes on: the name may go on too (田河/nr 水泡/n)
    if following and len(following[2]) == 1 and not following[3].startswith(_AFTER_NAME_TAGS):
        return None  # one character glued to it may be the name's last (欧阳明|高)
    name = "".join(parts).strip(_DOT)
    if not tagged:
        return None
    if any(d in name for d in _DOT):
        return name if len(name) <= _FOREIGN_MAX else None
    return name if _NAME_LEN[0] <= len(name) <= _NAME_LEN[1] else None


def _in_name(word: str, tag: str, dotted: bool) -> bool:
    """A word a name is made of: one jieba tags as a name, a dot, a character it does not know (贝特/nrt 姆/x),
    and after a dot any noun or verbal noun (·劳/vn 穆勒/nz: jieba has no tags for the parts of a foreign name)."""
    if tag in _NAME_TAGS or word in _DOT or (tag == "x" and len(word) == 1 and "\u4e00" <= word <= "\u9fff"):
        return True
    return dotted and (tag.startswith("n") or tag == "vn")


def _ends_name(word: str) -> bool:
    """A noun that may follow a name without being part of it: a title or an honorific (许磊教授, 林秋波博士)."""
    return bool(PERSON_TITLE.search(word) or _HONORIFIC.search(word))


def sole_name(tokenizer: Tokenizer, question: str, sentence: str) -> str | None:
    """For a "who" question that names no person: the one personal name the sentence writes that the question
    does not (…王家功作为…人才，…担任重庆研究院院长 → 王家功; a name the dictionary cuts in two joined:
    Tokenizer.names_joined); None when there is none or several."""
    if any(t in ROLE_TAGS for _, t in tokenizer.tagged_words(to_simplified(question))):
        return None  # who a named person is: a title answers (title_before_name)
    titled = [m.span() for m in re.finditer(r"《[^》]*》", sentence)]  # (《国家宝藏》: 宝藏/nr is no one)
    names = {
        w
        for a, _, w, t in _joined_words(tokenizer, sentence)[0]
        if t in ROLE_TAGS and _NAME_LEN[0] <= len(w) <= _NAME_LEN[1] and w not in question
        and not any(x < a < y for x, y in titled)
    }  # fmt: skip
    return names.pop() if len(names) == 1 else None


def _words(tokenizer: Tokenizer, sentence: str) -> list[tuple[int, int, str, str]]:
    """The sentence's located words; a word the index learned from the reports is tagged nz: its own tag is the
    one jieba's HMM gives (陈洁/nr, 于蕾/nr)."""
    return [
        (a, b, w, hmm_tag(w) if tokenizer.is_learned(w) else t) for a, b, w, t in located_words(tokenizer, sentence)
    ]


def _joined_words(
    tokenizer: Tokenizer, sentence: str
) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int, int]]]:
    """_words with each name the dictionary cuts in two made one word (Tokenizer.names_joined), where it stands;
    and each such name as (start, where the dictionary cut it, end)."""
    out: list[tuple[int, int, str, str]] = []
    joins: list[tuple[int, int, int]] = []
    for a, b, w, t in _words(tokenizer, sentence):
        if out and out[-1][1] == a:
            joined = tokenizer.names_joined([out[-1][2:], (w, t)])
            if len(joined) == 1:
                joins.append((out[-1][0], a, b))
                out[-1] = (out[-1][0], b, *joined[0])
                continue
        out.append((a, b, w, t))
    return out, joins


def with_whole_name(tokenizer: Tokenizer, sentence: str, span: str) -> str:
    """The span widened to a whole name it cuts where the dictionary cuts it in two (秋波博士 → 林秋波博士, of 林|秋波:
    Tokenizer.names_joined): a span never starts or ends inside such a name."""
    a = sentence.find(span)
    if a < 0 or not span:
        return span
    b = a + len(span)
    for start, cut, end in _joined_words(tokenizer, sentence)[1]:
        a = start if a == cut else a
        b = end if b == cut else b
    return sentence[a:b]


# asking how someone judged something or what they said (张尧是怎么评价…的？ 他说了什么？)
_ASKS_VIEW = re.compile(r"(?:怎么|如何|怎样)(?:评价|看待|看|说)|(?:说|讲|表示)了?(?:什么|啥)|(?:评价|看法)是什么")
_VERB_OF_SAYING = rf"(?:{SAYING_VERBS})道?"


def said_words(question: str, sentence: str) -> str | None:
    """For "X是怎么评价…的 / X说了什么": what the sentence quotes X as saying, inside its quotation marks
    (“…新增长极，我们感到个人发展大有希望。”张尧说。 → 西部（重庆）科学城是…大有希望), when the speaker
    written right after the quotation (or right before it, 张尧说：“…”) is named in the question."""
    if not _ASKS_VIEW.search(question):
        return None
    for m in re.finditer(r"“([^“”]{4,})”", sentence):
        after = re.match(rf"([^，。；“”]{{1,24}}?){_VERB_OF_SAYING}", sentence[m.end() :])
        before = re.search(rf"([^，。；“”]{{1,24}}?){_VERB_OF_SAYING}[：:，,]?$", sentence[: m.start()])
        speaker = after or before
        name = speaker.group(1).strip() if speaker else ""  # (西南大学校长)王进军: the name ends it
        if len(name) >= 2 and any(name[-k:] in question for k in (3, 2)):
            return m.group(1).rstrip("。！!")
    return None
