"""The extractive answerer: quote the few sentences of the retrieved passages that answer the question.

No sentence is written that the reports do not contain: the answer is verbatim sentences with [n] marks,
grouped by report, plus an attribution ("据《标题》（日期）：") per report. The question's specific terms
(names, places, organisations, figures, Latin words) must be found in the evidence, else the answer is a
refusal; a year may also be matched by the report's own date.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant import prompts
from assistant.models import Citation
from index.models import Hit
from index.text import STOPWORDS, split_sentences, tagged_words, to_simplified

CJK = re.compile(r"[\u4e00-\u9fff]")
_PROPER = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "j"}
_NAMES = {"ns", "nr", "nrt", "nrfg"}
_NUM = r"[\d一二三四五六七八九十百千万亿两]"
_QUESTION_WORD = re.compile(r"(什么|多少|哪些|哪个|哪一|哪年|哪里|何时|如何|怎样|怎么|是否|几|谁|吗|呢|哪)")
_ASKS_NUMBER = re.compile(r"(多少|几|多大|多高|多长|多久|数量|比例|百分|how many|how much)", re.I)
_ASKS_TIME = re.compile(r"(何时|什么时候|哪一年|哪年|哪天|几月|时间|日期|when)", re.I)
_ASKS_LIST = re.compile(r"(哪些|有哪|包括|列举|分别|which)", re.I)
_ASKS_WHY = re.compile(r"(为什么|为何|原因|why)", re.I)
_ASKS_WHERE = re.compile(r"(哪里|在哪|何处|什么地方|位置|where)", re.I)
_HAS_CAUSE = re.compile(r"(因为|由于|因此|所以|为了|以致|导致|原因)")
_HAS_PLACE = re.compile(r"(位于|坐落|地处|在[\u4e00-\u9fff]{1,8}(省|市|县|区|镇|州|国))")
_HAS_NUMBER = re.compile(r"\d|[一二三四五六七八九十百千万亿两]+(个|项|家|名|所|人|次|年|万|亿|倍|场|份|条|张)")
_HAS_DATE = re.compile(r"\d{4}年|\d{1,2}月|\d{1,2}日|今年|去年|近日|年底|年初")
_ADMIN_SUFFIX = "市省县区镇"

# Words that name the kind of answer wanted; answers rarely repeat them ("职务" → "任…副书记").
FRAME_WORDS = frozenset(
    [
        "特点",
        "特征",
        "职务",
        "职位",
        "身份",
        "时间",
        "日期",
        "年份",
        "名字",
        "名称",
        "称号",
        "别名",
        "活动",
        "观点",
        "看法",
        "奖项",
        "内容",
        "意思",
        "含义",
        "意义",
        "作用",
        "影响",
        "目标",
        "目的",
        "原因",
        "结果",
        "方式",
        "方法",
        "过程",
        "经过",
        "经历",
        "发展",
        "情况",
        "地方",
        "地点",
        "位置",
        "区域",
        "范围",
        "种类",
        "类型",
        "成分",
        "构造",
        "结构",
        "什么样",
        "怎么样",
        "样子",
        "数量",
        "规模",
        "面积",
        "人数",
        "数目",
        "程度",
        "变化",
        "历史",
        "来源",
        "由来",
        "评价",
        "作品",
        "成就",
        "贡献",
        "措施",
        "举措",
        "成效",
        "成果",
        "项目",
        "任务",
        "工作",
        "功能",
        "用途",
        "特色",
        "优势",
        "条件",
        "要求",
        "标准",
        "主要",
        "哪几",
        "几座",
        "几种",
        "哪几个",
        "事情",
        "事",
        "进展",
        "做法",
        "实现目标",
    ]
)
# frame words only right after 哪/什么 (哪些城市 is answered by city names; 多少个国家 by “50个国家”)
KIND_WORDS = frozenset(["城市", "国家", "地区", "企业", "单位", "机构", "学校", "高校"])

MIN_SCORE = 0.5  # share of the question's weighted terms a quoted sentence (with its context) must carry
SPLIT_OWN = (0.2, 0.8)
ABSENT_SHARE = 0.6  # refuse when this share of the question's other words is nowhere in the evidence  # see answer_extractive: names in one sentence, the rest only in another
KEEP_RATIO = 0.8  # further sentences must score this close to the best one
OWN_RATIO = 0.9  # ... and carry this share of the terms the best one carries itself
MAX_SENTENCES = 3
MAX_SENTENCES_LIST = 4


def norm(text: str) -> str:
    """For matching only: NFKC, simplified script, lower case, one kind of dash, no spaces or quotes."""
    text = unicodedata.normalize("NFKC", to_simplified(text)).lower()
    text = re.sub(r"[‐‑‒–—―－-]+", "-", text)
    return re.sub(r"[\s“”\"'‘’「」『』]", "", text)


@dataclass
class Term:
    text: str  # normalised
    critical: bool
    weight: float = 1.0
    display: str = ""  # as the user wrote it
    frame: bool = False  # names the kind of answer wanted (FRAME_WORDS)
    strict: bool = False  # a place or person name: matched as a whole word only


@dataclass
class Evidence:
    """A sentence of a retrieved chunk, with what it needs for scoring."""

    hit_rank: int
    hit: Hit
    sentence: str  # verbatim
    paragraph: int
    norm: str
    words: frozenset[str]
    title_norm: str
    title_words: frozenset[str]
    context_norm: str  # title + section + whole chunk + the article date
    context_words: frozenset[str]
    article_norm: str  # the whole article: names it mentions anywhere still frame this sentence
    article_words: frozenset[str]
    score: float = 0.0
    own: set[str] = field(default_factory=set)  # terms found in the sentence itself (or its title)
    partial: set[str] = field(default_factory=set)  # terms it has in part (abbreviated, a shared word)
    missing: list[str] = field(default_factory=list)


def question_terms(question: str, df: dict[str, int], n_docs: int) -> list[Term]:
    terms: dict[str, Term] = {}
    for phrase in re.findall(r"[“\"《「]([^”\"》」]{2,30})[”\"》」]", question):  # quoted names are critical
        terms[norm(phrase)] = Term(norm(phrase), True, display=phrase)
    prev = ""
    for word, flag in tagged_words(question):
        t, before, prev = norm(word), prev, (prev + word)[-4:]
        if t in KIND_WORDS and re.search(r"(哪|什么)\w{0,2}$", before):
            t = "什么" + t  # marks it as a frame word below
        if not t or t in STOPWORDS or _QUESTION_WORD.fullmatch(t) or not re.search(r"\w", t):
            continue
        if re.fullmatch(r"\d+(\.\d+)?", t) or re.fullmatch(r"[a-z][a-z0-9.+&-]*", t):
            critical = True
        elif len(t) == 1:
            continue  # single characters say too little on their own
        elif t in FRAME_WORDS or t.startswith("什么"):
            critical = False  # jieba tags some of them as places (城市/ns)
        else:
            # jieba tags many common two-character words nz/j (车企, 年产); names are ns/nr/nt or longer
            critical = flag in _PROPER and not (flag in ("nz", "j") and len(t) <= 2)
        if t not in terms:
            terms[t] = Term(t, critical, display=word, strict=flag in _NAMES)
    for term in terms.values():
        idf = math.log(1 + n_docs / (1 + df.get(term.text, 0)))
        term.frame = not term.critical and (term.text in FRAME_WORDS or term.text.startswith(("哪些", "哪几", "什么")))
        term.weight = idf * (2.0 if term.critical else 0.2 if term.frame else 1.0)
    return list(terms.values())


@lru_cache(maxsize=8192)
def _norm_cached(text: str) -> str:
    return norm(text)


@lru_cache(maxsize=8192)
def word_set(text: str) -> frozenset[str]:
    """Words of a text (jieba accurate mode), plus place names without their 市/县/区 suffix. Cached:
    the same chunks come back for many questions."""
    words = {norm(w) for w, _ in tagged_words(text)}
    return frozenset(words | {w[:-1] for w in words if len(w) > 2 and w[-1] in _ADMIN_SUFFIX})


def partly_supported(term: Term, text_norm: str) -> bool:
    """An abbreviation (奥运会 ~ 奥林匹克运动会, 年产 ~ 年养蚕…产: its characters in order, close together) or,
    for terms that are not names, a shared two-character word (广告语 ~ 广告口号). Short place and person
    names never match in part (北京 is not 北…京)."""
    t = term.text
    if not CJK.fullmatch(t[0]) or len(t) < 2 or (len(t) == 2 and term.strict):
        return False
    gap = f".{{0,{2 * len(t)}}}?"
    if re.search(gap.join(map(re.escape, t)), text_norm):
        return True
    return not term.critical and any(
        t[i : i + 2] in text_norm for i in range(len(t) - 1) if CJK.fullmatch(t[i]) and CJK.fullmatch(t[i + 1])
    )


def supported(term: Term, text_norm: str, words: frozenset[str]) -> bool:
    t = term.text
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return re.search(rf"(?<![\d.]){re.escape(t)}(?![\d])", text_norm) is not None
    if term.strict and len(t) <= 2 and CJK.search(t):
        return t in words  # the place 北京 must not match inside 北京理工大学
    return t in text_norm


def gather(hits: list[Hit], article_text) -> list[Evidence]:
    """article_text(chunk) -> the full text of the chunk's article."""
    out = []
    articles: dict[tuple[str, int], tuple[str, set[str]]] = {}
    for rank, hit in enumerate(hits):
        c = hit.chunk
        date = c.article_date or ""
        context = f"{c.article_title}\n{c.section}\n{c.text}"
        context_norm = _norm_cached(context) + "|" + date.replace("-", "年", 1)
        context_words = word_set(context)
        key = (c.source, c.article_index)
        if key not in articles:
            full = f"{c.article_title}\n{article_text(c)}"
            articles[key] = (_norm_cached(full) + "|" + date.replace("-", "年", 1), word_set(full))
        paragraph = c.paragraph_start
        for part in c.text.split("\n"):
            for s in split_sentences(part):
                if len(s.strip()) >= 4:
                    out.append(
                        Evidence(
                            rank,
                            hit,
                            s.strip(),
                            paragraph,
                            _norm_cached(s),
                            word_set(s),
                            _norm_cached(c.article_title),
                            word_set(c.article_title),
                            context_norm,
                            context_words,
                            *articles[key],
                        )
                    )
            paragraph += 1
    return out


