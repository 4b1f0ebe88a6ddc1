"""Chinese text helpers shared by indexing and answering: sentence splitting, tokens, script conversion."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# A sentence ends at 。！？；… (and ASCII !?;), plus any closing quotes/brackets right after.
_SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;…]+[”’」』）)]*|$)")
_SPACES_AND_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")
_DASHES = re.compile(r"[‐‑‒–—―－-]+")

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
        "还是",  # "or" in a question (…是63个还是65个), "still" otherwise: a function word either way
        "到底",  # "after all", an emphasis of questions
        "究竟",
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
        "这里",
        "那里",
        "这边",
        "那边",
        "这儿",
        "那儿",
        "这次",
        "那次",
        "这家",
        "那家",
        "自己",
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


def norm(text: str) -> str:
    """For matching only: NFKC, simplified script, lower case, one kind of dash, no spaces or quotes."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    text = _DASHES.sub("-", text)
    return _SPACES_AND_QUOTES.sub("", text)


def split_sentences(text: str) -> list[str]:
    """Split into sentences; "".join(result) == text, so every sentence is a verbatim span."""
    return [s for s in _SENTENCE.findall(text) if s]


# a bold label opening a paragraph or followed by a space (**朋友圈** 与65个国家…), or a heading mark
_LABEL = re.compile(r"(?:^|(?<=[^\s*]))(\*\*|__)[^*_\n]{1,24}\1(?:\s+|$)|^\s*(\*\*|__)[^*_\n]{1,24}\2|^#{1,6}\s+")
MIN_QUOTE = 4  # characters: a shorter piece (a lone "。" or "图为") is no sentence to quote


def segments(paragraph: str) -> list[str]:
    """A paragraph cut where a bold label (**转化链**) or a heading mark starts a new thought: the layout
    sometimes glues a label to the end of the previous paragraph. Labels themselves are never quoted;
    every segment is a verbatim span of the paragraph, so quotes still map to the source."""
    out, last = [], 0
    for m in _LABEL.finditer(paragraph):
        out.append(paragraph[last : m.start()])
        last = m.end()
    out.append(paragraph[last:])
    return [x for x in out if x.strip()]


# the verbs that attribute words to a speaker (…张尧说, 李万权表示, 告诉记者): one list for the quote joining here,
# who said what (assistant.who) and a span's trailing verb of saying (assistant.span_model)
SAYING_VERBS = "说|表示|介绍|指出|坦言|透露|强调|感慨|告诉记者|称|认为"
# who said it, written after a quotation that ends with its own full stop (“…新增长极。”张尧说。): part of its quote
_SAID_BY = re.compile(rf"\s*[^。！？!?；;…“”\"「」，,\n]{{1,24}}?(?:{SAYING_VERBS})道?[。！!]")
_QUOTE_CLOSED = re.compile(r"[。！？!?…][”」』]\s*$")


def is_said_by(sentence: str) -> bool:
    """Whether the sentence only says who said something (张尧说。)."""
    m = _SAID_BY.match(sentence)
    return bool(m and m.end() == len(sentence.rstrip()))


def said_by(sentence: str, after: str) -> str:
    """The attribution that opens `after` (the text following `sentence`) when it only says who said the
    quotation `sentence` closes (张尧说。), else ""."""
    m = _SAID_BY.match(after) if _QUOTE_CLOSED.search(sentence) else None
    return m.group() if m else ""


def quotable_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph that can be quoted (stripped): what answers are chosen from, and what
    the build embeds for ranking them across languages."""
    return [s.strip() for seg in segments(paragraph) for s in split_sentences(seg) if len(s.strip()) >= MIN_QUOTE]


# jieba's POS tagger runs an HMM over characters it has no state table for with all ~250 states: ~10 ms of
# CPU per such character here, so 500 random rare characters cost seconds. Real text has few (at most 1 per
# paragraph in the shipped reports; 44 in the longest CMRC passage); past this budget a call tags the rest
# of its text without the HMM (dictionary words only), which bounds one call to ~0.3 s (index/tokenizer.py).
POS_HMM_BUDGET = 32
