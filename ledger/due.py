"""Flagging claims whose deadline has passed. The claim comes due the day after its deadline."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, update
from sqlmodel import Session

from ledger.models import Claim, ClaimEvent, utcnow


def flag_due(session: Session, *, today: date, actor: str) -> int:
    """Mark every open claim whose deadline is before `today` as due; returns how many.

    One UPDATE ... RETURNING flips the statuses and names the claims it flipped; their audit
    events are written for exactly those ids, in one batched INSERT. (Deriving the events from
    the same WHERE in a separate statement is wrong on PostgreSQL: under READ COMMITTED each
    statement sees what was committed before it, so a claim ingested in between was flagged
    without an event, and two flaggers at once both logged the same claims.)
    """
    now = utcnow()
    overdue = (Claim.status == "open") & (Claim.deadline < today)
    flagged = session.execute(
        update(Claim).where(overdue).values(status="due").returning(Claim.id).execution_options(synchronize_session=False)
    ).scalars().all()
    if flagged:
        session.execute(insert(ClaimEvent), [
            {"claim_id": claim_id, "kind": "flagged_due", "actor": actor, "at": now, "old_value": "open", "new_value": "due"}
            for claim_id in flagged
        ])
    return len(flagged)
