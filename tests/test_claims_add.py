"""`ledger claims add`: a claim recorded by hand meets the checks extraction's claims meet."""

from __future__ import annotations

import pytest

# Reported in the past tense only, so the extractor finds nothing here and every claim is added by hand.
ARTICLE = """Acme's year in review

Acme shipped two phones in 2017.
Its chief executive said the company
would build a factory in Ohio within two years.

Analysts at Globex said the share price had doubled.
"""
URL = "https://circuit.example/2018/acme-review"


@pytest.fixture
def article(ledger, tmp_path):
    path = tmp_path / "acme.md"
    path.write_text(ARTICLE, encoding="utf-8")
    ledger.run("ingest", path, "--publication", "Circuit Ledger", "--published", "2018-03-10", "--url", URL)
    return ledger.scalar("SELECT id FROM article")


def hand_claims(ledger):
    return ledger.rows(
        "SELECT c.kind, c.quote, c.deadline, c.precision, c.deadline_expression, c.condition, c.probability, "
        "c.attributed_to, c.status, c.created_by FROM claim c JOIN claim_event e ON e.claim_id = c.id "
        "WHERE e.kind = 'created' AND e.reason IS NOT NULL ORDER BY c.id"
    )


def test_a_claim_added_by_id_gets_its_span_its_deadline_by_the_rules_and_a_created_event(ledger, article):
    result = ledger.run(
        "claims", "add", "--article", article, "--by", "Ana",
        "--quote", "would build a factory in Ohio within two years",
        "--deadline", "within two years", "--probability", "70%",
        "--condition", "if the state grants the tax break", "--attributed-to", "Acme",
        "--note", "the extractor missed reported speech",
    )
    claim_id = ledger.scalar("SELECT max(id) FROM claim")
    assert f"claim {claim_id} added to article {article} by Ana" in result.stdout
    kind, quote, deadline, precision, expression, condition, probability, attributed, status, by = hand_claims(ledger)[-1]
    assert (kind, str(deadline), precision, expression) == ("prediction", "2020-03-10", "relative", "within two years")
    assert (condition, probability, attributed, status, by) == ("if the state grants the tax break", 0.7, "Acme", "open", "Ana")
    # The quote spans a line break in the article: stored exactly as the article has it, span pointing at it.
    start, end, text = ledger.rows(
        "SELECT c.span_start, c.span_end, a.text FROM claim c JOIN article a ON a.id = c.article_id WHERE c.id = :id", id=claim_id
    )[0]
    assert text[start:end] == quote and " ".join(quote.split()) == "would build a factory in Ohio within two years"
    assert ledger.rows("SELECT kind, actor, reason FROM claim_event WHERE claim_id = :id", id=claim_id) == [
        ("created", "Ana", "the extractor missed reported speech")]
    shown = ledger.run("claims", "show", claim_id).stdout
    assert "because 'within two years' (precision: relative)" in shown


def test_a_claim_added_by_url_with_an_iso_date_is_due_when_its_deadline_has_passed(ledger, article):
    result = ledger.run("claims", "add", "--article", URL, "--kind", "verdict", "--quote",
                        "the share price had doubled", "--deadline", "2019-01-31")
    assert "its deadline has passed" in result.stdout
    [(kind, _, deadline, precision, _, _, _, attributed, _, by)] = hand_claims(ledger)
    assert (kind, str(deadline), precision, attributed, by) == ("verdict", "2019-01-31", "day", "publication", "test analyst")
    claim_id = ledger.scalar("SELECT max(id) FROM claim")
    ledger.run("due")
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=claim_id) == "due"


def test_bad_claims_are_refused_with_the_field_named_and_nothing_stored(ledger, article):
    base = ["claims", "add", "--article", str(article), "--quote", "Acme shipped two phones in 2017", "--deadline", "2019-01-01"]
    cases = [
        (["claims", "add", "--article", "https://elsewhere.example/new", "--quote", "x", "--deadline", "2019-01-01"],
         "no article from https://elsewhere.example/new is in the ledger"),
        (["claims", "add", "--article", "999", "--quote", "x", "--deadline", "2019-01-01"], "no article with id 999"),
        (["claims", "add", "--article", "ftp:/nope", "--quote", "x", "--deadline", "2019-01-01"], "neither an article id nor an http(s) URL"),
        (["claims", "add", "--article", str(article), "--quote", "Acme will conquer Mars", "--deadline", "2019-01-01"],
         "quote: 'Acme will conquer Mars' does not occur in the article's text"),
        ([*base[:-1], "someday perhaps"], "deadline: 'someday perhaps' is not a date"),
        ([*base[:-1], "2019-02-30"], "deadline: '2019-02-30' is not a date"),
        ([*base, "--kind", "rumour"], "kind: 'rumour' is not one of prediction, verdict"),
        ([*base, "--probability", "1.5"], "probability: '1.5' is outside 0..1"),
        ([*base, "--probability", "likely"], "probability: 'likely' is not a probability"),
        ([*base, "--precision", "fortnight"], "precision: 'fortnight' is not one of"),
    ]
    before = ledger.scalar("SELECT count(*) FROM claim_event"), ledger.scalar("SELECT count(*) FROM claim")
    for args, message in cases:
        result = ledger.run(*args, expect_exit=1)
        assert message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert (ledger.scalar("SELECT count(*) FROM claim_event"), ledger.scalar("SELECT count(*) FROM claim")) == before


def test_the_same_claim_twice_is_a_conflict_naming_the_first(ledger, article):
    args = ["claims", "add", "--article", str(article), "--quote", "Acme shipped two phones in 2017", "--deadline", "by 2019"]
    ledger.run(*args)
    claim_id = ledger.scalar("SELECT max(id) FROM claim")
    again = ledger.run(*args, expect_exit=1)
    assert f"already claim {claim_id} of article {article}" in again.stderr
    assert ledger.scalar("SELECT max(id) FROM claim") == claim_id
