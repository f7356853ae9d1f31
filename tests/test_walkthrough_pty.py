"""`ledger resolve` walked at a real pseudo-terminal against a real SQLite ledger.

An analyst resolves, skips, goes back, quits, resumes, extends, rejects and amends;
the stored rows and the audit trail must say exactly what was done, by whom and why.
"""

from __future__ import annotations

import pytest

from terminal import Terminal

CIRCUIT = """Phones in the years ahead

Acme made phones for a decade.

By 2019, Acme will release a folding phone.

By 2020, Globex will buy Initech.

By 2021, Hooli will open a store in Paris.
"""
HARBOR = """Rates and markets

The bank met in January.

By 2022, the central bank will cut rates to 2%.

By 2023, Umbrella will list its shares in London.
"""
QUOTES = {
    "phone": "By 2019, Acme will release a folding phone.",
    "globex": "By 2020, Globex will buy Initech.",
    "hooli": "By 2021, Hooli will open a store in Paris.",
    "rates": "By 2022, the central bank will cut rates to 2%.",
    "umbrella": "By 2023, Umbrella will list its shares in London.",
}


@pytest.fixture
def due(ledger, tmp_path):
    """Five due claims, deadlines 2019..2023 (walk order), in two publications; returns their ids by name."""
    (tmp_path / "circuit.md").write_text(CIRCUIT, encoding="utf-8")
    (tmp_path / "harbor.txt").write_text(HARBOR, encoding="utf-8")
    ledger.run("ingest", tmp_path / "circuit.md", "--publication", "Circuit Ledger", "--published", "2018-01-15")
    ledger.run("ingest", tmp_path / "harbor.txt", "--publication", "Harbor Street", "--published", "2018-02-01")
    ledger.run("due")
    ids = {name: ledger.scalar("SELECT id FROM claim WHERE quote = :q", q=quote) for name, quote in QUOTES.items()}
    walk_order = [row[0] for row in ledger.rows("SELECT id FROM claim WHERE status = 'due' ORDER BY deadline, id")]
    assert walk_order == [ids[name] for name in QUOTES], "the fixture articles should give exactly these five claims"
    return ids


def events(ledger, claim_id, *kinds):
    return ledger.rows(
        "SELECT kind, actor, reason, old_value, new_value FROM claim_event WHERE claim_id = :id AND kind IN "
        f"({', '.join(repr(kind) for kind in kinds)}) ORDER BY id",
        id=claim_id,
    )


