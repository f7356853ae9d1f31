"""The end-to-end path on a real SQLite ledger: upgrade, ingest, list, show, due, resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ACME = """Acme's Next Moves

By Dana Whitfield

Acme shipped 2 million phones in 2023, its best year yet.

By 2024, Acme will release a folding phone.

By 2030, Acme will sell more tablets than phones.
"""

BOREAL = """Boreal Air's Outlook

Boreal Air carried 9 million passengers last year.

By 2025, Boreal Air will fly a hydrogen-powered aircraft.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    write(folder, "acme.txt", ACME)
    write(folder, "boreal.md", BOREAL)
    return folder


def claims(ledger) -> list[dict]:
    return json.loads(ledger.run("claims", "list", "--json").stdout)


def test_upgrade_creates_the_ledger_then_reports_it_up_to_date(ledger_unmigrated):
    first = ledger_unmigrated.run("db", "upgrade")
    assert "upgraded from schema none to" in first.stdout
    again = ledger_unmigrated.run("db", "upgrade")
    assert "is up to date" in again.stdout
    import sqlalchemy as sa

    tables = set(sa.inspect(ledger_unmigrated.engine).get_table_names())
    assert {"publication", "article", "claim", "resolution", "claim_event"} <= tables


def test_commands_on_a_ledger_that_was_never_created_say_what_to_do(ledger_unmigrated):
    result = ledger_unmigrated.run("claims", "list", expect_exit=1)
    assert "ledger db upgrade" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_stores_articles_and_claims_and_reingest_adds_nothing(ledger, articles):
    first = ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01")
    assert "2 stored" in first.stdout
    stored = claims(ledger)
    quotes = {claim["quote"] for claim in stored}
    assert "By 2024, Acme will release a folding phone." in quotes
    assert "By 2025, Boreal Air will fly a hydrogen-powered aircraft." in quotes
    assert not any("best year yet" in quote for quote in quotes)
    folding = next(c for c in stored if "folding" in c["quote"])
    assert folding["deadline"] == "2024-12-31"
    assert folding["precision"] == "year"
    assert folding["publication"] == "Tech Desk"
    assert folding["status"] == "open"
    assert set(folding) == {
        "id", "kind", "quote", "deadline", "precision", "condition", "probability",
        "attributed_to", "status", "article_id", "publication",
    }
    counts = (ledger.scalar("SELECT count(*) FROM article"), ledger.scalar("SELECT count(*) FROM claim"))

    again = ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01")
    assert "2 duplicate" in again.stdout
    assert "already in the ledger" in again.stdout
    assert (ledger.scalar("SELECT count(*) FROM article"), ledger.scalar("SELECT count(*) FROM claim")) == counts


def test_every_stored_claim_has_a_span_pointing_at_its_quote_and_a_created_event(ledger, articles):
    ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01")
    rows = ledger.rows(
        "SELECT claim.quote, claim.span_start, claim.span_end, article.text, claim.created_by "
        "FROM claim JOIN article ON article.id = claim.article_id"
    )
    assert rows
    for quote, start, end, text, created_by in rows:
        assert text[start:end] == quote
        assert created_by == "test analyst"
    assert ledger.scalar("SELECT count(*) FROM claim_event WHERE kind = 'created'") == len(rows)


def test_one_unreadable_file_is_named_and_the_rest_still_go_in(ledger, articles):
    write(articles, "broken.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    result = ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01", expect_exit=1)
    assert "broken.txt" in result.stderr
    assert ledger.scalar("SELECT count(*) FROM article") == 2


def test_ingest_without_a_publication_date_names_the_file_and_stores_nothing(ledger, articles):
    result = ledger.run("ingest", articles / "acme.txt", "--publication", "Tech Desk", expect_exit=1)
    assert "acme.txt" in result.stderr and "--published" in result.stderr
    assert ledger.scalar("SELECT count(*) FROM article") == 0


def test_dry_run_shows_claims_and_stores_nothing(ledger, articles):
    result = ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01", "--dry-run")
    assert "folding phone" in result.stdout
    assert ledger.scalar("SELECT count(*) FROM article") == 0


def test_a_manifest_gives_each_file_its_publication_and_date(ledger, articles, tmp_path):
    manifest = write(tmp_path, "manifest.toml", (
        '[[article]]\nfile = "articles/acme.txt"\npublication = "Acme Watch"\npublished = "2022-02-01"\n\n'
        '[[article]]\nfile = "articles/boreal.md"\npublication = "Sky Review"\npublished = "2021-05-05"\nauthor = "R. Lund"\n'
    ))
    ledger.run("ingest", articles, "--manifest", manifest)
    assert set(ledger.rows("SELECT name FROM publication")) == {("Acme Watch",), ("Sky Review",)}
    assert ledger.scalar("SELECT author FROM article WHERE source LIKE '%boreal.md'") == "R. Lund"


