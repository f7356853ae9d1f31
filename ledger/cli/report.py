"""Placeholder: this command group is being written (see the issue that owns it)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
