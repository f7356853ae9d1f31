"""Locks that die with their process: one scheduler per ledger, one mail sender at a time.

PostgreSQL: a session advisory lock held on a dedicated connection (the server drops
it when the connection closes, including after SIGKILL). SQLite: an flock on a
file beside the database file (the kernel drops it when the process dies). Neither
leaves a stale row behind that someone has to clean up by hand.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa


class LockHeld(Exception):
    """Someone else holds the lock; the message says who, as far as we can tell."""


class ProcessLock:
    """A named, non-reentrant lock on one ledger. `acquire()` raises LockHeld; use as a context manager."""

    def __init__(self, engine: sa.Engine, name: str):
        self.engine = engine
        self.name = name
        self._held = None

    def acquire(self, wait_seconds: float = 0.0, poll_seconds: float = 0.2) -> "ProcessLock":
        deadline = time.monotonic() + wait_seconds
        while True:
            holder = self._try()
            if holder is None:
                return self
            if time.monotonic() >= deadline:
                raise LockHeld(holder)
            time.sleep(poll_seconds)

    def release(self) -> None:
        held, self._held = self._held, None
        if held is None:
            return
        kind, handle = held
        if kind == "file":
            try:
                handle.truncate(0)
            except OSError:
                pass
            handle.close()  # closing the descriptor drops the flock
        else:
            try:
                handle.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _advisory_key(self.name)})
            finally:
                handle.close()

    def is_held_elsewhere(self) -> str | None:
        """Who holds the lock now (None if free); takes and drops it at once to find out."""
        try:
            self.acquire()
        except LockHeld as exc:
            return str(exc)
        self.release()
        return None

    def __enter__(self) -> "ProcessLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    # --- backends -------------------------------------------------------------

    def _try(self) -> str | None:
        """Take the lock and return None, or return a description of who holds it."""
        if self._held is not None:
            raise RuntimeError(f"lock {self.name!r} is already held by this object")
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            return self._try_file()
        if dialect == "postgresql":
            return self._try_advisory()
        raise LockHeld(f"no process lock for {dialect} databases: use SQLite or PostgreSQL")

    def lock_path(self) -> Path:
        database = self.engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            raise LockHeld("an in-memory SQLite ledger cannot be shared with a scheduler: give it a file")
        return Path(database).with_name(Path(database).name + f".{self.name}.lock")

    def _try_file(self) -> str | None:
        path = self.lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            who = handle.read().strip()
            handle.close()
            return f"{who or 'another process'} (lock file {path})"
        handle.seek(0)
        handle.truncate(0)
        handle.write(_whoami())
        handle.flush()
        self._held = ("file", handle)
        return None

    def _try_advisory(self) -> str | None:
        connection = self.engine.connect()
        try:
            # Autocommit: the lock is the session's, not a transaction's, and an idle
            # transaction would hold back vacuum for as long as the scheduler runs.
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            key = _advisory_key(self.name)
            connection.execute(sa.text("SELECT set_config('application_name', :n, false)"), {"n": _whoami()[:63]})
            if connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                self._held = ("advisory", connection)
                return None
            who = connection.execute(
                sa.text(
                    "SELECT a.application_name, a.client_addr FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = :k"
                ),
                {"k": key},
            ).first()
            connection.close()
            if who is None:
                return "another session (advisory lock)"
            return f"{who[0] or 'another session'}" + (f" from {who[1]}" if who[1] else "")
        except Exception:
            connection.close()
            raise


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key per lock name, as pg_try_advisory_lock(bigint) wants."""
    digest = hashlib.sha256(f"prediction-ledger:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _whoami() -> str:
    started = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"pid {os.getpid()} on {socket.gethostname()} since {started}"
