"""The scorecard's SQL: each claim once, with its current answer, as a few small keys to count.

At archive scale (a million claims) every pass over the claims and every sort of them
is the cost. `scored_claims` lists each answered claim's current answer in a temporary
table (one pass over the resolutions, keyed by claim); `select_claim_keys` then walks the
claims once, in table order, yielding per claim only what its tallies are grouped by and
a small code for what it adds to them. Those rows are counted in Python
(scorecard_tally), which costs less than the two million-row GROUP BY sorts it replaced.
Calibration sums and the bounded claim lists are separate, narrower queries.
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

_meta = sa.MetaData()

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
# The latest-resolved lists walk this index from its end; built once the table is filled (cheaper
# than keeping it up to date through 400,000 inserts), so it is declared on a copy of the table.
_indexed = answers.to_metadata(sa.MetaData())
LATEST = sa.Index("scorecard_answers_latest", _indexed.c.resolved_at, _indexed.c.claim_id)

# What a claim adds to its tallies, as one small number: 0 open, 2 due, 4 overdue (unanswered), and
# for an answer 6 + 2 x its place in OUTCOMES (14: any other outcome), plus 1 when it came on time.
OPEN, DUE, OVERDUE, ANSWERED = 0, 2, 4, 6
OUTCOMES = ("correct", "incorrect", "partial", "void")


@dataclass(frozen=True)
class Scope:
    """Which claims a scorecard covers and the day it is computed for."""

    today: date
    on_time_days: int
    publications: list[str] | None = None
    since: date | None = None
    until: date | None = None


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


def _quarter_index(session: Session, day):
    """year x 4 + quarter - 1 of a date, as an integer: by string slicing on SQLite, where date functions
    per row cost more than the rest of the pass."""
    if _is_sqlite(session):
        year, month = (sa.cast(sa.func.substr(day, start, 4 if start == 1 else 2), sa.Integer) for start in (1, 6))
        return year * 4 + (month + 2) // 3 - 1
    year, quarter = (sa.cast(sa.func.extract(part, day), sa.Integer) for part in ("year", "quarter"))
    return year * 4 + quarter - 1


def _horizon_bucket(session: Session, deadline, published):
    """0: under 6 months, 1: 6-18 months, 2: over 18 months, 3: no publication date (reports.model.HORIZONS)."""
    if _is_sqlite(session):
        # The days between, clamped to [182, 548] and shifted by 182, divide by 365 into 0 (under 183), 1, or 2
        # (548 and over); this needs 548 = 3 x 183 - 1, checked below. The difference is written once (SQLite
        # would compute it again in each CASE branch), and two julianday() calls cost a third of two date()s.
        assert EIGHTEEN_MONTHS_DAYS == 3 * SIX_MONTHS_DAYS - 1, "the bucket division below needs these bounds"
        days = sa.func.julianday(deadline) - sa.func.julianday(published)
        clamped = sa.func.min(sa.func.max(days, SIX_MONTHS_DAYS - 1), EIGHTEEN_MONTHS_DAYS)
        bucket = sa.cast((clamped + (SIX_MONTHS_DAYS - 1)) / (EIGHTEEN_MONTHS_DAYS - SIX_MONTHS_DAYS), sa.Integer)
        return sa.func.coalesce(bucket, 3)  # max() of a NULL is NULL: no publication date
    days = _days_between(session, deadline, published)
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


def select_answers(above: int | None = None) -> sa.Select:
    """One row per answered claim (with an id above `above`, if given): its current answer (no successor)
    and its first answer's time."""
    current, first = aliased(Resolution, name="cur"), aliased(Resolution, name="first_answer")
    superseded = sa.select(Resolution.supersedes_id).where(Resolution.supersedes_id.is_not(None))
    # An amended chain's first answer is another row (a few percent of answers): looked up only for those.
    first_at = (sa.select(first.resolved_at)
                .where(first.claim_id == current.claim_id, first.supersedes_id.is_(None)).scalar_subquery())
    query = sa.select(
        current.claim_id, current.id, current.outcome, current.resolved_at,
        sa.case((current.supersedes_id.is_(None), current.resolved_at), else_=first_at),
    ).where(current.id.not_in(superseded))
    return query if above is None else query.where(current.claim_id > above)


def in_scope(session: Session, query: sa.Select, scope: Scope) -> sa.Select:
    """Only claims of the scope's publications whose article was published (or stored) within its dates."""
    made = made_day(session)
    if scope.publications is not None:
        ids = sa.select(Publication.id).where(Publication.name.in_(scope.publications))
        query = query.where(Article.publication_id.in_(ids))
    if scope.since is not None:
        query = query.where(made >= scope.since)
    if scope.until is not None:
        query = query.where(made <= scope.until)
    return query


def made_day(session: Session):
    return sa.func.coalesce(Article.published, _date_of(session, Article.created_at))


