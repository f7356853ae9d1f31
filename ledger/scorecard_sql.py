"""The scorecard's SQL: one pass joining claims to their current answers, then GROUP BY queries over it.

At archive scale (a million claims) the joins and the sorts are the cost, so each
runs once: `scored_claims` first lists each answered claim's current answer (one pass over
the resolutions, keyed by claim), then fills a temporary table with one row per claim (claims
walked in table order), then two GROUP BYs sort it into the tallies per
(publication, source, author) and per (publication, kind, horizon, wording,
quarter), kept in two more temporary tables. Every breakdown a page shows is a
GROUP BY over those few thousand groups; calibration bins and the bounded lists of
claims read the per-claim table. Nothing loads claims into Python except those lists.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ledger.models import Article, Claim, Publication, Resolution

SIX_MONTHS_DAYS = 183  # horizons are measured in days: 6 months ≈ 183, 18 months ≈ 548
EIGHTEEN_MONTHS_DAYS = 548
BIN_EDGES = [round(i / 10, 1) for i in range(1, 10)]

# The counts a Tally needs, in its order after `claims`.
FLAGS = ("is_open", "is_due", "is_overdue", "is_correct", "is_incorrect", "is_partial", "is_void", "on_time")

_meta = sa.MetaData()
base = sa.Table(
    "scorecard_base", _meta,
    sa.Column("pub_id", sa.Integer), sa.Column("claim_id", sa.Integer), sa.Column("kind", sa.String(20)),
    sa.Column("source", sa.String(300)), sa.Column("author", sa.String(300)),
    sa.Column("probability", sa.Float),
    # the group keys of the breakdowns, worked out once per claim rather than in every GROUP BY
    sa.Column("wording", sa.String(200)), sa.Column("horizon", sa.Integer), sa.Column("dquarter", sa.String(7)),
    sa.Column("deadline", sa.Date), sa.Column("made", sa.Date),
    sa.Column("state", sa.String(10)), sa.Column("outcome", sa.String(20)),
    sa.Column("res_id", sa.Integer), sa.Column("resolved_at", sa.DateTime(timezone=True)),
    # 0/1 flags worked out once per claim, so every aggregate is a plain SUM
    *[sa.Column(name, sa.Integer) for name in FLAGS],
    prefixes=["TEMPORARY"],
)


# Each claim's current answer (the end of its chain) and when its first answer came: filled from one
# pass over the resolutions, so the claims pass finds a claim's answer by its key instead of
# searching the resolution indexes twice per claim (a million claims, 60% never answered).
answers = sa.Table(
    "scorecard_answers", _meta,
    sa.Column("claim_id", sa.Integer, primary_key=True, autoincrement=False), sa.Column("res_id", sa.Integer),
    sa.Column("outcome", sa.String(20)), sa.Column("resolved_at", sa.DateTime(timezone=True)),
    sa.Column("first_at", sa.DateTime(timezone=True)),
    prefixes=["TEMPORARY"],
)

COUNTS = ("claims", *FLAGS)
people = sa.Table(
    "scorecard_people", _meta,
    sa.Column("pub_id", sa.Integer), sa.Column("source", sa.String(300)), sa.Column("author", sa.String(300)),
    *[sa.Column(name, sa.Integer) for name in COUNTS],
    sa.Column("first_made", sa.Date), sa.Column("last_made", sa.Date),
    prefixes=["TEMPORARY"],
)
traits = sa.Table(
    "scorecard_traits", _meta,
    sa.Column("pub_id", sa.Integer), sa.Column("kind", sa.String(20)), sa.Column("horizon", sa.Integer),
    sa.Column("wording", sa.String(200)), sa.Column("dquarter", sa.String(7)),
    *[sa.Column(name, sa.Integer) for name in COUNTS],
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class Scope:
    """Which claims a scorecard covers and the day it is computed for."""

    today: date
    on_time_days: int
    publications: list[str] | None = None
    since: date | None = None
    until: date | None = None
    publication_ids: tuple[int, ...] | None = None  # a share of the work (see scorecard.build_report)


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _days_between(session: Session, later, earlier):
    if _is_sqlite(session):
        return sa.func.julianday(later) - sa.func.julianday(earlier)
    return later - earlier  # date - date is a whole number of days in PostgreSQL


def _date_of(session: Session, stamp):
    if _is_sqlite(session):
        return sa.func.date(stamp)
    return sa.cast(sa.func.timezone("UTC", stamp), sa.Date)


def _answered_within(session: Session, stamp, deadline, days: int):
    """The answer came no later than `days` after the claim came due (the day after its deadline)."""
    if _is_sqlite(session):
        # Text comparison of the stored UTC stamp's date: one date() call per answer instead of three.
        return sa.func.substr(stamp, 1, 10) <= sa.func.date(deadline, f"+{days + 1} days")
    return _days_between(session, _date_of(session, stamp), deadline) <= days + 1


def _year_quarter(session: Session, day):
    """"YYYY-Q" of a date, by string slicing on SQLite: date functions per row cost more than the whole GROUP BY."""
    if _is_sqlite(session):
        month = sa.cast(sa.func.substr(day, 6, 2), sa.Integer)
        return sa.func.substr(day, 1, 5).concat(sa.cast((month + 2) / 3, sa.Integer))
    return sa.func.to_char(day, "YYYY-Q")


def _horizon_bucket(days):
    """0: under 6 months, 1: 6-18 months, 2: over 18 months, 3: no publication date (reports.model.HORIZONS)."""
    return sa.case((days.is_(None), 3), (days < SIX_MONTHS_DAYS, 0), (days < EIGHTEEN_MONTHS_DAYS, 1), else_=2)


def _wording(probability, hedge):
    """The hedge as written for claims without a stated probability ('' when plain); NULL when one was stated."""
    return sa.case((probability.is_(None), sa.func.coalesce(sa.func.lower(sa.func.trim(hedge)), "")), else_=None)


def _claim_order(session: Session, article_id):
    """Walk the claims in table order and look each article up by its key.

    SQLite would otherwise walk the (smaller) article table and find its claims through
    the article_id index: a seek per claim, twice the work over a million claims. `+ 0`
    keeps that index out of the join; PostgreSQL plans the join itself (hash join).
    """
    return article_id + 0 if _is_sqlite(session) else article_id


def _select_answers() -> sa.Select:
    """One row per answered claim: its current answer (no successor) and its first answer's time."""
    current, first = aliased(Resolution, name="cur"), aliased(Resolution, name="first_answer")
    superseded = sa.select(Resolution.supersedes_id).where(Resolution.supersedes_id.is_not(None))
    # An amended chain's first answer is another row (a few percent of answers): looked up only for those.
    first_at = (sa.select(first.resolved_at)
                .where(first.claim_id == current.claim_id, first.supersedes_id.is_(None)).scalar_subquery())
    return sa.select(
        current.claim_id, current.id, current.outcome, current.resolved_at,
        sa.case((current.supersedes_id.is_(None), current.resolved_at), else_=first_at),
    ).where(current.id.not_in(superseded))


