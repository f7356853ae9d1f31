"""Storing a stream of prepared articles: several articles per commit, each whole or not at all.

A commit costs more than an article's rows (SQLite appends to its write-ahead log and the
statements around it add up), so a bulk ingest commits a group of articles at once: up to
GROUP_ARTICLES of them, or whatever GROUP_SECONDS of storing produced. Each article still
stands alone:

- if the database refuses one, the group is rolled back and every article of it is stored
  again in a transaction of its own, so the others are kept and the refused one is reported;
- a crash or Ctrl-C loses only the open group, whole articles only, and a re-run stores them
  (the content hash knows what is already there);
- an article is reported stored only once its group has committed.

A savepoint per article would give the same guarantees, but costs a third of the time spent
storing a typical article; a refusal is rare (a concurrent writer storing the same article).
"""

from __future__ import annotations

from datetime import datetime
from time import monotonic

import sqlalchemy as sa
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError

from ledger.db import writer_engine
from ledger.outcomes import Ingested, Prepared, outcome
from ledger.models import utcnow
from ledger.store import (add_claims, article_id_with_hash, claim_rows, content_hash, insert_claims,
                          insert_new_article_row, publication_id)

GROUP_ARTICLES = 64
GROUP_SECONDS = 0.2  # also bounds how long a bulk ingest holds SQLite's write lock at a time
# Storing alone, a concurrent writer (another analyst, the scheduler) may insert the same article
# or publication between our check and our insert; the unique index then refuses ours, and a retry finds theirs.
RACE_RETRIES = 3


