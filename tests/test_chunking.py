from __future__ import annotations

import pytest

from assistant.settings import DEFAULT_CORPUS
from corpus.loader import load_corpus
from corpus.models import Article, Paragraph
from index.chunking import chunk_article, chunk_articles
from index.text import split_sentences


def test_split_sentences_is_lossless_and_keeps_closing_quotes():
    text = "他说：“我们做到了。”随后离开！真的吗？是的；好…最后一句没有句号"
    parts = split_sentences(text)
    assert "".join(parts) == text
    assert parts[0] == "他说：“我们做到了。”"
    assert parts[-1] == "最后一句没有句号"


@pytest.fixture(scope="module")
def articles():
    return load_corpus(DEFAULT_CORPUS).articles


@pytest.mark.parametrize("size,overlap", [(300, 60), (150, 0), (500, 100)])
def test_chunks_are_whole_sentences_within_size(articles, size, overlap):
    for article in articles:
        sentences = {s.strip() for p in article.paragraphs for s in split_sentences(p.text)}
        for chunk in chunk_article(article, size, overlap):
            pieces = [s.strip() for line in chunk.text.split("\n") for s in split_sentences(line) if s.strip()]
            assert all(s in sentences for s in pieces)  # never a cut sentence
            longest = max(len(s) for s in pieces)
            assert len(chunk.text.replace("\n", "")) <= max(size, longest)
            assert chunk.article_title == article.title
            assert chunk.embed_text.startswith(article.title)


def test_every_sentence_is_in_some_chunk(articles):
    for article in articles:
        chunks = chunk_article(article, 300, 60)
        joined = "\n".join(c.text for c in chunks)
        for p in article.paragraphs:
            for s in split_sentences(p.text):
                assert s.strip() in joined


def test_overlap_repeats_whole_sentences():
    body = "".join(f"第{i}句话在这里说明了一件事情。" for i in range(30))
    article = Article(source="x.txt", index=0, title="标题", paragraphs=[Paragraph(text=body)])
    chunks = chunk_article(article, 100, 40)
    assert len(chunks) > 3
    for a, b in zip(chunks, chunks[1:]):
        shared = [s for s in split_sentences(b.text) if s in split_sentences(a.text)]
        assert shared and b.text.startswith("".join(shared))  # b opens with a's closing sentences
        assert 0 < len("".join(shared)) <= 40


def test_chunks_do_not_cross_sections():
    article = Article(
        source="x.txt",
        index=0,
        title="T",
        paragraphs=[Paragraph(text="第一节的内容。", section="一"), Paragraph(text="第二节的内容。", section="二")],
    )
    chunks = chunk_article(article, 300, 60)
    assert [c.section for c in chunks] == ["一", "二"]


def test_exact_duplicate_chunks_are_removed():
    para = [Paragraph(text="完全相同的一段文字，出现在两篇文章里。")]
    a = Article(source="a.txt", index=0, title="A", paragraphs=para)
    b = Article(source="b.txt", index=0, title="B", paragraphs=para)
    chunks, removed = chunk_articles([a, b], 300, 60)
    assert len(chunks) == 1 and removed == 1