def _select_scored(session: Session, scope: Scope) -> sa.Select:
    made = sa.func.coalesce(Article.published, _date_of(session, Article.created_at))
    horizon_days = _days_between(session, Claim.deadline, Article.published)
    overdue_before = scope.today - timedelta(days=scope.on_time_days + 1)
    unanswered = answers.c.claim_id.is_(None)
    state = sa.case((~unanswered, "resolved"), (Claim.deadline >= scope.today, "open"),
                    (Claim.deadline < overdue_before, "overdue"), else_="due")
    query = (
        sa.select(
            Article.publication_id, Claim.id, Claim.kind, Claim.attributed_to, Article.author, Claim.probability,
            _wording(Claim.probability, Claim.hedge), _horizon_bucket(horizon_days), _year_quarter(session, Claim.deadline),
            Claim.deadline, made, state, answers.c.outcome, answers.c.res_id, answers.c.resolved_at,
            sa.case((unanswered & (Claim.deadline >= scope.today), 1), else_=0),
            sa.case((unanswered & (Claim.deadline < scope.today), 1), else_=0),
            sa.case((unanswered & (Claim.deadline < overdue_before), 1), else_=0),
            *[sa.case((answers.c.outcome == outcome, 1), else_=0) for outcome in ("correct", "incorrect", "partial", "void")],
            sa.case((answers.c.first_at.is_(None), 0),
                    (_answered_within(session, answers.c.first_at, Claim.deadline, scope.on_time_days), 1), else_=0),
        )
        .join(Article, Article.id == _claim_order(session, Claim.article_id))
        .outerjoin(answers, answers.c.claim_id == Claim.id)
        .where(Claim.status != "rejected")
    )
    if scope.publications is not None:
        ids = sa.select(Publication.id).where(Publication.name.in_(scope.publications))
        query = query.where(Article.publication_id.in_(ids))
    if scope.publication_ids is not None:
        query = query.where(Article.publication_id.in_(scope.publication_ids))
    if scope.since is not None:
        query = query.where(made >= scope.since)
    if scope.until is not None:
        query = query.where(made <= scope.until)
    return query


