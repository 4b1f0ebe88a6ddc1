"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.models import Answer
from assistant.service import Assistant
from assistant.settings import DEFAULT_CORPUS, Settings
from corpus.text import no_spaces
from index.store import build_index, open_index
from index.text import split_sentences
from ui.cli import app

BIN = Path(sys.executable).parent / "reportqa"


def run_cli(
    *args: str,
    index_dir: Path,
    stdin: str | None = None,
    check: bool = True,
    env: dict | None = None,
    installed: bool = False,
) -> subprocess.CompletedProcess:
    """`reportqa *args` with the index at `index_dir`: in this process through typer's runner (the same app,
    its output and exit code; the embedder stays loaded between calls, which saves ~10 s a call), or with
    `installed=True` the installed command in a subprocess, as a user's shell starts it."""
    env = {**(env or {}), "REPORTQA_INDEX__INDEX_DIR": str(index_dir)}
    if installed:
        cmd = [str(BIN), *args]
        result = subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, env={**os.environ, **env}, timeout=300
        )
    else:
        ran = CliRunner().invoke(app, list(args), input=stdin, env=env)
        if ran.exception is not None and not isinstance(ran.exception, SystemExit):
            raise ran.exception
        result = subprocess.CompletedProcess(list(args), ran.exit_code, ran.stdout, ran.stderr)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def index_copy(index_dir: Path, to: Path) -> Path:
    """A copy of a built index (its `current` link kept) to build another corpus or vector store into: chunks
    it holds already keep their vectors (build_index reuses them by content hash) instead of being embedded
    again, as when reports are removed from a deployment. Chunks it lacks are embedded as usual."""
    shutil.copytree(index_dir, to, symlinks=True, dirs_exist_ok=True)
    return to


def check_contract(answer: Answer) -> None:
    """Every [n] has a citation, every citation is used, every quote is verbatim in its file, and the
    answer says nothing beyond the quotes except attributions (据《…》（date）：) and fixed phrases. Asking back:
    no citations and no [n]."""
    if answer.clarify:
        assert not answer.citations and not re.search(r"\[\d+\]", answer.answer) and not answer.refused
        return
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert marks == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    rest = answer.answer
    for c in answer.citations:
        raw = no_spaces((DEFAULT_CORPUS / c.source).read_text(encoding="utf-8"))
        assert no_spaces(c.quote) in raw, c.quote
        assert c.quote + f"[{c.n}]" in answer.answer
        rest = rest.replace(c.quote + f"[{c.n}]", "")
    rest = re.sub(r"据《[^》]*》(（[\d-]+）)?：", "", rest)
    if answer.refused:
        rest = re.sub(r"^抱歉，[^\n]*", "", rest)  # the refusal says what is missing, on its first line
        rest = rest.replace("——以下内容并未回答所提问题，仅供参考——", "")
    else:
        rest = rest.replace("相关报道的说法如下：", "").replace("- ", "")
    assert rest.strip() == "", rest


def check_llm_contract(answer: Answer) -> None:
    """Extractive answers: the extractive contract. LLM answers: every sentence ends with citations, every [n]
    has a citation and every citation is used, numbered 1..n, quotes verbatim in their files."""
    if answer.mode == "extractive" or answer.refused:
        return check_contract(answer)
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert marks == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert no_spaces(c.quote) in no_spaces((DEFAULT_CORPUS / c.source).read_text(encoding="utf-8")), c.quote
    for sentence in split_sentences(answer.answer):
        assert re.search(r"(\[\d+\])+[。！？]?$", sentence.strip()), sentence


# the browser tests: Debian chromium driven by Playwright; screenshots for people to look at
CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def sse_events(response) -> list[tuple[str | None, dict]]:
    """The (event, JSON data) pairs of a server-sent event stream (an httpx streaming response)."""
    events, event = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            events.append((event, json.loads(line[6:])))
    return events


def assistant_over(root: Path, reports: str, embedder) -> Assistant:
    """An assistant over a corpus of one file holding the reports given (real embedder, real FAISS index)."""
    (root / "corpus").mkdir()
    (root / "corpus" / "reports.txt").write_text(reports, encoding="utf-8")
    build_index(root / "corpus", root / "index", embedder=embedder)
    return Assistant(open_index(root / "index", embedder), Settings())
