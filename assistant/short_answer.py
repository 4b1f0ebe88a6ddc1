"""The short answer: the span of the quoted sentences that answers the question. Rules for spans the learned
ranker, fitted on CMRC's counts and names, rarely picks whole come first; then the ranker
(assistant/span_model.py); without its model, the rules of assistant/span.py."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.counting import figure_spans, measure_pattern
from assistant.lexicon import ASKS_NAME, CHOICE, MEASURE, asked_type
from assistant.models import Citation
from assistant.span import kind_named, ordinal, short_answer
from assistant.span_figures import dimension_figure, figure_after, figure_of_counted
from assistant.span_kinds import name_after_kind, organisation, quoted_name
from assistant.span_model import SHORT_MAX, learned_short_answer, load_span_model
from assistant.span_shape import enumeration, held_at, located, nationality, titled
from assistant.who import (
    name_after_title,
    names_before,
    said_words,
    sole_name,
    title_before_name,
    with_whole_name,
)
from index.tokenizer import Tokenizer


def best_span(tokenizer: Tokenizer, question: str, kind: str, sentences: list[str]) -> tuple[int, str] | None:
    """The learned span ranker (assistant/span_model.py); the rules of assistant/span.py without its model.
    A choice between figures (是63个还是65个): the one the quotes give, none when they give both (the note
    that reports differ says why).
    Who someone named is: the title written before the name (the ranker reads "是谁" as asking for a name); who
    holds a title the question gives: the name right after it (who.name_after_title); which one in a series: the
    ordinal (第三轮); which ones (哪些, 哪几家): the list the sentence writes with 、 (span_shape.enumeration);
    which university / company: its name (span.organisation); which document or work (什么文件,
    哪部小说): the one title in 《》 (span_shape.titled); where something 位于 or someone was born: what
    follows that verb (span_shape.located); where something was done (在哪里举办): the place between 在 and that verb
    (span_shape.held_at); which country's (哪国的哲学家): the place written before the noun
    (span_shape.nationality); which kind of a thing: what the sentence writes right
    before it (养殖行业: span.kind_named); how much of what the question ends with: the figure right after it
    (span_figures.figure_after). How many of what it counts, or how big: the figure written next to that, or of
    the dimension's units, when the ranker's span (maybe the figure with more words, as CMRC's are: 2,173个坐席)
    does not hold it (span_figures.figure_of_counted, dimension_figure)."""
    choice = CHOICE.search(question)
    if choice:  # 是63个还是65个: the one choice the quotes give, none when they give several
        given = [(i, m.group()) for f in choice.groups() for i, s in enumerate(sentences) if (m := _figure(f, s))]
        return min(given) if len({f for _, f in given}) == 1 else None
    # spans the ranker, fitted on CMRC's counts and names, rarely picks whole; the first rule that finds one wins
    rules: list[Callable[[str], str | None]] = [
        lambda s: title_before_name(question, s),
        lambda s: ordinal(question, s),
        lambda s: enumeration(tokenizer, question, s),
        lambda s: organisation(tokenizer, question, s),
        lambda s: titled(tokenizer, question, s),
        lambda s: located(question, s),
        lambda s: held_at(tokenizer, question, s),
        lambda s: nationality(tokenizer, question, s),
        lambda s: name_after_kind(tokenizer, question, s),
        lambda s: quoted_name(question, s),
    ]
    if kind == "number":
        rules.append(lambda s: figure_after(tokenizer, question, s))
    if kind == "person" or ASKS_NAME.search(question):  # (总裁叫什么名字)
        rules.append(lambda s: name_after_title(tokenizer, question, s))
    if kind == "person":
        rules.append(lambda s: names_before(tokenizer, question, s))
    if not kind:
        rules.append(lambda s: said_words(question, s))
        rules.append(lambda s: kind_named(tokenizer, question, s))
    for rule in rules:
        found = first_found(sentences, rule)
        if found:
            return found
    if load_span_model() is not None:
        learned = learned_short_answer(tokenizer, question, kind, sentences)
        if learned:
            learned = learned[0], with_whole_name(tokenizer, sentences[learned[0]], learned[1])
        counted = (
            first_found(sentences, lambda s: figure_of_counted(tokenizer, question, s)) if kind == "number" else None
        )
        measure = measure_pattern(tokenizer, question) if counted else ""
        earlier = learned is not None and counted is not None and learned[0] < counted[0]
        if counted and not (
            learned and (counted[1] in learned[1] or earlier and measure and figure_spans(measure, learned[1]))
        ):
            # the ranker's span lacks the figure written next to what is counted (151家 for 多少院士); a figure
            # of a later, less likely quote does not replace one of the measure asked (多少家 → 454家) the ranker
            # found in an earlier quote
            return counted
        span = learned[1] if learned else None
        sized = first_found(sentences, lambda s: dimension_figure(question, s, span)) if kind == "number" else None
        if sized:
            return sized  # (5万亩 for 多大面积, not 20多个 places)
        if kind == "person" and (learned is None or len(learned[1]) > SHORT_MAX):
            at = learned[0] if learned else 0
            name = sole_name(tokenizer, question, sentences[at])
            if name:  # a clause (…担任重庆研究院院长) or nothing, where the sentence names one person
                return at, name
        return learned
    for i, sentence in enumerate(sentences):
        span = short_answer(tokenizer, question, kind, sentence)
        if span:
            return i, span
    return None


def _figure(figure: str, sentence: str) -> re.Match | None:
    """The figure written in the sentence as a whole number (not 163), with its measure word."""
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d.])[万亿千百]*(?:{MEASURE})?", sentence)


def first_found(sentences: list[str], rule: Callable[[str], str | None]) -> tuple[int, str] | None:
    """(index of the first sentence the rule finds a span in, that span)."""
    return next(((i, t) for i, s in enumerate(sentences) if (t := rule(s))), None)


def llm_short_answer(tokenizer: Tokenizer, question: str, citations: list[Citation]) -> str | None:
    """For a generated answer: a span taken verbatim from one of its cited quotes, with that quote's [n]."""
    found = best_span(tokenizer, question, asked_type(question), [c.quote for c in citations])
    return f"{found[1]}[{citations[found[0]].n}]" if found else None
