"""The bounded lists of claims a scorecard shows: the latest resolved, the longest-waiting due, and the newly due.

Each list is the first N rows per publication, read in order from an index (the
answers' by time, the claims' by status and deadline) and cut off once every
publication has its N, so a page of a publication with 100,000 claims lists N of
them, its figures count the rest, and no list sorts every claim.
"""

from __future__ import annotations

import heapq
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger import scorecard_sql as sql
from ledger.models import STATUSES, Article, Claim, ClaimEvent, Publication, Resolution
from reports.model import ClaimItem, ResolutionInfo


def _first_per_publication(rows, names: dict[int, str], limit: int) -> list[tuple]:
    """The first `limit` of each publication's rows (pub_id first), from rows in list order; a row of
    another publication (pub_id None: out of scope) is skipped. Stops reading once every publication has its `limit`,
    so a list reads a few thousand claims, not all."""
    taken: dict[int, int] = {}
    top, full = [], 0
    if limit <= 0 or not names:
        return top
    for row in rows:
        pub_id = row[0]
        if pub_id not in names:
            continue
        count = taken.get(pub_id, 0)
        if count < limit:
            top.append(row)
            taken[pub_id] = count + 1
            full += count + 1 == limit
            if full == len(names):
                break
    return top


def _streamed(session: Session, query: sa.Select):
    # yield_per: PostgreSQL sends rows in batches from a server-side cursor, so stopping early reads less.
    return session.connection().execute(query.execution_options(yield_per=1000))


def _items(session: Session, top: list[tuple], names: dict[int, str]) -> dict[int, list[ClaimItem]]:
    chosen = [claim_id for _, claim_id, _, _ in top]
    query = (sa.select(Claim, Article.title, Article.url, Article.published)
             .join(Article, Article.id == Claim.article_id).where(Claim.id.in_(chosen)))
    found = {row[0].id: row for row in session.execute(query)}
    # Each claim's current answer, the one its figures counted, by its id: joined to the claims with
    # `id IN (...)` instead, SQLite tried every chosen id for every claim (2,500 x 2,500 probes).
    answer_ids = [res_id for _, _, _, res_id in top if res_id is not None]
    answers = {r.id: r for r in session.scalars(sa.select(Resolution).where(Resolution.id.in_(answer_ids)))} \
        if answer_ids else {}
    lists: dict[int, list[ClaimItem]] = {}
    for pub_id, claim_id, state, res_id in top:
        claim, title, url, published = found[claim_id]
        lists.setdefault(pub_id, []).append(claim_item(
            claim, names[pub_id], state, title=title, url=url, published=published, resolution=answers.get(res_id)))
    return lists


def claim_item(claim: Claim, publication: str, state: str, *, title, url, published, resolution) -> ClaimItem:
    info = None
    if resolution is not None:
        info = ResolutionInfo(
            outcome=resolution.outcome, evidence_url=resolution.evidence_url, resolver=resolution.resolver,
            resolved_at=_aware(resolution.resolved_at), note=resolution.note, amended=resolution.supersedes_id is not None,
        )
    return ClaimItem(
        id=claim.id, kind=claim.kind, quote=claim.quote, deadline=claim.deadline, status=state,
        publication=publication, attributed_to=claim.attributed_to, article_title=title, article_url=url,
        published=published, probability=claim.probability, hedge=claim.hedge, resolution=info,
    )


def _aware(stamp: datetime) -> datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def latest_resolved(session: Session, scope: sql.Scope, names: dict[int, str], limit: int) -> dict[int, list[ClaimItem]]:
    """Each publication's latest current answers, newest first (ties: higher claim id first).

    Walks the answers from the end of their (resolved_at, claim_id) index, newest first across all
    publications, and keeps each publication's first `limit`: no sort of the 400,000 answers.
    """
    answers = sql.answers
    query = (sa.select(_publication_of(session, scope, answers.c.claim_id), answers.c.claim_id,
                       sa.literal("resolved"), answers.c.res_id)
             .order_by(answers.c.resolved_at.desc(), answers.c.claim_id.desc()))
    result = _streamed(session, query)
    try:
        top = _first_per_publication(result, names, limit)
    finally:
        result.close()
    return _items(session, top, names)


# Stored statuses of answered claims. Their claims are walked last, and only up to the deadline where
# the other walks filled every list: a claim normally has an answer by then, and these walks would
# otherwise step through every resolved claim (400,000) to find the few, if any, that have none.
_ANSWERED_STATUSES = ("resolved", "void")


