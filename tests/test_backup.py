"""`ledger export` / `ledger import`: the whole ledger as JSON Lines, restored identical by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sample_ledger import fill, write_articles

TABLES = {"publication", "article", "claim", "resolution", "claim_event", "feed", "delivery"}


@pytest.fixture
def make_ledger(new_ledger):
    return lambda name, backend: new_ledger(backend)


def content(path: Path) -> list[str]:
    """The export's lines without the moment it was taken."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header.pop("exported_at")
    return [json.dumps(header)] + lines[1:]


def add_feed_and_delivery(ledger: Ledger) -> None:
    """Rows for the tables other commands fill (feeds, deliveries), written directly so this test needs only the schema."""
    publication = ledger.scalar("SELECT min(id) FROM publication")
    with ledger.engine.begin() as connection:
        import sqlalchemy as sa

        connection.execute(sa.text(
            "INSERT INTO feed (url, publication_id, etag, created_at, created_by) "
            "VALUES ('https://example.com/feed.xml', :p, 'W/\"1\"', '2026-01-02 03:04:05.678901', 'ana')"
        ), {"p": publication})
        connection.execute(sa.text(
            "INSERT INTO delivery (recipient, publications_key, iso_week, status, attempts, updated_at) "
            "VALUES ('editor@example.com', '*', '2026-W01', 'sent', 1, '2026-01-05 09:00:00')"
        ))


def test_round_trip_sqlite_to_postgresql_and_back(make_ledger, tmp_path):
    original = make_ledger("original", "sqlite")
    original.run("db", "upgrade")
    fill(original, tmp_path / "articles")
    add_feed_and_delivery(original)
    first = tmp_path / "first.jsonl"
    original.run("export", "--out", first)

    team = make_ledger("team", "postgresql")
    team.run("import", first)  # into a database with no schema yet: the import creates it
    team.run("db", "check")
    second = tmp_path / "second.jsonl"
    team.run("export", "--out", second)

    back = make_ledger("back", "sqlite")
    back.run("db", "upgrade")  # into a ledger created empty
    back.run("import", second)
    back.run("db", "check")
    third = tmp_path / "third.jsonl"
    back.run("export", "--out", third)

    assert content(first) == content(second) == content(third)
    tables = {json.loads(line)["table"] for line in content(first)}
    assert tables == TABLES | {"_header", "_end"}
    resolutions = original.scalar("SELECT count(*) FROM resolution")
    assert resolutions == team.scalar("SELECT count(*) FROM resolution") == back.scalar("SELECT count(*) FROM resolution") == 4


def test_a_restored_postgresql_ledger_keeps_ids_and_takes_new_rows(make_ledger, tmp_path):
    original = make_ledger("original", "sqlite")
    original.run("db", "upgrade")
    fill(original, tmp_path / "articles")
    backup = tmp_path / "backup.jsonl"
    original.run("export", "--out", backup)
    team = make_ledger("team", "postgresql")
    team.run("import", backup)
    assert team.rows("SELECT id, quote FROM claim ORDER BY id") == original.rows("SELECT id, quote FROM claim ORDER BY id")
    # The sequences moved past the restored ids: new articles, claims, resolutions and events go in.
    before = team.scalar("SELECT max(id) FROM claim")
    team.run("ingest", *write_articles(tmp_path / "new", [500]), "--publication", "New Paper", "--published", "2021-01-01")
    team.run("due", "--today", "2026-01-01")
    new_claim = team.scalar("SELECT max(id) FROM claim")
    assert new_claim > before
    team.run("resolve", new_claim, "--outcome", "void", "--note", "restored fine")
    team.run("db", "check")


def test_import_refuses_a_ledger_that_has_rows(ledger, tmp_path):
    fill(ledger, tmp_path / "articles")
    backup = tmp_path / "backup.jsonl"
    ledger.run("export", "--out", backup)
    claims = ledger.scalar("SELECT count(*) FROM claim")
    result = ledger.run("import", backup, expect_exit=1)
    assert result.stderr.startswith("error: the ledger is not empty") and len(result.stderr.splitlines()) == 1
    assert ledger.scalar("SELECT count(*) FROM claim") == claims


