"""What every command of the command line shares: the consoles, a failure in Chinese, the settings read once."""

from __future__ import annotations

from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from assistant.settings import Settings
from ui import strings

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(message, markup=False)
    raise typer.Exit(code)


def load_settings() -> Settings:
    """Settings from the environment and .env; a bad value is a Chinese message naming it, not a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "\n".join(f"- {'.'.join(str(part) for part in e['loc']) or '?'}：{e['msg']}" for e in exc.errors())
        fail(strings.ERR_SETTINGS.format(problems=problems))
