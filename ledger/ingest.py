"""Articles in: read each source, extract its claims, store it whole or not at all.

One bad article never stops a batch, and nothing half-written is ever left:
each article's outcome comes back as an `Ingested` value, errors included.
A batch stores its articles through a `GroupWriter` (several per commit, one savepoint each).
"""

from __future__ import annotations

import os
import tomllib
from collections import deque
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlalchemy as sa

from ledger.boundary import checked_article
from ledger.errors import LedgerError
from ledger.group_store import GroupWriter
from ledger.outcomes import Ingested, Prepared, outcome
from ledger.store import content_hash
from predictions import ArticleDraft, ArticleUnreadable, ExtractionOptions, extract_claims, parse_feed, read_article

__all__ = ["Ingested", "Overrides", "Prepared", "ingest_draft", "ingest_paths", "load_manifest", "prepare", "store"]

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class Overrides:
    """What the analyst said about the articles on the command line or in a manifest."""

    publication: str | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None


def collect_sources(paths: Iterable[Path]) -> tuple[list[Path], list[Ingested]]:
    """Files named, and the article files inside folders named, in a stable order."""
    found, problems = [], []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Ingested(source=str(path), status="error", message="no such file or folder"))
    return found, problems


def read_drafts(path: Path) -> list[ArticleDraft]:
    """One draft per article in the file (a feed holds several). Raises ArticleUnreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleUnreadable(str(path), exc.strerror or "cannot be read") from None
    if path.suffix.lower() in FEED_SUFFIXES:
        return parse_feed(data, source=str(path))
    return [read_article(data, source=str(path))]


def load_manifest(path: Path) -> dict[str, Overrides]:
    """A TOML list of [[article]] tables (file, publication, published, author, url), keyed by resolved file path.

    File paths are relative to the manifest's folder, or to its top-level `base` folder when it names one.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LedgerError(f"{path}: {exc}") from None
    base = path.parent / raw.get("base", ".")
    entries = {}
    for number, entry in enumerate(raw.get("article", []), start=1):
        where = f"{path}: article {number}"
        if "file" not in entry:
            raise LedgerError(f"{where}: missing 'file'")
        published = entry.get("published")
        if isinstance(published, str):
            try:
                published = date.fromisoformat(published)
            except ValueError:
                raise LedgerError(f"{where}: published {published!r} is not a date (YYYY-MM-DD)") from None
        target = (base / entry["file"]).resolve()
        entries[str(target)] = Overrides(entry.get("publication"), published, entry.get("author"), entry.get("url"))
    return entries


def settle(draft: ArticleDraft, overrides: Overrides) -> ArticleDraft:
    """The analyst's word beats what the article says about itself."""
    changes = {key: value for key, value in vars(overrides).items() if value is not None and key != "publication"}
    if "published" in changes:
        changes["published_precision"] = "day"
    return replace(draft, **changes)


def prepare(draft: ArticleDraft, overrides: Overrides, options: ExtractionOptions) -> Prepared:
    """Settle the metadata and extract claims. Raises ArticleUnreadable when the article lacks what a deadline needs."""
    draft = settle(draft, overrides)
    source = draft.source or "article"
    publication = overrides.publication or draft.publication
    if not publication:
        raise ArticleUnreadable(source, "no publication name found in the article: pass --publication")
    if draft.published is None:
        raise ArticleUnreadable(source, "no publication date found in the article: pass --published YYYY-MM-DD")
    draft, publication = checked_article(draft, publication, source=source)
    claims = extract_claims(draft.text, draft.published, options, published_precision=draft.published_precision)
    return Prepared(draft, publication, claims, content_hash(draft.text))


def store(engine: sa.Engine, prepared: Prepared, *, actor: str, fetched_at=None) -> Ingested:
    """Store one prepared article and commit it; a duplicate stores nothing."""
    with GroupWriter(engine, actor=actor, articles=1) as writer:
        (result,) = writer.add(prepared, fetched_at=fetched_at)
        return result


# An analyst's review of a prepared article before it is stored: returns the article to store
# (claims accepted or edited) or None to store nothing. Used by `ingest --review`.
Reviewer = Callable[[Prepared], "Prepared | None"]


