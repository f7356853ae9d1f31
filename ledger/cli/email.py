"""`ledger email`: send the weekly scorecard now, preview it as .eml files, see what went out."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ledger.cli.context import state

email_app = typer.Typer(help="The weekly scorecard email: send it now, preview it, see deliveries.", no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.add_typer(email_app, name="email")


@email_app.command("send")
def send(
    ctx: typer.Context,
    week: Optional[str] = typer.Option(None, help="ISO week, e.g. 2026-W22 [default: this week in the config's timezone]"),
    to: Optional[str] = typer.Option(None, "--to", help="Only this subscriber's subscriptions"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write the messages as .eml files instead of sending"),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for --dry-run's .eml files [default: ./email-preview]"),
) -> None:
    """Render and send the week's scorecard to every subscription in [email] that has not had it.

    Each (recipient, publications, week) is sent once: running it again sends only
    what is missing. Deliveries the server refused for good earlier in the week are
    tried again here (the scheduler leaves them alone). Exits 1 if any failed.

    Example: ledger email send --dry-run --out /tmp/preview
    """
    from ledger.errors import LedgerError
    from ledger.weekly_email import iso_week, parse_week, send_weekly, summary, week_days

    if out is not None and not dry_run:
        raise LedgerError("--out goes with --dry-run (sent messages are not written to files)")
    app_state = state(ctx)
    engine = app_state.ready_engine()
    today = app_state.today()
    chosen = parse_week(week) if week else iso_week(today)
    monday, sunday = week_days(chosen)
    if monday > today:
        raise LedgerError(f"--week: {chosen} has not started yet (today is {today.isoformat()}, week {iso_week(today)})")
    outcomes = send_weekly(
        app_state.config,
        engine,
        week=chosen,
        today=min(today, sunday),
        only_to=to,
        retry_failed=True,
        dry_run_dir=(out or Path("email-preview")) if dry_run else None,
        log=lambda line: typer.echo(line, err=True),
        lock_wait_seconds=120,
    )
    if not outcomes:
        typer.echo(f"nothing to send: [email] has no subscriptions ({app_state.config.path})")
        return
    for outcome in outcomes:
        typer.echo(outcome.line())
    typer.echo(f"{chosen}: {summary(outcomes)}")
    troubled = [o for o in outcomes if o.status in ("failed", "deferred")]
    if troubled:
        raise LedgerError(f"{len(troubled)} of {len(outcomes)} not delivered; deferred ones are retried at the next run")


@email_app.command("deliveries")
def deliveries(
    ctx: typer.Context,
    week: Optional[str] = typer.Option(None, help="ISO week, e.g. 2026-W22 [default: every week, newest first]"),
    limit: int = typer.Option(50, help="Show at most this many (0: all)"),
) -> None:
    """List delivery records: who got which week's scorecard, what failed and why.

    Example: ledger email deliveries --week 2026-W22
    """
    from sqlmodel import select

    from ledger.db import reading
    from ledger.models import Delivery
    from ledger.weekly_email import parse_week

    engine = state(ctx).ready_engine()
    query = select(Delivery).order_by(Delivery.iso_week.desc(), Delivery.recipient)
    if week:
        query = query.where(Delivery.iso_week == parse_week(week))
    if limit:
        query = query.limit(limit)
    with reading(engine) as session:
        rows = session.exec(query).all()
    lines = [("week", "recipient", "publications", "status", "attempts", "updated", "error")]
    for row in rows:
        publications = "all" if row.publications_key == "*" else row.publications_key.replace("\n", ", ")
        lines.append((row.iso_week, row.recipient, publications, row.status, str(row.attempts), row.updated_at.isoformat(timespec="seconds"), row.error or ""))
    if not rows:
        typer.echo("no deliveries recorded" + (f" for {week}" if week else " yet"))
        return
    # Plain aligned lines, never wrapped: addresses and errors stay whole and greppable.
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    for line in lines:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)) + "  " + line[6])
