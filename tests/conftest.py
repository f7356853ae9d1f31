"""Shared fixtures: every test gets its own ledger (a real database) and its own config file.

`database_url` names the database a test's ledger lives in. Tests that take the
`ledger` fixture run against a fresh, migrated ledger; nothing touches the
user's files.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path):
    """No test reads the developer's config or database by accident."""
    monkeypatch.delenv("LEDGER_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEDGER_CONFIG", str(tmp_path / "no-config-here.toml"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


DATABASES = ("sqlite", "postgresql")


def pytest_addoption(parser):
    parser.addoption(
        "--db", choices=("sqlite", "postgresql", "both"), default="both",
        help="which databases the database tests run on (default: both; PostgreSQL is started by the suite)",
    )


def pytest_generate_tests(metafunc):
    # Every test that needs a database (directly or through `ledger`) runs once per database.
    if "database_backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("db")
        backends = DATABASES if chosen == "both" else (chosen,)
        metafunc.parametrize("database_backend", backends, indirect=True)


@pytest.fixture
def database_backend(request) -> str:
    """"sqlite" or "postgresql": the database this run of the test uses."""
    return request.param


@pytest.fixture(scope="session")
def postgres_server():
    """The suite's PostgreSQL server (tests/postgres.py), started on first use and stopped at the end."""
    from postgres import PostgresUnavailable, start_server  # tests/postgres.py (tests/ is on sys.path)

    try:
        server = start_server()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def new_database_url(request, tmp_path):
    """Makes fresh, empty databases of either kind: `new_database_url("postgresql")` → URL."""
    made = itertools.count()

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'ledger-{next(made)}.db'}"
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
        request.addfinalizer(lambda: server.drop_database(url))
        return url

    return make


@pytest.fixture
def database_url(database_backend, new_database_url) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the suite's PostgreSQL server."""
    return new_database_url(database_backend)


@pytest.fixture
def new_ledger(tmp_path, new_database_url):
    """Makes more (unmigrated) ledgers for one test, e.g. a backup's source and target: `new_ledger("postgresql")`.

    A fixture rather than an import, since `conftest` is not a module name tests can rely on."""
    made = []

    def make(backend: str) -> "Ledger":
        root = tmp_path / f"{backend}-ledger-{len(made)}"
        root.mkdir()
        url = new_database_url(backend)
        ledger = Ledger(config_path=write_config(root / "config.toml", url), database_url=url, root=root)
        made.append(ledger)
        return ledger

    yield make
    for ledger in made:
        if hasattr(ledger, "_engine"):
            ledger._engine.dispose()


@dataclass
class Ledger:
    """A ledger for one test: its config file, its engine, and a CLI runner bound to it."""

    config_path: Path
    database_url: str
    root: Path

    def run(self, *args: str, input: str | None = None, expect_exit: int | None = 0):
        from ledger.cli import app

        result = CliRunner().invoke(app, ["--config", str(self.config_path), *map(str, args)], input=input)
        if expect_exit is not None and result.exit_code != expect_exit:
            raise AssertionError(
                f"`ledger {' '.join(map(str, args))}` exited {result.exit_code}, expected {expect_exit}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\nexception: {result.exception!r}"
            )
        return result

    @property
    def engine(self):
        from ledger.db import make_engine

        if not hasattr(self, "_engine"):
            self._engine = make_engine(self.database_url)
        return self._engine

    def rows(self, sql: str, **params) -> list[tuple]:
        import sqlalchemy as sa

        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]

    def scalar(self, sql: str, **params):
        return self.rows(sql, **params)[0][0]


def write_config(path: Path, database_url: str, extra: str = "") -> Path:
    path.write_text(
        f'[ledger]\ntimezone = "Europe/London"\nresolver = "test analyst"\n\n[database]\nurl = "{database_url}"\n\n{extra}',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def ledger_unmigrated(tmp_path, database_url) -> Ledger:
    root = tmp_path / "ledger-home"
    root.mkdir()
    config = write_config(root / "config.toml", database_url)
    made = Ledger(config_path=config, database_url=database_url, root=root)
    yield made
    if hasattr(made, "_engine"):
        made._engine.dispose()


@pytest.fixture
def ledger(ledger_unmigrated) -> Ledger:
    ledger_unmigrated.run("db", "upgrade")
    return ledger_unmigrated
