"""The Gradio chat UI (mounted at /ui by ui/server.py). Everything shown is escaped here: user input and
report text alike; only the few tags this module writes itself are HTML."""

from __future__ import annotations

import html
import re
import uuid

import gradio as gr

from assistant.models import Answer, Citation
from assistant.service import QuestionError
from ui import strings
from ui.feedback import MAX_COMMENT_CHARS, LogUnavailable
from ui.guard import per_client_answers

CSS = """
#sources details { border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin: 6px 0; }
#sources details[open] { background: #fffdf3; }
#sources details.flash { outline: 2px solid #e0a800; }
#sources summary { cursor: pointer; font-weight: 600; }
#sources .turn { margin-top: 10px; color: #555; font-size: 0.9em; }
#sources mark { background: #ffe58a; }
sup.cite a { text-decoration: none; font-weight: 600; }
.notice { color: #8a6d3b; }
"""

# Clicking a superscript [n] in an answer opens its passage in the sources panel.
HEAD = """<script>
document.addEventListener('click', function (e) {
  const link = e.target.closest && e.target.closest('a[href^="#cite-"]');
  if (!link) return;
  e.preventDefault(); e.stopPropagation();
  const card = document.getElementById(link.getAttribute('href').slice(1));
  if (!card) return;
  card.open = true;
  card.scrollIntoView({behavior: 'smooth', block: 'center'});
  card.classList.add('flash');
  setTimeout(() => card.classList.remove('flash'), 1500);
}, true);
</script>"""

_MARK = re.compile(r"\[(\d+)\]")


def render_answer(answer: Answer, turn: int) -> str:
    """The answer for the chat: escaped text, [n] as superscript links to the passage cards."""
    body = html.escape(answer.answer).replace("\n", "<br>")
    body = _MARK.sub(lambda m: f'<sup class="cite"><a href="#cite-{turn}-{m.group(1)}">[{m.group(1)}]</a></sup>', body)
    parts = []
    if answer.warning:
        parts.append(f'<p class="notice">{html.escape(strings.UI_FALLBACK.format(warning=answer.warning))}</p>')
    if answer.refused:
        parts.append(f'<p class="notice">{html.escape(strings.UI_REFUSED)}</p>')
    parts.append(f"<p>{body}</p>")
    parts += [f"<p><small>{html.escape(strings.UI_NOTE.format(note=n))}</small></p>" for n in answer.notes]
    return "".join(parts)


def _flat_positions(text: str) -> tuple[str, list[int]]:
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def highlight(paragraph: str, quote: str) -> str:
    """The paragraph, escaped, with the quoted sentences marked (matched whitespace-insensitively)."""
    flat, positions = _flat_positions(paragraph)
    q, _ = _flat_positions(quote)
    at = flat.find(q) if q else -1
    if at < 0:
        return html.escape(paragraph) + f"<br><mark>{html.escape(quote)}</mark>"
    start, end = positions[at], positions[at + len(q) - 1] + 1
    return (
        html.escape(paragraph[:start])
        + "<mark>"
        + html.escape(paragraph[start:end])
        + "</mark>"
        + html.escape(paragraph[end:])
    )


def render_sources(turns: list[dict]) -> str:
    if not turns:
        return f"<p>{html.escape(strings.UI_SOURCES_EMPTY)}</p>"
    out = []
    for turn in reversed(turns):  # the newest answer first
        out.append(
            f'<div class="turn">{html.escape(strings.UI_TURN.format(n=turn["n"], question=turn["question"]))}</div>'
        )
        out += turn["cards"]
    return "".join(out)


def citation_card(c: Citation, turn: int, paragraph: str) -> str:
    date = f"（{c.article_date}）" if c.article_date else ""
    summary = html.escape(f"[{c.n}] 《{c.article_title}》{date} · {c.source}")
    return (
        f'<details id="cite-{turn}-{c.n}"><summary>{summary}</summary><p>{highlight(paragraph, c.quote)}</p></details>'
    )


