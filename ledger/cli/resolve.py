"""`ledger resolve`: record what happened to a claim."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ledger.cli.context import state


def register(app: typer.Typer) -> None:
    app.command("resolve")(resolve)


def resolve(
    ctx: typer.Context,
    claim_id: Optional[int] = typer.Argument(None, help="Claim id"),
    outcome: Optional[str] = typer.Option(None, help="correct, incorrect, partial or void"),
    evidence: Optional[str] = typer.Option(None, help="URL of the evidence (required unless void)"),
    note: Optional[str] = typer.Option(None, help="A short note on how it was judged"),
    by: Optional[str] = typer.Option(None, "--by", help="Resolver [default: config resolver, then OS user]"),
    amend: bool = typer.Option(False, "--amend", help="Supersede the current resolution with this one"),
    force: bool = typer.Option(False, "--force", help="Resolve a claim that is not due yet"),
    from_file: Optional[Path] = typer.Option(None, "--file", help="JSON Lines of resolutions to apply (see README)"),
) -> None:
    """Resolve a claim: its outcome, the evidence and a note. History is kept: --amend adds a superseding answer.

    Example: ledger resolve 12 --outcome correct --evidence https://example.com/news --note "announced 3 May"
    """
    from ledger.db import transaction
    from ledger.errors import LedgerError
    from ledger.resolving import Answer, resolve as record

    app_state = state(ctx)
    if from_file is not None:
        from ledger.cli.resolve_file import apply_file

        apply_file(app_state, from_file, by=by)
        return
    if claim_id is None:
        raise LedgerError("give a claim id (or --file); the interactive walk-through is not here yet")
    if outcome is None:
        raise LedgerError("--outcome is required: correct, incorrect, partial or void")
    engine = app_state.ready_engine()
    answer = Answer(outcome, evidence, note, app_state.actor(by))
    with transaction(engine) as session:
        resolution = record(session, claim_id, answer, today=app_state.today(), amend=amend, force=force)
        resolution_id = resolution.id
    verb = "amended" if amend else "resolved"
    typer.echo(f"claim {claim_id} {verb}: {answer.outcome} (resolution {resolution_id}, by {answer.resolver})")
