"""The whole ledger as JSON Lines, and back: `ledger export` / `ledger import`.

One record per line, `{"table": "claim", "row": {...}}`, tables in an order where
every row comes after the rows it refers to. A first line names the format and
the schema revision; a last line counts the rows, so a cut-off file is refused
instead of restored half-way. Datetimes are written in UTC with their offset, so
an export from SQLite and one from PostgreSQL of the same ledger are identical.

Only the ledger's own tables are written: rows, never configuration or
environment (no SMTP password can end up in a backup), and not the scheduler's
job store, which the scheduler rebuilds from config.toml when it starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, TextIO

import sqlalchemy as sa

from ledger.errors import LedgerError

FORMAT = "prediction-ledger export"
VERSION = 1
BATCH = 1000
Progress = Callable[[str, int], None]  # (table, rows done so far in it)


def ledger_tables() -> list[sa.Table]:
    """Every table of the models, parents before children."""
    from sqlmodel import SQLModel

    from ledger import models  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def export(engine: sa.Engine, out: TextIO, *, progress: Progress | None = None) -> dict[str, int]:
    """Write the ledger to `out` from one consistent snapshot; returns rows written per table."""
    from ledger.migrate import current_revision

    revision = current_revision(engine)
    if revision is None:
        raise LedgerError("the ledger has not been created yet: nothing to export")
    counts: dict[str, int] = {}
    with _snapshot(engine) as connection:
        _write(out, {"table": "_header", "format": FORMAT, "version": VERSION, "schema": revision,
                     "exported_at": datetime.now(timezone.utc).isoformat()})
        for table in ledger_tables():
            counts[table.name] = 0
            ordered = connection.execution_options(yield_per=BATCH).execute(sa.select(table).order_by(*table.primary_key.columns))
            for row in ordered.mappings():
                _write(out, {"table": table.name, "row": {key: _to_json(value) for key, value in row.items()}})
                counts[table.name] += 1
                if progress and counts[table.name] % BATCH == 0:
                    progress(table.name, counts[table.name])
    _write(out, {"table": "_end", "rows": counts})
    return counts


def _snapshot(engine: sa.Engine):
    # Every table from the same moment even while analysts keep writing: PostgreSQL needs
    # REPEATABLE READ for that; a SQLite read transaction in WAL mode already is one.
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ")
    return engine.connect()


def _write(out: TextIO, record: dict) -> None:
    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _to_json(value):
    if isinstance(value, datetime):
        # SQLite hands back the naive UTC time the ledger stored; PostgreSQL an aware one.
        aware = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        return aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass
class _Reader:
    """The export file, line by line, with errors that name the line."""

    path: Path
    lines: Iterator[str]
    number: int = 0

    def next(self) -> dict | None:
        while True:
            self.number += 1
            try:
                line = next(self.lines)
            except StopIteration:
                return None
            except UnicodeDecodeError:
                raise self.error("not UTF-8 text") from None
            if line.strip():
                return self.parse(line)

    def parse(self, line: str) -> dict:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise self.error(f"not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("table"), str):
            raise self.error('each line must be an object with a "table"')
        return record

    def error(self, message: str) -> LedgerError:
        return LedgerError(f"{self.path}:{self.number}: {message}")


def import_file(engine: sa.Engine, path: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Restore an export into an empty ledger, keeping ids; all of it or (on any error) none of it."""
    from ledger.migrate import current_revision, head_revision, upgrade

    try:
        handle = path.open(encoding="utf-8", newline="\n")
    except OSError as exc:
        raise LedgerError(f"{path}: {exc.strerror}") from None
    with handle:
        reader = _Reader(path, iter(handle))
        try:
            header = reader.next()
        except LedgerError:
            header = None
        if not header or header.get("table") != "_header" or header.get("format") != FORMAT:
            raise LedgerError(f"{path}: not a ledger export (its first line must be the export header)")
        if header.get("version") != VERSION:
            raise LedgerError(f"{path}: export format version {header.get('version')!r}; this ledger reads version {VERSION}")
        schema = header.get("schema")
        current = current_revision(engine)
        if current is None:
            # A fresh database: build the schema the export was written with, fill it, then upgrade,
            # so an old backup restores into a new version of the ledger.
            upgrade(engine, schema)
        elif current != schema:
            raise LedgerError(
                f"{path}: the export is of schema {schema} but this ledger is at {current}: "
                "import into a new, empty database (the import upgrades it afterwards)"
            )
        _refuse_non_empty(engine)
        counts = _restore(engine, reader, progress)
    if schema != head_revision():
        upgrade(engine)
    return counts


