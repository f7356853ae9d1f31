"""Shared fixtures: every test gets its own ledger (a real database) and its own config file.

`database_url` names the database a test's ledger lives in. Tests that take the
`ledger` fixture run against a fresh, migrated ledger; nothing touches the
user's files.
"""

from __future__ import annotations

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


@pytest.fixture
def database_url(tmp_path) -> str:
    """A fresh, empty database. SQLite in a temporary file."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


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