@lru_cache(maxsize=1024)
def count_pattern(question: str) -> str:
    """What the answer to a “how many” question looks like: 多少项 → “80余项”, 多少个国家 → “63个国家”
    (个 says too little on its own), 多少亩 → “5万亩”. '' when the question counts nothing in particular."""
    words = list(tagged_words(question))
    for i, (word, flag) in enumerate(words):
        m = re.fullmatch(r"(?:多少|几)(?:万|亿)?(\w?)", word)
        if flag != "m" or not m:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ("", "")
        unit = m.group(1) or (nxt[0] if len(nxt[0]) == 1 and nxt[1][0] in "qn" else "")
        if unit and unit not in "个种":
            unit = "[人名位]" if unit in "人名位" else re.escape(unit)
            return rf"{_NUM}\s*[余多]?[万亿千百]?{unit}"
        rest = [(w, f) for w, f in words[i + 1 : i + 3] if w != unit]
        if rest and rest[0][1].startswith("n") and len(rest[0][0]) >= 2:
            noun = re.escape(to_simplified(rest[0][0]))
            return rf"{_NUM}[^，。；]{{0,4}}{noun}|{noun}[^，。；]{{0,6}}{_NUM}"
    return ""


def score(ev: Evidence, terms: list[Term], question: str) -> float:
    total = sum(t.weight for t in terms) or 1.0
    got = 0.0
    ev.missing, ev.own, ev.partial = [], set(), set()
    for t in terms:
        if supported(t, ev.norm, ev.words) or supported(t, ev.title_norm, ev.title_words):
            # a term of the title frames every sentence of the article, so it does not tell them apart
            got += t.weight
            ev.own.add(t.text)
        elif partly_supported(t, ev.norm):
            got += 0.6 * t.weight
            ev.partial.add(t.text)
        elif supported(t, ev.context_norm, ev.context_words):
            got += 0.5 * t.weight
        elif supported(t, ev.article_norm, ev.article_words):
            got += 0.3 * t.weight
        elif t.critical and not partly_supported(t, ev.article_norm):
            ev.missing.append(t.text)
    s = got / total
    count = count_pattern(question)  # a sentence that gives no such count does not answer “how many”
    if count:
        s += 0.15 if re.search(count, ev.sentence) else -0.2
    if _ASKS_NUMBER.search(question) and _HAS_NUMBER.search(ev.sentence):
        s += 0.1
    if _ASKS_TIME.search(question) and _HAS_DATE.search(ev.sentence):
        s += 0.1
    if _ASKS_WHY.search(question) and _HAS_CAUSE.search(ev.sentence):
        s += 0.1
    if _ASKS_WHERE.search(question) and _HAS_PLACE.search(ev.sentence):
        s += 0.1
    s += 0.05 / (1 + ev.hit_rank)
    if len(ev.sentence) > 150:
        s -= 0.05  # prefer the sentence that says it, not the paragraph that contains it
    return s


