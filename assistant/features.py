"""Features of (question, sentence) pairs for the learned scorer (assistant/scorer.py).

Computed the same way at answer time and when fitting (evals/fit_scorer.py), so the model sees at run time
exactly what it was fitted on. Every feature is a number in about [0, 1].
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from assistant.counting import count_pattern, counted_unit, measure_pattern
from assistant.dimensions import asked_dimension
from assistant.evidence import Evidence, Term, norm, partly_supported, said_in_article, supported
from assistant.lexicon import (
    ASKS_NAME,
    ASKS_WHY,
    FIGURE_VERBS,
    HAS_CAUSE,
    KEYWORD_ASKS,
    MEASURE,
    OFFICE_TITLE,
    PROVINCES,
    QUESTION_WORD,
    ROLE_TAGS,
    asked_type,
    has_type,
)
from assistant.synonyms import kind_of_person
from index.tokenizer import Tokenizer

RELATIVE = ("cov_own", "content_said", "bigram_cover", "critical_said", "cov_partial", "type_match")
FEATURES = (
    "cov_own",  # rarity-weighted share of the question's terms the sentence (or its title) says
    "cov_partial",  # ... says in part (an abbreviation, a shared two-character word)
    "cov_context",  # ... only its chunk says
    "cov_article",  # ... only its article says
    "critical_said",  # share of the names/figures the sentence itself says
    "content_said",  # share of the other (non-name, non-frame) terms the sentence itself says
    "absent_share",  # share of the question's content no retrieved report says at all (same for all sentences)
    "critical_missing",  # a name or figure of the question is nowhere in the sentence's article
    "critical_off_chunk",  # share of the names/figures not even said by the sentence's chunk (a neighbour's topic)
    "constraint_said",  # year / edition the question sets: share said by the sentence or its title
    "constraint_missing",  # ... share not even said by the sentence's chunk
    "asks_type",  # the question asks for a number / date / person / place / organisation
    "type_match",  # ... and the sentence holds one
    "count_match",  # “多少项” and the sentence gives a count of 项
    "count_miss",  # “多少项” and it gives none
    "why_match",  # “为什么” and the sentence gives a cause
    "bigram_cover",  # share of the question's character pairs (question words aside) in the sentence
    "dense",  # cosine similarity of the question and the sentence's chunk, minus the best chunk's (corpora differ)
    "rank",  # 1 / (1 + rank of the chunk in the fused retrieval)
    "long",  # the sentence is long (a paragraph that happens to contain the terms)
    # the same measures relative to the best sentence retrieved for the question (0 for the best): what
    # matters is which sentence answers best, and questions differ in how many of their words any report says
    *(f"rel_{name}" for name in RELATIVE),
)
TYPE_MATCH = FEATURES.index("type_match")  # where a sentence's features say it holds the type asked for


@dataclass
class QuestionInfo:
    """What is computed once per question."""

    question: str
    terms: list[Term]
    kind: str  # asked_type
    count: str  # count_pattern
    bigrams: frozenset[str]
    absent_share: float
    top_dense: float  # the best chunk's cosine similarity to the question
    attribute: Term | None = None  # what a number is asked of, or the office of a person (asked_attribute)
    category: tuple[Term, ...] = ()  # the words narrowing what "多少家…" counts (counted_category)
    counted: str = ""  # what "多少家…" counts, as written (AI企业)
    measure: str = ""  # a figure of the measure word a number question names (多少户 → "…户"; counting.measure_pattern)
    unit: str = ""  # that measure word (户; counting.counted_unit), for a refusal to name
    dimension: str = ""  # the units of a dimension a number question names (多大面积: dimensions.asked_dimension)
    people: str = ""  # the kind of person a number question counts (多少员工 → 员工: counted_people)


# nouns asked the figure of that name no measure of their own (专家人数是多少, 专项数量是多少): what is counted is
# the noun written before them, which a sentence must say (10余名专家)
NO_MEASURE_OF_THEIR_OWN = frozenset(["数量", "数目", "人数", "总数", "个数"])


def asked_attribute(question: str, kind: str, terms: list[Term]) -> Term | None:
    """For a person: the office asked about (asked_office). For a number: the noun it is asked of, in a
    question that ends with its question word: the word right before it (营收是多少 → 营收, 机动车保有量 →
    保有量), words that only introduce the figure (达到, 大约) aside. None when that word is a verb (生存了多少年:
    the measure is the verb's), a name or a year (checked on their own)."""
    if kind == "person":
        return asked_office(question, terms)
    if asks_name(question, kind):  # only an office: "该项目叫什么名字？" asks the name of a thing
        office = asked_office(question, terms)
        return office if office and OFFICE_TITLE.search(office.text) else None
    m = re.search(r"多少|几", question) if kind == "number" else None  # not 多高 / 多大: the adjective says it
    if kind == "number" and not m:
        m = KEYWORD_ASKS["number"].search(question)
    # only "…Y是多少？" / "…Y有多少人？": when words follow the question word (多少人死亡), what is measured
    # is not simply the word before it
    if not m or not re.fullmatch(rf"{MEASURE}?\W*", question[m.end() :]):
        return None
    end = m.end() if m.re is KEYWORD_ASKS["number"] else m.start()
    before = [t for t in terms if t.display and 0 <= question.find(t.display) <= end - len(t.display)]
    before.sort(key=lambda t: question.find(t.display))
    while before and (before[-1].pos == "d" or before[-1].text in FIGURE_VERBS):
        before.pop()
    last = before[-1] if before else None
    generic = ""
    if last is not None and last.text in NO_MEASURE_OF_THEIR_OWN and len(before) > 1:
        last, generic = before[-2], last.display  # 专家人数 → 专家: what is counted
        if question.find(last.display) + len(last.display) != question.find(generic):
            return None  # (not written right before it)
    if last is None or last.critical or last.constraint or last.text in NO_MEASURE_OF_THEIR_OWN:
        return None
    # and nothing but particles between it and the question word (年产茧多少: 茧 is measured, not 年产)
    gap = question[question.find(last.display) + len(last.display) : end].replace(generic, "", 1)
    for t in terms:
        if t.pos == "d" or t.text in FIGURE_VERBS:
            gap = gap.replace(t.display, "")
    if not re.fullmatch(r"[的是有为了到在共约\W]*", gap):
        return None
    # a noun, or whatever is the subject of 是 / 为 / 有 (jieba tags 收入 a verb)
    return last if last.pos[:1] in "nlj" or last.pos == "vn" or re.search("[是为有]", gap) else None


def asked_office(question: str, terms: list[Term]) -> Term | None:
    """The noun a person is asked as, when the question is only that: "…的董事长是谁？" (the noun right before
    是谁 / 为谁 / 是哪位, with a 副 before it: the deputy is asked) or "谁担任…院长？" (the noun that ends "谁是 /
    谁担任 …"). A sentence naming someone of another office of the same body does not answer. None for a name
    (王飞是谁) or any other wording."""
    # (jieba tags some titles b, 主任/b, as it does 副/b)
    nouns = [t for t in terms if (t.pos[:1] in "nj" or t.pos == "eng" or OFFICE_TITLE.search(t.text)) and t.display]
    nouns = [t for t in nouns if not t.critical and not t.constraint]
    before = re.search(rf"的?(?:(?:是|为)(?:谁|哪位|哪一位)|{ASKS_NAME.pattern})\W*$", question)
    after = re.match(r"\W*(?:谁|哪位|哪一位)(?:是|担任|出任|任)(.+?)\W*$", question)
    head = question[: before.start()] if before else after.group(1) if after else ""
    office = next((t for t in nouns if head.endswith(t.display)), None) if head else None
    if office is not None and head[: -len(office.display)].endswith("副") and not office.text.startswith("副"):
        return replace(office, text="副" + office.text, display="副" + office.display)  # the deputy is asked
    return office


def asks_name(question: str, kind: str) -> bool:
    """A name asked without 谁 / 哪位 (…的校长叫什么名字？), so with no type asked."""
    return not kind and bool(ASKS_NAME.search(question))


def asks_person(info: QuestionInfo) -> bool:
    """谁 / 哪位…, or a name asked without them (asks_name)."""
    return info.kind == "person" or asks_name(info.question, info.kind)


def deputy_only(sentence: str, office: str) -> bool:
    """Every 理事长 of the sentence is a 副理事长: a deputy holds another office than the one asked about."""
    at = [m.start() for m in re.finditer(re.escape(office), sentence)]
    return bool(at) and all(sentence[i - 1 : i] == "副" for i in at)


def office_said(tokenizer: Tokenizer, e: Evidence, office: Term) -> bool:
    """The sentence says the office, or names someone (e.features: type_match) in a passage that says it,
    not only as a deputy's (the office may be given a sentence before the name). A word for a kind of person
    that jieba tags as a name (师生/nr) names no one. Only for an office (lexicon.OFFICE_TITLE): a relation (弟弟
    of 魏玩) is often said another way (魏泰的姐姐). For a name asked without 谁 (asks_name) type_match is 0, so
    only a sentence that says the office itself can answer."""
    if office.text in e.norm or office.text in e.title_norm or not OFFICE_TITLE.search(office.text):
        return True  # (said in part is not enough: 主任 is not 副主任, 秘书 not 秘书长)
    in_passage = office.text in e.context_norm and not deputy_only(e.context_norm, office.text)
    if not (e.features[TYPE_MATCH] and in_passage):
        return False
    tags = tokenizer.names_joined(list(tokenizer.tagged_words(e.sentence)))
    # two regions' one-character names (鲁渝 — Shandong and Chongqing's —, 川渝, 京津), which jieba may tag as a
    # name, name no one
    return any(t in ROLE_TAGS and not kind_of_person(w) and not set(w) <= PROVINCES for w, t in tags)


def counted_category(question: str, kind: str, terms: list[Term]) -> tuple[tuple[Term, ...], str]:
    """The words before the counted noun in "多少 / 几" + measure word + nouns (多少家AI企业 → AI; 多少个国际友好
    城市 → 国际): the category counted, which a sentence must say to answer (a count of 企业 is no count of AI
    企业). The counted noun itself may be said otherwise (企业 / 公司, 大学 / 高校) and is not required; a
    year is a constraint of its own. Also the counted words as written."""
    m = re.search(rf"(?:多少|几){MEASURE}", question) if kind == "number" else None
    if not m:
        return (), ""
    nouns, at = [], m.end()
    after = sorted(
        ((question.find(t.display, m.end()), t) for t in terms if t.display and t.display in question[m.end() :]),
        key=lambda found: found[0],
    )
    for start, t in after:
        if start != at or not (t.pos[:1] in "nj" or t.pos in ("vn", "eng")):
            break
        nouns.append(t)
        at = start + len(t.display)
    return tuple(t for t in nouns[:-1] if not t.constraint), question[m.end() : at]


def _bigrams(text: str) -> frozenset[str]:
    text = QUESTION_WORD.sub(" ", text)
    text = re.sub(r"[\W_]+", " ", text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1) if " " not in text[i : i + 2])


