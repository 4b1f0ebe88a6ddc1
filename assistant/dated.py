"""Reports of different dates that give different figures for the same thing (63个 in 2024, 65个 in 2025):
both are quoted, a note says they differ, and no single bold figure hides the disagreement. And the years
(or editions) a sentence speaks of, against the one a question sets."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.evidence import Evidence, Term, norm
from assistant.lexicon import CLAUSE_BREAK, NUM, figures
from assistant.models import Citation


def other_dated_figure(
    chosen: list[Evidence], eligible: list[Evidence], terms: list[Term], keep: float
) -> list[Evidence]:
    """The best sentence of a report of another date that gives another figure of the same measure for the
    same thing, when the quotes chosen come from one date only: reports of different dates that disagree each
    have their figure quoted (65个 in 2025, 63个 in 2024), not just the better-scored one. The same thing: in
    each sentence, the clause with a figure that says most of the question's words; the other's must say every
    name the best one's does. Nothing when the reports are undated (a date tells a later figure from a slip)."""
    dates = {e.hit.chunk.article_date for e in chosen}
    if len(dates) != 1 or not next(iter(dates)):
        return []
    words = [t.text for t in terms]
    best = main_figure(" ".join(e.sentence for e in chosen), words)
    if best is None:
        return []
    names = [t.text for t in terms if t.critical and t.text in best[2]]
    for e in eligible:
        if e.prob < keep or e in chosen or e.hit.chunk.article_date in dates or not e.hit.chunk.article_date:
            continue
        other = main_figure(e.sentence, words)
        if other and disagree(best, other, words) and all(n in other[2] for n in names):
            return [e]
    return []


def hides_disagreement(short_answer: str, citations: list[Citation]) -> bool:
    """Reports of different dates give different figures: when a quoted report states another figure of the
    same unit, one bold figure would hide the disagreement, so each figure stays with its report."""
    span = short_answer.rsplit("[", 1)[0]
    reports: dict[tuple[str, int], str] = {}
    for c in citations:
        reports[(c.source, c.article_index)] = reports.get((c.source, c.article_index), "") + c.quote
    unit = re.sub(r"^[\d.,，]+", "", span)
    other = re.compile(r"\d[\d.,]*" + re.escape(unit)) if unit and unit != span else None
    return bool(other and any(span not in quotes and other.search(quotes) for quotes in reports.values()))


def figures_differ(groups: list[list[Evidence]], words: list[str]) -> bool:
    """Two quoted reports give different figures of the same measure (个, 项, 元, %; dates aside) for the thing
    asked about: each report's figure is the one in its clause that says most of the question's words, so
    other figures around it (18个国家 beside 63个 / 65个) are no disagreement, nor is a count of projects (30项)
    beside one of patents (170余项)."""
    texts = [norm(" ".join(e.sentence for e in g)) for g in groups]
    found = [(f, t) for f, t in ((main_figure(t, words), t) for t in texts) if f]
    return any(
        disagree(a, b, words) and _same_subject(x, y, words) and not _also_in(a, y) and not _also_in(b, x)
        for i, (a, x) in enumerate(found)
        for b, y in found[i + 1 :]
    )


def _also_in(figure: tuple[str, str, str], text: str) -> bool:
    """The other report gives this figure too: the two agree on it, and the main figure taken from one of
    them is a figure of something else (63个 国家 beside the 11个国家 of a union, when both give 11个国家)."""
    return figure[1] in _figures(text).get(figure[0], set())


def _same_subject(x: str, y: str, words: list[str]) -> bool:
    """Two quotes speak of the same thing: more than half of the question's words either says the other says
    too (园区内已孵化培育企业454家 of a district beside the research institute's 累计孵化…24家 do not)."""
    said_x, said_y = {w for w in words if w in x}, {w for w in words if w in y}
    return 2 * len(said_x & said_y) > max(len(said_x), len(said_y))


def disagree(a: tuple[str, str, str], b: tuple[str, str, str], words: list[str]) -> bool:
    """Two main figures (main_figure) of the same measure that differ, for the same thing: more than half of
    the question's words either clause says the other says too (国际友好城市29个 and 65个合作国家 share 国家
    only: two counts of different things)."""
    said_a, said_b = {w for w in words if w in a[2]}, {w for w in words if w in b[2]}
    same = 2 * len(said_a & said_b) > max(len(said_a), len(said_b))
    return a[0] == b[0] and a[1] != b[1] and same


def main_figure(text: str, words: list[str]) -> tuple[str, str, str] | None:
    """(measure, figure, clause) of the text's clause with a figure that says most of the words (the first of
    equals; the first such clause without words); None without one."""
    best, said = None, -1
    for clause in CLAUSE_BREAK.split(norm(text)):
        count = sum(w in clause for w in words)
        found = _figures(clause)
        if found and count > said:
            unit, figures = next(iter(found.items()))
            best, said = (unit, min(figures), clause), count
    return best


# what a figure counts: its measure word without the number, its magnitude and its approximation
# (2.5万余亩 → 亩, 651亿元 → 元, 60余个 → 个, 1500人次以上 → 人次)
_NUMBER_PART = re.compile(r"^[\d.,，\s\-—~至到一二三四五六七八九十两百千万亿]+(?:多|余)?[十百千万亿]*(?:多|余)?")


def _figures(text: str) -> dict[str, set[str]]:
    """The figures of a text by measure word (figures without one are left out: 2023 alone says nothing)."""
    out: dict[str, set[str]] = {}
    for m in figures(text):
        figure = re.sub(r"\s+", "", m.group())
        unit = re.sub(r"(多|余|以上)$", "", _NUMBER_PART.sub("", figure))
        if unit and re.search(r"\d", figure):
            out.setdefault(unit, set()).add(figure)
    return out


