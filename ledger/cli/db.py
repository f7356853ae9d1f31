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
