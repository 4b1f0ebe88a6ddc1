"""The `reportqa` command line. Reads Settings once and passes them down."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.service import Assistant, QuestionError
from assistant.settings import Settings
from index.store import IndexUnavailable, build_index, read_info
from ui import strings

app = typer.Typer(help=strings.CLI_HELP, no_args_is_help=True, add_completion=False)
index_app = typer.Typer(help=strings.CLI_INDEX_HELP, no_args_is_help=True)
app.add_typer(index_app, name="index")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(message, markup=False)
    raise typer.Exit(code)


@index_app.command("build")
def index_build(
    corpus: Optional[Path] = typer.Option(None, "--corpus", help=strings.OPT_CORPUS),
    out_dir: Optional[Path] = typer.Option(None, "--out", help=strings.OPT_OUT),
    embedder: Optional[str] = typer.Option(None, "--embedder", help=strings.OPT_EMBEDDER),
    force: bool = typer.Option(False, "--force", help=strings.OPT_FORCE),
) -> None:
    """Build or update the index (atomic; only changed files are embedded)."""
    settings = Settings()
    corpus = corpus or settings.corpus_dir
    out_dir = out_dir or settings.index_dir
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task(strings.PROGRESS_EMBEDDING, total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            info, loaded, rebuilt = build_index(
                corpus, out_dir, embedder_spec=embedder or settings.embedder, chunk_size=settings.chunk_size,
                chunk_overlap=settings.chunk_overlap, progress=report, force=force,
            )
        except KeyboardInterrupt:
            _fail(strings.BUILD_INTERRUPTED, 130)
        except (FileNotFoundError, ValueError, RuntimeError) as exc:
            _fail(str(exc))
    for problem in loaded.problems:
        err.print(strings.WARNING_PREFIX + problem.message, markup=False)
    message = strings.BUILD_DONE if rebuilt else strings.BUILD_UP_TO_DATE
    out.print(message.format(articles=info.articles, chunks=info.chunks, embedded=info.embedded,
                             seconds=info.build_seconds, out=out_dir), markup=False)


@index_app.command("info")
def index_info(
    out_dir: Optional[Path] = typer.Option(None, "--out", help=strings.OPT_OUT),
    as_json: bool = typer.Option(False, "--json", help=strings.OPT_JSON),
) -> None:
    """Show what the current index holds."""
    settings = Settings()
    try:
        info = read_info(out_dir or settings.index_dir)
    except IndexUnavailable as exc:
        _fail(str(exc))
    if as_json:
        out.print(info.model_dump_json(indent=1), markup=False)
        return
    out.print(strings.INFO.format(**{**info.model_dump(), "files": len(info.files)}), markup=False)


@app.command()
def ask(
    question: Optional[str] = typer.Argument(None, help=strings.ARG_QUESTION),
    history: list[str] = typer.Option([], "--history", help=strings.OPT_HISTORY),
    as_json: bool = typer.Option(False, "--json", help=strings.OPT_JSON),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help=strings.OPT_JSONL),
) -> None:
    """Answer a question (or a JSONL file of questions) from the reports, with citations."""
    settings = Settings()
    if question is None and jsonl is None:
        _fail(strings.ERR_NO_QUESTION)
    try:
        assistant = Assistant.from_settings(settings)
    except IndexUnavailable as exc:
        _fail(str(exc))
    if jsonl is not None:
        _ask_batch(assistant, jsonl)
        return
    try:
        answer = assistant.ask(question, history)
    except QuestionError as exc:
        _fail(str(exc))
    if as_json:
        out.print(answer.model_dump_json(), markup=False)
        return
    out.print(answer.answer, markup=False)
    for note in answer.notes:
        out.print(strings.NOTE_PREFIX + note, markup=False, style="dim")
    if answer.citations:
        out.print(strings.SOURCES_HEADING, markup=False)
    for c in answer.citations:
        date = f"（{c.article_date}）" if c.article_date else ""
        out.print(f"[{c.n}] 《{c.article_title}》{date} {c.source}\n    “{c.quote}”", markup=False)


def _ask_batch(assistant: Assistant, path: Path) -> None:
    """One JSON answer per input line; a bad line gets an error object, and the rest still run."""
    source = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    with source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if isinstance(item, str):
                    item = {"question": item}
                history = [h if isinstance(h, str) else h.get("question", "") for h in item.get("history") or []]
                answer = assistant.ask(str(item.get("question", "")), history)
                print(answer.model_dump_json(), flush=True)
            except (ValueError, AttributeError, TypeError) as exc:  # JSONDecodeError and QuestionError included
                message = str(exc) if isinstance(exc, QuestionError) else strings.ERR_BAD_JSONL_LINE.format(error=exc)
                print(json.dumps({"line": number, "error": message}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    app()
