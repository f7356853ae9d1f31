"""`ledger claims`: list, filter and show claims with their history."""

from __future__ import annotations

import json
from typing import Optional

import typer

from ledger.cli.context import parse_date, state

claims_app = typer.Typer(help="List, show and add claims.", no_args_is_help=True, rich_markup_mode=None)

STATUSES = ("open", "due", "resolved", "void", "rejected")


def register(app: typer.Typer) -> None:
    app.add_typer(claims_app, name="claims")


@claims_app.command("list")
def list_claims(
    ctx: typer.Context,
    publication: Optional[str] = typer.Option(None, help="Only this publication"),
    status: Optional[str] = typer.Option(None, help="open, due, resolved, void or rejected"),
    kind: Optional[str] = typer.Option(None, help="prediction or verdict"),
    due_before: Optional[str] = typer.Option(None, help="Only claims with a deadline before YYYY-MM-DD"),
    limit: int = typer.Option(50, help="At most this many rows (0: all)"),
    offset: int = typer.Option(0, help="Skip this many rows (for paging)"),
    as_json: bool = typer.Option(False, "--json", help="A JSON array of claim objects"),
) -> None:
    """List claims, newest first by id.

    Example: ledger claims list --status due --publication "Circuit Ledger" --json
    """
    from ledger.db import reading
    from ledger.errors import LedgerError
    from ledger.queries import claim_rows

    if status and status not in STATUSES:
        raise LedgerError(f"--status: {status!r} is not one of {', '.join(STATUSES)}")
    app_state = state(ctx)
    with reading(app_state.ready_engine()) as session:
        rows = claim_rows(
            session, publication=publication, status=status, kind=kind,
            due_before=parse_date(due_before, "--due-before"), limit=(limit or None) if not as_json or limit != 50 else None,
            offset=offset,
        )
    if as_json:
        typer.echo(json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=1))
        return
    from ledger.cli.output import claims_table, console

    out = console()
    out.print(claims_table(rows))
    more = " (more with --offset)" if limit and len(rows) == limit else ""
    out.print(f"{len(rows)} claims{more}", markup=False)


@claims_app.command("show")
def show_claim(ctx: typer.Context, claim_id: int = typer.Argument(..., help="Claim id")) -> None:
    """The claim in its paragraph, its article, its deadline and how it was derived, and its full history.

    Example: ledger claims show 12
    """
    from ledger.db import reading
    from ledger.queries import claim_story
    from ledger.cli.story import print_story

    with reading(state(ctx).ready_engine()) as session:
        story = claim_story(session, claim_id)
    print_story(story)
