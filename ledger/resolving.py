"""Answering claims. A resolution is never changed: an amendment is a new row that supersedes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ledger.errors import Conflict, LedgerError, NotFound
from ledger.models import OUTCOMES, Claim, ClaimEvent, Resolution, utcnow
from ledger.queries import resolution_chain

NEEDS_EVIDENCE = {"correct", "incorrect", "partial"}


@dataclass(frozen=True)
class Answer:
    """What an analyst decided about a claim."""

    outcome: str
    evidence_url: str | None
    note: str | None
    resolver: str


def checked_url(url: str | None, *, required: bool) -> str | None:
    """An evidence link must be an absolute http(s) URL; returns it trimmed."""
    if url is None or not url.strip():
        if required:
            raise LedgerError("an evidence URL is required for correct, incorrect and partial outcomes")
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise LedgerError(f"evidence URL {url!r} is not an http(s) address")
    return url


def checked_answer(answer: Answer) -> Answer:
    if answer.outcome not in OUTCOMES:
        raise LedgerError(f"outcome {answer.outcome!r} is not one of {', '.join(OUTCOMES)}")
    url = checked_url(answer.evidence_url, required=answer.outcome in NEEDS_EVIDENCE)
    return Answer(answer.outcome, url, (answer.note or "").strip() or None, answer.resolver)


def resolve(
    session: Session,
    claim_id: int,
    answer: Answer,
    *,
    today: date,
    amend: bool = False,
    force: bool = False,
    at: datetime | None = None,
) -> Resolution:
    """Record an answer for a claim (or, with amend, a new answer superseding the current one)."""
    answer = checked_answer(answer)
    claim = session.get(Claim, claim_id, with_for_update=True)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    chain = resolution_chain(session, claim_id)
    current = chain[-1] if chain else None
    check_resolvable(claim, current, today=today, amend=amend, force=force)
    resolution = Resolution(
        claim_id=claim_id, outcome=answer.outcome, evidence_url=answer.evidence_url, note=answer.note,
        resolver=answer.resolver, resolved_at=at or utcnow(), supersedes_id=current.id if current else None,
    )
    session.add(resolution)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"claim {claim_id} was resolved by someone else at the same moment; see `ledger claims show {claim_id}`") from None
    old_status = claim.status
    claim.status = "void" if answer.outcome == "void" else "resolved"
    session.add(ClaimEvent(
        claim_id=claim_id, kind="re_resolved" if current else "resolved", actor=answer.resolver,
        at=resolution.resolved_at, reason=answer.note, old_value=current.outcome if current else old_status,
        new_value=answer.outcome, resolution_id=resolution.id,
    ))
    session.flush()
    return resolution


def check_resolvable(claim: Claim, current: Resolution | None, *, today: date, amend: bool, force: bool) -> None:
    if claim.status == "rejected":
        raise LedgerError(f"claim {claim.id} was rejected as not a claim; it cannot be resolved")
    if amend:
        if current is None:
            raise LedgerError(f"claim {claim.id} has no resolution to amend; resolve it without --amend")
        return
    if current is not None:
        raise Conflict(
            f"claim {claim.id} is already resolved ({current.outcome}, by {current.resolver}); use --amend to correct it"
        )
    if claim.status == "open" and claim.deadline >= today and not force:
        raise LedgerError(f"claim {claim.id} is not due until after {claim.deadline.isoformat()}; use --force to resolve it early")


def extend_deadline(
    session: Session,
    claim_id: int,
    new_deadline: date,
    *,
    actor: str,
    reason: str | None,
    today: date,
    at: datetime | None = None,
) -> ClaimEvent:
    """Give an unresolved claim a later deadline: it returns to open and comes due again the day after.

    The claim keeps the expression it was first given; the event keeps the old date and why it moved.
    """
    reason = _required_reason(reason, "extending a deadline")
    claim = _claim_for_update(session, claim_id)
    if claim.status in ("resolved", "void", "rejected"):
        raise LedgerError(f"claim {claim_id} is {claim.status}; only an open or due claim can have its deadline moved")
    if new_deadline < today:
        raise LedgerError(
            f"new deadline {new_deadline.isoformat()} has already passed (today is {today.isoformat()}); "
            "a claim comes due the day after its deadline"
        )
    if new_deadline == claim.deadline:
        raise LedgerError(f"claim {claim_id} already has the deadline {new_deadline.isoformat()}")
    event = ClaimEvent(
        claim_id=claim_id, kind="deadline_changed", actor=actor, at=at or utcnow(), reason=reason,
        old_value=claim.deadline.isoformat(), new_value=new_deadline.isoformat(),
    )
    claim.deadline, claim.status = new_deadline, "open"
    session.add(event)
    session.flush()
    return event


def reject_claim(session: Session, claim_id: int, *, actor: str, reason: str | None, at: datetime | None = None) -> ClaimEvent:
    """Mark a claim as not a claim after all: kept with its reason, left out of scoring, never resolved."""
    reason = _required_reason(reason, "rejecting a claim")
    claim = _claim_for_update(session, claim_id)
    if claim.status == "rejected":
        raise Conflict(f"claim {claim_id} is already rejected; see `ledger claims show {claim_id}`")
    if claim.status in ("resolved", "void"):
        # A resolved claim's status must agree with its current resolution (ledger db check).
        raise LedgerError(
            f"claim {claim_id} is already {claim.status}; amend its resolution (ledger resolve {claim_id} --amend) instead"
        )
    event = ClaimEvent(
        claim_id=claim_id, kind="rejected", actor=actor, at=at or utcnow(), reason=reason,
        old_value=claim.status, new_value="rejected",
    )
    claim.status = "rejected"
    session.add(event)
    session.flush()
    return event


def _claim_for_update(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id, with_for_update=True)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    return claim


def _required_reason(reason: str | None, doing: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise LedgerError(f"a reason is required for {doing}")
    return reason
