"""Errors in what the user gave us (a file, an id, an option): shown as one line, exit status 1.

Bugs stay ordinary exceptions with tracebacks; only these are translated.
"""

from __future__ import annotations

import sys

try:  # typer >= 0.2x runs on its own copy of click; its exceptions are the ones it catches
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer on plain click
    from click import ClickException


class LedgerError(ClickException):
    def show(self, file=None) -> None:
        print(f"error: {self.format_message()}", file=file or sys.stderr)


class NotFound(LedgerError):
    pass


class Conflict(LedgerError):
    """Someone else changed the same thing first (another analyst, another process)."""
