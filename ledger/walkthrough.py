"""The walk through due claims, apart from the terminal: which claims, in what order, and saving each answer.

Every answer is saved in a transaction of its own the moment it is confirmed, so quitting,
a crash or a lost connection never costs an answer already given, and running the walk
again simply carries on with what is still due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import select

from ledger.db import reading, transaction
from ledger.due import flag_due
from ledger.errors import Conflict
from ledger.models import Article, Claim, Publication
from ledger.queries import ClaimStory, claim_story, resolution_chain
from ledger.resolving import Answer, check_resolvable, extend_deadline, reject_claim, resolve


@dataclass(frozen=True)
class Queue:
    """The claims to walk, in order, and how many are due in all under the same filters."""

    claim_ids: list[int]
    total_due: int


@dataclass(frozen=True)
class Action:
    """One confirmed decision about a claim."""

    kind: str  # resolve, extend, reject
    answer: Answer | None = None
    deadline: date | None = None
    reason: str | None = None
    supersedes: int | None = None  # the resolution on screen when the answer was given, if any


@dataclass
class Tally:
    """What this walk saved (every save counts, amendments included) and what it left for later."""

    saved: dict[str, int] = field(default_factory=dict)
    last: dict[int, str] = field(default_factory=dict)  # claim id -> what happened to it last in this walk

    def record(self, claim_id: int, what: str, *, saved: bool) -> None:
        if saved:
            self.saved[what] = self.saved.get(what, 0) + 1
        self.last[claim_id] = what

    @property
    def saved_count(self) -> int:
        return sum(self.saved.values())

    @property
    def skipped(self) -> int:
        return sum(1 for what in self.last.values() if what == "skipped")


def due_queue(
    engine: sa.Engine, *, today: date, actor: str, publication: str | None = None,
    kind: str | None = None, limit: int | None = None,
) -> Queue:
    """Flag what has come due as of today, then the due claims, oldest deadline first."""
    with transaction(engine) as session:
        flag_due(session, today=today, actor=actor)
    with reading(engine) as session:
        query = _due(select(Claim.id), publication, kind).order_by(Claim.deadline, Claim.id)
        if limit:
            query = query.limit(limit)
        return Queue(list(session.exec(query)), session.exec(_due(select(func.count(Claim.id)), publication, kind)).one())


def _due(query, publication: str | None, kind: str | None):
    query = query.join(Article, Article.id == Claim.article_id).where(Claim.status == "due")
    if publication:
        query = query.join(Publication, Publication.id == Article.publication_id).where(Publication.name == publication)
    if kind:
        query = query.where(Claim.kind == kind)
    return query


def single_claim(engine: sa.Engine, claim_id: int, *, today: date, amend: bool, force: bool) -> Queue:
    """A walk of one claim, refused (one-line error) when the scriptable command would refuse it."""
    with reading(engine) as session:
        story = claim_story(session, claim_id)
        check_resolvable(story.claim, story.current_resolution, today=today, amend=amend, force=force)
    return Queue([claim_id], 1)


def load(engine: sa.Engine, claim_id: int) -> ClaimStory:
    with reading(engine) as session:
        return claim_story(session, claim_id)


def save(engine: sa.Engine, claim_id: int, action: Action, *, actor: str, today: date) -> str:
    """Save one decision in its own transaction; returns what to count it as."""
    with transaction(engine) as session:
        if action.kind == "resolve":
            chain = resolution_chain(session, claim_id)
            current = chain[-1] if chain else None
            if (current.id if current else None) != action.supersedes:
                # Someone answered while this analyst was reading: never supersede an answer unseen.
                now = f"{current.outcome}, by {current.resolver}" if current else "no answer now"
                raise Conflict(f"claim {claim_id} was answered meanwhile ({now}); it is shown again as it stands")
            # The walk only shows claims that were due (or forced) when it started; an answer
            # to one that was extended meanwhile is a deliberate early answer.
            resolve(session, claim_id, action.answer, today=today, amend=current is not None, force=True)
            return "amended" if current else action.answer.outcome
        if action.kind == "extend":
            extend_deadline(session, claim_id, action.deadline, actor=actor, reason=action.reason, today=today)
            return "extended"
        reject_claim(session, claim_id, actor=actor, reason=action.reason)
        return "rejected"


def still_due(engine: sa.Engine, *, publication: str | None = None, kind: str | None = None) -> int:
    with reading(engine) as session:
        return session.exec(_due(select(func.count(Claim.id)), publication, kind)).one()