class GroupWriter:
    """`add` stores an article and returns the outcomes that have just become durable (none, or
    a whole group); `flush` commits the open group. Leaving the `with` block without a flush rolls
    the open group back, so nothing is reported that was not committed."""

    def __init__(self, engine: sa.Engine, *, actor: str, articles: int = GROUP_ARTICLES, seconds: float = GROUP_SECONDS):
        self._engine = writer_engine(engine)
        self._actor = actor
        self._articles, self._seconds = articles, seconds
        self._connection: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None
        self._opened = 0.0
        self._now = utcnow()  # every row of a group carries the same time: they are committed together
        # The group's claims wait for its commit, so that they go in with one executemany.
        self._claim_rows: list[dict] = []
        self._claim_articles: list[int] = []
        # In order: an outcome, and what to store again should the group be rolled back.
        self._pending: list[tuple[Ingested, Prepared | None, datetime | None]] = []
        # Publication ids looked up once per run; those learnt in the open group are kept only if it commits.
        self._publications: dict[str, int] = {}
        self._group_publications: dict[str, int] = {}

    def __enter__(self) -> "GroupWriter":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def add(self, prepared: Prepared, *, fetched_at: datetime | None = None) -> list[Ingested]:
        connection = self._group()
        try:
            # The article's row now (its id is needed, and a duplicate must be seen within the group);
            # its claims at the commit, unless edited at review (their events carry a note each).
            later = not any(claim.note for claim in prepared.claims)
            result = self._write(connection, prepared, fetched_at, claims_later=later)
        except (IntegrityError, DataError, OperationalError) as exc:
            if not _sent_back(exc):
                raise
            return self._store_group_alone(prepared, fetched_at)
        self._pending.append((result, prepared, fetched_at))
        if len(self._pending) >= self._articles or monotonic() - self._opened >= self._seconds:
            return self.flush()
        return []

    def passed(self, problem: Ingested) -> list[Ingested]:
        """An outcome decided before storing (an unreadable file): reported in its place in the order."""
        if not self._pending:
            return [problem]
        self._pending.append((problem, None, None))
        return []

    def flush(self) -> list[Ingested]:
        if self._claim_rows:
            try:
                insert_claims(self._connection, self._claim_rows, article_ids=self._claim_articles,
                              actor=self._actor, now=self._now)
            except (IntegrityError, DataError, OperationalError) as exc:
                if not _sent_back(exc):
                    raise
                return self._store_group_alone(None, None)
        if self._transaction is not None:
            self._transaction.commit()
            self._transaction = None
            self._publications.update(self._group_publications)
        self._group_publications.clear()
        done, self._pending = self._pending, []
        return [result for result, _, _ in done]

    def close(self) -> None:
        self._rollback()
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._pending = []

    def _group(self) -> sa.Connection:
        if self._connection is None:
            self._connection = self._engine.connect()
        if self._transaction is None:
            self._transaction = self._connection.begin()
            self._opened, self._now = monotonic(), utcnow()
            self._claim_rows, self._claim_articles = [], []
        return self._connection

    def _rollback(self) -> None:
        if self._transaction is not None:
            self._transaction.rollback()
            self._transaction = None
        self._group_publications.clear()
        self._claim_rows, self._claim_articles = [], []

    def _store_group_alone(self, refused: Prepared | None, fetched_at: datetime | None) -> list[Ingested]:
        """The database refused an article (`refused`, or one of the group's claims when None): roll the
        group back, then store its articles one transaction each."""
        self._rollback()
        redo, self._pending = self._pending + ([(None, refused, fetched_at)] if refused else []), []
        return [result if prepared is None else self._store_alone(prepared, fetched_at)
                for result, prepared, fetched_at in redo]

    def _store_alone(self, prepared: Prepared, fetched_at: datetime | None) -> Ingested:
        refusal = ""
        for _attempt in range(RACE_RETRIES):
            connection = self._group()
            try:
                result = self._write(connection, prepared, fetched_at)
            except (IntegrityError, OperationalError) as exc:
                if isinstance(exc, OperationalError) and not _sent_back(exc):
                    raise
                # a concurrent writer's article or publication, or a deadlock with one: try again
                self._rollback()
                refusal = _reason(exc)
                continue
            except DataError as exc:
                self._rollback()
                return _refused(prepared, f"the database refused it: {_reason(exc)}")
            self.flush()
            return result
        return _refused(prepared, f"the database refused it {RACE_RETRIES} times ({refusal}); "
                                  "if another writer was storing it, run the ingest again")

    def _write(self, connection: sa.Connection, prepared: Prepared, fetched_at: datetime | None,
               claims_later: bool = False) -> Ingested:
        digest = prepared.digest or content_hash(prepared.draft.text)
        publication = self._publications.get(prepared.publication) or self._group_publications.get(prepared.publication)
        if publication is None and article_id_with_hash(connection, digest) is None:
            # A publication is created only for an article that is stored, so the text was looked for first.
            publication = self._group_publications[prepared.publication] = publication_id(connection, prepared.publication)
        article_id = None if publication is None else insert_new_article_row(
            connection, draft=prepared.draft, publication_id=publication, actor=self._actor, now=self._now,
            digest=digest, fetched_at=fetched_at)
        if article_id is None:
            existing = article_id_with_hash(connection, digest)
            return outcome(prepared, "duplicate", f"already in the ledger as article {existing}", existing)
        if claims_later:
            self._claim_rows += claim_rows(article_id, prepared.claims, self._actor, self._now)
            self._claim_articles.append(article_id)
        else:
            add_claims(connection, article_id=article_id, claims=prepared.claims, actor=self._actor, now=self._now)
        return outcome(prepared, "stored", f"{len(prepared.claims)} claims", article_id)

# PostgreSQL's deadlock and serialization failures: two ingests whose groups hold rows the other
# needs. The database aborts one group; its articles are then stored one transaction each.
_TRANSIENT_STATES = {"40P01", "40001"}


def _sent_back(exc: DBAPIError) -> bool:
    """Whether a failed write is about the group's rows (store its articles alone) rather than the database."""
    if isinstance(exc, OperationalError):
        state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
        return state in _TRANSIENT_STATES
    return True


def _refused(prepared: Prepared, why: str) -> Ingested:
    return Ingested(source=prepared.draft.source or "article", status="error", message=f"not stored: {why}")


def _reason(exc: DataError | IntegrityError) -> str:
    return " ".join(str(exc.orig).split())[:200]