def test_resolve_skip_back_quit_then_resume_extend_reject_and_amend(ledger, due):
    term = Terminal(ledger.config_path, "resolve")
    screen = term.key("c")
    assert "5 due" in screen and "1 of 5" in screen and f"claim {due['phone']} · prediction · due" in screen
    assert "»By 2019, Acme will release a folding phone.«" in screen  # the quote stands out in its paragraph
    assert "Phones in the years ahead" in screen and "Circuit Ledger · 2018-01-15" in screen
    assert "2019-12-31 (from 'By 2019', precision year)" in screen
    term.answer("Evidence URL: ", "notaurl")
    assert "evidence URL 'notaurl' is not an http(s) address" in term.answer("Evidence URL: ", "https://news.example/acme-fold")
    term.answer("Note (optional): ", "launched in Seoul")
    summary = term.key("y")
    assert f"Claim {due['phone']}: correct" in summary and "launched in Seoul" in summary and "by: test analyst" in summary

    # Second claim: change of mind at the summary, then partial.
    screen = term.key("i")
    assert "2 of 5" in screen and f"Saved: claim {due['phone']} correct." in screen
    term.answer("Evidence URL [https://news.example/acme-fold]: ", "https://news.example/globex-stake")
    term.answer("Note (optional): ", "")
    term.key("n")
    assert "Not saved. Choose again." in term.key("p")
    term.answer("Evidence URL [https://news.example/globex-stake]: ", "")  # Enter: the same source again
    term.answer("Note (optional): ", "bought a stake, not the company")
    term.key("y")

    # Third: skip; fourth: go back to the third and void it; fourth again: a wrong key, then quit.
    assert "3 of 5" in term.key("s")
    screen = term.key("b")
    assert "4 of 5" in screen and "Harbor Street" in screen
    screen = term.key("v")
    assert "3 of 5" in screen and "this walk: skipped" in screen
    term.answer("Evidence URL (optional, Enter to leave out): ", "")
    term.answer("Note (optional): ", "Hooli left Europe: condition gone")
    term.key("y")
    assert "4 of 5" in term.key("z")
    assert "'z' is not a choice: press one of c, i, p, v, e, r, s, b, q" in term.key("q")
    assert term.finish() == 0
    assert "Saved 3 answers (1 correct, 1 partial, 1 void); 2 still due." in term.transcript

    assert ledger.rows("SELECT claim_id, outcome, evidence_url, note, resolver, supersedes_id FROM resolution ORDER BY id") == [
        (due["phone"], "correct", "https://news.example/acme-fold", "launched in Seoul", "test analyst", None),
        (due["globex"], "partial", "https://news.example/globex-stake", "bought a stake, not the company", "test analyst", None),
        (due["hooli"], "void", None, "Hooli left Europe: condition gone", "test analyst", None),
    ]
    statuses = dict(ledger.rows("SELECT id, status FROM claim"))
    assert [statuses[due[name]] for name in QUOTES] == ["resolved", "resolved", "void", "due", "due"]
    assert events(ledger, due["hooli"], "resolved") == [("resolved", "test analyst", "Hooli left Europe: condition gone", "due", "void")]

    # Resume as someone else: only what is still due comes up. Extend one, reject the other.
    term = Terminal(ledger.config_path, "resolve", "--by", "Ben")
    screen = term.key("e")
    assert "2 due" in screen and "1 of 2" in screen and f"claim {due['rates']} ·" in screen
    prompt = "New deadline (YYYY-MM-DD, or e.g. 'Q3 2027', 'within 6 months'): "
    term.answer(prompt, "2020-01-01")
    assert "2020-01-01 has already passed: give a date from" in term.answer(prompt, "2030-06-30")
    term.answer("Reason (required): ", "")
    assert "a reason is required" in term.answer("Reason (required): ", "the bank paused; judge after the 2030 review")
    summary = term.key("y")
    assert "deadline 2022-12-31 → 2030-06-30" in summary and "due again from 2030-07-01" in summary
    assert "2 of 2" in term.key("r")
    term.answer("Why is it not a claim? (required): ", "a plan the firm announced, not the paper's forecast")
    term.key("y")
    assert term.finish() == 0
    assert "Saved 2 answers (1 extended, 1 rejected); 0 still due." in term.transcript

    [(status, deadline)] = ledger.rows("SELECT status, deadline FROM claim WHERE id = :id", id=due["rates"])
    assert (status, str(deadline)) == ("open", "2030-06-30")
    assert events(ledger, due["rates"], "deadline_changed") == [
        ("deadline_changed", "Ben", "the bank paused; judge after the 2030 review", "2022-12-31", "2030-06-30")]
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=due["umbrella"]) == "rejected"
    assert events(ledger, due["umbrella"], "rejected") == [
        ("rejected", "Ben", "a plan the firm announced, not the paper's forecast", "due", "rejected")]

    # Nothing is due now; the extended claim comes due again after its new deadline.
    term = Terminal(ledger.config_path, "resolve")
    assert term.finish() == 0 and "Nothing is due" in term.transcript
    ledger.run("due", "--today", "2030-07-01")
    term = Terminal(ledger.config_path, "resolve", "--by", "Ben")
    screen = term.key("c")
    assert "1 of 1" in screen and f"claim {due['rates']} ·" in screen
    assert "extended: 2022-12-31 → 2030-06-30 by Ben" in screen
    term.answer("Evidence URL: ", "https://news.example/cut")
    term.answer("Note (optional): ", "")
    term.key("y")
    assert term.finish() == 0

    # Amend the first answer at the terminal: a new resolution supersedes the old one.
    term = Terminal(ledger.config_path, "resolve", due["phone"], "--amend", "--by", "Cleo")
    screen = term.key("i")
    assert "resolution 1: correct (current) by test analyst" in screen and "launched in Seoul" in screen
    term.answer("Evidence URL: ", "https://news.example/acme-recall")
    term.answer("Note (optional): ", "recalled before sale")
    assert "supersedes resolution" in term.key("y")
    assert term.finish() == 0
    chain = ledger.rows("SELECT id, outcome, resolver, supersedes_id FROM resolution WHERE claim_id = :id ORDER BY id", id=due["phone"])
    assert [(outcome, resolver) for _, outcome, resolver, _ in chain] == [("correct", "test analyst"), ("incorrect", "Cleo")]
    assert chain[1][3] == chain[0][0]
    assert events(ledger, due["phone"], "resolved", "re_resolved") == [
        ("resolved", "test analyst", "launched in Seoul", "due", "correct"),
        ("re_resolved", "Cleo", "recalled before sale", "correct", "incorrect"),
    ]
    shown = ledger.run("claims", "show", due["phone"]).stdout
    assert "re_resolved correct → incorrect by Cleo" in shown


def test_ctrl_c_mid_claim_saves_nothing_for_it_and_counts_what_was_saved(ledger, due):
    term = Terminal(ledger.config_path, "resolve")
    term.key("c")
    term.answer("Evidence URL: ", "https://news.example/acme-fold")
    term.answer("Note (optional): ", "")
    term.key("y")
    term.key("i")
    term.answer("Evidence URL [https://news.example/acme-fold]: ", "https://news.example/globex")
    term.expect("Note (optional): ")
    term.interrupt()
    status = term.finish()
    assert status == 130
    assert "Interrupted: nothing saved for the claim on screen." in term.transcript
    assert "Saved 1 answer (1 correct); 4 still due." in term.transcript
    assert "Traceback" not in term.transcript
    assert ledger.rows("SELECT claim_id, outcome FROM resolution") == [(due["phone"], "correct")]
    assert ledger.scalar("SELECT status FROM claim WHERE id = :id", id=due["globex"]) == "due"


def test_ctrl_c_at_the_summary_and_end_of_input_at_a_key_save_nothing(ledger, due):
    term = Terminal(ledger.config_path, "resolve")
    term.key("r")
    term.answer("Why is it not a claim? (required): ", "a slogan")
    term.expect("Save this?")
    term.expect("› ")
    term.interrupt()
    assert term.finish() == 130
    assert "Saved 0 answers; 5 still due." in term.transcript

    term = Terminal(ledger.config_path, "resolve")
    term.expect("› ")
    term.end_of_input()
    assert term.finish() == 0
    assert "End of input: nothing saved for the claim on screen." in term.transcript
    assert ledger.scalar("SELECT count(*) FROM claim_event WHERE kind IN ('rejected', 'resolved')") == 0
    assert ledger.scalar("SELECT count(*) FROM claim WHERE status = 'due'") == 5
