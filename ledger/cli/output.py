"""Shared printing: one console, tables of claims, short quotes."""

from __future__ import annotations


def console(stderr: bool = False):
    from rich.console import Console

    # Error lines never wrap: one problem is one line, whatever the terminal's width.
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def claims_table(rows, *, title: str | None = None):
    """A table of ClaimRow-like objects (id, kind, deadline, status, publication, quote)."""
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    for column in ("id", "kind", "deadline", "status", "publication", "quote"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(str(row.id), row.kind, row.deadline.isoformat(), row.status, row.publication, short(row.quote))
    return table

