"""The Gradio chat UI (mounted at /ui by ui/server.py). HTML and plain text are rendered in ui/render.py;
the browser side (citation links, copy, the phone drawer, accessible names) is ui/static/app.js."""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path

import gradio as gr

from assistant.models import Citation
from assistant.questions import QuestionError, clean_question
from ui import strings
from ui.feedback import MAX_COMMENT_CHARS, LogUnavailable
from ui.guard import per_client
from ui.render import render_answer, render_sources, source_cards

STATIC = Path(__file__).resolve().parent / "static"
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
CSS = (STATIC / "app.css").read_text(encoding="utf-8")
_TEXT = {
    "copied": strings.UI_COPIED,
    "copiedAll": strings.UI_COPIED_ALL,
    "copyFailed": strings.UI_COPY_FAILED,
    "nothingToCopy": strings.UI_NOTHING_TO_COPY,
    "chatLabel": strings.UI_CHAT_LABEL,
    "user": strings.UI_MESSAGE_USER,
    "bot": strings.UI_MESSAGE_BOT,
    "title": strings.UI_TITLE,
    "scrollDown": strings.UI_SCROLL_DOWN,
    "toastTitle": strings.UI_TOAST_TITLE,
    "toastLost": strings.UI_TOAST_LOST,
    "toastOther": strings.UI_TOAST_OTHER,
    "sources": strings.UI_SOURCES,
}
# Rules that depend on <body> go in <head>: Gradio prefixes the css it is given with its container's class.
_HEAD_CSS = (
    "@media (max-width: 480px) { body.rq-sources-open #sources-panel { visibility: visible !important; "
    "transform: none !important; } body.rq-sources-open #chat .scroll-down-button-container { display: none; } "
    # the example question would wrap in the narrow box and show cut in half: one line, ended by …
    "#question textarea::placeholder { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; } }"
    # a browser set to dark (Gradio then adds .dark to <body>): app.css's own colours, readable on dark grey
    "body.dark { --rq-text: #e4e4e7; --rq-text-2: #d4d4d8; --rq-text-3: #c4c4cc; --rq-subtle: #a1a1aa; "
    "--rq-rule: #3f3f46; --rq-border: #52525b; --rq-card: #1c1b17; --rq-button: #27272a; --rq-button-hover: #3f3f46; "
    "--rq-link: #93c5fd; --rq-notice: #e0b872; --rq-mark: #854d0e; --rq-mark-text: #fef9c3; --rq-error: #fca5a5; }"
)
HEAD = (
    # the page is Chinese: screen readers and fonts go by <html lang>, which Gradio's page sets to "en"
    '<script>document.documentElement.lang = "zh-CN";</script>\n'
    f"<style>{_HEAD_CSS}</style>\n"
    f"<script>window.REPORTQA_TEXT = {json.dumps(_TEXT, ensure_ascii=False)};</script>\n"
    f"<script>{(STATIC / 'app.js').read_text(encoding='utf-8')}</script>"
)
# Gradio's built-in labels in Chinese for every browser language: the same overrides under each locale
# Gradio might pick ("en" is its fallback).
I18N = gr.I18n(**{loc: strings.UI_GRADIO_LABELS for loc in ("en", "zh-CN", "zh-TW", "zh")})


def _user_message(text: str) -> dict:
    return {"role": "user", "content": html.escape(text).replace("\n", "<br>")}


def _rating_label(value: int) -> str:
    return strings.UI_FEEDBACK_UP if value > 0 else strings.UI_FEEDBACK_DOWN


