"""A batch's articles are committed in groups: each article still whole or absent, reported only once committed."""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from ledger.group_store import GroupWriter
from ledger.outcomes import Prepared
from ledger.store import content_hash
from predictions import ArticleDraft, ClaimDraft

PUBLISHED = date(2024, 3, 1)


def article(number: int, claims: int = 2, publication: str = "The Sample Gazette") -> Prepared:
    sentences = [f"Article {number} says the thing number {i} will happen by 2027." for i in range(claims)]
    text = " ".join(sentences)
    drafts, start = [], 0
    for sentence in sentences:
        drafts.append(ClaimDraft(kind="prediction", quote=sentence, start=start, end=start + len(sentence),
                                 deadline=date(2027, 12, 31), precision="year", deadline_expression="by 2027"))
        start += len(sentence) + 1
    draft = ArticleDraft(text=text, format="txt", source=f"article-{number}.txt", published=PUBLISHED, title=f"No. {number}")
    return Prepared(draft, publication, drafts)


def counts(ledger) -> tuple[int, int, int]:
    return (ledger.scalar("SELECT count(*) FROM article"), ledger.scalar("SELECT count(*) FROM claim"),
            ledger.scalar("SELECT count(*) FROM claim_event WHERE kind = 'created'"))


def test_a_group_is_reported_when_it_commits_and_an_open_group_is_lost_whole(ledger):
    with GroupWriter(ledger.engine, actor="loader", articles=2, seconds=3600) as writer:
        assert writer.add(article(1)) == []
        first = writer.add(article(2))
        assert [r.status for r in first] == ["stored", "stored"]
        assert counts(ledger) == (2, 4, 4)  # another connection sees them: committed
        assert writer.add(article(3, claims=3)) == []
        assert counts(ledger) == (2, 4, 4)  # not yet committed, not yet reported
        # leaving without a flush, as a Ctrl-C would: the open group goes, whole
    assert counts(ledger) == (2, 4, 4)
    titles = [row[0] for row in ledger.rows("SELECT title FROM article ORDER BY id")]
    assert titles == ["No. 1", "No. 2"]


def test_a_refused_article_is_reported_and_the_rest_of_its_group_is_kept(ledger):
    broken = article(2)
    broken = replace(broken, claims=[replace(broken.claims[0], kind=None), broken.claims[1]])  # NOT NULL refuses it
    with GroupWriter(ledger.engine, actor="loader", seconds=3600) as writer:
        outcomes = writer.add(article(1)) + writer.add(broken) + writer.add(article(3)) + writer.flush()
    assert [(r.source, r.status) for r in outcomes] == [
        ("article-1.txt", "stored"), ("article-2.txt", "error"), ("article-3.txt", "stored")]
    assert outcomes[1].message.startswith("not stored: the database refused it 3 times (")
    assert "\n" not in outcomes[1].message
    assert counts(ledger) == (2, 4, 4)
    ledger.run("db", "check")


def test_duplicates_in_one_group_and_across_groups_store_nothing_twice(ledger):
    with GroupWriter(ledger.engine, actor="loader", articles=3, seconds=3600) as writer:
        outcomes = [r for n in (1, 2, 1, 2, 3, 1) for r in writer.add(article(n))] + writer.flush()
    assert [r.status for r in outcomes] == ["stored", "stored", "duplicate", "duplicate", "stored", "duplicate"]
    assert {r.article_id for r in outcomes if r.title == "No. 1"} == {outcomes[0].article_id}
    assert counts(ledger) == (3, 6, 6)


def test_a_new_publication_from_a_rolled_back_group_is_not_remembered(ledger):
    with GroupWriter(ledger.engine, actor="loader", articles=10, seconds=3600) as writer:
        writer.add(article(1, publication="Brand New Weekly"))
        writer.close()  # the group, and the publication it created, are gone
        outcomes = writer.add(article(2, publication="Brand New Weekly")) + writer.flush()
    assert [r.status for r in outcomes] == ["stored"]
    assert ledger.rows("SELECT p.name FROM article a JOIN publication p ON p.id = a.publication_id") == [("Brand New Weekly",)]