def build_ui(app) -> gr.Blocks:
    holder, log = app.state.holder, app.state.log

    def paragraph_of(assistant, c: Citation) -> str:
        article = assistant.index.articles.get((c.source, c.article_index))
        if article is None or not 0 <= c.paragraph < len(article.paragraphs):
            return c.quote
        return article.paragraphs[c.paragraph].text

    def respond(message, chat, history, turns, conversation_id):
        message = (message or "").strip()
        if not message:
            yield chat, history, turns, gr.skip(), gr.skip(), message, ""
            return
        chat = chat + [
            {"role": "user", "content": html.escape(message)},
            {"role": "assistant", "content": html.escape(strings.UI_THINKING)},
        ]
        yield chat, history, turns, gr.skip(), gr.skip(), "", ""
        assistant = holder.get()
        if assistant is None:
            chat[-1]["content"] = html.escape(holder.error or strings.ERR_INDEX_UNAVAILABLE)
            yield chat, history, turns, gr.skip(), gr.skip(), "", ""
            return
        try:
            text = ""
            for event in assistant.stream(message, history):
                if event.type == "token":
                    text += event.text
                    chat[-1]["content"] = html.escape(text).replace("\n", "<br>") + " ▌"
                    yield chat, history, turns, gr.skip(), gr.skip(), "", ""
                    continue
                answer = event.answer
                answer_id = log.record_answer(answer, conversation_id, "ui")
                n = len(turns) + 1
                chat[-1]["content"] = render_answer(answer, n)
                cards = [citation_card(c, n, paragraph_of(assistant, c)) for c in answer.citations]
                turns = turns + [{"n": n, "question": message, "cards": cards}]
                yield chat, history + [message], turns, render_sources(turns), answer_id, "", ""
        except QuestionError as exc:
            chat[-1]["content"] = html.escape(str(exc))
            yield chat, history, turns, gr.skip(), gr.skip(), "", ""

    def new_conversation():
        return [], [], [], render_sources([]), None, "", "", uuid.uuid4().hex

    def rate(value: int):
        def handler(answer_id, comment):
            comment = comment or ""
            if len(comment) > MAX_COMMENT_CHARS:  # the box caps typing; a client posting directly does not
                return comment, strings.ERR_COMMENT_TOO_LONG.format(n=len(comment), limit=MAX_COMMENT_CHARS)
            if not answer_id:
                return comment, strings.UI_FEEDBACK_NOTHING
            try:
                log.record_feedback(answer_id, value, comment)
            except LogUnavailable:
                return comment, strings.ERR_LOG_UNAVAILABLE
            return "", strings.UI_FEEDBACK_THANKS

        return handler

    with gr.Blocks(title=strings.UI_TITLE) as ui:
        history = gr.State([])  # earlier questions, for follow-ups
        turns = gr.State([])  # rendered citation cards per answer
        last_answer = gr.State(None)
        conversation = gr.State(lambda: uuid.uuid4().hex)
        gr.Markdown(f"## {strings.UI_TITLE}\n{strings.UI_INTRO}")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(elem_id="chat", height=520, show_label=False, feedback_options=None, buttons=["copy"])
                with gr.Row():
                    question = gr.Textbox(
                        placeholder=strings.UI_INPUT_PLACEHOLDER,
                        show_label=False,
                        scale=5,
                        elem_id="question",
                        max_lines=4,
                    )
                    send = gr.Button(strings.UI_SEND, variant="primary", scale=1, elem_id="send")
                gr.Examples(strings.EXAMPLES, inputs=[question], label=strings.UI_EXAMPLES)
                with gr.Row():
                    up = gr.Button(strings.UI_FEEDBACK_UP, elem_id="feedback-up", size="sm")
                    down = gr.Button(strings.UI_FEEDBACK_DOWN, elem_id="feedback-down", size="sm")
                    comment = gr.Textbox(
                        placeholder=strings.UI_FEEDBACK_COMMENT,
                        show_label=False,
                        scale=3,
                        elem_id="feedback-comment",
                        max_length=MAX_COMMENT_CHARS,
                    )
                    new = gr.Button(strings.UI_NEW, elem_id="new-conversation", size="sm")
                status = gr.Markdown(elem_id="feedback-status")
            with gr.Column(scale=2):
                gr.Markdown(f"### {strings.UI_SOURCES}")
                sources = gr.HTML(render_sources([]), elem_id="sources")
        outputs = [chat, history, turns, sources, last_answer, question, status]
        # one client's flood must not take every queue worker (ui/guard.py)
        respond_fairly = per_client_answers(
            respond, app.state.settings.ui_answers_per_client, lambda: (*[gr.skip()] * 6, strings.UI_BUSY)
        )
        for trigger in (question.submit, send.click):
            trigger(respond_fairly, [question, chat, history, turns, conversation], outputs)
        new.click(new_conversation, None, [*outputs, conversation])
        up.click(rate(1), [last_answer, comment], [comment, status])
        down.click(rate(-1), [last_answer, comment], [comment, status])
    return ui
