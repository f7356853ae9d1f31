"""Scorecards computed on several connections at once (publications split between them) match one connection's."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ledger import scorecard
from ledger.db import reading
from ledger.scorecard import Settings, build_report
from tests.reports.known_data import TODAY, known_ledger  # noqa: F401 (a fixture)

STAMP = datetime(2026, 6, 15, 9, tzinfo=timezone.utc)


def report(ledger, **kwargs) -> dict:
    with reading(ledger.engine) as session:
        return build_report(session, settings=Settings(list_limit=3), today=TODAY, generated_at=STAMP, **kwargs).to_json()


@pytest.mark.parametrize("shares", [2, 3, 5])
def test_split_between_connections_gives_the_same_report(known_ledger, monkeypatch, shares):
    monkeypatch.setattr(scorecard, "SHARES", 1)
    alone = report(known_ledger)
    only_beta = report(known_ledger, publications=["Beta Review"], since=TODAY.replace(year=2025))
    monkeypatch.setattr(scorecard, "SHARES", shares)
    assert report(known_ledger) == alone
    assert report(known_ledger, publications=["Beta Review"], since=TODAY.replace(year=2025)) == only_beta
    # every publication is in exactly one share, whatever the count
    names = {1: "a", 2: "b", 3: "c"}
    split = scorecard._shares(names, shares)
    assert sorted(i for share in split for i in share) == [1, 2, 3] and all(split)


def test_no_publications_is_an_empty_report(ledger):
    with reading(ledger.engine) as session:
        assert build_report(session, settings=Settings(), today=TODAY).publications == []
