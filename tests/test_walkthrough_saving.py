"""Saving walk answers: each in its own transaction, and never over an answer the analyst has not seen."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.errors import Conflict
from ledger.resolving import Answer
from ledger.walkthrough import Action, due_queue, load, save


@pytest.fixture
def claim_id(ledger, tmp_path):
    path = tmp_path / "phones.md"
    path.write_text("Phones\n\nBy 2019, Acme will release a folding phone.\n", encoding="utf-8")
    ledger.run("ingest", path, "--publication", "Circuit Ledger", "--published", "2018-01-15")
    return ledger.scalar("SELECT id FROM claim WHERE quote = 'By 2019, Acme will release a folding phone.'")


def test_the_walk_flags_what_has_come_due_and_queues_it_oldest_deadline_first(ledger, claim_id):
    queue = due_queue(ledger.engine, today=date(2020, 1, 1), actor="Ana")
    assert claim_id in queue.claim_ids and queue.total_due == len(queue.claim_ids)
    assert ledger.rows("SELECT actor FROM claim_event WHERE claim_id = :id AND kind = 'flagged_due'", id=claim_id) == [("Ana",)]


def test_an_answer_given_while_someone_else_answered_is_refused_not_stacked(ledger, claim_id):
    due_queue(ledger.engine, today=date(2020, 1, 1), actor="Ana")
    on_screen = load(ledger.engine, claim_id)
    assert on_screen.current_resolution is None
    ledger.run("resolve", claim_id, "--outcome", "incorrect", "--evidence", "https://news.example/no", "--by", "Ben")
    mine = Action("resolve", answer=Answer("correct", "https://news.example/yes", None, "Ana"), supersedes=None)
    with pytest.raises(Conflict, match="answered meanwhile \\(incorrect, by Ben\\)"):
        save(ledger.engine, claim_id, mine, actor="Ana", today=date(2020, 1, 1))
    assert ledger.rows("SELECT outcome, resolver FROM resolution") == [("incorrect", "Ben")]

    # Having seen Ben's answer, Ana's answer supersedes it.
    seen = load(ledger.engine, claim_id).current_resolution.id
    mine = Action("resolve", answer=Answer("correct", "https://news.example/yes", None, "Ana"), supersedes=seen)
    assert save(ledger.engine, claim_id, mine, actor="Ana", today=date(2020, 1, 1)) == "amended"
    assert ledger.rows("SELECT outcome, resolver, supersedes_id FROM resolution ORDER BY id") == [
        ("incorrect", "Ben", None), ("correct", "Ana", seen)]
