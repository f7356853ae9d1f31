"""Alembic environment: the ledger's models are the target; the engine comes from the ledger's config."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from ledger import models  # noqa: F401  (registers the tables on SQLModel.metadata)

# Tables that belong to libraries (APScheduler's job store), not to the ledger's models.
FOREIGN_TABLES = {"apscheduler_jobs"}


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in FOREIGN_TABLES)


def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `ledger db upgrade`, which supplies the connection")
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
