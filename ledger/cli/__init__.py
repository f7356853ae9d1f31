"""The `ledger` command line: one small module per command group, each adding itself with `register(app)`.

Modules here import only typer at load time; everything heavy is imported inside
the command that needs it, so `ledger --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ledger.cli import backup, claims, db, due, email, extract, feeds, ingest, report, resolve, scheduler
from ledger.cli.context import AppContext

app = typer.Typer(
    name="ledger",
    help="The prediction ledger: claims from articles, their deadlines, their outcomes, and scorecards.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Optional[Path] = typer.Option(
        None, "--config", envvar="LEDGER_CONFIG", help="config.toml to use [default: ./config.toml]", show_default=False
    ),
) -> None:
    ctx.obj = AppContext(config_path=config)
    ctx.call_on_close(ctx.obj.close)


for module in (db, ingest, extract, claims, due, resolve, report, feeds, scheduler, email, backup):
    module.register(app)


def main() -> None:
    app()
