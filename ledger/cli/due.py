"""`ledger due`: flag the claims whose deadline has passed, and list what awaits resolution."""

from __future__ import annotations

from typing import Optional

import typer

from ledger.cli.context import parse_date, state


def register(app: typer.Typer) -> None:
    app.command("due")(due)


def due(
    ctx: typer.Context,
    today: Optional[str] = typer.Option(None, help="Treat this date (YYYY-MM-DD) as today [default: today in the config's timezone]"),
    publication: Optional[str] = typer.Option(None, help="List only this publication's due claims"),
    limit: int = typer.Option(50, help="List at most this many (0: all)"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is flagging [default: config resolver, then OS user]"),
) -> None:
    """Mark open claims past their deadline as due, then list due claims, oldest deadline first.

    Example: ledger due --today 2026-01-01
    """
    from ledger.cli.output import claims_table, console
    from ledger.db import reading, transaction
    from ledger.due import flag_due
    from ledger.queries import claim_rows, count_claims

    app_state = state(ctx)
    engine = app_state.ready_engine()
    day = app_state.today(parse_date(today, "--today"))
    with transaction(engine) as session:
        flagged = flag_due(session, today=day, actor=app_state.actor(by))
    with reading(engine) as session:
        rows = claim_rows(session, status="due", publication=publication, oldest_first=True, limit=limit or None)
        total = count_claims(session, status="due", publication=publication)
    out = console()
    out.print(f"{flagged} claims newly due as of {day.isoformat()}; {total} due in all", markup=False)
    if rows:
        out.print(claims_table(rows))
    if total > len(rows):
        out.print(f"showing {len(rows)} of {total}: use --limit 0 or `ledger claims list --status due`", markup=False)
