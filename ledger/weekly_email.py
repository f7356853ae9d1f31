"""The weekly scorecard email, sent exactly once per (recipient, publication set, ISO week).

How "once" holds:
- Every sender (the scheduler's job, `ledger email send`) works under the "mail"
  process lock, so two senders never interleave.
- Before talking to the server a delivery row is claimed as 'sending' in its own
  short transaction; it is marked 'sent' in one UPDATE committed right after the
  server accepted the message, before anything else happens.
- A row still 'sending' when the next sender takes the lock was left by a process
  that died mid-send. Almost always that was before the server accepted (the send
  is long, the commit a few milliseconds), so it is sent again, with the same
  Message-ID so that in the rare other case the duplicate is recognisable; the log
  says so. A 'sent' row is never sent again.

Delivery statuses: 'sending' (claimed), 'sent', 'deferred' (temporary trouble or a
refused session: tried again at the next run), 'failed' (the server refused this
message for good: left alone by the scheduler, retried by `ledger email send`).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from sqlmodel import select

from ledger.db import reading, transaction
from ledger.errors import LedgerError
from ledger.locks import LockHeld, ProcessLock
from ledger.mail import (
    EmailSettings,
    MailError,
    SmtpConnection,
    Subscription,
    build_message,
    email_settings,
    message_id,
    send_with_retry,
)
from ledger.models import Delivery, Publication, utcnow

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Outcome:
    recipient: str
    publications: str  # human description
    status: str  # sent, already sent, failed, deferred, skipped (failed earlier), written
    detail: str = ""

    def line(self) -> str:
        tail = f": {self.detail}" if self.detail else ""
        return f"{self.status:<12} {self.recipient} ({self.publications}){tail}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    match = WEEK.match(text.strip())
    try:
        if not match:
            raise ValueError
        date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise LedgerError(f"--week: {text!r} is not an ISO week like 2026-W22") from None
    return text.strip()


def week_days(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week."""
    match = WEEK.match(week)
    monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    return monday, monday + timedelta(days=6)


def default_render(session, *, config, publications, week: str, today: date, report_base_url: str | None):
    """The scorecard content, from the same data and settings as the HTML reports."""
    from ledger.scorecard import settings_from_config, weekly_email_data
    from reports.email import render_weekly_email

    data = weekly_email_data(
        session, publications=publications, week=week, today=today,
        report_base_url=report_base_url, settings=settings_from_config(config),
    )
    return render_weekly_email(data)


def send_weekly(
    config,
    engine: sa.Engine,
    *,
    week: str,
    today: date,
    only_to: str | None = None,
    retry_failed: bool = False,
    dry_run_dir: Path | None = None,
    stop: threading.Event | None = None,
    render: Callable = default_render,
    log: Callable[[str], None] | None = None,
    lock_wait_seconds: float = 1800.0,
) -> list[Outcome]:
    """Send `week`'s scorecard to every subscription that has not had it; one Outcome per subscription.

    `retry_failed` also retries deliveries the server refused for good earlier this
    week (the scheduler leaves those alone; `ledger email send` retries them).
    """
    settings = email_settings(config)
    subscriptions = [s for s in settings.subscriptions if only_to is None or s.recipient.lower() == only_to.lower()]
    if only_to is not None and not subscriptions:
        raise LedgerError(f"--to: {only_to} has no subscription in [email] subscriptions ({config.path})")
    if dry_run_dir is not None:
        return _write_previews(config, settings, engine, subscriptions, week, today, dry_run_dir, render)
    if not settings.sender:
        raise LedgerError(f"{config.path}: [email] from is not set: the address the scorecard comes from")
    try:
        lock = ProcessLock(engine, "mail").acquire(wait_seconds=lock_wait_seconds)
    except LockHeld as exc:
        raise LedgerError(f"another process is sending email for this ledger: {exc}; try again when it finishes") from None
    try:
        return _send_all(config, settings, engine, subscriptions, week, today, retry_failed, stop, render, log or (lambda _: None))
    finally:
        lock.release()


def _send_all(config, settings, engine, subscriptions, week, today, retry_failed, stop, render, log) -> list[Outcome]:
    with reading(engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.iso_week == week)).all()
    known = {(row.recipient, row.publications_key): row for row in rows}
    outcomes: list[Outcome] = []
    todo: list[Subscription] = []
    for sub in subscriptions:
        row = known.get((sub.recipient, sub.key))
        if row is not None and row.status == "sent":
            outcomes.append(Outcome(sub.recipient, sub.describe(), "already sent", f"{week}, {row.message_id}"))
        elif row is not None and row.status == "failed" and not retry_failed:
            outcomes.append(Outcome(sub.recipient, sub.describe(), "skipped", f"refused earlier this week: {row.error}"))
        else:
            todo.append(sub)
    if not todo:
        return outcomes
    rendered = _render_each(config, engine, settings, todo, week, today, render)
    connection = SmtpConnection(settings)
    try:
        for index, sub in enumerate(todo):
            if isinstance(rendered[sub.key], Exception):
                outcomes.append(Outcome(sub.recipient, sub.describe(), "deferred", f"could not render: {rendered[sub.key]}"))
                continue
            if stop is not None and stop.is_set():
                outcomes.append(Outcome(sub.recipient, sub.describe(), "deferred", "stopping; sent at the next run"))
                continue
            try:
                outcomes.append(_deliver(connection, settings, engine, sub, rendered[sub.key], week, stop, log))
            except MailError as exc:
                # The session itself was refused (login, TLS): the same for everyone, so stop here.
                outcomes.append(Outcome(sub.recipient, sub.describe(), "deferred", str(exc)))
                outcomes.extend(Outcome(r.recipient, r.describe(), "deferred", "not tried: " + str(exc)) for r in todo[index + 1 :])
                break
    finally:
        connection.close()
    return outcomes


