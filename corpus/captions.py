"""Photo captions. A caption can say what no article on the page says ("图为工人在渝昆高铁沱江特大桥施工现场作业"),
so its words are kept, without the marker and the photographer's credit, in one article of their own per file:
a caption often sits between articles, and the article printed around it is not always the one it illustrates.
"""

from __future__ import annotations

import re

# a photo caption or credit line, as the page layouts of these reports print them
CAPTION = re.compile(
    r"^[▲△]|^(左图|右图|上图|下图|图为|本版图片|图片由|版式设计)|[（(]资料图片[)）]|摄(/\S*)?$|(^|。)图为"
)
_CREDIT_ONLY = re.compile(r"^(本版图片|图片由|版式设计)")
_MARKER = re.compile(r"^(?:[▲△]|(?:左图|右图|上图|下图)[：:]?)\s*")
# the credit after the caption's last sentence: "记者 张锦辉 摄/视觉重庆", "曾 诚 摄", "（记者 张三 摄）", "记者 张三
# 通讯员 李四 摄", "人民网记者 欧阳中华 摄", "（资料图片）"
_ROLE = r"[\u4e00-\u9fff]{0,6}?(?:首席)?(?:记者|通讯员|摄影)"
_NAME = r"(?:[\u4e00-\u9fff·]\s*){1,4}"
_CREDIT = re.compile(
    rf"(?:(?<=[。！？!?）)])|\s+|^)[（(]?(?:{_ROLE})?\s*{_NAME}(?:\s*{_ROLE}\s*{_NAME})*/?\s*摄(?:/\S*)?[)）]?\s*$"
    r"|\s*[（(]资料图片[)）]\s*$"
)
MIN_CHARS = 8  # shorter remains are a credit's leftovers, not something a photo shows


def caption_words(caption: str) -> str:
    """What a caption says ("" for a credit line): a substring of it, so quotes stay findable in the file."""
    if _CREDIT_ONLY.match(caption):
        return ""
    words = _MARKER.sub("", caption.strip())
    while (cut := _CREDIT.sub("", words)) != words:
        words = cut
    words = words.strip()
    return words if len(words) >= MIN_CHARS else ""