@contextmanager
def scored_claims(session: Session, scope: Scope) -> Iterator[sa.Table]:
    """Temporary tables of the claims in scope (one row each with its state and current outcome),
    and of their tallies per (publication, source, author) and per (publication, kind, horizon, wording, quarter)."""
    connection = session.connection()
    tables = (answers, base, people, traits)
    for table in tables:
        table.drop(connection, checkfirst=True)
        table.create(connection)
    try:
        connection.execute(sa.insert(answers).from_select([c.name for c in answers.columns], _select_answers()))
        if not _is_sqlite(session):
            connection.exec_driver_sql(f"ANALYZE {answers.name}")  # a temp table has no statistics until asked
        columns = [c.name for c in base.columns]
        connection.execute(sa.insert(base).from_select(columns, _select_scored(session, scope)))
        # Two sorts of the claims; each breakdown is then a GROUP BY over a few thousand groups.
        made = (sa.func.min(base.c.made), sa.func.max(base.c.made))
        _fill_groups(connection, people, (base.c.source, base.c.author), made)
        _fill_groups(connection, traits, (base.c.kind, base.c.horizon, base.c.wording, base.c.dquarter))
        yield base
    finally:
        for table in tables:
            table.drop(connection, checkfirst=True)


def _fill_groups(connection, table: sa.Table, keys, extra=()) -> None:
    query = sa.select(base.c.pub_id, *keys, *tally_columns(), *extra).group_by(base.c.pub_id, *keys)
    connection.execute(sa.insert(table).from_select([c.name for c in table.columns], query))


def tally_columns() -> list:
    """Counts every Tally needs, in Tally's order: claims, open, due (incl. overdue), overdue, outcomes, on time."""
    return [sa.func.count(), *[sa.func.coalesce(sa.func.sum(base.c[name]), 0) for name in FLAGS]]


def breakdown(session: Session, table: sa.Table, key) -> list[tuple]:
    """(pub_id, key, claims, open, due, overdue, correct, incorrect, partial, void, on_time) per publication and
    value of `key`, a column of `people` or `traits`; groups whose key is NULL are left out."""
    counts = [sa.func.sum(table.c[name]) for name in COUNTS]
    query = sa.select(table.c.pub_id, key, *counts).where(key.is_not(None)).group_by(table.c.pub_id, key)
    return [tuple(row) for row in session.connection().execute(query)]


def totals(session: Session) -> list[tuple]:
    """(pub_id, the 9 counts, first day made, last day made) per publication."""
    counts = [sa.func.sum(people.c[name]) for name in COUNTS]
    query = sa.select(
        people.c.pub_id, *counts, sa.func.min(people.c.first_made), sa.func.max(people.c.last_made),
    ).group_by(people.c.pub_id)
    return [tuple(row) for row in session.connection().execute(query)]


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def outcome_value():
    return sa.case((base.c.outcome == "correct", 1.0), (base.c.outcome == "partial", 0.5), else_=0.0)


def calibration_rows(session: Session) -> list[tuple]:
    """(pub_id, bin 0..9, n, sum of p, sum of outcome, sum of squared error) for scored claims with a stated probability."""
    p = base.c.probability
    bin_index = sa.case(*[(p < edge, i) for i, edge in enumerate(BIN_EDGES)], else_=9)
    o = outcome_value()
    query = (
        sa.select(base.c.pub_id, bin_index, sa.func.count(), sa.func.sum(p), sa.func.sum(o),
                  sa.func.sum((p - o) * (p - o)))
        .where(p.is_not(None), base.c.outcome.in_(("correct", "incorrect", "partial")))
        .group_by(base.c.pub_id, bin_index)
    )
    return [tuple(row) for row in session.connection().execute(query)]


def publication_names(session: Session, ids: list[int] | None = None) -> dict[int, str]:
    query = sa.select(Publication.id, Publication.name)
    if ids is not None:
        query = query.where(Publication.id.in_(ids))
    return {pub_id: name for pub_id, name in session.connection().execute(query)}