def _code(session: Session, scope: Scope):
    """The claim's tally code (see OPEN..ANSWERED): its state as of `today`, its answer and whether that came on time."""
    overdue_before = scope.today - timedelta(days=scope.on_time_days + 1)
    unanswered = answers.c.claim_id.is_(None)
    outcome = sa.case(*[(answers.c.outcome == name, ANSWERED + 2 * i) for i, name in enumerate(OUTCOMES)],
                      else_=ANSWERED + 2 * len(OUTCOMES))
    on_time = sa.case((answers.c.first_at.is_(None), 0),
                      (_answered_within(session, answers.c.first_at, Claim.deadline, scope.on_time_days), 1), else_=0)
    return sa.case((unanswered & (Claim.deadline >= scope.today), OPEN),
                   (unanswered & (Claim.deadline < overdue_before), OVERDUE),
                   (unanswered, DUE), else_=outcome + on_time)


def select_claim_keys(session: Session, scope: Scope, *, above: int | None = None, upto: int | None = None) -> sa.Select:
    """One row per claim in scope (with an id above `above` and up to `upto`, if given): (pub_id, source, author,
    kind, wording, code, when, day made), `when` being quarter index x 4 + horizon bucket. Claims are walked in
    table order and each finds its article and answer by key; the rows are counted, not stored (scorecard_worker)."""
    when = _quarter_index(session, Claim.deadline) * 4 + _horizon_bucket(session, Claim.deadline, Article.published)
    query = (
        sa.select(Article.publication_id, Claim.attributed_to, Article.author, Claim.kind,
                  _wording(Claim.probability, Claim.hedge), _code(session, scope), when, made_day(session))
        .join(Article, Article.id == _claim_order(session, Claim.article_id))
        .outerjoin(answers, answers.c.claim_id == Claim.id)
        .where(Claim.status != "rejected")
    )
    if above is not None:
        query = query.where(Claim.id > above)
    if upto is not None:
        query = query.where(Claim.id <= upto)
    return in_scope(session, query, scope)


@contextmanager
def scored_claims(session: Session, scope: Scope) -> Iterator[sa.Table]:
    """The temporary table of current answers, filled for the duration (with the index the lists walk)."""
    connection = session.connection()
    answers.drop(connection, checkfirst=True)
    answers.create(connection)
    try:
        connection.execute(sa.insert(answers).from_select([c.name for c in answers.columns], select_answers()))
        LATEST.create(connection)
        if not _is_sqlite(session):
            connection.exec_driver_sql(f"ANALYZE {answers.name}")  # a temp table has no statistics until asked
        yield answers
    finally:
        answers.drop(connection, checkfirst=True)


def raw_rows(session: Session, query: sa.Select):
    """The rows of `query` straight from the driver's cursor, as plain tuples, in the session's transaction.

    A million SQLAlchemy Row objects cost more than the query itself (9.6 s against 4.1 s to count them);
    the few parameters are written into the SQL as literals so no driver-specific binding is needed.
    """
    connection = session.connection()
    text = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    dbapi = connection.connection.dbapi_connection
    if _is_sqlite(session):
        cursor = dbapi.cursor()
    else:
        cursor = dbapi.cursor(name="scorecard_claims")  # server side: rows arrive in batches, not all at once
        cursor.itersize = 10_000
    cursor.execute(text)
    return cursor


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def calibration_rows(session: Session, scope: Scope) -> list[tuple]:
    """(pub_id, bin 0..9, n, sum of p, sum of outcome, sum of squared error) for scored claims with a stated probability.

    The sums are floating point, so their order matters to the last digit: claims are walked in table
    order (`+ 0` keeps SQLite from walking the answers instead), as the figures always have been.
    """
    p = Claim.probability
    bin_index = sa.case(*[(p < edge, i) for i, edge in enumerate(BIN_EDGES)], else_=9)
    o = sa.case((answers.c.outcome == "correct", 1.0), (answers.c.outcome == "partial", 0.5), else_=0.0)
    claim_id = Claim.id + 0 if _is_sqlite(session) else Claim.id
    query = (
        sa.select(Article.publication_id, bin_index, sa.func.count(), sa.func.sum(p), sa.func.sum(o),
                  sa.func.sum((p - o) * (p - o)))
        .join(Article, Article.id == _claim_order(session, Claim.article_id))
        .join(answers, answers.c.claim_id == claim_id)
        .where(Claim.status != "rejected", p.is_not(None), answers.c.outcome.in_(("correct", "incorrect", "partial")))
        .group_by(Article.publication_id, bin_index)
    )
    return [tuple(row) for row in session.connection().execute(in_scope(session, query, scope))]


def publication_names(session: Session, ids: list[int] | None = None) -> dict[int, str]:
    query = sa.select(Publication.id, Publication.name)
    if ids is not None:
        query = query.where(Publication.id.in_(ids))
    return {pub_id: name for pub_id, name in session.connection().execute(query)}
