"""`reportqa reports add|list|remove` (the CLI app, in this process), and what a failed rebuild leaves behind."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.settings import DEFAULT_CORPUS, Settings
from corpus.loader import load_corpus
from devtools.documents import pick_articles, word_docx
from index import store
from index.store import build_index, read_info
from tests.helpers import index_copy, run_cli
from ui.reports import ReportManager

KEEP = "002_4948a34765266114.txt"  # one small shipped report: quick to index


@pytest.fixture
def folders(tmp_path, embedder, index_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEFAULT_CORPUS / KEEP, corpus / KEEP)
    copy = index_copy(index_dir, tmp_path / "index")  # KEEP keeps its vectors
    build_index(corpus, copy, embedder=embedder)
    return corpus, copy


def run(*args, corpus, index_dir):
    env = {"REPORTQA_INDEX__CORPUS_DIR": str(corpus)}
    return run_cli("reports", *args, index_dir=index_dir, env=env, check=False)


def test_reports_add_list_remove(folders, tmp_path):
    corpus, index_dir = folders
    docx = tmp_path / "两篇报道.docx"
    docx.write_bytes(word_docx(pick_articles(load_corpus(DEFAULT_CORPUS).articles)))
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type")

    listed = run("list", corpus=corpus, index_dir=index_dir)
    assert listed.returncode == 0 and KEEP in listed.stdout and "已索引" in listed.stdout

    added = run("add", str(docx), str(bad), "--date", "2025-06-12", corpus=corpus, index_dir=index_dir)
    assert added.returncode == 1  # one of the files was refused
    assert "已添加 两篇报道.docx（docx，2 篇文章）" in added.stdout and "索引已更新" in added.stdout
    assert "坏.pdf" in added.stderr and "损坏" in added.stderr
    assert not (corpus / "坏.pdf").exists()
    info = read_info(index_dir)
    assert "两篇报道.docx" in info.files and KEEP in info.files
    meta = json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))
    assert meta["两篇报道.docx"] == {"date": "2025-06-12", "basis": "管理员录入"}

    removed = run("remove", "两篇报道.docx", corpus=corpus, index_dir=index_dir)
    assert removed.returncode == 0, removed.stderr
    assert set(read_info(index_dir).files) == {KEEP}
    last = run("remove", KEEP, corpus=corpus, index_dir=index_dir)
    assert last.returncode != 0 and "最后一份报道" in last.stderr and (corpus / KEEP).exists()


def test_a_failed_rebuild_takes_the_new_file_out_and_keeps_the_served_index(folders, tmp_path, monkeypatch, embedder):
    corpus, index_dir = folders
    before = read_info(index_dir)

    def build_fails(*args, **kwargs):  # failure injection: the disk fills up mid-build
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "build_index", build_fails)  # ReportManager imports it when it rebuilds
    manager = ReportManager(Settings(index={"corpus_dir": corpus, "index_dir": index_dir}), lambda: embedder)
    manager.add("新报道\n\n本报讯 重庆今年新增科技合作项目12个。".encode(), "新报道.txt", date="2025-07-01")
    status = manager.wait(60)
    assert status.state == "failed" and "原有索引保持不变" in status.message and "No space left" in status.message
    assert sorted(p.name for p in corpus.iterdir()) == [KEEP, "metadata.json"]
    assert "新报道.txt" not in json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))
    assert read_info(index_dir) == before
