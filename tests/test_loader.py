"""The loader on the real shipped reports, and on bad files."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.settings import DEFAULT_CORPUS
from corpus.captions import caption_words
from corpus.loader import load_corpus, parse_report
from corpus.text import no_spaces


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DEFAULT_CORPUS)


def test_article_count_per_file(corpus):
    counts = Counter(a.source for a in corpus.articles if a.title != "本版图片说明")
    assert counts == {
        "000_daf82d54c5550ef9.txt": 4,
        "001_7b8b428d76361817.txt": 1,
        "002_4948a34765266114.txt": 2,
        "003_c25356526fced0ba.txt": 8,
        "004_6110fa4b9379b4c2.txt": 3,
    }
    assert not corpus.problems


def test_titles(corpus):
    titles = [a.title for a in corpus.articles]
    assert titles[0].startswith("首届“一带一路”科技交流大会在渝举办一年来")
    assert "阳光人寿重庆分公司 积极构建“大消保”工作格局 守护“银龄”幸福时光" in titles
    assert "奉节县:科技为蚕桑发展赋能" in titles
    assert "重庆市产学研合作促进会 谱写科技成果转化新篇" in titles
    # a kicker line and the main headline make one title
    assert "千项合作项目+千名青年科学家交流 成渝地区“一带一路”科技合作“双千”计划启动" in titles
    assert "共建创新之路 促进合作发展" in titles
    assert "宁德时代董事长兼CEO曾毓群 推动全球发展清洁能源" in titles


def test_title_printed_after_its_article_is_reattached(corpus):
    school = next(a for a in corpus.articles if a.title.startswith("渝西中学"))
    assert school.paragraphs[0].text.startswith("读万卷书,更要行万里路。")
    insurer = next(a for a in corpus.articles if a.title.startswith("阳光人寿"))
    assert "读万卷书" not in insurer.text


def test_no_duplicate_paragraphs_and_all_text_verbatim(corpus):
    raw = {s: no_spaces((DEFAULT_CORPUS / s).read_text(encoding="utf-8")) for s in corpus.file_hashes}
    seen = set()
    for a in corpus.articles:
        for p in a.paragraphs:
            key = no_spaces(p.text)
            assert key not in seen, p.text[:40]
            seen.add(key)
            assert key in raw[a.source], p.text[:40]
    everything = "".join(seen)
    assert everything.count("目前,我市与63个国家建立了科技合作关系") == 1  # printed twice in 000
    assert everything.count("这样的故事正在巴渝大地频繁上演") == 1  # printed twice in 001
    assert everything.count("转化战略合作框架协议,双方将合作引进高层次海智创新资源落户") == 1  # repeated tail in 002


def test_broken_paragraphs_are_rejoined(corpus):
    text = "\n".join(a.text for a in corpus.articles)
    assert "战略性科技创新合作等重点专项达50余项" in text
    assert "从长江之滨到尼罗河畔，从实验室到示范田，" in text
    assert "拟实施重大项目40项，布局解决关键技术问题52项，总投资34.56亿元。" in text
    for a in corpus.articles:
        for p in a.paragraphs[:-1]:  # only the last paragraph of an article may be left hanging
            if p.text.endswith(("合", "简", "真", "国", "支")):
                pytest.fail(f"unjoined paragraph in {a.id}: {p.text[-20:]}")


def test_a_bold_lead_in_starts_a_paragraph_of_its_own_after_one_the_page_cut_off():
    """A UI check found "全方位提出建设措转化链 获批建设…" as one paragraph: the page cut the first one off, and the
    next opens with a bold lead-in, a new item."""
    cut = "在国家层面，首个专门支持西部科学城建设发展的文件，从科技创新合作、组织实施保障等方面，全方位提出建设措"
    item = "**转化链** 获批建设成渝地区国际技术转移中心，高质量建设中匈技术转移中心。"
    broken = ["另一段讲的是另一件事情，这一段在版面上被分成了两行，", "而是在这里接上，才说完。"]
    text = "\n\n".join(["重庆科技合作取得新成效", cut, item, *broken])
    paragraphs = [p.text for p in parse_report(text, "x.txt")[0].paragraphs]
    assert paragraphs == [cut, item, "".join(broken)]  # a paragraph without a lead-in is still rejoined


def test_bylines_captions_and_signatures_stay_out_of_bodies(corpus):
    text = "\n".join(a.text for a in corpus.articles)
    for noise in [
        "记者 张锦辉 摄",
        "▲",
        "本报记者 姜峰",
        "版式设计",
        "图片由重庆市科学技术局提供",
        "陈佳佳",
        "杜林燕",
        "“清味”系列水果蒸馏酒\n",
        "新华社记者",
        "首席记者 张亦筑\n",
    ]:
        assert noise not in text, noise
    for a in corpus.articles:
        for p in a.paragraphs:
            assert p.text != "阳光人寿重庆分公司" and p.text != "龙红梅"


def test_captions_are_kept_without_credits_in_an_article_of_their_own(corpus):
    pages = {a.source: a for a in corpus.articles if a.title == "本版图片说明"}
    assert sorted(pages) == ["000_daf82d54c5550ef9.txt", "002_4948a34765266114.txt", "004_6110fa4b9379b4c2.txt"]
    said = [p.text for p in pages["000_daf82d54c5550ef9.txt"].paragraphs]
    assert said == [
        "中国援坦桑尼亚农业技术示范中心,重庆水稻专家王莺(左二)在给当地人传授水稻种植新技术。",
        "11月5日,新加坡国立大学重庆研究院,科研人员正在组装固态纽扣电池。",
    ]
    assert pages["002_4948a34765266114.txt"].paragraphs[0].text.endswith("图为工人在渝昆高铁沱江特大桥施工现场作业。")
    assert pages["004_6110fa4b9379b4c2.txt"].paragraphs[0].text == "西部（重庆）科学城金凤实验室科研人员在做实验。"
    assert pages["002_4948a34765266114.txt"].date == "2022-11"  # the page's date
    for source, page in pages.items():
        raw = (DEFAULT_CORPUS / source).read_text(encoding="utf-8")
        assert all(p.text in raw for p in page.paragraphs)  # quotes stay findable in the file


def test_caption_credits_in_their_usual_forms_are_left_out():
    words = "图为工人在施工现场作业。"
    for credit in [
        "（记者 张锦辉 摄）",
        "记者 张锦辉/摄",
        "记者 张三 通讯员 李四 摄",
        "人民网记者 欧阳中华 摄",
        " 曾 诚 摄",
    ]:
        assert caption_words(words + credit) == words, credit
    assert caption_words("图为科研人员在做实验 曾诚摄") == "图为科研人员在做实验"  # the name only


def test_a_page_of_credits_alone_adds_no_captions():
    articles = parse_report(
        "标题一行\n\n这是正文的第一句话，内容足够长。\n\n新华社记者刘坤 摄\n\n图片由重庆市科学技术局提供\n\n▲图为 曾 诚 摄",
        "x.txt",
    )
    assert [a.title for a in articles] == ["标题一行"]


def test_dates_from_metadata(corpus):
    dates = {a.source: a.date for a in corpus.articles}
    assert dates["000_daf82d54c5550ef9.txt"] == "2024-11"
    assert dates["004_6110fa4b9379b4c2.txt"] == "2023-11"
    assert all(a.date_basis for a in corpus.articles)


def test_dateline_in_text_gives_the_date():
    articles = parse_report("测试标题\n\n2021年3月5日\n\n这是正文的第一句话，内容足够长。", "x.txt")
    assert articles[0].date == "2021-03-05"


def test_bad_files_are_reported_by_name_and_the_rest_load(tmp_path):
    (tmp_path / "good.txt").write_text("好的标题\n\n本报记者 张三\n\n这是一篇正常的报道，内容完整。", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "gbk.txt").write_bytes("报道标题\n\n这是用GBK编码保存的报道正文。".encode("gbk"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    c = load_corpus(tmp_path)
    by_source = {p.source: p for p in c.problems}
    assert "empty.txt" in by_source and "为空" in by_source["empty.txt"].message and by_source["empty.txt"].skipped
    assert "binary.txt" in by_source and "二进制" in by_source["binary.txt"].message
    assert "gbk.txt" in by_source and "GBK" in by_source["gbk.txt"].message and not by_source["gbk.txt"].skipped
    assert {a.source for a in c.articles} == {"good.txt", "gbk.txt"}
    assert "这是用GBK编码保存的报道正文。" in next(a for a in c.articles if a.source == "gbk.txt").text


def test_html_in_reports_is_kept_as_text():
    articles = parse_report("标题\n\n正文里有<script>alert(1)</script>这样的内容。", "x.txt")
    assert "<script>alert(1)</script>" in articles[0].text  # escaping is the UI's job; text stays verbatim


def test_missing_corpus_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="语料目录不存在"):
        load_corpus(tmp_path / "nope")
