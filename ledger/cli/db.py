"""`ledger db`: create, upgrade and inspect the ledger database."""

from __future__ import annotations

import typer

from ledger.cli.context import state

db_app = typer.Typer(help="Create, upgrade and inspect the ledger database.", no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create the ledger or bring it to the latest schema (safe to run any time).

    Example: ledger db upgrade
    """
    from ledger.migrate import upgrade as run_upgrade

    app_state = state(ctx)
    before, after = run_upgrade(app_state.engine)
    where = _display_url(app_state.config.database_url)
    if before == after:
        typer.echo(f"ledger at {where} is up to date (schema {after})")
    else:
        typer.echo(f"ledger at {where} upgraded from schema {before or 'none'} to {after}")


def _display_url(url: str) -> str:
    """The database URL without its password, safe to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("check")
def check(ctx: typer.Context) -> None:
    """Verify the ledger's integrity: rows that belong together exist, resolution chains are linear,
    statuses agree with resolutions and events, spans point at quotes, the schema matches the code.

    Prints each problem on a line of its own and exits 1 if there are any.

    Example: ledger db check
    """
    from ledger.integrity import check as run_check

    app_state = state(ctx)
    report = run_check(app_state.engine)
    where = _display_url(app_state.config.database_url)
    for problem in report.problems:
        typer.echo(problem)
    if report.problems:
        typer.echo(f"error: ledger at {where}: {len(report.problems)} problems found", err=True)
        raise typer.Exit(1)
    counted = ", ".join(f"{n} {table.replace('_', ' ')}s" for table, n in report.counts.items())
    typer.echo(f"ledger at {where} is consistent ({counted})")
