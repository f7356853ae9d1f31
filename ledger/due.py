"""Flagging claims whose deadline has passed. The claim comes due the day after its deadline."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, literal, select, update
from sqlmodel import Session

from ledger.models import Claim, ClaimEvent, utcnow


def flag_due(session: Session, *, today: date, actor: str) -> int:
    """Mark every open claim whose deadline is before `today` as due; returns how many.

    Two set-based statements, never a loop over rows: the audit events are written
    by INSERT ... SELECT from the same condition, then one UPDATE flips the status.
    """
    now = utcnow()
    overdue = (Claim.status == "open") & (Claim.deadline < today)
    events = select(Claim.id, literal("flagged_due"), literal(actor), literal(now, ClaimEvent.__table__.c.at.type), literal("open"), literal("due")).where(overdue)
    session.execute(
        insert(ClaimEvent).from_select(["claim_id", "kind", "actor", "at", "old_value", "new_value"], events)
    )
    result = session.execute(update(Claim).where(overdue).values(status="due").execution_options(synchronize_session=False))
    return result.rowcount
