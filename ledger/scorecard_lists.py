"""The bounded lists of claims a scorecard shows: the latest resolved, the longest-waiting due, and the newly due.

Each list is the first N rows per publication, read in order from a partial index
on the scored claims table, so a page of a publication with 100,000 claims lists N
of them and counts the rest, and no list sorts every claim.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from ledger.models import Article, Claim, ClaimEvent, Publication, Resolution
from ledger.scorecard_sql import base
from reports.model import ClaimItem, ResolutionInfo


# The lists' indexes are declared on a copy of the scored claims table: declared on the table itself,
# they would be built when it is created, and kept up to date through the whole million-row fill.
_indexed = base.to_metadata(sa.MetaData())


def _states(table: sa.Table, *states: str):
    # Written out as literals: SQLite uses a partial index only when the query repeats its WHERE
    # term exactly, and a bound parameter (state IN (?, ?)) does not count.
    return table.c.state.in_([sa.literal_column(f"'{state}'") for state in states])


_RESOLVED, _WAITING = _states(_indexed, "resolved"), _states(_indexed, "due", "overdue")
LATEST = sa.Index("scorecard_latest", _indexed.c.pub_id, _indexed.c.resolved_at, _indexed.c.claim_id,
                  sqlite_where=_RESOLVED, postgresql_where=_RESOLVED)
WAITING = sa.Index("scorecard_waiting", _indexed.c.pub_id, _indexed.c.deadline, _indexed.c.claim_id,
                   sqlite_where=_WAITING, postgresql_where=_WAITING)


def _top(session: Session, index: sa.Index, order: list, where, names: dict[int, str], limit: int) -> list[tuple]:
    """(pub_id, claim_id, state, res_id) of the first `limit` claims of each publication in `order`.

    A partial index on the scored claims gives each publication's order, so each list reads
    `limit` index entries instead of sorting every matching claim (400,000 at archive scale).
    """
    connection = session.connection()
    index.create(connection)
    if session.get_bind().dialect.name != "sqlite":
        connection.exec_driver_sql(f"ANALYZE {base.name}")  # so PostgreSQL plans with the new index
    query = (sa.select(base.c.pub_id, base.c.claim_id, base.c.state, base.c.res_id)
             .where(base.c.pub_id == sa.bindparam("pub"), where).order_by(*order).limit(limit))
    return [tuple(row) for pub_id in sorted(names) for row in connection.execute(query, {"pub": pub_id})]


def _items(session: Session, top: list[tuple], names: dict[int, str]) -> dict[int, list[ClaimItem]]:
    chosen = [claim_id for _, claim_id, _, _ in top]
    answers = [res_id for _, _, _, res_id in top if res_id is not None]
    query = (
        sa.select(Claim, Article.title, Article.url, Article.published, Resolution)
        .join(Article, Article.id == Claim.article_id)
        # Only the chosen answer ids: for each claim, the current answer the figures counted.
        .outerjoin(Resolution, (Resolution.claim_id == Claim.id) & Resolution.id.in_(answers))
        .where(Claim.id.in_(chosen))
    )
    found = {row[0].id: row for row in session.execute(query)}
    lists: dict[int, list[ClaimItem]] = {}
    for pub_id, claim_id, state, _ in top:
        claim, title, url, published, resolution = found[claim_id]
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
    order = [base.c.resolved_at.desc(), base.c.claim_id.desc()]
    return _items(session, _top(session, LATEST, order, _states(base, "resolved"), names, limit), names)


def longest_waiting(session: Session, names: dict[int, str], limit: int) -> dict[int, list[ClaimItem]]:
    order = [base.c.deadline, base.c.claim_id]
    where = _states(base, "due", "overdue")
    return _items(session, _top(session, WAITING, order, where, names, limit), names)


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
