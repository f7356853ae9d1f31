"""Archive-sized ledgers, built fast and kept between runs.

The schema comes from the real migrations (`ledger.migrate.upgrade`), never
`create_all`; the rows go in with plain `sqlite3` executemany in large batches,
because building a million claims one ORM object at a time would take longer
than every benchmark together. Rows are what the product would have written:
each claim has its `created` event, claims past their deadline were flagged
(`flagged_due` event) or are still waiting for `ledger due`, resolutions form
append-only chains (a few amended), and `status` agrees with that history.

A built ledger is cached under the cache folder, keyed by its size, the seed,
the schema's head revision and the generator version, so a re-run reuses it.
"""

from __future__ import annotations

import functools
import hashlib
import random
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Iterator

from benchmarks import articles
from benchmarks.harness import GENERATOR_VERSION, console, progress

# The day the archive is "as of": fixed, so a cached ledger means the same thing on every run.
TODAY = date(2026, 6, 1)
ACTOR = "bench loader"
CLAIMS_PER_ARTICLE = 5
BATCH = 20_000
OUTCOMES = ["correct"] * 45 + ["incorrect"] * 35 + ["partial"] * 12 + ["void"] * 8
PRECISIONS = ["year"] * 30 + ["quarter"] * 15 + ["half"] * 10 + ["month"] * 15 + ["relative"] * 15 + ["day"] * 5 + ["default"] * 10
HEDGES = ["likely", "probably", "almost certainly", "may", "we suspect", "Likelihood: high", "could well"]


@dataclass(frozen=True)
class LedgerSpec:
    publications: int
    claims: int
    resolved: int
    seed: int

    @functools.cached_property
    def key(self) -> str:
        return f"ledger-p{self.publications}-c{self.claims}-r{self.resolved}-s{self.seed}-{schema_digest()}-g{GENERATOR_VERSION}"


def schema_digest() -> str:
    """Which migrations built the schema: a digest of their files (Alembic's own head lookup takes seconds)."""
    from ledger.migrate import MIGRATIONS

    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def migrated(url: str) -> None:
    """A fresh database brought to the current schema by the real migrations."""
    from ledger.db import make_engine
    from ledger.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def cached_ledger(spec: LedgerSpec, cache: Path) -> Path:
    """The SQLite file for `spec`, built on first use. Build into a temp name, rename when complete."""
    path = cache / f"{spec.key}.db"
    if path.exists():
        return path
    partial = cache / f"{spec.key}.partial.db"
    for leftover in cache.glob(f"{spec.key}.partial.db*"):
        leftover.unlink()
    console.print(f"building ledger {spec.key} (cached for later runs)")
    migrated(sqlite_url(partial))
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-200000")
        _fill(connection, spec)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("ANALYZE")
    finally:
        connection.close()
    partial.rename(path)
    return path


def copy_of(path: Path, into: Path) -> Path:
    """An identical copy to work on, so a case that changes rows never spoils the cache."""
    target = into / f"{path.stem}-{next(_copies)}.db"
    shutil.copyfile(path, target)
    return target


_copies = iter(range(1_000_000))


def _stamp(moment: datetime) -> str:
    # How SQLAlchemy's SQLite DATETIME stores a value (UTC, naive, microseconds always written).
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _at(day: date, rng: random.Random) -> str:
    """A working-hours moment on `day`, formatted as `_stamp` would (written directly: a million calls)."""
    minute = int(rng.random() * 660)
    return f"{day.isoformat()} {8 + minute // 60:02d}:{minute % 60:02d}:00.000000"