def _render_each(config, engine, settings: EmailSettings, todo, week, today, render) -> dict:
    """One rendering per publication set, shared by its recipients; a failure is kept per set, not raised."""
    rendered: dict = {}
    with reading(engine) as session:
        known = set(session.exec(select(Publication.name)).all())
        for sub in todo:
            if sub.key in rendered:
                continue
            unknown = sorted(set(sub.publications or ()) - known)
            if unknown:
                # A typo in config.toml would otherwise mail an empty scorecard every week.
                rendered[sub.key] = LedgerError(f"[email] subscriptions name a publication the ledger does not have: {unknown[0]!r}")
                continue
            try:
                rendered[sub.key] = render(
                    session,
                    config=config,
                    publications=None if sub.publications is None else list(sub.publications),
                    week=week,
                    today=today,
                    report_base_url=settings.report_base_url or None,
                )
            except LedgerError as exc:
                rendered[sub.key] = exc
    return rendered


def _deliver(connection, settings, engine, sub: Subscription, rendered, week, stop, log) -> Outcome:
    msg_id = message_id(sub.recipient, sub.key, week, settings.sender)
    claimed = _claim(engine, sub, week, msg_id)
    if claimed is None:
        return Outcome(sub.recipient, sub.describe(), "already sent", week)
    row_id, previous = claimed
    if previous == "sending":
        log(f"{sub.recipient}: an earlier send of {week} was interrupted; sending again with the same Message-ID {msg_id}")
    message = build_message(rendered, sender=settings.sender, recipient=sub.recipient, msg_id=msg_id, reply_to=settings.reply_to, week=week)
    try:
        attempts = send_with_retry(connection, message, sub.recipient, stop=stop, log=log)
    except MailError as exc:
        # Temporary trouble and a refused session are not the recipient's fault: 'deferred'
        # is tried again at the next run; 'failed' (the server refused this message for
        # good) waits for `ledger email send` so a bad address is not hammered.
        status = "failed" if not exc.temporary and not exc.fatal else "deferred"
        _finish(engine, row_id, status=status, attempts=exc.attempts, error=str(exc))
        if exc.fatal:
            raise
        return Outcome(sub.recipient, sub.describe(), status, str(exc))
    # The server has the message: record it before anything else can go wrong.
    _finish(engine, row_id, status="sent", attempts=attempts, error=None)
    return Outcome(sub.recipient, sub.describe(), "sent", f"{week}, {attempts} attempt{'s' if attempts > 1 else ''}")


def _claim(engine, sub: Subscription, week: str, msg_id: str) -> tuple[int, str | None] | None:
    """Mark the delivery 'sending' in its own transaction; None if it was sent meanwhile."""
    with transaction(engine) as session:
        row = session.exec(
            select(Delivery).where(Delivery.recipient == sub.recipient, Delivery.publications_key == sub.key, Delivery.iso_week == week)
        ).first()
        if row is None:
            row = Delivery(recipient=sub.recipient, publications_key=sub.key, iso_week=week, status="sending", message_id=msg_id)
            session.add(row)
            session.flush()
            return row.id, None
        if row.status == "sent":
            return None
        previous = row.status
        row.status, row.message_id, row.updated_at = "sending", msg_id, utcnow()
        session.add(row)
        return row.id, previous


def _finish(engine, row_id: int, *, status: str, attempts: int, error: str | None) -> None:
    """One UPDATE in its own transaction; retried briefly, because after a 'sent' the only
    way left to send twice is this commit failing (database busy or restarting)."""
    for attempt in range(5):
        try:
            with transaction(engine) as session:
                session.execute(
                    sa.update(Delivery)
                    .where(Delivery.id == row_id)
                    .values(status=status, attempts=Delivery.attempts + attempts, error=error, updated_at=utcnow())
                )
            return
        except sa.exc.OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.5 * 2**attempt)


def _write_previews(config, settings, engine, subscriptions, week, today, folder: Path, render) -> list[Outcome]:
    """--dry-run: the exact messages, as .eml files; nothing recorded, nothing sent."""
    folder.mkdir(parents=True, exist_ok=True)
    rendered = _render_each(config, engine, settings, subscriptions, week, today, render)
    sender = settings.sender or "Prediction ledger <ledger@prediction-ledger.invalid>"
    outcomes = []
    for number, sub in enumerate(subscriptions, 1):
        if isinstance(rendered[sub.key], Exception):
            outcomes.append(Outcome(sub.recipient, sub.describe(), "failed", f"could not render: {rendered[sub.key]}"))
            continue
        message = build_message(rendered[sub.key], sender=sender, recipient=sub.recipient, msg_id=message_id(sub.recipient, sub.key, week, sender), reply_to=settings.reply_to, week=week)
        safe = re.sub(r"[^A-Za-z0-9._@-]+", "_", sub.recipient)
        path = folder / f"{week}-{number:03d}-{safe}.eml"
        path.write_bytes(message.as_bytes())
        outcomes.append(Outcome(sub.recipient, sub.describe(), "written", str(path)))
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    order = ("sent", "already sent", "written", "deferred", "failed", "skipped")
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in order if counts.get(s) or s in ("sent", "already sent"))