def longest_waiting(session: Session, scope: sql.Scope, names: dict[int, str], limit: int) -> dict[int, list[ClaimItem]]:
    """Each publication's unanswered claims past their deadline, oldest deadline first (ties: lower claim id first).

    Walks of the (status, deadline) index, one per stored status, merged on (deadline, claim id): each
    walk is already in order, so no claim is sorted and reading stops once every publication has its `limit`.
    """
    if limit <= 0 or not names:
        return {}
    usual = [status for status in STATUSES if status not in ("rejected", *_ANSWERED_STATUSES)]
    walks = [_streamed(session, _waiting(session, scope, status, scope.today)) for status in usual]
    try:
        top = _first_per_publication(heapq.merge(*walks, key=_waiting_order), names, limit)
    finally:
        for walk in walks:
            walk.close()
    filled = len(top) == limit * len(names)
    # Once every list is full, a claim due after the last one listed cannot get in.
    bound = max(deadline for _, _, deadline in top) if filled else None
    for status in _ANSWERED_STATUSES:
        top += session.connection().execute(_waiting(session, scope, status, scope.today, bound)).all()
    top = _first_per_publication(sorted(top, key=_waiting_order), names, limit)
    overdue_before = scope.today - timedelta(days=scope.on_time_days + 1)
    return _items(session, [(pub_id, claim_id, "overdue" if deadline < overdue_before else "due", None)
                            for pub_id, claim_id, deadline in top], names)


def _waiting_order(row) -> tuple:
    return row[2], row[1]


def _waiting(session: Session, scope: sql.Scope, status: str, before: date, until: date | None = None) -> sa.Select:
    """(pub_id, claim_id, deadline) of unanswered claims with this status due before `before` (and not after
    `until`), in list order. The answer is looked up from the index entry, before the claim is read."""
    answers = sql.answers
    query = (sa.select(_publication_of(session, scope, Claim.id).label("pub_id"), Claim.id, Claim.deadline)
             .outerjoin(answers, answers.c.claim_id == Claim.id)
             .where(Claim.status == status, Claim.deadline < before, answers.c.claim_id.is_(None))
             .order_by(Claim.deadline, Claim.id))
    return query if until is None else query.where(Claim.deadline <= until)


def _publication_of(session: Session, scope: sql.Scope, claim_id):
    """The publication of the claim `claim_id`, or NULL when the claim is rejected or out of scope.

    A subquery, not a join: joined, SQLite (with the archive's statistics) first builds a Bloom
    filter over all of the claims and articles, a full pass, to speed up a walk that stops early.
    """
    other = aliased(Claim, name="listed")
    query = (sa.select(Article.publication_id).join(other, other.article_id == Article.id)
             .where(other.id == claim_id, other.status != "rejected"))
    return sql.in_scope(session, query, scope).scalar_subquery()


def week_bounds(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written "2026-W22"."""
    try:
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise ValueError(f"week {week!r} is not an ISO week like 2026-W22") from None
    return monday, monday + timedelta(days=6)


def newly_due(
    session: Session, *, publications: list[str] | None, week: str, tz: ZoneInfo, today: date, on_time_days: int,
    limit: int,
) -> tuple[list[ClaimItem], int]:
    """Claims flagged due during the ISO week (in the ledger's time zone), longest deadline first; and how many in all."""
    monday, sunday = week_bounds(week)
    # Stored times are UTC (SQLite keeps them without an offset), so compare in UTC.
    start = datetime.combine(monday, time(), tz).astimezone(timezone.utc)
    end = datetime.combine(sunday + timedelta(days=1), time(), tz).astimezone(timezone.utc)
    flagged = (
        sa.select(ClaimEvent.claim_id)
        .where(ClaimEvent.kind == "flagged_due", ClaimEvent.at >= start, ClaimEvent.at < end)
        .distinct()
        .subquery()
    )
    where = [Claim.status != "rejected"]
    if publications is not None:
        where.append(Publication.name.in_(publications))
    joined = (
        sa.select(Claim, Publication.name, Article.title, Article.url, Article.published)
        .join(flagged, flagged.c.claim_id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .join(Publication, Publication.id == Article.publication_id)
        .where(*where)
    )
    total = session.execute(sa.select(sa.func.count()).select_from(joined.subquery())).scalar_one()
    rows = session.execute(joined.order_by(Claim.deadline, Claim.id).limit(limit))
    overdue_before = today - timedelta(days=on_time_days + 1)
    items = []
    for claim, name, title, url, published in rows:
        state = _state_now(claim, overdue_before)
        items.append(claim_item(claim, name, state, title=title, url=url, published=published, resolution=None))
    return items, total


def _state_now(claim: Claim, overdue_before: date) -> str:
    if claim.status in ("resolved", "void"):
        return "resolved"
    return "overdue" if claim.deadline < overdue_before else "due"
