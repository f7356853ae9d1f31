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


@claims_app.command("add")
def add_claim(
    ctx: typer.Context,
    article: str = typer.Option(..., "--article", help="The article: its id in the ledger, or the URL it came from"),
    quote: str = typer.Option(..., help="The claim's exact words in the article (line breaks may differ)"),
    deadline: str = typer.Option(..., help="YYYY-MM-DD, or an expression such as 'by Q3 2027' or 'within six months' (from the publication date)"),
    kind: str = typer.Option("prediction", help="prediction or verdict"),
    precision: Optional[str] = typer.Option(None, help="Override the precision (day, month, quarter, half, season, year, decade, relative, default)"),
    probability: Optional[str] = typer.Option(None, help="Stated probability: 0.7 or 70%"),
    condition: Optional[str] = typer.Option(None, help="The 'if ...' that must hold for the claim to count"),
    attributed_to: Optional[str] = typer.Option(None, "--attributed-to", help="A named source's full name [default: publication]"),
    hedge: Optional[str] = typer.Option(None, help="A hedge phrase as written ('likely')"),
    note: Optional[str] = typer.Option(None, help="Why it was added by hand (kept in the history)"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is adding it [default: config resolver, then OS user]"),
) -> None:
    """Record a claim the extractor missed, from an article already in the ledger.

    The quote must occur in the article's text; the deadline is read with the same rules as extraction.

    Example: ledger claims add --article 12 --quote "Acme will ship a foldable by 2027" --deadline "by 2027" --probability 70%
    """
    from ledger.claim_entry import HandClaim, add_claim_by_hand, find_article
    from ledger.cli.story import deadline_line
    from ledger.db import transaction

    app_state = state(ctx)
    actor = app_state.actor(by)
    given = HandClaim(kind, quote, deadline, precision, condition, probability, attributed_to, hedge)
    with transaction(app_state.ready_engine()) as session:
        found = find_article(session, article)
        claim = add_claim_by_hand(session, found, given, actor=actor, reason=note)
        claim_id, article_id, claim_kind, line = claim.id, found.id, claim.kind, deadline_line(claim)
        past = claim.deadline < app_state.today()
    typer.echo(f"claim {claim_id} added to article {article_id} by {actor}: {claim_kind}, deadline {line}")
    if past:
        typer.echo("its deadline has passed: `ledger due` flags it, then `ledger resolve` walks it")
