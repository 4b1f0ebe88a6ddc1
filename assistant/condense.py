"""Rule-based follow-up resolution: turn "它促成了多少个项目？" into a standalone question using the
earlier questions. (An LLM rewrite can replace this where an LLM is configured.)

Rules, in order:
1. a pronoun or "该/这个 + noun" refers to the topic of the previous question: replace it with the topic;
2. an elliptical "那X呢？" asks the previous question again about X: X + previous question;
3. a question with no name, place, number or other specific term of its own inherits the previous topic.
"""

from __future__ import annotations

import re

from index.text import STOPWORDS, is_dictionary_word, tagged_words

# "该中心" / "这个项目" / "它" ... (longest first so "它们" wins over "它")
_DEMONSTRATIVE = r"(?:该|这个|那个|这一|这项|这家|这所|这位|此|上述)"
ANAPHOR = re.compile(
    rf"(它们|他们|她们|它|他|她|其|{_DEMONSTRATIVE}(?:[\u4e00-\u9fff]{{1,4}}?)(?=[的在是有与和将已于，,。？?促举成共]|$)|{_DEMONSTRATIVE})"
)
ELLIPSIS = re.compile(r"^(?:那么?|那在|还有|再说说)?\s*(.{1,30}?)\s*(?:的情况)?(?:呢|怎么样|如何|又如何)\s*[？?]?$")
_ENTITY_FLAGS = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "eng", "n", "vn", "m", "j", "l", "x"}
_PROPER_FLAGS = {"ns", "nr", "nt", "nz", "nrt", "nrfg", "eng", "j"}
_JOINERS = set('-—–－()（）·“”"')
_QUESTION_WORDS = re.compile(r"(什么|多少|哪些|哪个|哪一|哪年|何时|如何|怎样|怎么|是否|几|谁|吗|呢)")


def topic_of(question: str) -> str:
    """The main subject of a question: the first run of noun-like words that holds a proper noun (else the
    longest run). Verbs inside a run are kept ("技术转移中心"), verbs at its end are not."""
    runs: list[tuple[str, bool]] = []
    cur: list[tuple[str, str]] = []

    def close():
        while cur and cur[-1][1].startswith("v") and cur[-1][1] != "vn":
            cur.pop()
        text = re.sub(r"[“”\"「」]", "", "".join(w for w, _ in cur)).strip("-—–－·")  # quotes may be unbalanced
        if text:
            runs.append((text, any(f in _PROPER_FLAGS for _, f in cur)))
        cur.clear()

    for word, flag in tagged_words(question):
        nounish = (
            (flag in _ENTITY_FLAGS or (flag.startswith("v") and cur))
            and not _QUESTION_WORDS.search(word)
            and word not in STOPWORDS
            and not re.fullmatch(r"[？?，,。！!；;：:]", word)
        )
        if nounish or (word in _JOINERS and cur):
            cur.append((word, flag))
        else:
            close()
    close()
    if not runs:
        return ""
    proper = [text for text, has_proper in runs if has_proper]
    return proper[0] if proper else max(runs, key=lambda r: len(r[0]))[0]


def has_own_subject(question: str) -> bool:
    """A name, place, organisation or figure of its own. jieba tags some common words as person names
    (师生/nr); a person name it knows from its dictionary does not count."""

    def proper(word: str, flag: str) -> bool:
        if flag.startswith("nr"):
            return not is_dictionary_word(word)
        if flag in ("nz", "j", "eng"):  # jieba tags many common words nz/j (年产, 车企); names are longer
            return len(word) >= 3
        return flag in _PROPER_FLAGS or (flag == "m" and bool(re.search(r"\d", word)))

    return any(proper(w, f) for w, f in tagged_words(question))


def condense(question: str, history: list[str]) -> str:
    """Resolve `question` against earlier questions (oldest first). No history: returned unchanged."""
    question = question.strip()
    if not history:
        return question
    previous = condense(history[-1], history[:-1])
    topic = topic_of(previous)
    if not topic:
        return question
    m = ANAPHOR.search(question)
    if m and topic not in question:
        rest = question[m.end() :]
        for n in range(min(4, len(topic)), 0, -1):  # "这家" + "公司…" after a topic ending in 公司
            if rest.startswith(topic[-n:]):
                rest = rest[n:]
                break
        return question[: m.start()] + topic + rest
    e = ELLIPSIS.match(question)
    if e and len(question) <= 20:
        focus = e.group(1).strip()
        base = re.sub(r"[？?]\s*$", "", previous)
        return f"{focus}，{base}？" if focus else previous
    if not has_own_subject(question):
        return f"{topic}{question}"
    return question
