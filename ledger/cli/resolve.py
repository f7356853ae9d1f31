"""`ledger resolve`: record what happened to a claim, one at a time at the terminal or from a script."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ledger.cli.context import state

KINDS = ("prediction", "verdict")


def register(app: typer.Typer) -> None:
    app.command("resolve")(resolve)


def resolve(
    ctx: typer.Context,
    claim_id: Optional[int] = typer.Argument(None, help="Claim id [default: walk every due claim]"),
    outcome: Optional[str] = typer.Option(None, help="correct, incorrect, partial or void"),
    evidence: Optional[str] = typer.Option(None, help="URL of the evidence (required unless void)"),
    note: Optional[str] = typer.Option(None, help="A short note on how it was judged"),
    extend: Optional[str] = typer.Option(None, "--extend", help="Move the deadline instead: YYYY-MM-DD or e.g. 'Q3 2027' (needs --reason)"),
    reject: bool = typer.Option(False, "--reject", help="Mark it as not a claim: kept, left out of scoring (needs --reason)"),
    reason: Optional[str] = typer.Option(None, help="Why the deadline moved or the claim was rejected"),
    by: Optional[str] = typer.Option(None, "--by", help="Resolver [default: config resolver, then OS user]"),
    amend: bool = typer.Option(False, "--amend", help="Supersede the current resolution with this one"),
    force: bool = typer.Option(False, "--force", help="Resolve a claim that is not due yet"),
    publication: Optional[str] = typer.Option(None, help="Walk only this publication's due claims"),
    kind: Optional[str] = typer.Option(None, help="Walk only predictions or only verdicts"),
    limit: int = typer.Option(0, help="Walk at most this many claims, oldest deadline first (0: all)"),
    from_file: Optional[Path] = typer.Option(None, "--file", help="JSON Lines of resolutions to apply (see README)"),
) -> None:
    """Resolve claims. With no claim id, walk the due claims at the terminal, oldest deadline first.

    Each answer is saved the moment it is confirmed, so quitting loses nothing and running
    it again carries on. History is kept: --amend adds a superseding answer.

    \b
    Examples:
      ledger resolve --publication "Circuit Ledger" --limit 20
      ledger resolve 12 --outcome correct --evidence https://example.com/news --note "announced 3 May"
      ledger resolve 12 --extend 2027-06-30 --reason "launch slipped; judge after the launch"
      ledger resolve 12 --reject --reason "a report of the past, not a prediction"
    """
    from ledger.errors import LedgerError

    app_state = state(ctx)
    if from_file is not None:
        from ledger.cli.resolve_file import apply_file

        apply_file(app_state, from_file, by=by)
        return
    if kind is not None and kind not in KINDS:
        raise LedgerError(f"--kind: {kind!r} is not one of {', '.join(KINDS)}")
    if limit < 0:
        raise LedgerError("--limit: give a number of claims, 0 for all")
    if sum(bool(choice) for choice in (outcome, extend, reject)) > 1:
        raise LedgerError("give one of --outcome, --extend or --reject")
    if claim_id is None:
        if outcome or extend or reject:
            raise LedgerError("--outcome, --extend and --reject need a claim id")
        _walk_due(app_state, by=by, publication=publication, kind=kind, limit=limit)
    elif outcome:
        _record(app_state, claim_id, outcome, evidence, note, by=by, amend=amend, force=force)
    elif extend or reject:
        _extend_or_reject(app_state, claim_id, extend, reason, by=by)
    else:
        _walk_one(app_state, claim_id, by=by, amend=amend, force=force)


def _record(app_state, claim_id, outcome, evidence, note, *, by, amend, force) -> None:
    from ledger.db import transaction
    from ledger.resolving import Answer, resolve as record

    engine = app_state.ready_engine()
    answer = Answer(outcome, evidence, note, app_state.actor(by))
    with transaction(engine) as session:
        resolution = record(session, claim_id, answer, today=app_state.today(), amend=amend, force=force)
        resolution_id = resolution.id
    verb = "amended" if amend else "resolved"
    typer.echo(f"claim {claim_id} {verb}: {answer.outcome} (resolution {resolution_id}, by {answer.resolver})")


def _extend_or_reject(app_state, claim_id, extend, reason, *, by) -> None:
    from ledger.db import transaction
    from ledger.deadline_input import read_deadline
    from ledger.resolving import extend_deadline, reject_claim

    engine = app_state.ready_engine()
    actor, today = app_state.actor(by), app_state.today()
    with transaction(engine) as session:
        if extend:
            deadline = read_deadline(extend, today, field="--extend").value
            event = extend_deadline(session, claim_id, deadline, actor=actor, reason=reason, today=today)
            message = f"claim {claim_id} deadline {event.old_value} → {event.new_value}: open again (by {actor})"
        else:
            event = reject_claim(session, claim_id, actor=actor, reason=reason)
            message = f"claim {claim_id} rejected: not a claim (was {event.old_value}; by {actor})"
    typer.echo(message)


def _walk_due(app_state, *, by, publication, kind, limit) -> None:
    from ledger.cli.walkthrough import walk
    from ledger.walkthrough import due_queue

    engine = app_state.ready_engine()
    actor, today = app_state.actor(by), app_state.today()
    queue = due_queue(engine, today=today, actor=actor, publication=publication, kind=kind, limit=limit or None)
    walk(engine, queue, actor=actor, today=today, filters={"publication": publication, "kind": kind})


def _walk_one(app_state, claim_id, *, by, amend, force) -> None:
    from ledger.cli.walkthrough import walk
    from ledger.walkthrough import single_claim

    engine = app_state.ready_engine()
    today = app_state.today()
    queue = single_claim(engine, claim_id, today=today, amend=amend, force=force)
    walk(engine, queue, actor=app_state.actor(by), today=today, amend=amend)