@dataclass
class Extract:
    refused: bool
    answer: str
    citations: list[Citation]
    notes: list[str]
    missing_terms: list[str]


def answer_extractive(
    question: str,
    hits: list[Hit],
    df: dict[str, int],
    n_docs: int,
    article_text,
    embed_sentences=None,
    corpus_words: frozenset[str] = frozenset(),
) -> Extract:
    """article_text(chunk) -> its article's text. embed_sentences(question, sentences) -> similarities:
    used when the question shares no words with the reports (e.g. asked in English). corpus_words: every
    word of the corpus, so that a refusal names only terms the reports never use."""
    terms = question_terms(question, df, n_docs)
    evidence = gather(hits, article_text)
    if not evidence:
        return Extract(True, prompts.REFUSE_NO_SUPPORT, [], [], [])
    cross_lingual = not CJK.search(question) and embed_sentences is not None
    if cross_lingual:
        sims = embed_sentences(question, [e.sentence for e in evidence])
        for e, sim in zip(evidence, sims):
            e.score = float(sim) + 0.05 / (1 + e.hit_rank)
    else:
        for e in evidence:
            e.score = score(e, terms, question)
    # critical terms found nowhere in the evidence: the reports do not speak of them
    if not cross_lingual:
        missing = [
            t
            for t in terms
            if t.critical
            and not any(
                supported(t, e.article_norm, e.article_words) or partly_supported(t, e.article_norm) for e in evidence
            )
        ]
        if missing:
            # name only what the whole corpus lacks; a term found elsewhere is just not said with the rest
            absent = [t for t in missing if not (t.text in corpus_words if t.strict else df.get(t.text))]
            shown = "、".join(t.display or t.text for t in absent)
            message = prompts.REFUSE_MISSING_TERMS.format(terms=shown) if absent else prompts.REFUSE_NO_SUPPORT
            return _refusal(message, evidence, [t.text for t in missing])
        # the subject is covered but what is asked about it is not (渝西中学的高考升学率): most of the
        # question's other words appear nowhere in the evidence, not even in part
        content = [t for t in terms if not t.critical and not t.frame]
        absent = [
            t
            for t in content
            if not any(
                supported(t, e.article_norm, e.article_words) or partly_supported(t, e.article_norm) for e in evidence
            )
        ]
        if len(absent) >= 2 and sum(t.weight for t in absent) >= ABSENT_SHARE * sum(t.weight for t in content):
            shown = "、".join(t.display or t.text for t in absent)
            return _refusal(prompts.REFUSE_MISSING_TERMS.format(terms=shown), evidence, [t.text for t in absent])
    ranked = sorted(evidence, key=lambda e: -e.score)
    best = ranked[0]
    threshold = 0.0 if cross_lingual else MIN_SCORE
    # critical terms may frame a sentence from its article (重庆 in a report about Chongqing); the others
    # must be said by the sentence itself
    weight = {t.text: (0.0 if t.critical or t.frame else t.weight) for t in terms}
    best_own = sum(weight[t] for t in best.own)
    content = sum(weight.values())
    said = sum(weight[t] for t in best.own if t in best.norm)  # by the sentence, not its title
    # "北京理工大学与多少个国家建立了科技合作关系？": one sentence names the institution, another speaks of
    # countries and cooperation but of someone else; the reports never say the two together
    # (only with several such terms: one or two are too easily said in other words)
    split = (
        sum(1 for w in weight.values() if w) >= 3
        and said < SPLIT_OWN[0] * content
        and any(
            e.missing and sum(weight[t] for t in e.own) >= SPLIT_OWN[1] * content and _article(e) != _article(best)
            for e in ranked[1:]
        )
    )
    if not cross_lingual and (best.score < threshold or best.missing or split):
        return _refusal(prompts.REFUSE_NO_SUPPORT, evidence, best.missing)
    limit = MAX_SENTENCES_LIST if _ASKS_LIST.search(question) else MAX_SENTENCES
    chosen = [best]
    floor = max(threshold, KEEP_RATIO * best.score) if not cross_lingual else best.score - 0.03
    for e in ranked[1:]:
        if len(chosen) >= limit or e.score < floor:
            break
        if e.missing or any(norm(e.sentence) == norm(c.sentence) for c in chosen):
            continue
        # a further sentence must itself say (nearly) all that made the best one relevant
        if not cross_lingual and sum(weight[t] for t in e.own & best.own) < OWN_RATIO * best_own:
            continue
        if _ASKS_NUMBER.search(question) and not _HAS_NUMBER.search(e.sentence):
            continue
        chosen.append(e)
    return _compose(question, chosen)


