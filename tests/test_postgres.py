"""PostgreSQL as the team database: the suite's own server, the URL override, the same code on both."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from ledger.db import make_engine


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def test_the_environment_variable_overrides_the_config_file(ledger, database_backend, new_database_url, monkeypatch, tmp_path):
    """LEDGER_DATABASE_URL wins over [database] url: every command then works on the other database."""
    from sample_ledger import write_articles

    other = new_database_url(database_backend)
    monkeypatch.setenv("LEDGER_DATABASE_URL", other)
    result = ledger.run("db", "upgrade")
    assert sa.engine.make_url(other).database in result.stdout
    ledger.run("ingest", *write_articles(tmp_path, [1]), "--publication", "Env Daily", "--published", "2021-06-01")
    engine = make_engine(other)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT name FROM publication")).scalars().all() == ["Env Daily"]
    finally:
        engine.dispose()
    assert ledger.scalar("SELECT count(*) FROM article") == 0  # the config file's ledger was left alone
    monkeypatch.delenv("LEDGER_DATABASE_URL")
    ledger.run("claims", "list", "--json")


@pytest.mark.parametrize("command", [("db", "check"), ("db", "upgrade"), ("claims", "list"), ("export",)])
def test_an_unreachable_database_is_one_line_without_the_password(ledger, monkeypatch, command):
    url = f"postgresql+psycopg://ledger:hunter2-secret@127.0.0.1:{closed_port()}/nowhere"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    result = ledger.run(*command, expect_exit=1)
    assert result.stderr.startswith("error: cannot open the ledger database at postgresql+psycopg://ledger:***@127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "hunter2-secret" not in result.stdout + result.stderr


def test_a_sqlite_file_that_cannot_be_made_is_one_line(ledger, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{blocker / 'ledger.db'}")
    result = ledger.run("db", "upgrade", expect_exit=1)
    assert result.stderr.startswith(f"error: cannot create the folder for the ledger database {blocker / 'ledger.db'}")


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(new_database_url):
    """The scheduler and an analyst share one SQLite file: readers never wait for a writer, and a second
    writer waits its turn instead of failing at once with "database is locked"."""
    import threading
    import time

    from ledger.db import SQLITE_BUSY_TIMEOUT_MS, reading, transaction

    engine = make_engine(new_database_url("sqlite"))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS >= 5000
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with transaction(engine) as session:
            session.execute(sa.text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
        waited = []

        def second_writer():
            started = time.monotonic()
            with transaction(engine) as session:
                session.execute(sa.text("INSERT INTO note (body) VALUES ('second')"))
            waited.append(time.monotonic() - started)

        with transaction(engine) as session:
            session.execute(sa.text("INSERT INTO note (body) VALUES ('first')"))
            other = threading.Thread(target=second_writer)
            other.start()
            time.sleep(0.5)
            # While the write lock is held, a reader still reads (the last committed state).
            with reading(engine) as reader:
                assert reader.execute(sa.text("SELECT count(*) FROM note")).scalar() == 0
            assert other.is_alive(), "the second writer should be waiting for the lock"
        other.join(timeout=30)
        assert waited and waited[0] >= 0.4
        with reading(engine) as reader:
            assert reader.execute(sa.text("SELECT body FROM note ORDER BY id")).scalars().all() == ["first", "second"]
    finally:
        engine.dispose()
