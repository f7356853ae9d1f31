"""Schema changes through Alembic only: `create_all` is never used by the product."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: sa.Connection | None = None):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: sa.Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade to `revision`; returns (revision before, revision after)."""
    from alembic import command

    before = current_revision(engine)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    return before, current_revision(engine)


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def pending_changes(engine: sa.Engine) -> list:
    """Differences between the upgraded database and the models (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from ledger import models  # noqa: F401

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": _ledger_tables_only},
        )
        return compare_metadata(context, SQLModel.metadata)


def _ledger_tables_only(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in {"apscheduler_jobs", "alembic_version"})