def test_due_flags_claims_whose_deadline_has_passed_and_lists_them(ledger, articles):
    ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01")
    on_deadline = ledger.run("due", "--today", "2024-12-31")
    assert "0 claims newly due" in on_deadline.stdout
    result = ledger.run("due", "--today", "2025-01-01")
    assert "1 claims newly due" in result.stdout
    assert "folding" in result.stdout
    statuses = {c["quote"]: c["status"] for c in claims(ledger)}
    assert statuses["By 2024, Acme will release a folding phone."] == "due"
    assert statuses["By 2030, Acme will sell more tablets than phones."] == "open"
    assert ledger.rows("SELECT kind, actor, old_value, new_value FROM claim_event WHERE kind = 'flagged_due'") == [
        ("flagged_due", "test analyst", "open", "due")
    ]
    ledger.run("due", "--today", "2025-01-01")
    assert ledger.scalar("SELECT count(*) FROM claim_event WHERE kind = 'flagged_due'") == 1


def test_claims_list_filters(ledger, articles):
    ledger.run("ingest", articles / "acme.txt", "--publication", "Tech Desk", "--published", "2023-06-01")
    ledger.run("ingest", articles / "boreal.md", "--publication", "Sky Review", "--published", "2023-06-01")
    ledger.run("due", "--today", "2026-01-01")
    sky = json.loads(ledger.run("claims", "list", "--publication", "Sky Review", "--json").stdout)
    assert {c["publication"] for c in sky} == {"Sky Review"}
    due = json.loads(ledger.run("claims", "list", "--status", "due", "--json").stdout)
    assert {c["deadline"] for c in due} == {"2024-12-31", "2025-12-31"}
    early = json.loads(ledger.run("claims", "list", "--due-before", "2025-01-01", "--json").stdout)
    assert [c["deadline"] for c in early] == ["2024-12-31"]
    bad = ledger.run("claims", "list", "--due-before", "soon", expect_exit=1)
    assert "--due-before" in bad.stderr


@pytest.fixture
def due_claim(ledger, articles) -> int:
    ledger.run("ingest", articles / "acme.txt", "--publication", "Tech Desk", "--published", "2023-06-01")
    ledger.run("due", "--today", "2025-06-01")
    return next(c["id"] for c in claims(ledger) if "folding" in c["quote"])


def test_resolve_records_the_answer_with_who_and_when(ledger, due_claim):
    result = ledger.run("resolve", due_claim, "--outcome", "correct", "--evidence", "https://news.example/acme-fold",
                        "--note", "launched in October", "--by", "Ana")
    assert f"claim {due_claim} resolved: correct" in result.stdout
    assert ledger.rows("SELECT outcome, evidence_url, note, resolver, supersedes_id FROM resolution") == [
        ("correct", "https://news.example/acme-fold", "launched in October", "Ana", None)
    ]
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=due_claim) == "resolved"
    assert ledger.rows("SELECT kind, actor, new_value FROM claim_event WHERE kind = 'resolved'") == [("resolved", "Ana", "correct")]


def test_resolve_refuses_bad_input_and_changes_nothing(ledger, due_claim):
    open_claim = next(c["id"] for c in claims(ledger) if "tablets" in c["quote"])
    cases = [
        (("resolve", 9999, "--outcome", "correct", "--evidence", "https://x.example"), "no claim with id 9999"),
        (("resolve", due_claim, "--outcome", "right", "--evidence", "https://x.example"), "outcome 'right'"),
        (("resolve", due_claim, "--outcome", "correct"), "evidence URL is required"),
        (("resolve", due_claim, "--outcome", "correct", "--evidence", "ftp://x"), "not an http(s) address"),
        (("resolve", open_claim, "--outcome", "correct", "--evidence", "https://x.example"), "not due until after 2030-12-31"),
        (("resolve", due_claim, "--outcome", "correct", "--evidence", "https://x.example", "--amend"), "no resolution to amend"),
    ]
    for args, message in cases:
        result = ledger.run(*args, expect_exit=1)
        assert message in result.stderr, (args, result.stderr)
    assert ledger.scalar("SELECT count(*) FROM resolution") == 0
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=due_claim) == "due"


def test_void_needs_no_evidence_and_early_resolution_needs_force(ledger, due_claim):
    ledger.run("resolve", due_claim, "--outcome", "void", "--note", "question annulled")
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=due_claim) == "void"
    open_claim = next(c["id"] for c in claims(ledger) if "tablets" in c["quote"])
    ledger.run("resolve", open_claim, "--outcome", "incorrect", "--evidence", "https://x.example/exit", "--force")
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=open_claim) == "resolved"


