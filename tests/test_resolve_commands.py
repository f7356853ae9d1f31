"""`ledger resolve` from scripts and pipes: --extend, --reject, filters of the walk, and refusals that change nothing."""

from __future__ import annotations

import pytest

ARTICLES = {
    "circuit.md": ("Circuit Ledger", "2018-01-15", "Phones\n\nBy 2019, Acme will release a folding phone.\n\n"
                                                   "By 2020, Globex will buy Initech.\n"),
    "harbor.txt": ("Harbor Street", "2018-02-01", "Rates\n\nBy 2021, the central bank will cut rates to 2%.\n"),
    "later.txt": ("Harbor Street", "2018-02-02", "Later\n\nBy 2040, Umbrella will list its shares in London.\n"),
}


@pytest.fixture
def claims(ledger, tmp_path):
    """Three due claims (2019, 2020, 2021) and one open one (2040); ids by the year in their quote."""
    for name, (publication, published, text) in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        ledger.run("ingest", tmp_path / name, "--publication", publication, "--published", published)
    ledger.run("due")
    return {year: ledger.scalar("SELECT id FROM claim WHERE quote LIKE :q", q=f"By {year},%") for year in (2019, 2020, 2021, 2040)}


def trail(ledger, claim_id):
    return ledger.rows(
        "SELECT kind, actor, reason, old_value, new_value FROM claim_event WHERE claim_id = :id AND kind NOT IN "
        "('created', 'flagged_due') ORDER BY id", id=claim_id)


def test_extend_returns_the_claim_to_open_and_it_comes_due_again_after_the_new_deadline(ledger, claims):
    result = ledger.run("resolve", claims[2019], "--extend", "by Q2 2031", "--reason", "launch slipped", "--by", "Ana")
    assert f"claim {claims[2019]} deadline 2019-12-31 → 2031-06-30: open again" in result.stdout
    assert trail(ledger, claims[2019]) == [("deadline_changed", "Ana", "launch slipped", "2019-12-31", "2031-06-30")]
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=claims[2019]) == "open"
    # The expression it was first given is kept: the event holds the history of the date.
    assert ledger.scalar("SELECT deadline_expression FROM claim WHERE id = :id", id=claims[2019]) == "By 2019"
    ledger.run("due", "--today", "2031-06-30")
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=claims[2019]) == "open"
    ledger.run("due", "--today", "2031-07-01")
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=claims[2019]) == "due"


def test_reject_keeps_the_claim_and_its_reason_and_it_can_no_longer_be_resolved(ledger, claims):
    ledger.run("resolve", claims[2020], "--reject", "--reason", "a report of a deal already signed", "--by", "Ben")
    assert trail(ledger, claims[2020]) == [("rejected", "Ben", "a report of a deal already signed", "due", "rejected")]
    refused = ledger.run("resolve", claims[2020], "--outcome", "correct", "--evidence", "https://x.example", expect_exit=1)
    assert "was rejected as not a claim" in refused.stderr
    assert "rejected" in ledger.run("claims", "show", claims[2020]).stdout


def test_refusals_are_one_line_and_change_nothing(ledger, claims):
    ledger.run("resolve", claims[2021], "--outcome", "correct", "--evidence", "https://x.example/cut")
    before = ledger.rows("SELECT id, status, deadline FROM claim ORDER BY id"), ledger.scalar("SELECT count(*) FROM claim_event")
    cases = [
        (("resolve", 9999), "no claim with id 9999"),
        (("resolve", 9999, "--extend", "2031-01-01", "--reason", "x"), "no claim with id 9999"),
        (("resolve", claims[2040]), f"claim {claims[2040]} is not due until after 2040-12-31; use --force"),
        (("resolve", claims[2021]), "already resolved (correct, by test analyst); use --amend"),
        (("resolve", claims[2019], "--extend", "2020-01-01", "--reason", "x"), "new deadline 2020-01-01 has already passed"),
        (("resolve", claims[2019], "--extend", "whenever", "--reason", "x"), "--extend: 'whenever' is not a date"),
        (("resolve", claims[2019], "--extend", "2031-02-30", "--reason", "x"), "--extend: '2031-02-30' is not a date"),
        (("resolve", claims[2019], "--extend", "2031-01-01"), "a reason is required for extending a deadline"),
        (("resolve", claims[2019], "--reject", "--reason", "  "), "a reason is required for rejecting a claim"),
        (("resolve", claims[2021], "--reject", "--reason", "x"), "is already resolved; amend its resolution"),
        (("resolve", claims[2021], "--extend", "2031-01-01", "--reason", "x"), "only an open or due claim can have its deadline moved"),
        (("resolve", claims[2019], "--reject", "--outcome", "void", "--reason", "x"), "give one of --outcome, --extend or --reject"),
        (("resolve", "--kind", "rumour"), "--kind: 'rumour' is not one of prediction, verdict"),
        (("resolve", claims[2019], "--outcome", "correct", "--evidence", "http://exa mple.com"), "not an http(s) address"),
    ]
    for args, message in cases:
        result = ledger.run(*args, expect_exit=1)
        assert message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert (ledger.rows("SELECT id, status, deadline FROM claim ORDER BY id"), ledger.scalar("SELECT count(*) FROM claim_event")) == before


def test_piped_answers_walk_in_deadline_order_with_filters_and_limit(ledger, claims):
    # Not a terminal: each answer is a line, and a choice may be its key or its word.
    result = ledger.run("resolve", "--limit", "2", "--by", "Ana", input="b\nskip\nq\n")
    assert "3 due; walking the 2 with the oldest deadlines" in result.stdout
    assert "This is the first claim of the walk." in result.stdout
    assert "1 of 2" in result.stdout and f"claim {claims[2019]} ·" in result.stdout
    assert "2 of 2" in result.stdout and f"claim {claims[2020]} ·" in result.stdout
    assert "Saved 0 answers; skipped 1; 3 still due." in result.stdout

    result = ledger.run("resolve", "--publication", "Harbor Street", input="c\nhttps://news.example/cut\nrates fell\ny\n")
    assert "1 due" in result.stdout and f"claim {claims[2021]} ·" in result.stdout
    assert "Saved 1 answer (1 correct); 0 still due." in result.stdout
    assert ledger.rows("SELECT claim_id, outcome, note FROM resolution") == [(claims[2021], "correct", "rates fell")]

    result = ledger.run("resolve", "--kind", "verdict", input="")
    assert "Nothing is due" in result.stdout


def test_end_of_piped_input_mid_claim_saves_nothing_for_it(ledger, claims):
    result = ledger.run("resolve", input="v\n\nannulled\ny\ni\nhttps://news.example/x\n")
    assert "End of input: nothing saved for the claim on screen." in result.stdout
    assert "Saved 1 answer (1 void); 2 still due." in result.stdout
    assert ledger.rows("SELECT claim_id, outcome, evidence_url FROM resolution") == [(claims[2019], "void", None)]
