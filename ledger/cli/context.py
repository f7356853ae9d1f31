"""What every command needs: the config, the engine and who is acting, loaded once and lazily.

Kept free of heavy imports so `ledger --help` stays fast.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import typer

from ledger.errors import LedgerError


@dataclass
class AppContext:
    config_path: Path | None = None
    _config: object = field(default=None, repr=False)
    _engine: object = field(default=None, repr=False)

    @property
    def config(self):
        if self._config is None:
            from ledger.config import ConfigError, load_config

            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise LedgerError(str(exc)) from None
        return self._config

    @property
    def engine(self):
        if self._engine is None:
            from ledger.db import make_engine, reachable

            self._engine = reachable(make_engine(self.config.database_url))
        return self._engine

    def close(self) -> None:
        """Release the database connections when the command ends (tests run many commands in one process)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def ready_engine(self):
        """The engine of a ledger that exists and is at the latest schema."""
        from ledger.migrate import current_revision, head_revision

        engine = self.engine
        current = current_revision(engine)
        if current != head_revision():
            if current is None:
                raise LedgerError("the ledger has not been created yet: run `ledger db upgrade`")
            raise LedgerError(f"the ledger is at schema {current}, not the latest: run `ledger db upgrade`")
        return engine

    def actor(self, by: str | None = None) -> str:
        """Who is making a change: --by, then config's [ledger] resolver, then the OS user."""
        return by or self.config.resolver or _os_user()

    def today(self, override: date | None = None) -> date:
        return override or self.config.today()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def state(ctx: typer.Context) -> AppContext:
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LedgerError(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None