def test_a_cut_off_export_is_refused_and_nothing_is_imported(ledger, tmp_path, make_ledger):
    fill(ledger, tmp_path / "articles")
    backup = tmp_path / "backup.jsonl"
    ledger.run("export", "--out", backup)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(backup.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    target = make_ledger("target", "sqlite")
    target.run("db", "upgrade")
    result = target.run("import", cut, expect_exit=1)
    assert "the file is incomplete, nothing was imported" in result.stderr
    assert target.scalar("SELECT count(*) FROM article") == 0


def test_a_damaged_line_is_named_and_nothing_is_imported(ledger, tmp_path, new_ledger):
    donor = new_ledger("sqlite")
    donor.run("db", "upgrade")
    fill(donor, tmp_path / "articles")
    backup = tmp_path / "backup.jsonl"
    donor.run("export", "--out", backup)
    lines = backup.read_text(encoding="utf-8").splitlines(keepends=True)
    claim_line = next(number for number, line in enumerate(lines) if '"table":"claim"' in line)
    for damaged, expected in (
        ("{not json\n", "not JSON"),
        ('{"table":"claim","row":{"id":1,"article_id":99999}}\n', "claim"),
        ('{"table":"secrets","row":{}}\n', "unknown table 'secrets'"),
    ):
        broken = tmp_path / "broken.jsonl"
        broken.write_text("".join(lines[:claim_line] + [damaged] + lines[claim_line + 1:]), encoding="utf-8")
        result = ledger.run("import", broken, expect_exit=1)
        assert result.stderr.startswith(f"error: {broken}:") and expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert ledger.scalar("SELECT count(*) FROM article") == 0
        assert ledger.scalar("SELECT count(*) FROM publication") == 0


def test_export_to_standard_output_matches_the_file(ledger, tmp_path):
    fill(ledger, tmp_path / "articles")
    backup = tmp_path / "backup.jsonl"
    ledger.run("export", "--out", backup)
    printed = ledger.run("export").stdout
    assert printed.splitlines()[1:] == backup.read_text(encoding="utf-8").splitlines()[1:]
    assert not list(tmp_path.glob(".backup.jsonl.*.part"))


def test_not_a_ledger_export(ledger, tmp_path):
    other = tmp_path / "notes.jsonl"
    other.write_text('{"hello": "world"}\n', encoding="utf-8")
    result = ledger.run("import", other, expect_exit=1)
    assert result.stderr == f"error: {other}: not a ledger export (its first line must be the export header)\n"


def test_an_export_taken_while_articles_pour_in_is_one_consistent_moment(ledger, tmp_path, new_ledger, database_backend):
    """Exports run beside an ingest of many articles: each is a snapshot that restores and checks clean."""
    from crashing import race

    ledger.run("ingest", *write_articles(tmp_path / "warm", [999]), "--publication", "Warm", "--published", "2021-06-01")
    ledger.engine.dispose()
    paths = write_articles(tmp_path / "articles", range(60))
    done = tmp_path / "ingest-finished"
    config = ["--config", str(ledger.config_path)]

    def ingest():
        from ledger.cli import app

        try:
            app([*config, "ingest", *map(str, paths), "--publication", "Busy Daily", "--published", "2021-06-01"],
                standalone_mode=False)
        finally:
            done.touch()

    def exports():
        from ledger.cli import app

        number = 0
        while not done.exists() and number < 40:
            app([*config, "export", "--out", str(tmp_path / f"during-{number:02d}.jsonl")], standalone_mode=False)
            number += 1

    results = race([ingest, exports], tmp_path)
    assert [result.exit_code for result in results] == [0, 0], [result.output for result in results]
    taken = sorted(tmp_path.glob("during-*.jsonl"))
    assert len(taken) >= 2
    sizes = {len(path.read_text(encoding="utf-8").splitlines()) for path in taken}
    assert len(sizes) >= 2, "every export saw the same ledger: none was taken while the ingest ran"
    for export in (taken[len(taken) // 2], taken[-1]):
        target = new_ledger(database_backend)
        target.run("import", export)
        target.run("db", "check")
