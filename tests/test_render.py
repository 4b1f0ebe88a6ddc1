"""What the chat UI renders and copies (ui/render.py), from hand-built answers and from the real assistant."""

from __future__ import annotations

import re

from assistant import prompts
from assistant.models import Answer, Citation
from ui.render import (
    SHORT_TITLE_CHARS,
    highlight,
    plain_answer,
    render_answer,
    render_sources,
    short_title,
    source_cards,
)

TITLE = "首届“一带一路”科技交流大会在渝举办一年来，重庆科技合作朋友圈越来越大"


def cite(n: int, quote: str, paragraph: int, source: str = "000_a.txt", article_index: int = 0) -> Citation:
    return Citation(
        n=n, source=source, article_title=TITLE, article_date="2024-11", quote=quote, score=0.1,
        article_index=article_index, paragraph=paragraph,
    )  # fmt: skip


def answer(**kw) -> Answer:
    base = dict(
        question="重庆与多少个国家建立了科技合作关系？",
        standalone_question="重庆与多少个国家建立了科技合作关系？",
        answer=f"据《{TITLE[:35]}…》（2024-11）：重庆已与63个国家建立科技合作关系[1]。累计签约项目120个[2]。",
        refused=False,
        citations=[cite(1, "重庆已与63个国家建立科技合作关系。", 2), cite(2, "累计签约项目120个。", 2)],
    )
    return Answer(**(base | kw))


def test_short_answer_comes_first_in_bold_with_its_citation():
    html = render_answer(answer(short_answer="63个国家[1]"), 1, "重庆与多少个国家建立了科技合作关系？")
    short = re.search(r'<p class="short"><strong>(.*?)</strong>(.*?)</p>', html)
    assert short and short.group(1) == "63个国家" and 'href="#cite-1-1"' in short.group(2)
    assert html.index('class="short"') < html.index('class="support')
    two = render_answer(answer(short_answer="460公斤[1]，520公斤[2]"), 1, "q")
    assert re.search(r"<strong>460公斤</strong><sup[^>]*><a[^>]*>\[1\]</a></sup><strong>，520公斤</strong><sup", two)


def test_a_short_answer_that_is_a_whole_quote_is_not_shown_twice():
    html = render_answer(answer(short_answer="累计签约项目120个[2]"), 1, "q")
    assert 'class="short"' not in html and "累计签约项目120个" in html
    assert plain_answer(answer(short_answer="累计签约项目120个[2]")).count("累计签约项目120个") == 2  # text, source


def test_no_short_answer_shows_the_quotes_only():
    html = render_answer(answer(), 1, "重庆与多少个国家建立了科技合作关系？")
    assert 'class="short"' not in html and "63个国家建立科技合作关系" in html


def test_attribution_is_compact_with_the_full_title_on_hover():
    html = render_answer(answer(), 1, "q")
    attr = re.search(
        r'<span class="attr" title="([^"]*)"><span class="t">([^<]*)</span><span class="d">([^<]*)</span>', html
    )
    assert attr.group(1) == f"《{TITLE.replace('“', '&ldquo;')}》（2024-11）".replace("&ldquo;", "“")
    assert (
        attr.group(2) + attr.group(3) == f"{short_title(TITLE)} · 2024-11"
        and len(short_title(TITLE)) <= SHORT_TITLE_CHARS
    )
    assert "据《" not in html.split('class="plain"')[0]


def test_understood_as_shown_only_when_the_question_was_rewritten():
    same = render_answer(answer(), 1, "重庆与多少个国家建立了科技合作关系？")
    assert "理解为" not in same
    rewritten = render_answer(answer(question="它呢？", short_answer="63个国家[1]"), 2, "它呢？")
    assert "理解为：重庆与多少个国家建立了科技合作关系？" in rewritten
    # read before the answer it qualifies, not after the quotes
    assert rewritten.index("理解为") < rewritten.index('class="short"') < rewritten.index('class="support')
    copied = plain_answer(answer(question="它呢？", short_answer="63个国家[1]"))  # and copied in that order
    assert copied.index("理解为") < copied.index("63个国家[1]") < copied.index("来源：")


def test_understood_as_not_shown_for_spoken_words_read_in_their_written_form():
    """A UI check found "理解为" repeating a question whose only change was 啥 → 什么 or a question mark: clutter
    an official has to read for nothing."""
    typed = "重庆与多少个国家建立了科技合作关系啊，咋样"
    for read in ["重庆与多少个国家建立了科技合作关系啊，怎么样", "重庆与多少个国家建立了科技合作关系啊,咋样？"]:
        shown = render_answer(answer(question=typed, standalone_question=read), 1, typed)
        assert "理解为" not in shown and "理解为" not in plain_answer(answer(question=typed, standalone_question=read))