def _article(e: Evidence) -> tuple[str, int]:
    return e.hit.chunk.source, e.hit.chunk.article_index


def _refusal(message: str, evidence: list[Evidence], missing: list[str]) -> Extract:
    """Refuse, pointing at the nearest passage only as a reference (never as an answer)."""
    nearest = max(evidence, key=lambda e: e.score)
    reference = citation(1, nearest.hit, nearest.sentence, nearest.paragraph)
    answer = f"{message}\n{prompts.NEAREST.format(quote=_attributed(nearest.hit, nearest.sentence))}"
    return Extract(True, answer, [reference], [prompts.NEAREST_NOTE], missing)


def _attributed(hit: Hit, quote: str) -> str:
    return prompts.ATTRIBUTION.format(title=_short_title(hit.chunk.article_title), date=_date(hit)) + quote


def _short_title(title: str) -> str:
    return title if len(title) <= 36 else title[:35] + "…"


def _date(hit: Hit) -> str:
    return prompts.DATE.format(date=hit.chunk.article_date) if hit.chunk.article_date else ""


def citation(n: int, hit: Hit, quote: str, paragraph: int) -> Citation:
    c = hit.chunk
    return Citation(
        n=n,
        source=c.source,
        article_title=c.article_title,
        article_date=c.article_date,
        quote=quote,
        score=round(hit.score, 6),
        chunk_id=c.id,
        article_index=c.article_index,
        paragraph=paragraph,
    )


