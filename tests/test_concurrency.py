"""A team at work on one ledger: real processes at the same moment, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa

from crashing import race
from sample_ledger import claims_per_article, write_articles

pytestmark = pytest.mark.slow
PUBLISHED = "2021-06-01"


def warm(ledger, tmp_path) -> None:
    """Run the commands once in this process so forked children start with everything imported."""
    ledger.run("ingest", *write_articles(tmp_path / "warm", [9999]), "--publication", "Warm-up", "--published", PUBLISHED)
    ledger.run("due", "--today", "2026-01-01")
    ledger.engine.dispose()


def config(ledger) -> list[str]:
    return ["--config", str(ledger.config_path)]


def test_two_analysts_resolving_the_same_claim_at_once(ledger, tmp_path):
    warm(ledger, tmp_path)
    claims = [row[0] for row in ledger.rows("SELECT id FROM claim WHERE status = 'due' ORDER BY id")]
    ledger.engine.dispose()
    for claim in claims:  # several races, each on a claim of its own
        results = race([
            [*config(ledger), "resolve", str(claim), "--outcome", "correct", "--evidence", "https://example.com/a", "--by", "ana"],
            [*config(ledger), "resolve", str(claim), "--outcome", "incorrect", "--evidence", "https://example.com/b", "--by", "ben"],
        ], tmp_path)
        codes = sorted(result.exit_code for result in results)
        assert codes == [0, 1], [result.output for result in results]
        winner = next(result for result in results if result.exit_code == 0)
        loser = next(result for result in results if result.exit_code == 1)
        who, outcome = ("ana", "correct") if "by ana" in winner.output else ("ben", "incorrect")
        assert loser.output == f"error: claim {claim} is already resolved ({outcome}, by {who}); use --amend to correct it\n"
        rows = ledger.rows(f"SELECT outcome, resolver, supersedes_id FROM resolution WHERE claim_id = {claim}")
        assert rows == [(outcome, who, None)]
        assert ledger.scalar(f"SELECT count(*) FROM claim_event WHERE claim_id = {claim} AND kind = 'resolved'") == 1
        ledger.engine.dispose()
    ledger.run("db", "check")


def _insert_at_once(ledger, statement: str, params: dict) -> list[str]:
    """Two connections run the same INSERT at the same moment, bypassing the claim's row lock: what is left
    is the database's own unique indexes."""
    from ledger.db import transaction

    barrier, outcomes = threading.Barrier(2), []
    # PostgreSQL: both transactions insert at once; the second waits on the index, then is refused.
    # SQLite's writers queue at BEGIN IMMEDIATE, so there the two meet at the door instead: the second
    # inserts after the first commits, and the index must refuse it all the same.
    inside = ledger.engine.dialect.name == "postgresql"

    def attempt():
        try:
            if not inside:
                barrier.wait()
            with transaction(ledger.engine) as session:
                if inside:
                    barrier.wait()
                session.execute(sa.text(statement), params)
            outcomes.append("stored")
        except sa.exc.IntegrityError:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_the_unique_indexes_keep_chains_linear_without_the_row_lock(ledger, tmp_path):
    warm(ledger, tmp_path)
    claim = ledger.scalar("SELECT min(id) FROM claim WHERE status = 'due'")
    first = "INSERT INTO resolution (claim_id, outcome, resolver, resolved_at, supersedes_id) VALUES (:c, 'void', :who, :at, :s)"
    at = "2026-01-02 00:00:00+00:00"
    assert _insert_at_once(ledger, first, {"c": claim, "who": "ana", "at": at, "s": None}) == ["refused", "stored"]
    answer = ledger.scalar(f"SELECT id FROM resolution WHERE claim_id = {claim}")
    # Two amendments of the same answer: one successor only.
    assert _insert_at_once(ledger, first, {"c": claim, "who": "ben", "at": at, "s": answer}) == ["refused", "stored"]
    assert ledger.scalar(f"SELECT count(*) FROM resolution WHERE claim_id = {claim}") == 2