def test_clarify_is_a_plain_message_without_sources_or_tools():
    a = Answer(question="它有多少？", standalone_question="它有多少？", answer="请问“它”指的是哪个机构？",
               refused=False, clarify=True)  # fmt: skip
    html = render_answer(a, 1, "它有多少？")
    visible = html.split('<div class="plain"')[0]
    assert "请问“它”指的是哪个机构？" in visible
    assert "cite" not in visible and "rq-show-sources" not in visible and "理解为" not in visible
    assert plain_answer(a) == "请问“它”指的是哪个机构？"


def test_plain_text_has_no_markup_and_lists_numbered_sources():
    text = plain_answer(answer(short_answer="63个国家[1]", notes=["不同报道给出的数字不同"]))
    assert "<" not in text and ">" not in text
    assert text.startswith("63个国家[1]\n")
    assert f"[1] 《{TITLE}》（2024-11）第3段：“重庆已与63个国家建立科技合作关系。”" in text
    assert "[2] 《" in text and "说明：不同报道给出的数字不同" in text
    assert "据《" not in text  # the source list carries titles; the answer body does not repeat them


def test_user_text_and_report_text_are_escaped():
    html = render_answer(answer(answer="<img src=x onerror=alert(1)>[1]"), 1, "<b>q</b>")
    assert "<img" not in html and "<b>q" not in html and "&lt;b&gt;q" in html


def test_highlight_marks_every_quote_of_a_paragraph():
    para = "重庆已与63个国家 建立科技合作关系。去年新增10个。累计签约项目120个。"
    out = highlight(para, ["重庆已与63个国家建立科技合作关系。", "累计签约项目120个。", "不在段落里"])
    assert out.count("<mark>") == 3 and "去年新增10个。" in out and "<br><mark>不在段落里</mark>" in out


def test_source_cards_merge_citations_per_article_and_name_the_file_only_in_detail():
    cs = [cite(1, "甲。", 2), cite(2, "乙。", 5), cite(3, "丙。", 1, source="001_b.txt")]
    cards = source_cards(cs, 4, lambda c: f"段落{c.paragraph}：{c.quote}")
    assert len(cards) == 2
    first = cards[0]
    summary = re.search(r"<summary>(.*?)</summary>", first).group(1)
    assert "[1][2]" in summary and "2024-11" in summary and "第3、6段" in summary and "000_a.txt" not in summary
    assert 'id="cite-4-1"' in first and 'id="cite-4-2"' in first and "文件：000_a.txt" in first
    assert first.index("第3段") < first.index("第6段")


def test_sources_panel_shows_the_current_answer_and_folds_earlier_ones():
    turns = [{"n": 1, "question": "一", "cards": ["<details>A</details>"]},
             {"n": 2, "question": "二", "cards": ["<details>B</details>"]}]  # fmt: skip
    html = render_sources(turns)
    assert html.index("B") < html.index('<details class="earlier">') < html.index("A")
    assert '<details class="earlier">' in html and "open" not in html.split('<details class="earlier">')[1][:20]


def test_real_answers_render_and_copy_cleanly(assistant):
    for q in ["重庆与多少个国家建立了科技合作关系？", "北京与多少个国家建立了科技合作关系？"]:
        a = assistant.ask(q)
        text = plain_answer(a)
        assert "<" not in text
        for c in a.citations:
            assert c.quote in text and c.article_title in text
        if a.short_answer:
            assert text.startswith(a.short_answer)
        assert "</div>" in render_answer(a, 1, q)


def test_every_status_the_gradio_page_announces_is_translated():
    # Gradio's status tracker announces to screen readers through its translation keys; a key no locale has
    # is read out as the key itself (a screen reader said "common.complete" after each answer)
    from pathlib import Path

    import gradio

    from ui.strings import UI_GRADIO_LABELS

    assets = Path(gradio.__file__).parent / "templates" / "frontend" / "assets"
    trackers = list(assets.glob("statustracker-*.js"))
    assert trackers, "Gradio's status tracker asset not found"
    keys = {k for f in trackers for k in re.findall(r"i18n\(`([a-z_]+\.[a-z_]+)`\)", f.read_text(encoding="utf-8"))}
    assert "common.complete" in keys
    assert keys <= set(UI_GRADIO_LABELS), sorted(keys - set(UI_GRADIO_LABELS))


def test_a_refusal_with_its_nearest_passage_warns_once():
    """A UI check found "——以下内容并未回答所提问题，仅供参考——" and then "说明：所附引用不能回答所提问题，仅供参考。"
    under the same refusal: the note goes where the refusal's own line says it already, shown and copied."""
    text = f"{prompts.REFUSE_NO_SUPPORT}\n{prompts.NEAREST.format(quote='据《报道》：别的内容。')}"
    refused = answer(refused=True, answer=text, citations=[cite(1, "别的内容。", 2)], notes=[prompts.NEAREST_NOTE])
    for shown in (render_answer(refused, 1, "q"), plain_answer(refused)):
        assert "以下内容并未回答所提问题" in shown and prompts.NEAREST_NOTE not in shown
    other = answer(notes=[prompts.NEAREST_NOTE])  # (a note without that line stays)
    assert prompts.NEAREST_NOTE in render_answer(other, 1, "q")
