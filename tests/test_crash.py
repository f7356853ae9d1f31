"""SIGKILL in the middle of work: every article is stored whole or not at all, every answer whole or not at
all, and the next run finishes the job without a duplicate.

Counts (SQLite / PostgreSQL): 100 / 30 killed `ingest` runs of 4 articles (3 new, 1 already stored), each
followed by an uninterrupted run of the same batch; 40 / 15 killed `resolve --file` runs; 20 / 8 killed
interactive `resolve` walks (answers typed line by line through a pipe). Kills fall at a random moment:
half anywhere in a run, half aimed just after its first or second write, inside the next one. They are
cheap because each run is forked from this warm process (tests/crashing.py).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from pathlib import Path

import pytest

from crashing import cli_in_child
from sample_ledger import claims_per_article, resolutions_file, write_articles

INGEST_KILLS = {"sqlite": 100, "postgresql": 30}
RESOLVE_KILLS = {"sqlite": 40, "postgresql": 15}
PER_BATCH = 3
PUBLICATION = "The Daily Ledger"

pytestmark = pytest.mark.slow


def stored_articles(ledger) -> dict[str, tuple[int, int]]:
    """content hash → (claims, claims with their 'created' event), straight from the database."""
    rows = ledger.rows(
        "SELECT a.content_hash, count(c.id), count(e.id) FROM article a "
        "LEFT JOIN claim c ON c.article_id = a.id "
        "LEFT JOIN claim_event e ON e.claim_id = c.id AND e.kind = 'created' "
        "GROUP BY a.id, a.content_hash"
    )
    hashes = [row[0] for row in rows]
    assert len(hashes) == len(set(hashes)), "an article is stored twice"
    return {digest: (claims, events) for digest, claims, events in rows}


def assert_whole_or_absent(ledger, expected: dict[str, int]) -> int:
    stored = stored_articles(ledger)
    for digest, (claims, events) in stored.items():
        assert digest in expected, "an article nobody ingested"
        assert claims == events == expected[digest], f"article {digest[:12]} stored with {claims} of {expected[digest]} claims"
    ledger.engine.dispose()  # no connection of ours may cross the next fork
    return len(stored)


def ingest_args(ledger, paths) -> list[str]:
    return ["--config", str(ledger.config_path), "ingest", *map(str, paths),
            "--publication", PUBLICATION, "--published", "2021-06-01", "--by", "crash test"]


def test_killed_ingest_leaves_whole_articles_and_the_next_run_completes(ledger, tmp_path, database_backend):
    kills = INGEST_KILLS[database_backend]
    rng = random.Random(8)
    paths = write_articles(tmp_path / "articles", range((kills + 2) * PER_BATCH))
    expected = claims_per_article(paths, PUBLICATION)
    assert min(expected.values()) >= 1
    # A first batch in this process imports everything a run needs, so forked runs start warm.
    ledger.run(*ingest_args(ledger, paths[:PER_BATCH])[2:])
    ledger.engine.dispose()
    # How long an uninterrupted batch takes, so kills land anywhere inside one.
    calibration = cli_in_child(ingest_args(ledger, paths[PER_BATCH:2 * PER_BATCH]))
    assert calibration.exit_code == 0
    window = calibration.seconds * 1.2
    stored_at_kill = Counter()
    for batch in range(2, kills + 2):
        # Each batch repeats the last article of the one before it: already stored, it must stay single.
        batch_paths = paths[batch * PER_BATCH - 1:(batch + 1) * PER_BATCH]
        before = assert_whole_or_absent(ledger, expected)
        # Half the kills at any moment of the run, half aimed just after its first or second article.
        aim = rng.choice((0, 0, 1, 2))
        run = cli_in_child(
            ingest_args(ledger, batch_paths),
            kill_when=lambda: aim == 0 or ledger.scalar("SELECT count(*) FROM article") >= before + aim,
            kill_after=rng.uniform(0, window if aim == 0 else window / PER_BATCH),
        )
        ledger.engine.dispose()
        after = assert_whole_or_absent(ledger, expected)
        stored_at_kill["finished" if run.exit_code is not None else after - before] += 1
        # The next run (nothing killing it) completes the batch, adding each missing article once.
        finish = cli_in_child(ingest_args(ledger, batch_paths))
        assert finish.exit_code == 0
        assert assert_whole_or_absent(ledger, expected) == before + PER_BATCH

    print(f"\n{database_backend}: {kills} kills; articles (of {PER_BATCH}) stored by each killed run: "
          f"{dict(sorted(stored_at_kill.items(), key=str))}; an uninterrupted batch takes {calibration.seconds:.2f}s")
    partly = sum(n for stored, n in stored_at_kill.items() if stored not in (0, "finished"))
    assert partly >= kills // 10, f"too few kills landed between the first and the last article: {dict(stored_at_kill)}"
    assert ledger.scalar("SELECT count(*) FROM article") == len(paths)
    assert ledger.scalar("SELECT count(*) FROM claim") == sum(expected.values())
    ledger.run("db", "check")


def due_round(ledger, tmp_path, number: int) -> list[tuple]:
    """Ten more articles whose claims are all due: one round of answering. Rounds continue until the kills
    are used up, however fast this machine answers."""
    paths = write_articles(tmp_path / f"round-{number}", range(number * 100, number * 100 + 10))
    ledger.run("ingest", *paths, "--publication", PUBLICATION, "--published", "2021-06-01")
    ledger.run("due", "--today", "2026-01-01")
    due = ledger.rows("SELECT c.id, c.quote, a.source FROM claim c JOIN article a ON a.id = c.article_id "
                      "WHERE c.status = 'due' ORDER BY c.id")
    ledger.engine.dispose()
    return due


def kill_runs(ledger, args, *, rng, kills: int, target: int, progress: list, stdin=None) -> None:
    """Kill runs of `ledger ARGS` until `target` answers exist or `kills` runs have been killed. Kills are
    aimed by watching answers go in: some during start-up, most just after the run's first or second
    answer, at a random moment inside the next one. After each: every answer whole, or absent."""
    from ledger.integrity import check

    while len(progress) < kills:
        before = ledger.scalar("SELECT count(*) FROM resolution")
        ledger.engine.dispose()
        if before >= target:
            return
        aim = rng.choice((0, 1, 1, 2))
        run = cli_in_child(
            args, stdin=stdin,
            kill_when=lambda: aim == 0 or ledger.scalar("SELECT count(*) FROM resolution") >= before + aim,
            kill_after=rng.uniform(0, 0.3 if aim == 0 else 0.02),
        )
        ledger.engine.dispose()
        after = ledger.scalar("SELECT count(*) FROM resolution")
        # A resolution, its event and the claim's status go together, or none of them.
        assert ledger.scalar("SELECT count(*) FROM claim WHERE status IN ('resolved', 'void')") == after
        assert ledger.scalar("SELECT count(*) FROM claim_event WHERE kind = 'resolved'") == after
        if len(progress) % 10 == 0:  # the whole check is thorough but slower; the counts above run every time
            report = check(ledger.engine)
            assert report.ok, report.problems
        progress.append(after - before if run.exit_code is None else "finished")
        ledger.engine.dispose()


def finish_round(ledger, args, *, target: int, stdin=None) -> None:
    """The next run, not killed, answers everything left, and nothing twice."""
    assert cli_in_child(args, stdin=stdin).exit_code == 0
    assert ledger.scalar("SELECT count(*) FROM resolution") == target
    assert ledger.scalar("SELECT count(DISTINCT claim_id) FROM resolution") == target
    assert ledger.scalar("SELECT count(*) FROM claim WHERE status = 'due'") == 0
    ledger.engine.dispose()


def test_killed_resolve_file_leaves_whole_answers_and_the_next_run_completes(ledger, tmp_path, database_backend):
    kills, rng, progress, target = RESOLVE_KILLS[database_backend], random.Random(4), [], 0
    # Warm this process (imports) with a run that answers nothing, so forked runs start in milliseconds.
    ledger.run("resolve", "--file", resolutions_file(tmp_path / "nothing.jsonl", []))
    for number in itertools.count():
        if len(progress) >= kills:
            break
        lines = []
        for index, (claim_id, quote, source) in enumerate(due_round(ledger, tmp_path, number)):
            outcome = ("correct", "incorrect", "partial", "void")[index % 4]
            lines.append({"article": source, "quote_contains": quote, "outcome": outcome,
                          "evidence": None if outcome == "void" else f"https://example.com/e/{claim_id}",
                          "note": f"checked claim {claim_id}", "by": "crash analyst", "resolved_at": "2026-02-01"})
        answers = resolutions_file(tmp_path / f"resolutions-{number}.jsonl", lines)
        args = ["--config", str(ledger.config_path), "resolve", "--file", str(answers)]
        target += len(lines)
        kill_runs(ledger, args, rng=rng, kills=kills, target=target, progress=progress)
        finish_round(ledger, args, target=target)
    print(f"\n{database_backend}: {kills} killed `resolve --file` runs in {number} rounds; answers stored by each: {progress}")
    assert sum(1 for n in progress if n not in (0, "finished")) >= kills // 4, "too few kills landed after answers were saved"
    ledger.run("db", "check")


INTERACTIVE_KILLS = {"sqlite": 20, "postgresql": 8}


def walk_script(answers: int) -> str:
    """What an analyst types at `ledger resolve` (line by line, as from a pipe): alternately a correct answer
    with evidence and a void one, each confirmed."""
    script = []
    for number in range(answers):
        if number % 2:
            script.append(f"v\n\nvoided in walk {number}\ny\n")
        else:
            script.append(f"c\nhttps://example.com/walk/{number}\nseen in walk {number}\ny\n")
    return "".join(script)


def test_killed_interactive_resolve_saves_whole_answers_and_the_next_walk_finishes(ledger, tmp_path, database_backend):
    kills, rng, progress, target = INTERACTIVE_KILLS[database_backend], random.Random(11), [], 0
    args = ["--config", str(ledger.config_path), "resolve", "--limit", "0"]
    ledger.run(*args[2:], input="q\n")  # warm this process: forked walks start at once
    for number in itertools.count():
        if len(progress) >= kills:
            break
        due = len(due_round(ledger, tmp_path, number))
        target += due
        kill_runs(ledger, args, rng=rng, kills=kills, target=target, progress=progress, stdin=walk_script(due))
        finish_round(ledger, args, target=target, stdin=walk_script(due))
    print(f"\n{database_backend}: {kills} killed interactive walks in {number} rounds; answers saved by each: {progress}")
    assert sum(1 for n in progress if n not in (0, "finished")) >= kills // 4, "too few kills landed after answers were saved"
    ledger.run("db", "check")
