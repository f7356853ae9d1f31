"""PostgreSQL as the team database: the suite's own server, the URL override, the same code on both."""

from __future__ import annotations

import sqlalchemy as sa

from ledger.db import make_engine


def test_each_test_gets_its_own_empty_database(database_backend, database_url, new_database_url):
    other = new_database_url(database_backend)
    assert other != database_url
    for url in (database_url, other):
        engine = make_engine(url)
        try:
            assert sa.inspect(engine).get_table_names() == []
        finally:
            engine.dispose()


def test_postgresql_urls_use_psycopg(database_backend, database_url):
    expected = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}[database_backend]
    assert sa.engine.make_url(database_url).drivername == expected
