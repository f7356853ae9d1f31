"""Engines and sessions. The command owns the transaction; store functions never commit."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        _ensure_parent(url)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN and breaks SERIALIZABLE-style
        # writes; take over so each transaction starts with BEGIN IMMEDIATE when writing.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def reachable(engine: sa.Engine) -> sa.Engine:
    """The engine, once a first connection shows the database is there; if it is not, a one-line
    LedgerError naming it (password hidden) and why, instead of a driver traceback."""
    from ledger.errors import LedgerError

    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as exc:
        reason = " ".join(str(exc.orig or exc).split()) or type(exc.orig).__name__
        where = engine.url.render_as_string(hide_password=True)
        raise LedgerError(f"cannot open the ledger database at {where}: {reason}") from None
    return engine


def _ensure_parent(url: str) -> None:
    path = sa.engine.make_url(url).database
    if path and path != ":memory:":
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from ledger.errors import LedgerError

            raise LedgerError(f"cannot create the folder for the ledger database {path}: {exc.strerror}") from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the scheduler and an analyst use the same file at once.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A writing transaction takes the write lock at its start (IMMEDIATE), so two writers
    # queue on the busy timeout instead of one failing half-way with "database is locked";
    # readers begin DEFERRED and never block a writer in WAL mode.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def writer_engine(engine: sa.Engine) -> sa.Engine:
    """The engine as writers use it (BEGIN IMMEDIATE on SQLite), made once per engine: it is on every write path.

    Kept on the engine itself, so it lives and dies with it (a cache keyed by engine would keep every engine alive).
    """
    writer = engine.__dict__.get("_ledger_writer")
    if writer is None:
        writer = engine.__dict__["_ledger_writer"] = engine.execution_options(sqlite_begin="IMMEDIATE")
    return writer


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back entirely if it raises."""
    with Session(writer_engine(engine), expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(engine: sa.Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
