"""`ledger db check`: a consistent ledger passes; each kind of damage is named on a line of its own."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from sample_ledger import fill


@pytest.fixture
def filled(ledger, tmp_path):
    done = fill(ledger, tmp_path / "articles")
    ledger.done = done
    return ledger


@contextmanager
def unchecked(ledger):
    """A connection that may break foreign keys, as a buggy tool or a partial restore would."""
    with ledger.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # a pragma SQLite ignores inside a transaction: set it on the raw connection first
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            if not sqlite:
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            yield connection
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def damage(ledger, *statements: str) -> list[str]:
    with unchecked(ledger) as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    result = ledger.run("db", "check", expect_exit=1)
    assert "problems found" in result.stderr
    return result.stdout.splitlines()


def test_a_consistent_ledger_passes(filled):
    result = filled.run("db", "check")
    assert "is consistent" in result.stdout
    assert "resolutions" in result.stdout


def test_an_uncreated_ledger_fails_the_check(ledger_unmigrated):
    result = ledger_unmigrated.run("db", "check", expect_exit=1)
    assert "ledger db upgrade" in result.stdout


def test_status_without_resolution(filled):
    open_claim = filled.scalar("SELECT min(id) FROM claim WHERE status = 'open'")
    lines = damage(filled, f"UPDATE claim SET status = 'resolved' WHERE id = {open_claim}")
    assert lines == [f"claim {open_claim}: status 'resolved' but it has no resolution"]


def test_status_disagreeing_with_current_resolution(filled):
    claim = filled.done["resolved"][1]  # incorrect, amended to partial
    lines = damage(filled, f"UPDATE claim SET status = 'due' WHERE id = {claim}")
    current = filled.scalar(f"SELECT max(id) FROM resolution WHERE claim_id = {claim}")
    assert lines == [f"claim {claim}: status 'due' but its current resolution {current} says 'partial'"]


def test_due_without_the_event_that_flagged_it(filled):
    open_claim = filled.scalar("SELECT min(id) FROM claim WHERE status = 'open'")
    lines = damage(filled, f"UPDATE claim SET status = 'due' WHERE id = {open_claim}")
    assert lines == [f"claim {open_claim}: status 'due' but no event flagged it due"]


def test_span_that_no_longer_points_at_the_quote(filled):
    lines = damage(filled, "UPDATE claim SET quote = 'words the article never had' WHERE id = 2")
    assert len(lines) == 1 and lines[0].startswith("claim 2: span ") and "does not hold its quote" in lines[0]


def test_claim_whose_article_is_gone(filled):
    article = filled.scalar("SELECT article_id FROM claim WHERE status = 'open' LIMIT 1")
    claims = [row[0] for row in filled.rows(f"SELECT id FROM claim WHERE article_id = {article} ORDER BY id")]
    lines = damage(filled, f"DELETE FROM article WHERE id = {article}")
    assert lines == [f"claim {claim}: its article {article} does not exist" for claim in claims]


def test_resolution_cycle(filled):
    claim = filled.done["resolved"][1]
    first, second = [row[0] for row in filled.rows(f"SELECT id FROM resolution WHERE claim_id = {claim} ORDER BY id")]
    lines = damage(filled, f"UPDATE resolution SET supersedes_id = {second} WHERE id = {first}")
    assert f"resolution {first} (claim {claim}): not reachable from the claim's first resolution (a cycle or a stray)" in lines
    assert f"resolution {second} (claim {claim}): not reachable from the claim's first resolution (a cycle or a stray)" in lines
    assert f"claim {claim}: status 'resolved' but it has no resolution" not in lines


def test_two_first_answers(filled):
    """If the partial unique index were ever lost, a second first answer is caught (and the lost index too)."""
    claim = filled.done["resolved"][0]
    lines = damage(
        filled,
        "DROP INDEX uq_resolution_first",
        "INSERT INTO resolution (claim_id, outcome, resolver, resolved_at) "
        f"SELECT claim_id, 'incorrect', 'mallory', resolved_at FROM resolution WHERE claim_id = {claim}",
    )
    assert f"claim {claim}: 2 first resolutions (a chain has one)" in lines
    assert any(line.startswith("schema: differs from the models:") and "uq_resolution_first" in line for line in lines)


def test_unknown_outcome_and_missing_audit_events(filled):
    claim = filled.done["resolved"][0]
    resolution = filled.scalar(f"SELECT id FROM resolution WHERE claim_id = {claim}")
    lines = damage(
        filled,
        f"UPDATE resolution SET outcome = 'maybe' WHERE id = {resolution}",
        f"DELETE FROM claim_event WHERE resolution_id = {resolution}",
    )
    assert f"resolution {resolution}: unknown outcome 'maybe'" in lines
    assert f"resolution {resolution} (claim {claim}): no event records who resolved it" in lines


def test_schema_drift_is_reported(filled):
    lines = damage(filled, "DROP INDEX ix_claim_attributed_to")
    assert len(lines) == 1 and lines[0].startswith("schema: differs from the models:")
    assert "ix_claim_attributed_to" in lines[0]


def test_many_problems_are_counted_not_all_printed(filled):
    total = filled.scalar("SELECT count(*) FROM claim WHERE status = 'due'")
    lines = damage(filled, "UPDATE claim SET status = 'resolved' WHERE status = 'due'")
    assert total > 20
    assert len(lines) == 21 and lines[-1] == f"... and {total - 20} more like the line above"


def test_a_fork_in_a_chain_on_postgresql(new_ledger, tmp_path):
    """SQLite cannot drop the unique constraint on supersedes_id; PostgreSQL can, so the fork check is shown there."""
    ledger = new_ledger("postgresql")
    ledger.run("db", "upgrade")
    done = fill(ledger, tmp_path / "articles")
    claim = done["resolved"][1]
    first = ledger.scalar(f"SELECT min(id) FROM resolution WHERE claim_id = {claim}")
    lines = damage(
        ledger,
        "ALTER TABLE resolution DROP CONSTRAINT resolution_supersedes_id_key",
        "INSERT INTO resolution (claim_id, outcome, resolver, resolved_at, supersedes_id) "
        f"SELECT claim_id, 'correct', 'mallory', resolved_at, id FROM resolution WHERE id = {first}",
    )
    assert f"resolution {first}: superseded by 2 resolutions (a fork in the chain)" in lines