def other_value(t: Term, e: Evidence) -> bool:
    """The sentence names a year / an edition of the same kind as the constraint t, and not t's."""
    if t.text in e.norm:
        return False
    if t.text.isdigit():
        years = years_said(e)
        return bool(years) and t.text not in years
    return re.search(rf"第{NUM}+{re.escape(t.text[-1])}", e.norm) is not None


# 首届 / 首批: the first edition, written without an ordinal; 第一届 is the same one
_FIRST = re.compile(r"首([届批期轮])")


def other_edition_than_first(question: str, e: Evidence) -> str | None:
    """首届 (as the question writes it) when the sentence speaks of another edition only (第二届), and says
    neither 首届 nor 第一届: the date or figure it gives is another edition's."""
    m = _FIRST.search(question)
    if not m or re.search(rf"[自从]{m.group()}", question):
        return None  # (自首届以来: the start of a span of editions, not one of them)
    if m.group() in e.norm or re.search(rf"第(?:一|0*1){m.group(1)}", e.norm):
        return None
    return m.group() if re.search(rf"第{NUM}+{m.group(1)}", e.norm) else None


YEAR = r"(?:1[89]|20)\d{2}"  # a year as reports write one
RELATIVE_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}


def other_relative_year(question: str, e: Evidence) -> str | None:
    """The year word of a question (去年) when the sentence speaks of other years only, read against the
    sentence's report date as the question's own words are (今年1—3季度 of a 2024 report does not answer 去年
    全年); None when it does not, or the question sets no year this way, or the report is undated."""
    said = [word for word in RELATIVE_YEAR if word in question]
    date = e.hit.chunk.article_date or ""
    if len(said) != 1 or not re.match(r"\d{4}", date):
        return None
    years = years_said(e)
    return said[0] if years and str(int(date[:4]) + RELATIVE_YEAR[said[0]]) not in years else None


def year_unsaid(t: Term, e: Evidence) -> bool:
    """A year the question sets (2021年) that the sentence does not place its facts in: it says no year (nor
    今年 / 去年…), neither its title, its section nor its paragraph (as far as its chunk holds it) says that
    one, and its report is of another year: what a 2023 report says in the present tense is no answer to what
    was done in 2021. False for an undated report."""
    if not (t.constraint and re.fullmatch(rf"{YEAR}年", t.display)) or t.text in e.norm or years_said(e):
        return False  # (a year written with 年: 2000 of 20000元 is none)
    date = e.hit.chunk.article_date or ""
    if not re.match(r"\d{4}", date) or date.startswith(t.text):
        return False
    c = e.hit.chunk
    paragraphs = c.text.split("\n")
    at = e.paragraph - c.paragraph_start
    said = [e.title_norm, norm(c.section), norm(paragraphs[at]) if 0 <= at < len(paragraphs) else ""]
    return not any(t.text in text for text in said)


def says_time(time: str, e: Evidence) -> bool:
    """The sentence says the time a follow-up asks about (那2023年呢？): written out, or a year said relative to
    its report's date (今年 in a 2023 report)."""
    year = re.fullmatch(rf"({YEAR})年", time)
    return time in e.sentence or bool(year and year.group(1) in years_said(e))


def years_said(e: Evidence) -> set[str]:
    """The years a sentence speaks of: written out (2020年, 2021赛季), or relative to its report's date."""
    years = set(re.findall(rf"(?<!\d)({YEAR})(?=年|赛季)", e.sentence))
    date = e.hit.chunk.article_date or ""
    if re.match(r"\d{4}", date):
        years |= {str(int(date[:4]) + d) for word, d in RELATIVE_YEAR.items() if word in e.sentence}
    return years


# asked which year (哪一年, 哪年; not 哪年代), a sentence must give one: a year written out, or one said relative to
# the report's date (今年, 去年); a decade (1990年代) is the nearest a report may come
ASKS_YEAR = re.compile(r"哪一?年(?![代份])|何年")
YEAR_GIVEN = re.compile(r"(?:\d{4}|[一二〇零三四五六七八九]{4})\s*年|[今去前明当次同]年")


def year_given(sentence: str, question: str) -> bool:
    """The sentence gives a year that the question does not itself name. Unlike years_said, which says which
    years (read against the report's date), whether a year is given at all: also 二〇二二年 and 当年 / 次年, and
    今年 in a report of no date."""
    own = set(re.findall(r"\d{4}", question))
    for m in YEAR_GIVEN.finditer(sentence):
        digits = set(re.findall(r"\d{4}", m.group()))
        if not digits or not digits <= own:  # (今年 and 二〇二二年 are no year the question writes in digits)
            return True
    return False


def relative_year_note(short_answer: str | None, citations: list[Citation]) -> str | None:
    """A short answer dated against its report (今年5月 in a report of 2024-11): the year it means, as a note
    (the reports say 今年; the year is read from the report's date, as other_relative_year does)."""
    cited = re.search(r"\[(\d+)\]$", short_answer or "")
    if not cited or "；" in (short_answer or ""):  # (a span per part of the question: each its own report)
        return None
    word = next((w for w in RELATIVE_YEAR if w in (short_answer or "")), None)
    date = next((c.article_date for c in citations if c.n == int(cited.group(1))), None)
    if not word or not date or not re.match(r"\d{4}", date):
        return None
    return prompts.RELATIVE_YEAR_NOTE.format(word=word, date=date, year=int(date[:4]) + RELATIVE_YEAR[word])
