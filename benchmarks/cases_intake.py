"""Intake cases: extraction speed, ingest end to end, and the storage step alone."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from benchmarks import corpus
from benchmarks.harness import Context, Result, best_of, console, progress, rate, seconds, timed
from benchmarks.ledgers import migrated, sqlite_url
from ledger.group_store import GROUP_ARTICLES, GROUP_SECONDS

EXTRACTION_TARGET = 500  # articles per second, one core
DATEPARSER_FACTOR = 40
INGEST_TARGET_S = 60
STORE_FRACTION = 0.25
ACTOR = "bench"


def extraction(ctx: Context) -> list[Result]:
    from predictions import ExtractionOptions, extract_claims

    items = corpus.generated(ctx.seed, ctx.size(1000, 5))
    options = ExtractionOptions()

    def run() -> int:
        return sum(len(extract_claims(a.text, a.published, options)) for a in items)

    claims = run()  # warm-up: compiled patterns, caches
    elapsed = best_of(run, ctx.repeats)
    ours = len(items) / elapsed
    sample = items[: ctx.size(10, 1)]
    baseline_elapsed = _dateparser_seconds(sample)
    theirs = len(sample) / baseline_elapsed
    factor = ours / theirs
    words = sum(a.words for a in items) / len(items)
    return [Result(
        "extraction, ~1,000-word articles, one core",
        f"{ours:,.0f} articles/s",
        f"≥ {EXTRACTION_TARGET} articles/s, ≥ {DATEPARSER_FACTOR}× dateparser",
        f"{theirs:,.1f} articles/s (dateparser search_dates)",
        f"{factor:,.0f}×",
        ok=ours >= EXTRACTION_TARGET and factor >= DATEPARSER_FACTOR,
        notes=[f"{len(items)} articles of {words:,.0f} words on average, {claims:,} claims, best of {ctx.repeats}; "
               f"dateparser timed once on {len(sample)} of them"],
    )]


def _dateparser_seconds(items) -> float:
    from dateparser.search import search_dates

    search_dates("It happened on 3 March 2024.", languages=["en"])  # warm-up: dateparser loads its data lazily
    elapsed, _ = timed(lambda: [search_dates(a.text, languages=["en"]) for a in items])
    return elapsed


def ingest(ctx: Context, url: str | None = None, label: str = "SQLite") -> list[Result]:
    """The real `ledger ingest` library path: read the files, extract, store one transaction per article."""
    from ledger.db import make_engine
    from ledger.ingest import Overrides, ingest_paths, load_manifest
    from predictions import ExtractionOptions

    count = ctx.size(10_000, 5)
    folder, manifest = corpus.cached_corpus(ctx.seed, count, ctx.cache)
    url = url or sqlite_url(ctx.work / "ingest.db")
    migrated(url)
    engine = make_engine(url)
    statuses, claims, errors = Counter(), 0, []

    def run() -> None:
        nonlocal claims
        results = ingest_paths(
            engine, [folder], overrides=Overrides(), manifest=load_manifest(manifest),
            options=ExtractionOptions(), actor=ACTOR,
        )
        with progress() as bar:
            task = bar.add_task(f"ingesting {count:,} articles ({label})", total=count)
            for result in results:
                statuses[result.status] += 1
                claims += len(result.claims)
                if result.status == "error":
                    errors.append(f"{result.source}: {result.message}")
                bar.advance(task)

    try:
        elapsed, _ = timed(run)
    finally:
        engine.dispose()
    stored = statuses.get("stored", 0)
    notes = [f"{stored:,} stored, {claims:,} claims, {rate(stored, elapsed, 'articles')}; "
             f"statuses {dict(statuses)}"]
    notes += [f"error: {e}" for e in errors[:3]]
    complete = stored == count and not errors
    if label == "SQLite":
        return [Result(f"ingest {count:,} articles into a fresh SQLite ledger", seconds(elapsed), f"≤ {INGEST_TARGET_S} s",
                       ok=elapsed <= INGEST_TARGET_S and complete, notes=notes)]
    return [Result(f"ingest {count:,} articles into a fresh {label} ledger", seconds(elapsed), ok=None if complete else False,
                   notes=notes)]


def store(ctx: Context, url: str | None = None, label: str = "SQLite") -> list[Result]:
    """`ledger.group_store.GroupWriter`, as `ingest` stores a batch: whole articles, committed in groups."""
    count = ctx.size(100_000, 50)
    batch = corpus.store_batch(ctx.seed, count)
    ours_url = url or sqlite_url(ctx.work / "store.db")
    elapsed = _store_with_ledger(ours_url, batch, label)
    ours = count / elapsed
    name = f"store {count:,} claims ({len(batch):,} articles)"
    if label != "SQLite":
        return [Result(f"{name}, {label}", rate(count, elapsed, "claims"), notes=[f"{seconds(elapsed)} in all"])]
    baseline_path = ctx.work / "store-baseline.db"
    baseline = _store_with_sqlite3(baseline_path, batch)
    theirs = count / baseline
    return [Result(
        name, rate(count, elapsed, "claims"), f"≥ 1/4 of plain sqlite3 ({1 / STORE_FRACTION:.0f}× its time at most)",
        f"{rate(count, baseline, 'claims')} (plain sqlite3 executemany)", f"{ours / theirs:.2f}",
        ok=ours >= STORE_FRACTION * theirs,
        notes=[f"ledger's GroupWriter {seconds(elapsed)}, as ingest stores a batch (up to {GROUP_ARTICLES} articles "
               f"or {GROUP_SECONDS} s per commit, content hash included); plain sqlite3 {seconds(baseline)}, "
               "the same article, claim and claim_event rows with executemany in one transaction"],
    )]


def _store_with_ledger(url: str, batch, label: str) -> float:
    from ledger.db import make_engine
    from ledger.group_store import GroupWriter
    from ledger.outcomes import Prepared

    migrated(url)
    engine = make_engine(url)
    articles = [Prepared(draft, publication, claims) for publication, draft, claims in batch]

    def run() -> None:
        stored = 0
        with progress() as bar, GroupWriter(engine, actor=ACTOR) as writer:
            task = bar.add_task(f"storing {len(articles):,} articles ({label})", total=len(articles))
            for prepared in articles:
                done = writer.add(prepared)
                stored += len(done)
                bar.advance(task, len(done))
            stored += len(writer.flush())
        assert stored == len(articles), f"{stored} of {len(articles)} stored"

    try:
        elapsed, _ = timed(run)
    finally:
        engine.dispose()
    return elapsed


def _store_with_sqlite3(path: Path, batch) -> float:
    """The same rows, written the fastest plain way: executemany per table in one transaction."""
    from datetime import datetime, timezone

    from ledger.store import content_hash

    migrated(sqlite_url(path))
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):  # as ledger.db sets them
        connection.execute(f"PRAGMA {pragma}")

    def run() -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        publications = {name: i + 1 for i, name in enumerate(dict.fromkeys(p for p, _, _ in batch))}
        article_rows, claim_rows, event_rows = [], [], []
        for article_id, (publication, d, claims) in enumerate(batch, start=1):
            article_rows.append((article_id, publications[publication], d.url, d.source, d.title, d.author,
                                 d.published.isoformat(), d.published_precision, d.format, content_hash(d.text),
                                 d.text, None, now, ACTOR))
            for c in claims:
                claim_rows.append((article_id, c.kind, c.quote, c.start, c.end, c.deadline.isoformat(), c.precision,
                                   c.deadline_expression, c.condition, c.probability, c.hedge, c.attributed_to,
                                   "open", now, ACTOR))
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany("INSERT INTO publication (id, name, created_at) VALUES (?, ?, ?)",
                               [(i, name, now) for name, i in publications.items()])
        connection.executemany(
            "INSERT INTO article (id, publication_id, url, source, title, author, published, published_precision,"
            " format, content_hash, text, fetched_at, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            article_rows)
        first = (connection.execute("SELECT coalesce(max(id), 0) FROM claim").fetchone()[0]) + 1
        connection.executemany(
            "INSERT INTO claim (article_id, kind, quote, span_start, span_end, deadline, precision, deadline_expression,"
            " condition, probability, hedge, attributed_to, status, created_at, created_by)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", claim_rows)
        event_rows = [(first + i, "created", ACTOR, now) for i in range(len(claim_rows))]
        connection.executemany("INSERT INTO claim_event (claim_id, kind, actor, at) VALUES (?, ?, ?, ?)", event_rows)
        connection.execute("COMMIT")

    try:
        elapsed, _ = timed(run)
    finally:
        connection.close()
    console.print(f"plain sqlite3 stored {len(batch):,} articles in {seconds(elapsed)}")
    return elapsed
