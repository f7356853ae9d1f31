"""Alembic migrations: a blank database reaches the models exactly; an old ledger keeps every row on upgrade."""

from __future__ import annotations

import sqlalchemy as sa

from ledger.db import make_engine
from ledger.migrate import current_revision, head_revision, pending_changes, upgrade

FIRST = "0001"
FIRST_TABLES = ("publication", "article", "claim", "resolution", "claim_event")


def test_a_blank_database_upgraded_to_head_matches_the_models(database_url):
    engine = make_engine(database_url)
    try:
        before, after = upgrade(engine)
        assert (before, after) == (None, head_revision())
        assert pending_changes(engine) == []
    finally:
        engine.dispose()


def test_down_to_nothing_and_up_again(database_url):
    """Every migration's downgrade works, so a release can be rolled back."""
    from alembic import command

    from ledger.migrate import alembic_config

    engine = make_engine(database_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert current_revision(engine) is None
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert pending_changes(engine) == []
    finally:
        engine.dispose()


def fill_first_schema(connection: sa.Connection) -> None:
    """Rows as the first release wrote them: two articles, claims in every state, an amended resolution."""
    stamp = "2024-03-01 10:00:00"
    connection.execute(sa.text("INSERT INTO publication (id, name, created_at) VALUES (1, 'The Daily Ledger', :t), (2, 'Harbor Street', :t)"), {"t": stamp})
    for article in (1, 2):
        text = f"Article {article}. Acme will grow by 2025. Zenith will shrink by 2026."
        connection.execute(sa.text(
            "INSERT INTO article (id, publication_id, url, source, title, author, published, published_precision, format, "
            "content_hash, text, fetched_at, created_at, created_by) VALUES "
            "(:id, :id, :url, :source, 'Outlook', 'A. Writer', '2024-02-01', 'day', 'txt', :hash, :text, NULL, :t, 'loader')"
        ), {"id": article, "url": f"https://example.com/{article}", "source": f"a{article}.txt",
            "hash": f"{article:064d}", "text": text, "t": stamp})
        for offset, quote in enumerate(("Acme will grow by 2025.", "Zenith will shrink by 2026.")):
            claim = article * 10 + offset
            start = text.index(quote)
            connection.execute(sa.text(
                "INSERT INTO claim (id, article_id, kind, quote, span_start, span_end, deadline, precision, deadline_expression, "
                "condition, probability, hedge, attributed_to, status, created_at, created_by) VALUES "
                "(:id, :article, 'prediction', :quote, :start, :end, :deadline, 'year', :expr, NULL, :p, 'likely', 'publication', "
                ":status, :t, 'loader')"
            ), {"id": claim, "article": article, "quote": quote, "start": start, "end": start + len(quote),
                "deadline": f"{2025 + offset}-12-31", "expr": f"by {2025 + offset}", "p": 0.7 if offset else None,
                "status": "resolved" if offset == 0 else "due", "t": stamp})
            connection.execute(sa.text(
                "INSERT INTO claim_event (claim_id, kind, actor, at) VALUES (:c, 'created', 'loader', :t)"), {"c": claim, "t": stamp})
            connection.execute(sa.text(
                "INSERT INTO claim_event (claim_id, kind, actor, at, old_value, new_value) VALUES (:c, 'flagged_due', 'cron', :t, 'open', 'due')"),
                {"c": claim, "t": "2026-01-01 00:00:00"})
        first, second = article * 100, article * 100 + 1
        connection.execute(sa.text(
            "INSERT INTO resolution (id, claim_id, outcome, evidence_url, note, resolver, resolved_at, supersedes_id) VALUES "
            "(:first, :c, 'incorrect', 'https://example.com/e', 'first look', 'ana', '2026-01-02 09:00:00', NULL), "
            "(:second, :c, 'correct', 'https://example.com/f', 'looked again', 'ben', '2026-01-03 09:00:00', :first)"
        ), {"first": first, "second": second, "c": article * 10})
        for resolution, kind, old, new in ((first, "resolved", "due", "incorrect"), (second, "re_resolved", "incorrect", "correct")):
            connection.execute(sa.text(
                "INSERT INTO claim_event (claim_id, kind, actor, at, old_value, new_value, resolution_id) "
                "VALUES (:c, :kind, 'ana', '2026-01-02 09:00:00', :old, :new, :r)"
            ), {"c": article * 10, "kind": kind, "old": old, "new": new, "r": resolution})


def snapshot(engine: sa.Engine) -> dict[str, list[dict]]:
    """Each table's rows (the columns the first release had), in id order."""
    tables = {}
    with engine.connect() as connection:
        for name in FIRST_TABLES:
            columns = [column["name"] for column in sa.inspect(connection).get_columns(name)]
            rows = connection.execute(sa.text(f"SELECT {', '.join(columns)} FROM {name} ORDER BY id")).mappings()
            tables[name] = [dict(row) for row in rows]
    return tables


def test_a_ledger_from_the_first_release_keeps_every_row_when_upgraded(ledger_unmigrated):
    engine = ledger_unmigrated.engine
    assert upgrade(engine, FIRST) == (None, FIRST)
    with engine.begin() as connection:
        fill_first_schema(connection)
    before = snapshot(engine)
    assert sum(map(len, before.values())) == 2 + 2 + 4 + 4 + 4 * 2 + 4

    result = ledger_unmigrated.run("db", "upgrade")
    assert f"from schema {FIRST} to {head_revision()}" in result.stdout
    after = snapshot(engine)
    for name, rows in before.items():
        kept = [{key: row[key] for key in rows[0]} for row in after[name]]
        assert kept == rows, name
    ledger_unmigrated.run("db", "check")
    # The upgraded ledger works: the old claims list, and new answers go in beside the old ones.
    listed = ledger_unmigrated.run("claims", "list", "--json").stdout
    assert "Zenith will shrink by 2026." in listed
    ledger_unmigrated.run("resolve", 11, "--outcome", "void", "--note", "after the upgrade")
    assert ledger_unmigrated.scalar("SELECT count(*) FROM resolution") == 5
    ledger_unmigrated.run("db", "check")


def test_upgrading_an_up_to_date_ledger_changes_nothing(ledger):
    result = ledger.run("db", "upgrade")
    assert "is up to date" in result.stdout