def _fill(connection: sqlite3.Connection, spec: LedgerSpec) -> None:
    rng = random.Random(spec.seed)
    created = _stamp(datetime(2026, 5, 31, 23, 0, tzinfo=timezone.utc))
    names = _publication_names(spec.publications)
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO publication (id, name, created_at) VALUES (?, ?, ?)",
        [(i + 1, name, created) for i, name in enumerate(names)],
    )
    n_articles = max(1, spec.claims // CLAIMS_PER_ARTICLE)
    pools = _pools(rng)
    plan = _resolution_plan(spec, rng)
    with progress() as bar:
        task = bar.add_task(f"{spec.claims:,} claims", total=spec.claims)
        claim_id, resolution_id = 0, 0
        for first in range(0, n_articles, BATCH // CLAIMS_PER_ARTICLE):
            last = min(n_articles, first + BATCH // CLAIMS_PER_ARTICLE)
            article_rows, claim_rows, event_rows, resolution_rows = [], [], [], []
            for article_id in range(first + 1, last + 1):
                published = TODAY - timedelta(days=rng.randrange(1, 365 * 10))
                created = _at(published, rng)  # ingested on the day it was published
                article_rows.append(_article_row(article_id, published, spec, pools, rng, created))
                per_article = CLAIMS_PER_ARTICLE if article_id < n_articles else spec.claims - claim_id
                for slot in range(per_article):
                    claim_id += 1
                    resolution_id = _claim(
                        claim_id, article_id, slot, published, plan, pools, rng, created,
                        claim_rows, event_rows, resolution_rows, resolution_id,
                    )
            _insert(connection, article_rows, claim_rows, resolution_rows, event_rows)
            bar.advance(task, len(claim_rows))
    connection.execute("COMMIT")


def _publication_names(count: int) -> list[str]:
    base = articles.PUBLICATIONS
    return [base[i % len(base)] + ("" if i < len(base) else f" {i // len(base) + 1}") for i in range(count)]


@dataclass
class _Pools:
    texts: list[str]
    quotes: list[str]
    authors: list[str]
    sources: list[str]


def _pools(rng: random.Random) -> _Pools:
    # Archive rows carry a short text (header and the list of calls), not the full article:
    # no case here reads article text, and a million claims' worth of full articles is gigabytes.
    texts = [_short(articles.article(rng.randrange(10**9)).text) for _ in range(300)]
    quotes = []
    for _ in range(2_000):
        articles._rng.seed(rng.randrange(10**9))
        year = rng.randrange(2016, 2027)
        quotes.append(articles.attributed(year) if rng.random() < 0.2 else articles.prediction(year))
    authors = [f"{first} {last}" for first in articles.FIRST for last in articles.LAST[:10]]
    sources = articles.FIRMS + [f"{a}" for a in authors[:120]]
    return _Pools(texts, quotes, authors, sources)


def _short(text: str) -> str:
    return "\n\n".join(block for block in text.split("\n\n") if block.startswith(("#", "By ", "1. ")))


def _resolution_plan(spec: LedgerSpec, rng: random.Random) -> float:
    """Chance that a claim past its deadline has been resolved, so ~`resolved` claims end up resolved.

    Deadlines fall 1 month to 5 years after publication, publication within 10 years
    before TODAY: about 75% of claims are past their deadline.
    """
    return min(1.0, spec.resolved / max(1, spec.claims * 0.745 * 0.99))


def _article_row(article_id, published, spec, pools, rng, created) -> tuple:
    from ledger.store import content_hash

    pub = rng.randrange(spec.publications) + 1
    text = f"{pools.texts[article_id % len(pools.texts)]}\nArchive item {article_id}.\n"
    author = pools.authors[(pub * 7 + rng.randrange(6)) % len(pools.authors)]
    return (
        article_id, pub, f"https://news.example/{pub}/{published.isoformat()}/{article_id}", f"archive/{article_id}.md",
        f"Archive item {article_id}", author, published.isoformat(), "day", "md", content_hash(text), text, created, ACTOR,
    )


def _claim(claim_id, article_id, slot, published, chance, pools, rng, created, claims, events, resolutions, resolution_id):
    # rng.random() indexed by hand: random.choice/randrange cost several times more, a million times over.
    r = rng.random
    verdict = r() < 0.12
    horizon = 365 if verdict else 30 + int(r() * 365 * 5)
    deadline = published + timedelta(days=horizon)
    precision = "default" if verdict else PRECISIONS[int(r() * len(PRECISIONS))]
    probability = round(0.05 + 0.9 * r(), 2) if r() < 0.15 else None
    hedge = HEDGES[int(r() * len(HEDGES))] if probability is None and r() < 0.2 else None
    source = "publication" if r() < 0.8 else pools.sources[int(r() * len(pools.sources))]
    status = "open"
    events.append((claim_id, "created", ACTOR, created, None, None, None, None))
    if deadline < TODAY:
        due_day = deadline + timedelta(days=1)
        roll = r()
        if roll < 0.01:
            status = "rejected"
            events.append((claim_id, "rejected", "analyst", _at(due_day, rng), "not a checkable claim", "open", "rejected", None))
        elif roll < 0.01 + 0.99 * chance:
            status = "resolved"
            resolution_id = _resolve(claim_id, due_day, rng, events, resolutions, resolution_id)
        elif r() < 0.5:
            status = "due"  # flagged by an earlier `ledger due`; the rest wait for the next one
            events.append((claim_id, "flagged_due", ACTOR, _at(due_day, rng), None, "open", "due", None))
    claims.append((
        claim_id, article_id, "verdict" if verdict else "prediction", pools.quotes[claim_id % len(pools.quotes)],
        slot * 400, slot * 400 + 150, deadline.isoformat(), precision,
        None if precision == "default" else "by the end of next year", None, probability, hedge, source,
        status, created, ACTOR,
    ))
    return resolution_id


def _resolve(claim_id, due_day, rng, events, resolutions, resolution_id) -> int:
    events.append((claim_id, "flagged_due", ACTOR, _at(due_day, rng), None, "open", "due", None))
    answered = min(TODAY - timedelta(days=1), due_day + timedelta(days=int(rng.random() * 150)))
    resolution_id += 1
    outcome = OUTCOMES[int(rng.random() * len(OUTCOMES))]
    resolutions.append((resolution_id, claim_id, outcome, "https://evidence.example/" + str(claim_id), None, "analyst", _at(answered, rng), None))
    events.append((claim_id, "resolved", "analyst", _at(answered, rng), None, "due", outcome, resolution_id))
    if rng.random() < 0.03 and answered < TODAY - timedelta(days=2):  # an amendment supersedes the first answer
        later = answered + timedelta(days=1)
        resolution_id += 1
        amended = rng.choice(OUTCOMES)
        resolutions.append((resolution_id, claim_id, amended, None, "corrected after a reader's note", "editor", _at(later, rng), resolution_id - 1))
        events.append((claim_id, "re_resolved", "editor", _at(later, rng), "correction", outcome, amended, resolution_id))
    return resolution_id


def _insert(connection, article_rows, claim_rows, resolution_rows, event_rows) -> None:
    connection.executemany(
        "INSERT INTO article (id, publication_id, url, source, title, author, published, published_precision, format,"
        " content_hash, text, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
    connection.executemany(
        "INSERT INTO claim (id, article_id, kind, quote, span_start, span_end, deadline, precision, deadline_expression,"
        " condition, probability, hedge, attributed_to, status, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claim_rows)
    connection.executemany(
        "INSERT INTO resolution (id, claim_id, outcome, evidence_url, note, resolver, resolved_at, supersedes_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", resolution_rows)
    connection.executemany(
        "INSERT INTO claim_event (claim_id, kind, actor, at, reason, old_value, new_value, resolution_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event_rows)


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            "publications": connection.execute("SELECT count(*) FROM publication").fetchone()[0],
            "claims": connection.execute("SELECT count(*) FROM claim").fetchone()[0],
            "resolved": connection.execute("SELECT count(*) FROM claim WHERE status = 'resolved'").fetchone()[0],
        }


def iter_batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