# Extraction is CPU-bound and each file is independent: a large batch reads and extracts in worker
# processes while this one stores, in the original order.
PARALLEL_FROM = 64
WINDOW = 256  # files in flight at once, so a slow database never lets prepared articles pile up in memory
CHUNK = 8  # files per task: one task per file spent more on handing work over than on a short article


def ingest_paths(
    engine: sa.Engine | None,
    paths: list[Path],
    *,
    overrides: Overrides,
    manifest: dict[str, Overrides] | None,
    options: ExtractionOptions,
    actor: str,
    review: Reviewer | None = None,
    workers: int | None = None,
) -> Iterator[Ingested]:
    """Ingest every article under `paths`, yielding one outcome per article. `engine=None` is a dry run.

    `workers`: processes that read and extract (None: one per CPU for batches of PARALLEL_FROM files or more).
    """
    files, problems = collect_sources(paths)
    yield from problems
    jobs = [(path, _merge(overrides, (manifest or {}).get(str(path.resolve())))) for path in files]
    prepared = (item for items in _prepared_files(jobs, options, 1 if review else workers) for item in items)
    if engine is None or review is not None:
        # a dry run stores nothing; an analyst reviews (and each answer is stored) one article at a time
        yield from (item if isinstance(item, Ingested) else finish(engine, item, actor=actor, review=review)
                    for item in prepared)
        return
    with GroupWriter(engine, actor=actor) as writer:
        for item in prepared:
            yield from writer.passed(item) if isinstance(item, Ingested) else writer.add(item)
        yield from writer.flush()


def prepared_file(path: Path, overrides: Overrides, options: ExtractionOptions) -> list["Prepared | Ingested"]:
    """Read and extract one file (a feed holds several articles); problems come back as error values."""
    try:
        drafts = read_drafts(path)
    except ArticleUnreadable as exc:
        return [Ingested(source=str(path), status="error", message=exc.message)]
    outcomes = []
    for draft in drafts:
        try:
            outcomes.append(prepare(draft, overrides, options))
        except ArticleUnreadable as exc:
            outcomes.append(Ingested(source=exc.source, status="error", message=exc.message))
    return outcomes


def _prepared_files(jobs, options: ExtractionOptions, workers: int | None) -> Iterator[list]:
    workers = (os.cpu_count() or 1) if workers is None and len(jobs) >= PARALLEL_FROM else (workers or 1)
    if workers <= 1:
        yield from (prepared_file(path, overrides, options) for path, overrides in jobs)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # fork: workers start at once with the extractor already imported, and never touch the database
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        pending = deque()
        for start in range(0, len(jobs), CHUNK):
            pending.append(pool.submit(_prepared_chunk, jobs[start:start + CHUNK], options))
            if len(pending) >= WINDOW // CHUNK:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _prepared_chunk(jobs, options: ExtractionOptions) -> list[list["Prepared | Ingested"]]:
    return [prepared_file(path, overrides, options) for path, overrides in jobs]


def ingest_draft(
    engine,
    draft: ArticleDraft,
    *,
    overrides: Overrides,
    options: ExtractionOptions,
    actor: str,
    fetched_at=None,
    review: Reviewer | None = None,
) -> Ingested:
    """Settle, extract, optionally review, then store one article (engine None: a dry run)."""
    try:
        prepared = prepare(draft, overrides, options)
    except ArticleUnreadable as exc:
        return Ingested(source=exc.source, status="error", message=exc.message)
    return finish(engine, prepared, actor=actor, review=review, fetched_at=fetched_at)


def finish(engine, prepared: Prepared, *, actor: str, review: Reviewer | None = None, fetched_at=None) -> Ingested:
    """Review (when asked), then store one prepared article (engine None: a dry run)."""
    if review is not None:
        reviewed = review(prepared)
        if reviewed is None:
            return outcome(prepared, "skipped", "left out at review", None)
        prepared = reviewed
    if engine is None:
        return outcome(prepared, "dry-run", f"{len(prepared.claims)} claims (not stored)", None)
    return store(engine, prepared, actor=actor, fetched_at=fetched_at)


def _merge(command_line: Overrides, manifest: Overrides | None) -> Overrides:
    """Options given on the command line apply to every file; a manifest entry fills what they leave open."""
    if manifest is None:
        return command_line
    return Overrides(**{
        key: getattr(command_line, key) if getattr(command_line, key) is not None else getattr(manifest, key)
        for key in vars(command_line)
    })
