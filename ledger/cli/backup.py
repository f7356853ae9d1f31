"""`ledger export` and `ledger import`: the whole ledger as JSON Lines, for backups and for moving
between SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ledger.cli.context import state


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)


def export(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(None, "--out", help="File to write [default: standard output]"),
) -> None:
    """Write the whole ledger (publications, articles, claims, resolutions, events, feeds, deliveries)
    as JSON Lines, from one consistent snapshot. No configuration or secrets are written.

    Example: ledger export --out ledger-2026-05-01.jsonl
    """
    import os
    import sys
    import tempfile

    from ledger.backup import export as run_export
    from ledger.errors import LedgerError

    engine = state(ctx).engine
    if out is None:
        counts = run_export(engine, sys.stdout)
    else:
        # Written beside the target and renamed at the end: a crash never leaves a half backup
        # under the name the user asked for.
        out = out.expanduser()
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent if str(out.parent) else ".")
        except OSError as exc:
            raise LedgerError(f"{out}: {exc.strerror}") from None
        try:
            with _progress("exporting") as progress, os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                counts = run_export(engine, handle, progress=progress)
            os.replace(temp, out)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    typer.echo(f"exported {summary}" + (f" to {out}" if out else ""), err=out is None)


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A file written by `ledger export`"),
) -> None:
    """Restore an export into an empty ledger (a new database, or one just created with `ledger db upgrade`).

    Ids are kept; the whole file goes in or nothing does. A ledger that already has rows is refused.

    Example: ledger import ledger-2026-05-01.jsonl
    """
    from ledger.backup import import_file

    engine = state(ctx).engine
    with _progress("importing") as progress:
        counts = import_file(engine, file, progress=progress)
    summary = ", ".join(f"{n} {table}" for table, n in counts.items())
    typer.echo(f"imported {summary} from {file}")


def _progress(verb: str):
    """A rich progress line on a terminal (rows per table as they pass); silent otherwise."""
    from contextlib import contextmanager

    from ledger.cli.output import console

    @contextmanager
    def shown():
        err = console(stderr=True)
        if not err.is_terminal:
            yield None
            return
        with err.status(f"{verb}…") as status:
            yield lambda table, done: status.update(f"{verb} {table}: {done} rows")

    return shown()
