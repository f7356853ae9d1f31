"""The bounded lists of claims a scorecard shows: the latest resolved, the longest-waiting due, and the newly due.

Each list is the first N rows per publication (a window function over the scored
claims table), so a page of a publication with 100,000 claims lists N of them and
counts the rest.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from ledger.models import Article, Claim, ClaimEvent, Publication, Resolution
from ledger.scorecard_sql import base
from reports.model import ClaimItem, ResolutionInfo


def _ranked(order, where, limit: int) -> sa.Subquery:
    rank = sa.func.row_number().over(partition_by=base.c.pub_id, order_by=order).label("rank")
    inner = sa.select(base.c.pub_id, base.c.claim_id, base.c.state, base.c.res_id, rank).where(where).subquery()
    return sa.select(inner).where(inner.c.rank <= limit).subquery()


def _items(session: Session, ranked: sa.Subquery, names: dict[int, str]) -> dict[int, list[ClaimItem]]:
    query = (
        sa.select(ranked.c.pub_id, ranked.c.state, Claim, Article.title, Article.url, Article.published, Resolution)
        .join(Claim, Claim.id == ranked.c.claim_id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Resolution, Resolution.id == ranked.c.res_id)
        .order_by(ranked.c.pub_id, ranked.c.rank)
    )
    lists: dict[int, list[ClaimItem]] = {}
    for pub_id, state, claim, title, url, published, resolution in session.execute(query):
        lists.setdefault(pub_id, []).append(
            claim_item(claim, names[pub_id], state, title=title, url=url, published=published, resolution=resolution)
        )
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


def latest_resolved(session: Session, names: dict[int, str], limit: int) -> dict[int, list[ClaimItem]]:
    ranked = _ranked([base.c.resolved_at.desc(), base.c.claim_id.desc()], base.c.state == "resolved", limit)
    return _items(session, ranked, names)


def longest_waiting(session: Session, names: dict[int, str], limit: int) -> dict[int, list[ClaimItem]]:
    ranked = _ranked([base.c.deadline, base.c.claim_id], base.c.state.in_(("due", "overdue")), limit)
    return _items(session, ranked, names)


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