def test_eight_processes_ingesting_overlapping_articles(ledger, tmp_path):
    warm(ledger, tmp_path)
    paths = write_articles(tmp_path / "articles", range(24))
    expected = claims_per_article(paths)
    jobs = []
    for process in range(8):
        # Each process takes 9 articles starting 3 further along: every article is ingested by three.
        mine = [paths[(process * 3 + offset) % len(paths)] for offset in range(9)]
        publication = "The Daily Ledger" if process % 2 else "Harbor Street Economics"
        jobs.append([*config(ledger), "ingest", *map(str, mine), "--publication", publication,
                     "--published", PUBLISHED, "--by", f"analyst {process}"])
    results = race(jobs, tmp_path)
    assert [result.exit_code for result in results] == [0] * 8, [result.output for result in results]
    assert sum(len(re.findall(r"^stored ", result.output, re.M)) for result in results) == 24
    stored = ledger.rows(
        "SELECT a.content_hash, count(c.id) FROM article a LEFT JOIN claim c ON c.article_id = a.id "
        "WHERE a.source NOT LIKE '%warm%' GROUP BY a.id, a.content_hash"
    )
    assert len(stored) == 24 and dict(stored) == expected
    assert ledger.scalar("SELECT count(*) FROM claim_event WHERE kind = 'created'") == ledger.scalar("SELECT count(*) FROM claim")
    assert ledger.scalar("SELECT count(*) FROM publication WHERE name IN ('The Daily Ledger', 'Harbor Street Economics')") == 2
    ledger.run("db", "check")


def test_the_scheduler_flags_due_claims_while_ingest_runs(ledger, tmp_path):
    from ledger.jobs import flag_due_job

    warm(ledger, tmp_path)
    paths = write_articles(tmp_path / "articles", range(40))  # deadlines in 2022 and 2023: all past
    done = tmp_path / "ingest-finished"

    def scheduler():
        # The scheduler's real job, as often as it can run, until the ingest has finished; then once more.
        runs = 0
        while not done.exists():
            flag_due_job(str(ledger.config_path))
            runs += 1
        flag_due_job(str(ledger.config_path))
        print(f"flag-due ran {runs + 1} times")

    def ingest():
        from ledger.cli import app

        try:
            app([*config(ledger), "ingest", *map(str, paths), "--publication", "The Daily Ledger",
                 "--published", PUBLISHED], standalone_mode=False)
        finally:
            done.touch()

    results = race([scheduler, ingest], tmp_path)
    assert [result.exit_code for result in results] == [0, 0], [result.output for result in results]
    runs = int(results[0].output.split("flag-due ran ")[1].split()[0])
    assert runs >= 2
    # Every claim past its deadline is due, flagged exactly once, and nothing else changed.
    assert ledger.scalar("SELECT count(*) FROM claim WHERE status <> 'due'") == 0
    assert ledger.rows(
        "SELECT count(*) FROM claim c WHERE (SELECT count(*) FROM claim_event e "
        "WHERE e.claim_id = c.id AND e.kind = 'flagged_due') <> 1"
    ) == [(0,)]
    assert ledger.scalar("SELECT count(*) FROM article") == 41
    ledger.run("db", "check")


def test_two_flaggers_at_once_log_each_claim_once(ledger, tmp_path):
    """An analyst's `ledger due` and the scheduler's job at the same moment: each claim is flagged by one."""
    warm(ledger, tmp_path)
    ledger.run("ingest", *write_articles(tmp_path / "articles", range(30)), "--publication", "The Daily Ledger",
               "--published", PUBLISHED)
    waiting = ledger.scalar("SELECT count(*) FROM claim WHERE status = 'open'")
    ledger.engine.dispose()
    results = race([[*config(ledger), "due", "--by", f"analyst {n}", "--limit", "1"] for n in range(3)], tmp_path)
    assert [result.exit_code for result in results] == [0, 0, 0], [result.output for result in results]
    flagged = [int(re.match(r"(\d+) claims newly due", result.output).group(1)) for result in results]
    assert sum(flagged) == waiting
    assert ledger.rows(
        "SELECT count(*) FROM claim c WHERE (SELECT count(*) FROM claim_event e "
        "WHERE e.claim_id = c.id AND e.kind = 'flagged_due') <> 1"
    ) == [(0,)]
    ledger.run("db", "check")
