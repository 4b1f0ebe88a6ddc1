"""The dimensions and units a number question may ask in (多大面积 → a figure in 亩 / 平方…; 多少员工 → a count of
people): a figure of another unit does not answer it."""

from __future__ import annotations

import re

from assistant.lexicon import figures

# the units of the dimensions a number question may name ("多大面积", "长度是多少"): a figure of another unit (两个,
# 十余年) does not answer it. Only nouns that name nothing but the dimension (多高 / 多长 are also said of yields and
# of time: 亩产搞到了多高)
DIMENSION_UNITS = {
    "面积": r"(?:平方|亩|公顷|顷|km²|km2|m²|ha\b|acres?\b)",
    "长度": r"(?:米|公里|英里|里|公尺|英尺|km\b|m\b|mi\b|ft\b)",
    "距离": r"(?:米|公里|英里|里|公尺|光年|km\b|m\b|mi\b)",
    "重量": r"(?:吨|克|公斤|斤|磅|kg\b|t\b|g\b|lbs?\b)",
    "海拔": r"(?:米|公尺|英尺|m\b|ft\b)",
    "(?:年纪|年龄|岁数)": r"(?:岁|周岁)",  # an age (王莺多大年纪: a count of rice varieties is none)
    # sums of money: a figure in a currency (a count of people, 千名, is no sum)
    "(?:经费|资金|金额|投资额|营业额|营收|销售额|成交额)": r"(?:元|美元|欧元|英镑|日元|港元|港币|卢布|\$|€|£|¥)",
}


# the measure words of a count of people (10余名专家, 3010人次): what answers 多少员工 (features.counted_people)
PEOPLE_UNITS = r"(?:人次|人|名|位)"


def asked_dimension(question: str) -> str | None:
    """The unit pattern of the dimension a number question asks for by name (面积 of 多大面积 / 面积是多少)."""
    for noun, unit in DIMENSION_UNITS.items():
        if re.search(rf"(?:多大|多少|几)的?{noun}|{noun}(?:是|为|有|约|达|大约)?(?:多大|多少|几)", question):
            return unit
    return None


def figures_of_unit(sentence: str, unit: str) -> list[str]:
    """The figures of the sentence written with a unit of the pattern, with it (5万亩, 两平方公里)."""
    found = (
        re.match(rf"[^，。；,;]{{0,8}}?{unit}", sentence[m.start() : m.end() + 4], re.I) for m in figures(sentence)
    )
    return [f.group() for f in found if f]


def figure_of_unit(sentence: str, unit: str) -> bool:
    return bool(figures_of_unit(sentence, unit))