def question_info(tokenizer: Tokenizer, question: str, terms: list[Term], evidence: list[Evidence]) -> QuestionInfo:
    content = [t for t in terms if not t.critical and not t.frame]
    absent = [
        t
        for t in content
        if not any(
            supported(t, e.article_norm, e.article_words) or partly_supported(t, e.article_norm) for e in evidence
        )
    ]
    total = sum(t.weight for t in content)
    share = sum(t.weight for t in absent) / total if total else 0.0
    top = max((e.hit.dense_score or 0.0 for e in evidence), default=0.0)
    kind = asked_type(question)
    return QuestionInfo(
        question,
        terms,
        kind,
        count_pattern(tokenizer, question),
        _bigrams(norm(question)),
        share,
        top,
        asked_attribute(question, kind, terms),
        *counted_category(question, kind, terms),
        measure_pattern(tokenizer, question) if kind == "number" else "",
        counted_unit(tokenizer, question) if kind == "number" else "",
        (asked_dimension(question) or "") if kind == "number" else "",
        counted_people(question, terms) if kind == "number" else "",
    )


def counted_people(question: str, terms: list[Term]) -> str:
    """The kind of person a number question counts (多少员工, 几位老师, 多少当地农民: the last noun after 多少 / 几,
    a word 同义词词林 lists only among people); '' for any other count, and for an ordinal (第几位皇后)."""
    m = re.search(rf"(?<!第)(?:多少|几){MEASURE}?", question)
    if not m:
        return ""
    at, head = m.end(), None  # the last noun of the run after it (多少当地农民 → 农民)
    while (t := next((t for t in terms if t.display and question.find(t.display, at) == at), None)) is not None:
        if not (t.pos[:1] in "njs" or t.pos == "vn"):  # (当地/s 农民)
            break
        head, at = t, at + len(t.display)
    return head.text if head is not None and kind_of_person(head.text) else ""


