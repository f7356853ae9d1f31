"""The claims pass on two cores: a second process counts the upper half of the claims, from the same snapshot.

Reading and counting a million claims is most of a scorecard's time and runs on one core;
SQLite's queries run in the calling thread and Python threads share one interpreter lock,
so the second half goes to a child process (ledger.scorecard_worker). Every figure must
still come from one state of the ledger, so the child reads the parent's snapshot:

- PostgreSQL: the parent's transaction is REPEATABLE READ and exports its snapshot
  (pg_export_snapshot); the child imports it (SET TRANSACTION SNAPSHOT).
- SQLite: a third connection holds the write lock (BEGIN IMMEDIATE) while the parent and
  the child open their read transactions, so nothing can be committed between the two.
  Writers wait those few milliseconds on their busy timeout, as for any other writer; a writer
  holding the lock for longer than FENCE_WAIT_S leaves the report counting in one process.

Below `[reports] split_from_claims` claims (or with one core, or when the session already began
reading, or when the database lives in one connection's memory) the pass stays in one process.
"""

from __future__ import annotations

import os
import pickle
import select
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.schema import CreateTable
from sqlmodel import Session

from ledger import scorecard_sql as sql
from ledger.db import SQLITE_BUSY_TIMEOUT_MS
from ledger.errors import LedgerError
from ledger.models import Claim
from ledger.scorecard_worker import READY, Rolled

READY_TIMEOUT_S = 60  # the child connects and opens a transaction; a database refusing it answers sooner
FENCE_WAIT_S = 2.0  # how long the fence waits for a writer's transaction before the report counts in one process


@dataclass
class Split:
    """The parent counts claims with id <= `upto`; `child` counts the rest (both None: one process counts all)."""

    upto: int | None = None
    child: subprocess.Popen | None = None
    ready: bool = False  # whether the child's READY byte has been read

    def child_counts(self) -> Rolled:
        """The child's counts, once it has finished."""
        if not self.ready:
            _wait_ready(self.child)
        sent = self.child.stdout.read()
        if self.child.wait() != 0:
            raise _failed(self.child)
        return Rolled(**pickle.loads(sent))


@contextmanager
def split_pass(session: Session, scope: sql.Scope, split_from: int) -> Iterator[Split]:
    """Start the child counting the upper half of the claims when the ledger is large enough; the session's
    transaction (which must not have begun) is opened here, with the child's snapshot the same as its own."""
    upto = _split_point(session, split_from)
    if not _is_sqlite(session) and not session.in_transaction():
        # One snapshot for every statement of the report, split or not (READ COMMITTED takes one per statement).
        # The parent's transaction stays open until the child's counts are in, so its snapshot outlives the import.
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    split = Split(upto)
    try:
        if upto is not None:
            split.child = _start_sqlite(session, scope, upto) if _is_sqlite(session) else _start_postgresql(session, scope, upto)
            split.ready = split.child is not None and _is_sqlite(session)
        if split.child is None:
            split.upto = None
        yield split
    finally:
        if split.child is not None and split.child.poll() is None:
            split.child.kill()  # the report failed or was interrupted: its half is not wanted
            split.child.wait()


def _start_sqlite(session: Session, scope: sql.Scope, upto: int) -> subprocess.Popen | None:
    """The child, reading the session's snapshot; None when a writer kept the lock for FENCE_WAIT_S (then the
    report counts in one process rather than wait longer: a report never fails for a busy writer)."""
    fence = _write_fence(session)
    if fence is None:
        return None
    try:
        session.execute(sa.select(sa.func.max(Claim.id)))  # the parent's snapshot starts here
        child = _start(session, scope, upto, begin=["BEGIN", "SELECT max(id) FROM claim"])
        _wait_ready(child)
        return child
    finally:
        fence.close()  # rolls back: writers may commit again


def _start_postgresql(session: Session, scope: sql.Scope, upto: int) -> subprocess.Popen:
    snapshot = session.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
    return _start(session, scope, upto, begin=[
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", f"SET TRANSACTION SNAPSHOT '{snapshot}'"])


def _split_point(session: Session, split_from: int) -> int | None:
    """Half the highest claim id, when the claims are at least `split_from` (read outside the snapshot: a guide only)."""
    engine = session.get_bind()
    url = engine.url
    if split_from < 0 or session.in_transaction() or _cores() < 2:
        return None
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    with engine.connect() as connection:
        highest = connection.execute(sa.select(sa.func.max(Claim.id))).scalar() or 0
    return highest // 2 if highest >= max(split_from, 2) else None


def _write_fence(session: Session):
    """A connection of its own holding SQLite's write lock (BEGIN IMMEDIATE): no commit can land until it closes."""
    engine = session.get_bind()
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    fence = engine.dialect.dbapi.connect(*args, **{**kwargs, "timeout": FENCE_WAIT_S, "isolation_level": None})
    try:
        fence.execute("BEGIN IMMEDIATE")
    except engine.dialect.dbapi.OperationalError:  # "database is locked" once the wait is over
        fence.close()
        return None
    return fence


def _start(session: Session, scope: sql.Scope, upto: int, begin: list[str]) -> subprocess.Popen:
    engine = session.get_bind()
    dialect = engine.dialect
    args, kwargs = dialect.create_connect_args(engine.url)
    # The connection parameters only: SQLAlchemy also passes its own type adapters (psycopg's `context`),
    # which cannot cross to another process and which plain ints, text and dates do not need.
    kwargs = {key: value for key, value in kwargs.items() if isinstance(value, (str, int, float, bool))}
    setup = [CreateTable(sql.answers), sa.insert(sql.answers).from_select(
        [c.name for c in sql.answers.columns], sql.select_answers(above=upto))]
    request = {
        "driver": dialect.dbapi.__name__, "args": list(args), "kwargs": kwargs,
        "begin": ([f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"] if _is_sqlite(session) else []) + begin,
        "setup": [_literal(dialect, statement) for statement in setup],
        "keys": _literal(dialect, sql.select_claim_keys(session, scope, above=upto)),
        "server_side": not _is_sqlite(session),
    }
    child = subprocess.Popen([sys.executable, "-m", "ledger.scorecard_worker"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pickle.dump(request, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
    child.stdin.close()
    return child


def _literal(dialect, statement) -> str:
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _wait_ready(child: subprocess.Popen) -> None:
    readable, _, _ = select.select([child.stdout], [], [], READY_TIMEOUT_S)
    if not readable:
        child.kill()
        raise LedgerError(f"scorecards: the second reader did not start within {READY_TIMEOUT_S} s")
    if child.stdout.read(1) != READY:
        child.wait()
        raise _failed(child)


def _failed(child: subprocess.Popen) -> LedgerError:
    reason = child.stderr.read().decode(errors="replace").strip().splitlines()
    return LedgerError(f"scorecards: the second reader failed: {reason[-1] if reason else f'exit {child.returncode}'}")


def _cores() -> int:
    """Cores this process may run on (a container's limit, where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every OS
        return os.cpu_count() or 1


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"