def test_a_concurrent_writer_storing_the_same_article_makes_ours_a_duplicate(ledger):
    """Another writer inserts article 2 between our check and our insert (PostgreSQL lets both in at
    once; SQLite queues them at BEGIN IMMEDIATE, so there it is stored before our group starts)."""
    target = article(2)
    theirs_inserted, ours_started = threading.Event(), threading.Event()
    overlapping = ledger.engine.dialect.name == "postgresql"

    def other_writer() -> None:
        with ledger.engine.connect() as connection, connection.begin():
            publication = connection.execute(sa.text(
                "INSERT INTO publication (name, created_at) VALUES ('Other Desk', '2024-01-01') RETURNING id")).scalar()
            connection.execute(sa.text(
                "INSERT INTO article (publication_id, format, content_hash, text, published, published_precision,"
                " created_at, created_by) VALUES (:p, 'txt', :h, :t, '2024-03-01', 'day', '2024-03-01', 'other')"),
                {"p": publication, "h": content_hash(target.draft.text), "t": target.draft.text})
            if overlapping:
                theirs_inserted.set()
                ours_started.wait(timeout=30)
                threading.Event().wait(0.5)  # let our insert reach the unique index and wait on it
        theirs_inserted.set()

    other = threading.Thread(target=other_writer)
    other.start()
    theirs_inserted.wait(timeout=30)
    with GroupWriter(ledger.engine, actor="loader", seconds=3600) as writer:
        outcomes = writer.add(article(1))
        ours_started.set()
        outcomes += writer.add(target) + writer.add(article(3)) + writer.flush()
    other.join()
    assert [r.status for r in outcomes] == ["stored", "duplicate", "stored"]
    assert counts(ledger) == (3, 4, 4)  # their copy has no claims; ours were not stored beside it
    ledger.run("db", "check")


def test_two_grouped_ingests_that_need_each_others_rows_both_finish(ledger):
    """Each writer's open group holds an article the other is about to write. PostgreSQL lets both
    in and then finds the deadlock, aborting one group, whose articles are stored again one at a time;
    SQLite makes the second wait at the door. Either way each article is stored once, and no one fails."""
    x, y = article(1), article(2)
    with GroupWriter(ledger.engine, actor="setup") as setup:  # the publication exists: neither waits on it
        setup.add(article(3))
        setup.flush()
    first_in, second_in = threading.Event(), threading.Event()
    outcomes, errors = {}, []

    def writer(name: str, first: Prepared, second: Prepared, before: threading.Event | None, after: threading.Event):
        try:
            if before is not None:
                before.wait(timeout=30)
            with GroupWriter(ledger.engine, actor=name, seconds=3600) as group:
                done = group.add(first)
                after.set()
                (second_in if name == "ana" else first_in).wait(timeout=3)  # SQLite: the other waits at the door
                outcomes[name] = done + group.add(second) + group.flush()
        except Exception as exc:  # noqa: BLE001 - the test reports it below
            errors.append(exc)
            after.set()

    threads = [threading.Thread(target=writer, args=("ana", x, y, None, first_in)),
               threading.Thread(target=writer, args=("ben", y, x, first_in, second_in))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    statuses = sorted(r.status for results in outcomes.values() for r in results)
    assert statuses == ["duplicate", "duplicate", "stored", "stored"]
    assert counts(ledger) == (3, 6, 6)
    ledger.run("db", "check")


def test_ctrl_c_in_a_batch_ingest_leaves_whole_articles_and_a_rerun_stores_the_rest(ledger, tmp_path):
    """A real `ledger ingest` process, interrupted as soon as it reports its first stored article."""
    import re
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from sample_ledger import write_articles

    paths = write_articles(tmp_path / "articles", range(600))
    command = [str(Path(sys.executable).with_name("ledger")), "--config", str(ledger.config_path), "ingest",
               str(tmp_path / "articles"), "--publication", "The Daily Ledger", "--published", "2021-06-01"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "300"})
    first = process.stdout.readline()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert first.startswith("stored ")
    assert process.returncode == 130, err
    assert "Interrupted: every article is in the ledger whole or not at all" in err and "Traceback" not in err
    reported = len(re.findall(r"^stored ", first + out, re.M))
    stored = ledger.scalar("SELECT count(*) FROM article")
    assert 1 <= reported <= stored < len(paths)  # the interrupt came mid-batch; listed ones are all there
    assert ledger.scalar("SELECT count(*) FROM claim") == 3 * stored
    ledger.run("db", "check")

    again = ledger.run("ingest", str(tmp_path / "articles"), "--publication", "The Daily Ledger", "--published", "2021-06-01")
    assert f"{stored} duplicate, {len(paths) - stored} stored" in again.stdout
    assert ledger.scalar("SELECT count(*) FROM article") == len(paths)
