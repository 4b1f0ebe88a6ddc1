"""What the chat UI shows and copies, rendered from an Answer: the answer as HTML (everything escaped here,
user input and report text alike; only the few tags written below are HTML), the source cards, and the
plain text that the copy buttons put on the clipboard."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from assistant.compound import HEADING
from assistant.models import Answer, Citation
from assistant.prompts import NEAREST, NEAREST_NOTE, date_note
from assistant.questions import reworded
from ui import strings

NEAREST_LINE = NEAREST.strip().split("\n")[0]  # ——以下内容并未回答所提问题，仅供参考——

_MARK = re.compile(r"\[(\d+)\]")
# The attribution the extractive answerer writes before each report's quotes (assistant/prompts.ATTRIBUTION):
# 据《title》（date）：
_ATTRIBUTION = re.compile(r"据《(.*?)》(?:（([^（）]{1,20})）)?：")
SHORT_TITLE_CHARS = 30  # enough to tell the reports apart on a desktop; on a phone CSS cuts it to the line (.attr .t)


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    title = title.strip()
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def cite_links(text: str, turn: int) -> str:
    """Escaped text with each [n] as a superscript link to its passage in the sources panel."""
    return _MARK.sub(
        lambda m: f'<sup class="cite"><a href="#cite-{turn}-{m.group(1)}">[{m.group(1)}]</a></sup>',
        _esc(text).replace("\n", "<br>"),
    )


def _date_label(date: str | None) -> str:
    return f" · {date}" if date else ""


def _by_n(answer: Answer) -> dict[int, Citation]:
    return {c.n: c for c in answer.citations}


def _attribution_tag(m: re.Match, rest: str, cites: dict[int, Citation]) -> str:
    """The compact attribution (short title · date) with the full title on hover; the full title comes from
    the first citation that follows (the answer text carries a truncated one)."""
    title, date = m.group(1), m.group(2)
    first = _MARK.search(rest)
    c = cites.get(int(first.group(1))) if first else None
    if c is not None:
        title, date = c.article_title, c.article_date or date
    full = f"《{title}》{date_note(date)}"
    # the date in a span of its own that never wraps: on a phone the title gives way, not the date
    when = f'<span class="d">{_esc(_date_label(date))}</span>' if date else ""
    return f'<span class="attr" title="{_esc(full)}"><span class="t">{_esc(short_title(title))}</span>{when}</span>'


def _body(answer: Answer, turn: int) -> str:
    """The answer text line by line; "- " lines (one per report) become a list."""
    cites = _by_n(answer)
    html_, items = [], []
    for line in answer.answer.split("\n"):
        item = line.startswith("- ")
        line = line[2:] if item else line
        out, at = [], 0
        for m in _ATTRIBUTION.finditer(line):
            out.append(cite_links(line[at : m.start()], turn))
            out.append(_attribution_tag(m, line[m.end() :], cites))
            at = m.end()
        out.append(cite_links(line[at:], turn))
        text = "".join(out)
        if item:
            items.append(f"<li>{text}</li>")
            continue
        if items:
            html_.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if text.strip():
            part = HEADING.fullmatch(line)  # a question that asks two things: each part's heading
            html_.append(f'<p class="part">{text}</p>' if part else f"<p>{text}</p>")
    if items:
        html_.append(f"<ul>{''.join(items)}</ul>")
    return "".join(html_)


def _whole_quote(answer: Answer, short: str) -> bool:
    """The short answer is one of the quotes, whole (the span ranker may choose a whole short sentence)."""
    return _MARK.sub("", short) in {re.sub(r"[。！？!?；;，,\s]+$", "", c.quote) for c in answer.citations}


def _short(answer: Answer, turn: int) -> str:
    text = (answer.short_answer or "").strip()
    if not text or answer.refused:
        return ""
    if _whole_quote(answer, text):  # a whole quote in bold would only say it twice
        return ""
    # each part in bold, each [n] left where it stands ("460公斤[1]，520公斤[2]")
    parts = [
        cite_links(part, turn) if _MARK.fullmatch(part) else f"<strong>{_esc(part)}</strong>"
        for part in re.split(r"(\[\d+\])", text)
        if part.strip()
    ]
    return f'<p class="short">{"".join(parts)}</p>'


def render_answer(answer: Answer, turn: int, question: str) -> str:
    """The answer as shown in the chat: what a follow-up was understood as, the direct answer first and bold,
    then the supporting quotes with compact attributions, then notices; a copy button and the plain text it
    copies."""
    if answer.clarify:  # an ask-back: a plain message, nothing cited
        return f'<div class="answer clarify turn-{turn}"><p>{_esc(answer.answer)}</p>{_plain(answer, question)}</div>'
    parts = [f'<div class="answer turn-{turn}">']
    # how a follow-up was read comes first: an official checks it before trusting what follows
    if answer.standalone_question.strip() and reworded(question, answer.standalone_question):
        parts.append(f'<p class="understood">{_esc(strings.UI_UNDERSTOOD.format(q=answer.standalone_question))}</p>')
    if answer.warning:
        parts.append(f'<p class="notice">{_esc(strings.UI_FALLBACK.format(warning=answer.warning))}</p>')
    if answer.refused:
        parts.append(f'<p class="notice">{_esc(strings.UI_REFUSED)}</p>')
    short = _short(answer, turn)
    parts.append(short)
    parts.append(f'<div class="support{" with-short" if short else ""}">{_body(answer, turn)}</div>')
    parts += [f'<p class="note"><small>{_esc(strings.UI_NOTE.format(note=n))}</small></p>' for n in _notes(answer)]
    tools = f'<button type="button" class="rq-copy">{_esc(strings.UI_COPY_ANSWER)}</button>'
    if answer.citations:
        tools += f'<button type="button" class="rq-show-sources">{_esc(strings.UI_SHOW_SOURCES)}</button>'
    parts.append(f'<div class="tools">{tools}</div>')
    parts.append(_plain(answer, question))
    parts.append("</div>")
    return "".join(parts)


def _notes(answer: Answer) -> list[str]:
    """The notes to show: not the one saying the nearest passage does not answer where the refusal's own line
    above that passage says so already (an official read the same warning twice)."""
    hinted = answer.refused and NEAREST_LINE in answer.answer
    return [n for n in answer.notes if not (hinted and n == NEAREST_NOTE)]


def _plain(answer: Answer, question: str) -> str:
    """The clipboard texts, kept in the message (hidden) so that copying needs no round trip to the server."""
    text = plain_answer(answer)
    turn = f"{strings.UI_PLAIN_Q}{question}\n{strings.UI_PLAIN_A}{text}"
    return (
        f'<div class="plain plain-answer" hidden>{_esc(text)}</div>'
        f'<div class="plain plain-turn" hidden>{_esc(turn)}</div>'
    )


def plain_answer(answer: Answer) -> str:
    """The answer as plain text for Word/WPS and chat apps: how a follow-up was read, the direct answer, the
    answer text (report attributions left to the source list), notes, then the numbered sources with title,
    date and quote."""
    lines = []
    if reworded(answer.question, answer.standalone_question) and not answer.clarify:
        lines.append(strings.UI_UNDERSTOOD.format(q=answer.standalone_question))  # first, as shown
    short = (answer.short_answer or "").strip()
    if short and not answer.refused and not answer.clarify and not _whole_quote(answer, short):
        lines.append(short)
    body = _ATTRIBUTION.sub("", answer.answer).strip() if answer.citations else answer.answer.strip()
    if body and body != short:
        lines.append(body)
    lines += [strings.UI_NOTE.format(note=n) for n in _notes(answer)]
    if answer.citations and not answer.clarify:
        lines.append("")
        lines.append(strings.UI_PLAIN_SOURCES)
        for c in answer.citations:
            where = strings.UI_PARAGRAPH.format(n=c.paragraph + 1) if c.paragraph >= 0 else ""
            lines.append(f"[{c.n}] 《{c.article_title}》{date_note(c.article_date)}{where}：“{c.quote}”")
    return "\n".join(lines)


# --- source cards ---


def _flat_positions(text: str) -> tuple[str, list[int]]:
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def highlight(paragraph: str, quotes: list[str]) -> str:
    """The paragraph, escaped, with each quoted passage marked (matched whitespace-insensitively); a quote
    not found in the paragraph is shown marked after it."""
    flat, positions = _flat_positions(paragraph)
    spans, missing = [], []
    for quote in quotes:
        q, _ = _flat_positions(quote)
        at = flat.find(q) if q else -1
        if at < 0:
            missing.append(quote)
        else:
            spans.append((positions[at], positions[at + len(q) - 1] + 1))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [_esc(paragraph[at:start]), "<mark>", _esc(paragraph[start:end]), "</mark>"]
        at = end
    out.append(_esc(paragraph[at:]))
    out += [f"<br><mark>{_esc(q)}</mark>" for q in missing]
    return "".join(out)


@dataclass
class _Article:
    title: str
    date: str | None
    source: str
    paragraphs: dict[int, list[Citation]] = field(default_factory=dict)  # paragraph index → citations

    @property
    def numbers(self) -> list[int]:
        return sorted(c.n for cs in self.paragraphs.values() for c in cs)


def source_cards(citations: list[Citation], turn: int, paragraph_text) -> list[str]:
    """One card per article (in the order the answer first cites it): title, date, the cited paragraphs
    with every quote highlighted, the file name in a detail line. `paragraph_text(c)` gives the paragraph
    a citation quotes from."""
    articles: dict[tuple[str, int], _Article] = {}
    for c in citations:
        a = articles.setdefault((c.source, c.article_index), _Article(c.article_title, c.article_date, c.source))
        a.paragraphs.setdefault(c.paragraph, []).append(c)
    cards = []
    for a in articles.values():
        nums = "".join(f"[{n}]" for n in a.numbers)
        paras = sorted(p for p in a.paragraphs if p >= 0) + ([-1] if -1 in a.paragraphs else [])
        where = "、".join(str(p + 1) for p in paras if p >= 0)
        # date and paragraphs kept on one line (a line may break before them, never inside them)
        meta = _date_label(a.date) + (f" · {strings.UI_PARAGRAPHS.format(p=where)}" if where else "")
        label = _esc(short_title(a.title, 22)) + (f'<span class="meta">{_esc(meta)}</span>' if meta else "")
        body = []
        for p in paras:
            cs = a.paragraphs[p]
            anchors = "".join(f'<span class="anchor" id="cite-{turn}-{c.n}"></span>' for c in cs)
            text = paragraph_text(cs[0]) if p >= 0 else ""
            marks = (
                highlight(text, [c.quote for c in cs])
                if text
                else "<br>".join(f"<mark>{_esc(c.quote)}</mark>" for c in cs)
            )
            head = strings.UI_PARAGRAPH.format(n=p + 1) if p >= 0 else strings.UI_QUOTE
            refs = "".join(f"[{c.n}]" for c in cs)
            body.append(f'<div class="para">{anchors}<div class="pn">{_esc(head)} {refs}</div><p>{marks}</p></div>')
        full = f"《{a.title}》{date_note(a.date)}"
        cards.append(
            f'<details class="card" open><summary><span class="nums">{nums}</span> {label}</summary>'
            f'<div class="full-title">{_esc(full)}</div>{"".join(body)}'
            f'<div class="file">{_esc(strings.UI_FILE.format(file=a.source))}</div></details>'
        )
    return cards


def render_sources(turns: list[dict]) -> str:
    """The sources of the newest answer; earlier answers' sources folded away below."""
    back = f'<button type="button" class="rq-back">{_esc(strings.UI_BACK)}</button><h3>{_esc(strings.UI_SOURCES)}</h3>'
    if not turns:
        return f'{back}<p class="empty">{_esc(strings.UI_SOURCES_EMPTY)}</p>'

    def block(turn: dict) -> str:
        head = f'<div class="turn">{_esc(strings.UI_TURN.format(n=turn["n"], question=turn["question"]))}</div>'
        cards = "".join(turn["cards"]) or f'<p class="empty">{_esc(strings.UI_NO_SOURCES)}</p>'
        return f'<div class="turn-sources turn-{turn["n"]}">{head}{cards}</div>'

    current, earlier = turns[-1], turns[:-1]
    out = [back, block(current)]
    if earlier:
        folded = "".join(block(t) for t in reversed(earlier))
        out.append(
            f'<details class="earlier"><summary>{_esc(strings.UI_EARLIER.format(n=len(earlier)))}</summary>{folded}</details>'
        )
    return "".join(out)
