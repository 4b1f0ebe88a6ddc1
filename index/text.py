"""Chinese text helpers shared by indexing and answering: sentence splitting, tokens, script conversion."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import jieba.posseg
import opencc

jieba.setLogLevel(logging.WARNING)

# A sentence ends at 。！？；… (and ASCII !?;), plus any closing quotes/brackets right after.
_SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;…]+[”’」』）)]*|$)")
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)

# Function words and question words: they never decide whether a passage answers a question.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "等",
        "对",
        "为",
        "把",
        "被",
        "从",
        "到",
        "以",
        "于",
        "而",
        "并",
        "也",
        "都",
        "就",
        "又",
        "还",
        "更",
        "很",
        "有",
        "没有",
        "这",
        "那",
        "其",
        "之",
        "所",
        "个",
        "些",
        "各",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "她们",
        "它们",
        "咱们",
        "该",
        "此",
        "这个",
        "那个",
        "这些",
        "那些",
        "哪",
        "哪个",
        "哪些",
        "哪里",
        "哪儿",
        "什么",
        "怎么",
        "怎样",
        "怎么样",
        "如何",
        "为什么",
        "为何",
        "多少",
        "几",
        "几个",
        "多",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "请问",
        "请",
        "问",
        "一下",
        "告诉",
        "说说",
        "介绍",
        "关于",
        "方面",
        "情况",
        "具体",
        "主要",
        "哪家",
        "哪位",
        "谁",
        "何",
        "何时",
        "什么时候",
        "多久",
        "是否",
        "是不是",
        "有没有",
        "能否",
        "可以",
        "进行",
        "开展",
        "一个",
        "一些",
        "通过",
        "根据",
        "报道",
        "报告",
        "文章",
        "中",
        "上",
        "下",
        "里",
        "内",
        "年",
        "月",
        "日",
        "号",
        "呢？",
        "分别",
        "共",
        "共有",
        "一共",
        "总共",
        "目前",
        "现在",
        "当前",
        "已经",
        "曾经",
        "将",
        "会",
        "要",
        "能",
        "可",
        "被",
        "让",
        "使",
        "给",
        "向",
        "由",
        "据",
        "之一",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "many",
        "much",
        "when",
        "where",
        "why",
        "does",
        "do",
        "did",
    ]
)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (a no-op on simplified text)."""
    return _t2s().convert(text)


def split_sentences(text: str) -> list[str]:
    """Split into sentences; "".join(result) == text, so every sentence is a verbatim span."""
    return [s for s in _SENTENCE.findall(text) if s]


def tokens(text: str) -> list[str]:
    """Search tokens: jieba's search mode (words plus their sub-words), lower-cased, no punctuation."""
    text = to_simplified(text).lower()
    return [t for t in (w.strip() for w in jieba.cut_for_search(text)) if t and not _PUNCT.match(t)]


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


# jieba's POS tagger runs an HMM over characters it has no state table for with all ~250 states: ~10 ms of
# CPU per such character here, so 500 random rare characters cost seconds. Real text has few (at most 1 per
# paragraph in the shipped reports; 44 in the longest CMRC passage); past this budget a call tags the rest
# of its text without the HMM (dictionary words only), which bounds one call to ~0.3 s.
POS_HMM_BUDGET = 32


def tagged_words(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech) with jieba's default (accurate) mode, within a CPU budget (above)."""
    return list(_tagged(to_simplified(text)))


@lru_cache(maxsize=4096)  # one question is tagged several times per answer
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    out, spent = [], 0
    # the blocks jieba itself tags one by one, so within the budget the result is exactly jieba's
    for block in jieba.posseg.re_han_internal.split(text):
        if not block:
            continue
        unknown = sum(1 for ch in block if "\u4e00" <= ch <= "\u9fd5" and ch not in jieba.posseg.char_state_tab_P)
        hmm = spent + unknown <= POS_HMM_BUDGET
        spent += unknown if hmm else 0
        out += [(p.word, p.flag) for p in jieba.posseg.cut(block, HMM=hmm) if p.word.strip()]
    return tuple(out)


def is_dictionary_word(word: str) -> bool:
    jieba.initialize()
    return bool(jieba.dt.FREQ.get(word))


def warm_up() -> None:
    """Load jieba's dictionary now rather than inside the first request."""
    jieba.initialize()
    tagged_words("重庆")


def learn_words(texts: list[str]) -> list[str]:
    """Words jieba's HMM finds in the corpus that its dictionary lacks (names such as 七腾), so that
    questions are segmented the way the reports are."""
    jieba.initialize()
    counts: dict[str, int] = {}
    for text in texts:
        for w in jieba.cut(to_simplified(text)):
            if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and not jieba.dt.FREQ.get(w):
                counts[w] = counts.get(w, 0) + 1
    return sorted(w for w, n in counts.items() if n >= 2)  # seen once is as likely a segmentation slip


def add_words(words: list[str]) -> None:
    for w in words:
        jieba.add_word(w, tag="nz")  # process-wide; adding the same word twice is harmless
    _tagged.cache_clear()  # tags depend on the dictionary
