"""Names written right after the word for their kind (中南部城市珀勒德布尔): the answer to "在哪个城市 / 哪个国家"
is the name that word introduces."""

from __future__ import annotations

import re

from assistant.lexicon import ASKED_PLACE_KIND, PROPER_TAGS, written_form
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
