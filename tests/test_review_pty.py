"""`ledger ingest --review` at a real pseudo-terminal: accept, edit or reject each claim before it is stored."""

from __future__ import annotations

import pytest

from terminal import Terminal

PHONES = """Phones in the years ahead

Acme made phones for a decade.

By 2019, Acme will release a folding phone.

By 2020, Globex will buy Initech.

By 2021, Hooli will open a store in Paris.
"""
RATES = """Rates and markets

By 2022, the central bank will cut rates to 2%.
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "phones.md").write_text(PHONES, encoding="utf-8")
    (tmp_path / "rates.txt").write_text(RATES, encoding="utf-8")
    return tmp_path / "phones.md", tmp_path / "rates.txt"


def ingest(ledger, *paths):
    return Terminal(ledger.config_path, "ingest", *paths, "--publication", "Circuit Ledger",
                    "--published", "2018-01-15", "--review", "--by", "Ana")


def test_accept_one_edit_one_reject_one_and_leave_an_article_out(ledger, files):
    term = ingest(ledger, *files)
    screen = term.key("a")
    assert "Phones in the years ahead — Circuit Ledger, 2018-01-15" in screen
    assert "claim 1 of 3 · prediction" in screen and "»By 2019, Acme will release a folding phone.«" in screen
    assert "2019-12-31 from 'By 2019' (year)" in screen

    screen = term.key("e")
    assert "claim 2 of 3" in screen and "By 2020, Globex will buy Initech." in screen
    term.answer("Quote [By 2020, Globex will buy Initech.]: ", "Globex will buy Initiech")  # a typo: not in the text
    shown = term.answer("Quote [By 2020, Globex will buy Initech.]: ", "Globex will buy Initech.")
    assert "does not occur in the article's text" in shown
    term.answer("Kind [prediction]: ", "")
    deadline_prompt = "Deadline [2020-12-31 from 'By 2020' (year)] (YYYY-MM-DD or e.g. 'by Q3 2027'): "
    term.answer(deadline_prompt, "by Q1 2031")
    term.answer("Condition [—]: ", "if regulators approve")
    term.answer("Probability [—] (0.7 or 70%): ", "120%")
    assert "outside 0..1" in term.answer("Probability [—] (0.7 or 70%): ", "60%")
    term.answer("Attributed to [publication]: ", "Jane Roe")
    screen = term.key("a")  # the edited claim is shown again before it is accepted
    assert "»Globex will buy Initech.«" in screen and "2031-03-31 from 'by Q1 2031' (quarter)" in screen
    assert "if regulators approve" in screen and "60%" in screen and "Jane Roe" in screen

    assert "claim 3 of 3" in term.key("r")
    screen = term.key("x")  # the second article: leave it out entirely
    assert "Storing 2 of 3 claims (1 edited, 1 rejected)." in screen
    assert "Rates and markets" in screen
    assert term.finish() == 0
    assert "Left out: nothing stored from this article." in term.transcript

    assert ledger.scalar("SELECT count(*) FROM article") == 1
    rows = ledger.rows(
        "SELECT quote, deadline, precision, deadline_expression, condition, probability, attributed_to, created_by "
        "FROM claim ORDER BY id")
    assert [(row[0], str(row[1]), *row[2:]) for row in rows] == [
        ("By 2019, Acme will release a folding phone.", "2019-12-31", "year", "By 2019", None, None, "publication", "Ana"),
        ("Globex will buy Initech.", "2031-03-31", "quarter", "by Q1 2031", "if regulators approve", 0.6, "Jane Roe", "Ana"),
    ]
    start, end, text = ledger.rows(
        "SELECT c.span_start, c.span_end, a.text FROM claim c JOIN article a ON a.id = c.article_id ORDER BY c.id")[1]
    assert text[start:end] == "Globex will buy Initech."
    events = ledger.rows("SELECT kind, actor, reason FROM claim_event ORDER BY id")
    assert [(kind, actor) for kind, actor, _ in events] == [("created", "Ana"), ("created", "Ana")]
    assert events[0][2] is None
    edited = events[1][2]
    assert edited.startswith("edited at review: ")
    for change in ("quote ", "deadline ", "→ 2031-03-31", "condition None → if regulators approve", "probability None → 0.6",
                   "attributed_to publication → Jane Roe"):
        assert change in edited, (change, edited)

    # An article already in the ledger is not reviewed again: nothing is asked, it is reported as a duplicate.
    again = ledger.run("ingest", files[0], "--publication", "Circuit Ledger", "--published", "2018-01-15", "--review", input="")
    assert "duplicate" in again.stdout and "claim 1 of 3" not in again.stdout and "End of input" not in again.stdout


def test_back_keep_the_rest_then_quit_stores_only_what_was_reviewed(ledger, files):
    phones, rates = files
    term = ingest(ledger, phones, rates)
    term.key("r")
    assert "claim 2 of 3" in term.key("b")
    assert "claim 1 of 3" in term.key("k")  # change of mind: keep this one and all after it
    screen = term.key("q")
    assert "Storing 3 of 3 claims (0 edited, 0 rejected)." in screen
    assert term.finish() == 0
    assert "Review ended: nothing stored from this article or any after it." in term.transcript
    assert ledger.rows("SELECT title FROM article") == [("Phones in the years ahead",)]
    assert ledger.scalar("SELECT count(*) FROM claim") == 3


def test_ctrl_c_during_review_stores_nothing_of_that_article(ledger, files):
    term = ingest(ledger, files[0])
    term.key("a")
    term.key("e")
    term.expect("Quote [")
    term.interrupt()
    assert term.finish() == 130
    assert "Interrupted: nothing stored from this article or any after it." in term.transcript
    assert "Traceback" not in term.transcript
    assert ledger.scalar("SELECT count(*) FROM article") == 0
