"""The `reportqa reports` and `reportqa feedback` commands: managing the corpus and exporting feedback."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.prompts import date_note
from ui import strings
from ui.console import err, fail, load_settings, out

reports_app = typer.Typer(help=strings.CLI_REPORTS_HELP, no_args_is_help=True)


@reports_app.command("add")
def reports_add(
    files: list[Path] = typer.Argument(..., help=strings.ARG_REPORT_FILES),
    date: str | None = typer.Option(None, "--date", help=strings.OPT_REPORT_DATE),
    replace: bool = typer.Option(False, "--replace", help=strings.OPT_REPORT_REPLACE),
) -> None:
    """Add report files (PDF, Word, HTML, text) and update the index; a running server switches to it."""
    from ui.reports import ReportError, ReportManager

    manager = ReportManager(load_settings())
    failed = 0
    for path in files:
        try:
            result = manager.add(path.read_bytes(), path.name, date, replace)
        except (OSError, ReportError) as exc:
            err.print(str(exc), markup=False)
            failed += 1
            continue
        out.print(
            strings.REPORT_ADDED.format(name=result.name, kind=result.kind, articles=len(result.articles)), markup=False
        )
        for a in result.articles:
            out.print(
                strings.REPORT_ARTICLE.format(
                    title=a.title,
                    date=date_note(a.date),
                    paragraphs=a.paragraphs,
                    first=a.first_lines[:40],
                ),
                markup=False,
            )
    _finish_build(manager)
    if failed:
        raise typer.Exit(1)


@reports_app.command("list")
def reports_list() -> None:
    """The report files in the corpus folder and whether the current index holds them."""
    from ui.reports import ReportManager

    for e in ReportManager(load_settings()).list():
        mark = strings.REPORT_INDEXED if e.indexed else strings.REPORT_NOT_INDEXED
        out.print(
            strings.REPORT_LIST_ROW.format(mark=mark, name=e.name, size=f"{e.bytes / 1024:.1f} KB", date=e.date or ""),
            markup=False,
        )


@reports_app.command("remove")
def reports_remove(name: str = typer.Argument(..., help=strings.ARG_REPORT_NAME)) -> None:
    """Remove a report file from the corpus and update the index."""
    from ui.reports import ReportError, ReportManager

    manager = ReportManager(load_settings())
    try:
        manager.remove(name)
    except ReportError as exc:
        fail(str(exc))
    out.print(strings.REPORT_REMOVED.format(name=name), markup=False)
    _finish_build(manager)


def _finish_build(manager) -> None:
    status = manager.wait()
    if status.state == "failed":
        fail(status.message, 1)
    if status.state == "done":
        out.print(status.message, markup=False)


feedback_app = typer.Typer(help=strings.CLI_FEEDBACK_HELP, no_args_is_help=True)


@feedback_app.command("export")
def feedback_export(
    out_file: Path = typer.Option(Path("feedback.csv"), "--out", help=strings.OPT_FEEDBACK_OUT),
) -> None:
    """Export feedback with its questions and answers to CSV."""
    from ui.feedback import ConversationLog, LogUnavailable

    settings = load_settings()
    if "://" not in settings.server.log_db and not Path(settings.server.log_db).exists():
        fail(strings.ERR_NO_LOG.format(path=settings.server.log_db))
    log = ConversationLog(settings.server.log_db)
    try:
        n = log.export_csv(out_file)
    except LogUnavailable as exc:
        fail(strings.ERR_LOG_EXPORT.format(error=exc))
    finally:
        log.close()
    out.print(strings.FEEDBACK_EXPORTED.format(n=n, out=out_file), markup=False)