def test_amending_appends_a_superseding_resolution_and_show_tells_the_chain(ledger, due_claim):
    ledger.run("resolve", due_claim, "--outcome", "correct", "--evidence", "https://x.example/1", "--by", "Ana")
    again = ledger.run("resolve", due_claim, "--outcome", "incorrect", "--evidence", "https://x.example/2", expect_exit=1)
    assert "already resolved" in again.stderr and "--amend" in again.stderr
    ledger.run("resolve", due_claim, "--outcome", "partial", "--evidence", "https://x.example/2", "--amend", "--by", "Ben",
               "--note", "only in Korea")
    chain = ledger.rows("SELECT id, outcome, resolver, supersedes_id FROM resolution ORDER BY id")
    assert [(outcome, resolver) for _, outcome, resolver, _ in chain] == [("correct", "Ana"), ("partial", "Ben")]
    assert chain[1][3] == chain[0][0]
    shown = ledger.run("claims", "show", due_claim).stdout
    assert "By 2024, Acme will release a folding phone." in shown
    assert "because 'By 2024'" in shown and "precision: year" in shown
    assert "re_resolved correct → partial by Ben" in shown
    assert f"supersedes #{chain[0][0]}" in shown
    assert "Tech Desk" in shown


def test_show_of_an_unknown_claim_is_a_one_line_error(ledger):
    result = ledger.run("claims", "show", "42", expect_exit=1)
    assert result.stderr.strip() == "error: no claim with id 42"


def test_resolutions_file_applies_each_line_once(ledger, articles, tmp_path):
    ledger.run("ingest", articles, "--publication", "Tech Desk", "--published", "2023-06-01")
    lines = [
        {"article": "acme.txt", "quote_contains": "folding phone", "outcome": "correct",
         "evidence": "https://x.example/fold", "by": "Ana", "resolved_at": "2025-02-01"},
        {"article": "boreal.md", "quote_contains": "hydrogen-powered", "outcome": "incorrect",
         "evidence": "https://x.example/h2", "by": "Ben"},
        {"article": "boreal.md", "quote_contains": "no such words", "outcome": "incorrect", "evidence": "https://x.example"},
    ]
    path = write(tmp_path, "resolutions.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    result = ledger.run("resolve", "--file", path, expect_exit=1)
    assert "2 resolved" in result.stdout
    assert "resolutions.jsonl:3" in result.stderr
    assert ledger.rows("SELECT resolver, outcome FROM resolution ORDER BY id") == [("Ana", "correct"), ("Ben", "incorrect")]
    assert str(ledger.scalar("SELECT resolved_at FROM resolution WHERE resolver = 'Ana'")).startswith("2025-02-01")
    rerun = ledger.run("resolve", "--file", path, expect_exit=1)
    assert "0 resolved, 2 already resolved" in rerun.stdout
    assert ledger.scalar("SELECT count(*) FROM resolution") == 2


def test_database_url_from_the_environment_overrides_the_config(ledger_unmigrated, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", f"sqlite:///{other}")
    ledger_unmigrated.run("db", "upgrade")
    assert other.exists()


def test_show_of_an_extended_claim_tells_both_deadlines(ledger, due_claim):
    ledger.run("resolve", due_claim, "--extend", "2030-06-30", "--reason", "launch slipped, judge at the new date", "--by", "Ana")
    shown = " ".join(ledger.run("claims", "show", due_claim).stdout.split())
    assert "2030-06-30 (extended on" in shown and "by Ana: launch slipped, judge at the new date" in shown
    assert "originally 2024-12-31, because 'By 2024' (precision: year)" in shown


def test_a_large_batch_extracted_by_worker_processes_stores_the_same_in_the_same_order(ledger, tmp_path):
    folder = tmp_path / "many"
    for number in range(70):
        write(folder, f"firm-{number:03d}.txt", f"Firm {number} outlook\n\nBy {2030 + number % 5}, Firm {number} will open a plant.\n")
    parallel = ledger.run("ingest", folder, "--publication", "Wire", "--published", "2025-01-01", "--workers", "2")
    assert "70 stored" in parallel.stdout
    rows = ledger.rows("SELECT a.source, c.quote, c.deadline FROM claim c JOIN article a ON a.id = c.article_id ORDER BY a.id")
    assert [Path(source).name for source, _, _ in rows] == [f"firm-{n:03d}.txt" for n in range(70)]
    assert [(quote, str(deadline)) for _, quote, deadline in rows] == [
        (f"By {2030 + n % 5}, Firm {n} will open a plant.", f"{2030 + n % 5}-12-31") for n in range(70)
    ]
    again = ledger.run("ingest", folder, "--publication", "Wire", "--published", "2025-01-01", "--workers", "1")
    assert "70 duplicate" in again.stdout