def _refuse_non_empty(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        filled = [t.name for t in ledger_tables() if connection.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()]
    if filled:
        raise LedgerError(f"the ledger is not empty (it has rows in {', '.join(filled)}): import restores into an empty ledger only")


def _restore(engine: sa.Engine, reader: _Reader, progress: Progress | None) -> dict[str, int]:
    from ledger.db import transaction

    tables = {table.name: table for table in ledger_tables()}
    counts = {name: 0 for name in tables}
    with transaction(engine) as session:
        connection = session.connection()
        batch, batch_table = [], None
        while (record := reader.next()) is not None:
            name = record["table"]
            if name == "_end":
                _flush(connection, batch_table, batch, reader)
                _check_end(reader, record, counts)
                _reset_sequences(connection, tables.values())
                return counts
            if name not in tables:
                raise reader.error(f"unknown table {name!r}")
            if name != getattr(batch_table, "name", None) or len(batch) >= BATCH:
                _flush(connection, batch_table, batch, reader)
                batch, batch_table = [], tables[name]
            batch.append(_from_json(tables[name], record.get("row"), reader))
            counts[name] += 1
            if progress and counts[name] % BATCH == 0:
                progress(name, counts[name])
        raise LedgerError(f"{reader.path}: ends before the export's last line: the file is incomplete, nothing was imported")


def _from_json(table: sa.Table, row, reader: _Reader) -> dict:
    if not isinstance(row, dict):
        raise reader.error(f'a {table.name} record needs a "row" object')
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise reader.error(f"{table.name} has no column {sorted(unknown)[0]!r}")
    values = {}
    for key, value in row.items():
        column_type = table.columns[key].type
        try:
            if value is not None and isinstance(column_type, sa.DateTime):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(column_type, sa.Date):
                value = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise reader.error(f"{table.name}.{key}: {value!r} is not a date") from None
        values[key] = value
    return values


def _flush(connection: sa.Connection, table: sa.Table | None, rows: list[dict], reader: _Reader) -> None:
    if table is None or not rows:
        return
    try:
        connection.execute(sa.insert(table), rows)
    except sa.exc.IntegrityError as exc:
        problem = str(exc.orig).splitlines()[0]
        raise reader.error(f"{table.name} rows before this line break the ledger's rules ({problem}); nothing was imported") from None
    except sa.exc.StatementError as exc:
        problem = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise reader.error(f"{table.name} rows before this line cannot be stored ({problem}); nothing was imported") from None


def _check_end(reader: _Reader, record: dict, counts: dict[str, int]) -> None:
    expected = record.get("rows")
    if not isinstance(expected, dict):
        raise reader.error('the last line needs its "rows" counts')
    for name, count in counts.items():
        if expected.get(name, 0) != count:
            raise reader.error(f"the export says {expected.get(name, 0)} {name} rows but holds {count}; nothing was imported")


def _reset_sequences(connection: sa.Connection, tables) -> None:
    """Rows came with their ids; PostgreSQL's counters must move past them or the next insert collides."""
    if connection.dialect.name != "postgresql":
        return  # SQLite picks max(id) + 1 by itself
    for table in tables:
        if "id" not in table.columns or not isinstance(table.columns["id"].type, sa.Integer):
            continue
        connection.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) "
            f"FROM {table.name}"
        ))
