"""config.toml: where the ledger is, whose clock decides "today", and each part's settings.

Core settings are typed here; each other part (email, schedule, fetch, reports)
reads its own section through `Config.section(name)` so that adding a setting
touches only the module that uses it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_PATH = Path("config.toml")
CONFIG_ENV = "LEDGER_CONFIG"
DATABASE_ENV = "LEDGER_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///data/ledger.db"


class ConfigError(Exception):
    """A problem in config.toml, named by file and key."""


@dataclass(frozen=True)
class Config:
    path: Path | None
    database_url: str
    timezone: ZoneInfo
    resolver: str | None = None
    default_horizon_days: int = 365
    verdict_horizon_days: int = 365
    raw: dict = field(default_factory=dict)

    def section(self, name: str) -> dict:
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path}: [{name}] must be a table")
        return value

    def today(self) -> date:
        return datetime.now(self.timezone).date()

    def now(self) -> datetime:
        return datetime.now(self.timezone)

    def relative_path(self, value: str) -> Path:
        """A path from the config file, read relative to the file's folder."""
        path = Path(value).expanduser()
        if path.is_absolute() or self.path is None:
            return path
        return self.path.parent / path


def load_config(path: Path | None = None) -> Config:
    """Read config.toml (explicit path, then $LEDGER_CONFIG, then ./config.toml; built-in defaults if absent)."""
    explicit = path is not None or CONFIG_ENV in os.environ
    path = Path(path or os.environ.get(CONFIG_ENV) or DEFAULT_PATH)
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from None
        path = path.resolve()
    elif explicit:
        raise ConfigError(f"{path}: config file not found")
    else:
        raw, path = {}, None
    return _build(path, raw)


def _build(path: Path | None, raw: dict) -> Config:
    ledger = raw.get("ledger", {})
    database = raw.get("database", {})
    extraction = raw.get("extraction", {})
    tz_name = ledger.get("timezone", "UTC")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: [ledger] timezone: unknown time zone {tz_name!r}") from None
    url = os.environ.get(DATABASE_ENV) or database.get("url") or DEFAULT_DATABASE_URL
    return Config(
        path=path,
        database_url=_anchor_sqlite(url, path),
        timezone=tz,
        resolver=ledger.get("resolver") or None,
        default_horizon_days=_positive_int(extraction, "default_horizon_days", 365, path),
        verdict_horizon_days=_positive_int(extraction, "verdict_horizon_days", 365, path),
        raw=raw,
    )


def _positive_int(section: dict, key: str, default: int, path: Path | None) -> int:
    value = section.get(key, default)
    if not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{path}: [extraction] {key} must be a positive whole number of days")
    return value


def _anchor_sqlite(url: str, path: Path | None) -> str:
    """A relative SQLite path in config.toml means relative to that file, not to wherever `ledger` runs."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or path is None:
        return url
    target = url[len(prefix):]
    if not target or target.startswith("/") or target.startswith(":memory:"):
        return url
    return prefix + str(path.parent / target)