def _compose(question: str, chosen: list[Evidence]) -> Extract:
    by_report: dict[tuple[str, int], list[Evidence]] = {}
    for e in chosen:
        by_report.setdefault((e.hit.chunk.source, e.hit.chunk.article_index), []).append(e)
    groups = list(by_report.values())
    if len(groups) > 1:  # several reports: oldest first, so changes over time read in order
        groups.sort(key=lambda g: (g[0].hit.chunk.article_date or "9999", g[0].hit.chunk.source))
    citations: list[Citation] = []
    lines = []
    for group in groups:
        group.sort(key=lambda e: (e.paragraph, e.hit.chunk.text.find(e.sentence)))
        quotes = []
        for e in group:
            citations.append(citation(len(citations) + 1, e.hit, e.sentence, e.paragraph))
            quotes.append(f"{e.sentence}[{len(citations)}]")
        lines.append(_attributed(group[0].hit, "".join(quotes)))
    notes = []
    if len(groups) > 1:
        answer = prompts.MULTI_REPORT_INTRO + "\n" + "\n".join(f"- {line}" for line in lines)
        if _ASKS_NUMBER.search(question) and _figures_differ(groups):
            notes.append(prompts.FIGURES_DIFFER)
    else:
        answer = lines[0]
    return Extract(False, answer, citations, notes, [])


def _figures_differ(groups: list[list[Evidence]]) -> bool:
    figures = [frozenset(re.findall(r"\d+(?:\.\d+)?", "".join(e.sentence for e in g))) for g in groups]
    return len(set(figures)) > 1
