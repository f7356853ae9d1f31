"""Fresh PostgreSQL databases for the ledger cases, on a server the user names with --postgres URL.

Each case gets a database of its own (created, then dropped), so nothing on the
server is touched besides what the benchmark makes. The URL's role needs CREATEDB.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from itertools import count
from typing import Iterator

_names = count()


def _sqlalchemy_url(url: str) -> str:
    # Accept a plain libpq URL as well as a SQLAlchemy one; the ledger talks to PostgreSQL through psycopg 3.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server; yields its SQLAlchemy URL and drops it afterwards."""
    import sqlalchemy as sa

    admin = sa.create_engine(_sqlalchemy_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"ledger_bench_{os.getpid()}_{next(_names)}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
