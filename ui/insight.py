"""What users ask, from the conversation log (SQLite or PostgreSQL): questions per day, the refusal rate,
the refused questions (what the reports lack), answers rated 👎 with their comments, the most asked
questions; a chart and CSV export."""

from __future__ import annotations

import csv
import functools
import io
import threading
from datetime import UTC, datetime, timedelta

from ui import strings
from ui.feedback import ConversationLog

LIMIT = 50  # rows per list on the admin page; the CSV export has them all

# created_at is ISO 8601 text in both databases: its first 10 characters are the day, and it sorts by time
QUERIES = {
    "daily": "SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS asked, SUM(refused) AS refused "
    "FROM answers WHERE created_at >= ? GROUP BY substr(created_at, 1, 10) ORDER BY day",
    "refused": "SELECT question, COUNT(*) AS times, MAX(created_at) AS last_asked FROM answers "
    "WHERE refused = 1 AND created_at >= ? GROUP BY question ORDER BY times DESC, last_asked DESC",
    "downvoted": "SELECT f.created_at, a.question, a.answer, f.comment FROM feedback f "
    "JOIN answers a ON a.id = f.answer_id WHERE f.rating = -1 AND f.created_at >= ? ORDER BY f.created_at DESC",
    "top": "SELECT question, COUNT(*) AS times, SUM(refused) AS refused, MAX(created_at) AS last_asked "
    "FROM answers WHERE created_at >= ? GROUP BY question ORDER BY times DESC, last_asked DESC",
    "questions": "SELECT a.created_at, a.question, a.refused, a.mode, a.channel, f.rating, f.comment "
    "FROM answers a LEFT JOIN feedback f ON f.answer_id = a.id WHERE a.created_at >= ? ORDER BY a.created_at",
}
TABLES = tuple(QUERIES)


def _since(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=max(days, 1))).isoformat(timespec="seconds")


def summary(log: ConversationLog, days: int = 30) -> dict:
    since = _since(days)
    daily = [{**r, "refused": int(r["refused"] or 0)} for r in log.rows(QUERIES["daily"], (since,))]
    asked = sum(r["asked"] for r in daily)
    refused = sum(r["refused"] for r in daily)
    return {
        "days": days,
        "asked": asked,
        "refused": refused,
        "refusal_rate": round(refused / asked, 3) if asked else 0.0,
        "daily": daily,
        "refused_questions": log.rows(QUERIES["refused"], (since,))[:LIMIT],
        "downvoted": log.rows(QUERIES["downvoted"], (since,))[:LIMIT],
        "top_questions": log.rows(QUERIES["top"], (since,))[:20],
    }


def csv_bytes(log: ConversationLog, table: str, days: int = 30) -> bytes:
    rows = log.rows(QUERIES[table], (_since(days),))
    out = io.StringIO()
    names = list(rows[0]) if rows else []
    writer = csv.DictWriter(out, fieldnames=names)
    if names:
        writer.writeheader()
        writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read the Chinese


_DRAWING = threading.Lock()
CJK_FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]  # Debian's Noto CJK or WenQuanYi, whichever is installed


@functools.cache
def _find_cjk_fonts() -> None:
    """matplotlib lists the system's fonts on its first run and caches the list (~/.cache/matplotlib): CJK fonts
    installed later (make system-deps) are missing from it and every Chinese label is drawn as boxes."""
    from matplotlib import font_manager

    if {f.name for f in font_manager.fontManager.ttflist}.intersection(CJK_FONTS):
        return
    for path in font_manager.findSystemFonts():
        if "cjk" in path.lower() or "wqy" in path.lower():
            font_manager.fontManager.addfont(path)


def chart_png(data: dict) -> bytes:
    from matplotlib import rc_context
    from matplotlib.figure import Figure  # not pyplot: requests draw in several threads

    # one chart at a time: rc_context sets matplotlib's global settings, so another request's exit would put
    # DejaVu Sans back mid-draw (every Chinese label drawn as boxes)
    with _DRAWING:
        _find_cjk_fonts()
        # written inline so that mypy checks the keys against matplotlib's names
        with rc_context({"font.family": [*CJK_FONTS, "DejaVu Sans"], "axes.unicode_minus": False}):
            return _draw(data, Figure(figsize=(8, 3), dpi=100))


def _draw(data: dict, fig) -> bytes:
    from matplotlib.ticker import MaxNLocator

    ax = fig.subplots()
    daily = data["daily"]
    if daily:
        days = [r["day"][5:] for r in daily]
        asked = [r["asked"] for r in daily]
        refused = [r["refused"] for r in daily]
        ax.bar(days, asked, color="#4c78a8", label=strings.INSIGHT_CHART_ASKED)
        ax.bar(days, refused, color="#e45756", label=strings.INSIGHT_CHART_REFUSED)
        ax.legend(loc="upper left", fontsize=8)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # questions come whole: no 2.5 on the axis
    else:
        ax.text(0.5, 0.5, strings.INSIGHT_CHART_EMPTY, ha="center", va="center", transform=ax.transAxes)
    ax.set_title(strings.INSIGHT_CHART_TITLE.format(days=data["days"]), fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