def build_ui(app) -> gr.Blocks:
    holder, log = app.state.holder, app.state.log
    limit = app.state.settings.answer.max_question_chars

    def paragraph_of(assistant, c: Citation) -> str:
        article = assistant.index.articles.get((c.source, c.article_index))
        if article is None or not 0 <= c.paragraph < len(article.paragraphs):
            return c.quote
        # a bold label the layout glued into the paragraph (**朋友圈** 与65个…) is shown without its marks
        return _MD_BOLD.sub(r"\1", article.paragraphs[c.paragraph].text)

    with gr.Blocks(title=strings.UI_TITLE) as ui:
        history = gr.State([])  # earlier questions, for follow-ups
        turns = gr.State([])  # rendered source cards per answer
        last_answer = gr.State(None)
        last_rating = gr.State(None)
        conversation = gr.State(lambda: uuid.uuid4().hex)
        gr.Markdown(f"## {strings.UI_TITLE}\n{strings.UI_INTRO}", elem_id="intro")
        with gr.Row(equal_height=False, elem_id="layout"):
            with gr.Column(scale=3, min_width=300, elem_id="chat-column"):
                chat = gr.Chatbot(
                    elem_id="chat",
                    height="min(720px, 56vh)",
                    show_label=False,
                    label=strings.UI_CHAT_LABEL,
                    feedback_options=None,
                    buttons=[],
                    render_markdown=False,  # messages are HTML rendered (and escaped) by ui/render.py
                    autoscroll=False,  # app.js scrolls: to the bottom while waiting, to the answer's top when done
                )
                with gr.Row(elem_id="ask-row", equal_height=True):
                    question = gr.Textbox(
                        placeholder=strings.UI_INPUT_PLACEHOLDER,
                        label=strings.UI_INPUT_LABEL,
                        show_label=False,
                        scale=5,
                        min_width=180,
                        elem_id="question",
                        max_lines=4,
                    )
                    send = gr.Button(strings.UI_SEND, variant="primary", scale=1, min_width=64, elem_id="send")
                question_error = gr.Markdown(elem_id="question-error")
                with gr.Row(elem_id="feedback-row", equal_height=True):
                    up = gr.Button(
                        strings.UI_FEEDBACK_UP, elem_id="feedback-up", size="sm", interactive=False, min_width=80
                    )
                    down = gr.Button(
                        strings.UI_FEEDBACK_DOWN, elem_id="feedback-down", size="sm", interactive=False, min_width=80
                    )
                    comment = gr.Textbox(
                        placeholder=strings.UI_FEEDBACK_COMMENT,
                        label=strings.UI_FEEDBACK_COMMENT,
                        show_label=False,
                        scale=3,
                        min_width=140,
                        elem_id="feedback-comment",
                        max_length=MAX_COMMENT_CHARS,
                        interactive=False,
                        container=False,
                    )
                    new = gr.Button(strings.UI_NEW, elem_id="new-conversation", size="sm", min_width=80)
                    gr.Button(strings.UI_COPY_ALL, elem_id="copy-all", size="sm", min_width=100)  # app.js copies
                status = gr.Markdown(elem_id="feedback-status")
                # clicked, an example fills the box and app.js asks it
                gr.Examples(strings.EXAMPLES, inputs=[question], label=strings.UI_EXAMPLES, elem_id="examples")
            with gr.Column(scale=2, min_width=280, elem_id="sources-panel"):
                sources = gr.HTML(render_sources([]), elem_id="sources")

        feedback_off = {
            up: gr.update(interactive=False, variant="secondary"),
            down: gr.update(interactive=False, variant="secondary"),
            comment: gr.update(interactive=False),
        }

        def respond(message, chat_, history_, turns_, conversation_id):
            message = (message or "").strip()
            if not message:  # say so: a click that does nothing looks broken
                yield {question_error: strings.ERR_EMPTY_QUESTION}
                return
            try:
                size = len(clean_question(message, limit=len(message) + 1))
            except QuestionError as exc:
                yield {question_error: str(exc)}
                return
            if size > limit:  # keep the text in the box: the user shortens it rather than pasting it again
                yield {question_error: strings.UI_TOO_LONG.format(n=size, over=size - limit, limit=limit)}
                return
            chat_ = chat_ + [_user_message(message), {"role": "assistant", "content": html.escape(strings.UI_THINKING)}]
            yield {chat: chat_, question: "", question_error: "", status: "", last_answer: None, **feedback_off}
            assistant = holder.get()
            if assistant is None:
                chat_[-1]["content"] = html.escape(holder.error or strings.ERR_INDEX_UNAVAILABLE)
                yield {chat: chat_}
                return
            try:
                text = ""
                for event in assistant.stream(message, history_):
                    if event.type == "token":
                        text += event.text
                        streamed = html.escape(text).replace("\n", "<br>")
                        chat_[-1]["content"] = f'<span class="rq-streaming">{streamed} ▌</span>'  # app.js: aria-busy
                        yield {chat: chat_}
                        continue
                    answer = event.answer
                    answer_id = log.record_answer(answer, conversation_id, "ui")
                    n = len(turns_) + 1
                    chat_[-1]["content"] = render_answer(answer, n, message)
                    cards = source_cards(answer.citations, n, lambda c: paragraph_of(assistant, c))
                    turns_ = turns_ + [{"n": n, "question": message, "cards": cards}]
                    yield {
                        chat: chat_,
                        history: history_ + [message],
                        turns: turns_,
                        sources: render_sources(turns_),
                        last_answer: answer_id,
                        last_rating: None,
                        up: gr.update(interactive=True, variant="secondary"),
                        down: gr.update(interactive=True, variant="secondary"),
                        comment: gr.update(interactive=True),
                    }
            except QuestionError as exc:
                chat_[-1]["content"] = html.escape(str(exc))
                yield {chat: chat_}

        def new_conversation():
            yield {
                chat: [],
                history: [],
                turns: [],
                sources: render_sources([]),
                last_answer: None,
                last_rating: None,
                question: "",
                question_error: "",
                status: "",
                comment: "",
                conversation: uuid.uuid4().hex,
                **feedback_off,
            }

        def record(answer_id, value: int | None, comment_: str) -> str:
            """'' once recorded, else what to tell the user."""
            if len(comment_) > MAX_COMMENT_CHARS:  # the box caps typing; a client posting directly does not
                return strings.ERR_COMMENT_TOO_LONG.format(n=len(comment_), limit=MAX_COMMENT_CHARS)
            if not answer_id:
                return strings.UI_FEEDBACK_NOTHING
            if value is None:  # a comment sent with Enter before any rating: it goes with the rating
                return strings.UI_FEEDBACK_RATE_FIRST
            try:
                log.record_feedback(answer_id, value, comment_, replace=True)  # one rating per answer
            except LogUnavailable:
                return strings.ERR_LOG_UNAVAILABLE
            return ""

        def rate(value: int):
            def handler(answer_id, comment_, previous):
                comment_ = (comment_ or "").strip()
                problem = record(answer_id, value, comment_)
                if problem:
                    yield {status: problem}
                    return
                if comment_:
                    message = strings.UI_FEEDBACK_WITH_COMMENT
                else:
                    message = strings.UI_FEEDBACK_THANKS if previous is None else strings.UI_FEEDBACK_CHANGED
                yield {
                    comment: "",
                    status: message.format(rating=_rating_label(value)),
                    last_rating: value,
                    up: gr.update(variant="primary" if value > 0 else "secondary"),
                    down: gr.update(variant="primary" if value < 0 else "secondary"),
                }

            return handler

        def send_comment(answer_id, comment_, previous):
            """Enter in the comment box: the comment joins the rating already given (or asks for one)."""
            comment_ = (comment_ or "").strip()
            if not comment_:
                yield {status: ""}
                return
            problem = record(answer_id, previous, comment_)
            yield {status: problem} if problem else {comment: "", status: strings.UI_FEEDBACK_COMMENT_SAVED}

        everything = [chat, history, turns, sources, last_answer, last_rating, question, question_error, status]
        everything += [up, down, comment, conversation]
        # every event takes from the client's rate limit here, not as an HTTP 429 (which Gradio shows as an error
        # over the whole chat): the page says so and keeps the conversation and the question typed (ui/guard.py)
        policy = app.state.policy
        group = policy.group_for("/ui/gradio_api/queue/join")

        def limited(fn, where, **fair):
            def on_limited(seconds: int) -> dict:
                return {where: strings.UI_RATE_LIMIT.format(seconds=seconds)}

            return per_client(fn, lambda client: policy.limiter.take(group, client), on_limited, **fair)

        # one client's flood must not take every queue worker either; the question stays in the box
        answers = app.state.settings.ui.answers_per_client
        respond_fairly = limited(
            respond, question_error, answers=answers, on_busy=lambda: {question_error: strings.UI_BUSY}
        )
        for trigger in (question.submit, send.click):
            trigger(respond_fairly, [question, chat, history, turns, conversation], everything)
        start_over = limited(new_conversation, status)
        new.click(start_over, None, everything)
        chat.clear(start_over, None, everything)  # Gradio's own clear (hidden by app.css) starts over too
        for button, value in ((up, 1), (down, -1)):
            feedback = [comment, status, last_rating, up, down]
            button.click(limited(rate(value), status), [last_answer, comment, last_rating], feedback)
        comment.submit(limited(send_comment, status), [last_answer, comment, last_rating], [comment, status])
    return ui
