"""Scorecards counted in two processes (ledger.scorecard_split) match one process's, from one snapshot."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timezone

import pytest

from ledger import scorecard_split
from ledger import scorecard_sql as sql
from ledger.db import reading, transaction
from ledger.errors import LedgerError
from ledger.scorecard import Settings, build_report
from tests.reports.known_data import TODAY, Spec, _article, known_ledger, store_publication  # noqa: F401 (a fixture)

STAMP = datetime(2026, 6, 15, 9, tzinfo=timezone.utc)
ALWAYS, NEVER = 0, -1


def report(ledger, split_from: int, **kwargs) -> dict:
    with reading(ledger.engine) as session:
        settings = Settings(list_limit=3, split_from_claims=split_from)
        return build_report(session, settings=settings, today=TODAY, generated_at=STAMP, **kwargs).to_json()


@pytest.fixture
def children(monkeypatch) -> list:
    """The second readers started (a spy on the real start)."""
    started, start = [], scorecard_split._start
    monkeypatch.setattr(scorecard_split, "_start", lambda *a, **k: started.append(start(*a, **k)) or started[-1])
    return started


@pytest.mark.parametrize("scope", [{}, {"publications": ["Beta Review", "Alpha Weekly"], "since": date(2023, 1, 1)}])
def test_two_processes_give_the_same_report_as_one(known_ledger, children, scope):
    alone = report(known_ledger, NEVER, **scope)
    assert children == []
    # The child counts the upper half of the claim ids: Alpha's last claims, Beta's and Gamma's.
    assert report(known_ledger, ALWAYS, **scope) == alone
    assert len(children) == 1 and children[0].returncode == 0


def test_a_small_ledger_is_counted_in_one_process(known_ledger, children):
    report(known_ledger, 10_000)
    assert children == []


def test_a_writer_committing_meanwhile_shows_in_both_halves_or_in_neither(ledger):
    """Each write resolves a claim in the parent's half and adds one in the child's, in one transaction:
    a report whose halves read different states would count a different number of each."""
    base, reports = 400, 6
    ids = store_publication(ledger.engine, "Steady", [Spec(f"s{i}", date(2025, 1, 1)) for i in range(base)],
                            published=date(2024, 1, 10), author="Sam", title="Steady")
    low = sorted(ids.values())[: base // 2 - 10]  # below half the highest id, whatever gets added

    def write() -> None:
        from ledger.resolving import Answer, resolve
        from ledger.store import add_article
        from predictions import ClaimDraft

        for n, claim_id in enumerate(low):
            if len(seen) >= reports:
                return
            time.sleep(0.01)  # lets reports start between the writes as well as during them
            quote = f"Steady claim number {n} will come true by its deadline."
            draft, [(start, end)] = _article([quote], f"Steady {n}", date(2024, 1, 10), "Sam", f"https://news.example/s/{n}")
            with transaction(ledger.engine) as session:
                resolve(session, claim_id, _answer(), today=TODAY, force=True)
                add_article(session, draft=draft, publication="Steady", actor="tester", claims=[ClaimDraft(
                    kind="prediction", quote=quote, start=start, end=end, deadline=date(2025, 1, 1), precision="day")])

    seen: list[tuple[int, int]] = []
    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        card = report(ledger, ALWAYS)["publications"][0]
        seen.append((card["claims"] - base, card["resolved"]))
    writer.join()
    assert all(added == resolved for added, resolved in seen), seen
    assert len(set(seen)) >= 3, f"too few reports ran while the writes landed: {seen}"


def _answer():
    from ledger.resolving import Answer

    return Answer("correct", "https://evidence.example/steady", "came true", "Tester")


def test_a_second_reader_that_fails_is_one_line(known_ledger):
    scope = sql.Scope(TODAY, 30)
    with reading(known_ledger.engine) as session:
        child = scorecard_split._start(session, scope, 1, begin=["SELECT max(id) FROM no_such_table"])
        with pytest.raises(LedgerError) as failed:
            scorecard_split._wait_ready(child)
    message = str(failed.value)
    assert message.startswith("scorecards: the second reader failed: ") and "no_such_table" in message
    assert "\n" not in message


def test_no_publications_is_an_empty_report(ledger):
    with reading(ledger.engine) as session:
        assert build_report(session, settings=Settings(split_from_claims=ALWAYS), today=TODAY).publications == []


@pytest.mark.parametrize("value", ["-2", '"many"', "1.5"])
def test_a_bad_split_setting_is_named(known_ledger, value):
    config = known_ledger.config_path
    config.write_text(config.read_text() + f"\n[reports]\nsplit_from_claims = {value}\n")
    result = known_ledger.run("report", "--json", expect_exit=1)
    assert result.stderr.strip() == f"error: {config}: [reports] split_from_claims must be a whole number, -1 or more"


def test_the_report_command_splits_a_ledger_from_the_configured_size(known_ledger, children):
    config = known_ledger.config_path
    config.write_text(config.read_text() + "\n[reports]\nsplit_from_claims = 0\n")
    known_ledger.run("report", "--json", "--today", TODAY.isoformat())
    assert len(children) == 1


def test_a_writer_keeping_the_lock_leaves_the_report_to_one_process(new_ledger, children, monkeypatch):
    """The SQLite fence waits FENCE_WAIT_S for a writer's transaction, then the report counts alone, never failing."""
    import sqlalchemy as sa

    from ledger.db import writer_engine

    lite = new_ledger("sqlite")
    lite.run("db", "upgrade")
    store_publication(lite.engine, "Held", [Spec(f"h{i}", date(2025, 1, 1)) for i in range(10)],
                      published=date(2024, 1, 10), author="Hal", title="Held")
    alone = report(lite, NEVER)
    monkeypatch.setattr(scorecard_split, "FENCE_WAIT_S", 0.2)
    with writer_engine(lite.engine).connect() as writer:
        held = writer.begin()  # BEGIN IMMEDIATE: holds the write lock
        writer.execute(sa.text("INSERT INTO publication (name, created_at) VALUES ('Uncommitted', '2026-01-01')"))
        assert report(lite, ALWAYS) == alone
        assert children == []
        held.rollback()
    assert report(lite, ALWAYS) == alone and len(children) == 1