def features(tokenizer: Tokenizer, ev: Evidence, q: QuestionInfo) -> list[float]:
    """Also sets ev.own / ev.partial / ev.missing (used to choose and compose the answer)."""
    terms = q.terms
    total = sum(t.weight for t in terms) or 1.0
    own = partial = context = article = 0.0
    ev.missing, ev.own, ev.partial = [], set(), set()
    crit_total = crit_said = crit_off = content_total = content_said = 0.0
    cons_total = cons_said = cons_missing = 0
    for t in terms:
        in_sentence = supported(t, ev.norm, ev.words)
        if in_sentence or supported(t, ev.title_norm, ev.title_words):
            own += t.weight
            ev.own.add(t.text)
        elif partly_supported(t, ev.norm):
            partial += t.weight
            ev.partial.add(t.text)
        elif supported(t, ev.context_norm, ev.context_words):
            context += t.weight
        elif supported(t, ev.article_norm, ev.article_words):
            article += t.weight
        elif t.critical and not said_in_article(t, ev):  # (not whole: supported above)
            ev.missing.append(t.text)
        if t.constraint:
            cons_total += 1
            cons_said += t.text in ev.own
            cons_missing += not supported(t, ev.context_norm, ev.context_words)
        elif t.critical:
            crit_total += t.weight
            crit_said += t.weight * (in_sentence or t.text in ev.partial)
            crit_off += t.weight * (
                not supported(t, ev.context_norm, ev.context_words) and not partly_supported(t, ev.context_norm)
            )
        elif not t.frame:
            content_total += t.weight
            content_said += t.weight * (in_sentence or 0.6 * (t.text in ev.partial))
    tags = list(tokenizer.tagged_words(ev.sentence)) if q.kind in ("person", "place", "org") else []
    type_match = bool(q.kind) and has_type(q.kind, ev.sentence, tags, q.question)
    counted = bool(q.count) and re.search(q.count, ev.sentence) is not None
    cover = len(q.bigrams & _sentence_bigrams(ev.norm)) / len(q.bigrams) if q.bigrams else 0.0
    hit = ev.hit
    return [
        own / total,
        partial / total,
        context / total,
        article / total,
        crit_said / crit_total if crit_total else 1.0,
        content_said / content_total if content_total else 1.0,
        q.absent_share,
        float(bool(ev.missing)),
        crit_off / crit_total if crit_total else 0.0,
        cons_said / cons_total if cons_total else 1.0,
        cons_missing / cons_total if cons_total else 0.0,
        float(bool(q.kind)),
        float(type_match),
        float(counted),
        float(bool(q.count) and not counted),
        float(bool(ASKS_WHY.search(q.question)) and bool(HAS_CAUSE.search(ev.sentence))),
        cover,
        (hit.dense_score or 0.0) - q.top_dense if hit.dense_score is not None else -0.2,
        1.0 / (1 + ev.hit_rank),
        min(1.0, math.log1p(max(0, len(ev.sentence) - 60)) / 5),
    ]


def add_relative(evidence: list[Evidence]) -> None:
    """Append the rel_ features once every sentence of the question has its own ones."""
    for name in RELATIVE:
        i = FEATURES.index(name)
        best = max((e.features[i] for e in evidence), default=0.0)
        for e in evidence:
            e.features.append(e.features[i] - best)


def _sentence_bigrams(text_norm: str) -> frozenset[str]:
    return frozenset(text_norm[i : i + 2] for i in range(len(text_norm) - 1))
