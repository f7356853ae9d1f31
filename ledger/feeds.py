"""Feed subscriptions and polling: each entry of a publication's RSS or Atom feed ingested once.

A poll fetches every feed conditionally (ETag / Last-Modified), so an unchanged
feed costs one small request answered 304. Entries whose link is already in the
ledger are not fetched again; the rest are fetched by a pool of threads, at most
`per_host_limit` at a time per host, read and extracted in those threads, and
stored one transaction each by the calling thread. A failing entry or feed is
reported in the `PollReport` and the rest go on.

An entry's own date (pubDate / published / updated) is the publication date of
its claims; its publication is the feed's (named at `feeds add`, else the feed's
title).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from ledger.db import reading, transaction
from ledger.fetch import FetchedPage, FetchError, Fetcher
from ledger.ingest import Ingested, Overrides, Prepared, prepare, store
from ledger.models import Feed, Publication, utcnow
from ledger.pages import fetch_settings, fill_gaps, known_links, normalise_url, read_page
from predictions import ArticleDraft, ArticleUnreadable, ExtractionOptions, parse_feed

log = logging.getLogger(__name__)

# Called as work completes: (done, total, what was just done). Total grows as feeds reveal entries.
Progress = Callable[[int, int, str], None]


@dataclass
class FeedPoll:
    """One feed's part of a poll."""

    feed_id: int
    url: str
    publication: str | None
    status: str = "pending"  # updated, not-modified, error
    message: str = ""
    entries: list[Ingested] = field(default_factory=list)  # one per entry fetched this time
    seen: int = 0  # entries already in the ledger, not fetched again

    def count(self, status: str) -> int:
        return sum(1 for entry in self.entries if entry.status == status)

    def summary(self) -> str:
        if self.status != "updated":
            return self.message or self.status
        parts = [f"{self.count('stored')} stored"]
        for status, label in (("duplicate", "duplicate"), ("error", "failed")):
            if self.count(status):
                parts.append(f"{self.count(status)} {label}")
        parts.append(f"{self.seen} already in the ledger")
        return ", ".join(parts)


@dataclass
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(feed.count("stored") for feed in self.feeds)

    @property
    def failed_feeds(self) -> list[FeedPoll]:
        return [feed for feed in self.feeds if feed.status == "error"]

    @property
    def failed_entries(self) -> list[Ingested]:
        return [entry for feed in self.feeds for entry in feed.entries if entry.status == "error"]

    @property
    def ok(self) -> bool:
        return not self.failed_feeds and not self.failed_entries

    def problems(self) -> list[str]:
        """One line per feed or entry that failed."""
        lines = [f"{feed.url}: {feed.message}" for feed in self.failed_feeds]
        lines += [f"{entry.source}: {entry.message}" for entry in self.failed_entries]
        return lines

    def summary(self) -> str:
        not_modified = sum(1 for feed in self.feeds if feed.status == "not-modified")
        return (
            f"{len(self.feeds)} feeds polled ({not_modified} unchanged, {len(self.failed_feeds)} failed); "
            f"{self.stored} articles stored, {len(self.failed_entries)} entries failed"
        )


@dataclass(frozen=True)
class _Subscription:
    id: int
    url: str
    etag: str | None
    last_modified: str | None
    publication: str | None


@dataclass
class _EntryWork:
    """What a worker thread made of one entry: an article ready to store, or why not."""

    feed: _Subscription
    link: str
    prepared: Prepared | None = None
    fetched_at: datetime | None = None
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    transient: bool = False  # trying again later could help: the feed's validators are not saved


def poll_all(engine: sa.Engine, config, *, actor: str, progress: Progress | None = None) -> PollReport:
    """Poll every feed that has not been removed. Synchronous; safe to call from a scheduler thread."""
    return poll_feeds(engine, config, None, actor=actor, progress=progress)


def poll_feeds(engine: sa.Engine, config, feed_ids: list[int] | None, *, actor: str,
               progress: Progress | None = None) -> PollReport:
    """Poll the feeds named by id (None: all current feeds) and ingest their new entries."""
    settings = fetch_settings(config)
    options = ExtractionOptions(config.default_horizon_days, config.verdict_horizon_days)
    subscriptions = _subscriptions(engine, feed_ids)
    report = PollReport([FeedPoll(s.id, s.url, s.publication) for s in subscriptions])
    polls = {poll.feed_id: poll for poll in report.feeds}
    tracker = _Tracker(progress, len(subscriptions))
    transient: set[int] = set()
    with Fetcher(settings) as fetcher, ThreadPoolExecutor(settings.workers, thread_name_prefix="poll") as pool:
        fetched = {pool.submit(_fetch_feed, fetcher, s): s for s in subscriptions}
        pages: dict[int, FetchedPage] = {}
        work: list[tuple[_Subscription, ArticleDraft]] = []
        claimed: set[str] = set()  # a link in two feeds is fetched once
        for future in as_completed(fetched):
            subscription = fetched[future]
            page, entries = future.result()
            if page is not None:
                pages[subscription.id] = page
            fresh = _take_entries(engine, polls[subscription.id], page, entries, claimed)
            work.extend((subscription, entry) for entry in fresh)
            tracker.add(len(fresh))
            tracker.done(subscription.url)
        reads = [pool.submit(_read_entry, fetcher, s, entry, config, options) for s, entry in work]
        for future in as_completed(reads):
            result = future.result()
            if result.transient:
                transient.add(result.feed.id)
            polls[result.feed.id].entries.append(_store(engine, result, actor))
            tracker.done(result.link)
    for subscription in subscriptions:
        _record_poll(engine, subscription, polls[subscription.id], pages.get(subscription.id),
                     keep_validators=subscription.id not in transient)
    return report


def _subscriptions(engine: sa.Engine, feed_ids: list[int] | None) -> list[_Subscription]:
    query = (
        sa.select(Feed.id, Feed.url, Feed.etag, Feed.last_modified, Publication.name)
        .outerjoin(Publication, Publication.id == Feed.publication_id)
        .where(Feed.removed_at.is_(None))
        .order_by(Feed.id)
    )
    if feed_ids is not None:
        query = query.where(Feed.id.in_(feed_ids))
    with reading(engine) as session:
        return [_Subscription(*row) for row in session.execute(query).all()]


def _fetch_feed(fetcher: Fetcher, subscription: _Subscription) -> tuple[FetchedPage | None, list | str]:
    """The feed and its entries, ([] when unchanged), or (None, why it failed). Runs in a worker thread."""
    try:
        page = fetcher.feed(subscription.url, etag=subscription.etag, last_modified=subscription.last_modified)
        if page.not_modified:
            return page, []
        return page, parse_feed(page.content, source=subscription.url)
    except FetchError as exc:
        return None, exc.message
    except ArticleUnreadable as exc:
        return None, exc.message
    except Exception as exc:  # noqa: BLE001 - one broken feed must not stop the others
        log.exception("polling %s", subscription.url)
        return None, f"unexpected error: {type(exc).__name__}: {exc}"


def _take_entries(engine: sa.Engine, poll: FeedPoll, page: FetchedPage | None, entries: list | str,
                  claimed: set[str]) -> list[ArticleDraft]:
    """Record how the feed's fetch went; return its entries that still need fetching."""
    if page is None:
        poll.status, poll.message = "error", entries
        return []
    if page.not_modified:
        poll.status, poll.message = "not-modified", "not modified since the last poll"
        return []
    poll.status = "updated"
    if poll.publication is None:
        poll.publication = next((entry.publication for entry in entries if entry.publication), None)
    linked = []
    for entry in entries:
        if entry.url:
            linked.append(entry)
        else:
            poll.entries.append(Ingested(source=f"{poll.url} ({entry.title or 'untitled entry'})",
                                         status="error", message="feed entry has no link"))
    fresh = _unseen(engine, linked, claimed)
    poll.seen = len(linked) - len(fresh)
    return fresh


def _unseen(engine: sa.Engine, entries: list[ArticleDraft], claimed: set[str]) -> list[ArticleDraft]:
    """Entries whose link is neither in the ledger nor already taken by another feed in this poll."""
    known = known_links(engine, [entry.url for entry in entries])
    fresh = []
    for entry in entries:
        key = normalise_url(entry.url)
        if entry.url in known or key in claimed:
            continue
        claimed.add(key)
        fresh.append(entry)
    return fresh


def _read_entry(fetcher: Fetcher, subscription: _Subscription, entry: ArticleDraft, config,
                options: ExtractionOptions) -> _EntryWork:
    """Fetch an entry's page, read it and extract its claims. Runs in a worker thread; never raises."""
    work = _EntryWork(subscription, entry.url)
    publication = subscription.publication or entry.publication
    try:
        page = fetcher.page(entry.url, untrusted=True)
        draft = read_page(page, source=entry.url)
        # The entry's own date is P: the feed says when the publication put it out.
        draft = replace(
            draft,
            published=entry.published or draft.published,
            published_precision=entry.published_precision if entry.published else draft.published_precision,
            title=draft.title or entry.title,
            author=draft.author or entry.author,
            publication=publication or draft.publication,
        )
        overrides = Overrides(publication=publication)
        draft, work.notes = fill_gaps(draft, page.fetched_at, config.timezone, overrides)
        work.prepared = prepare(draft, overrides, options)
        work.fetched_at = page.fetched_at
    except FetchError as exc:
        work.error, work.transient = exc.message, exc.retryable
    except ArticleUnreadable as exc:
        work.error = f"not an article: {exc.message}"
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the poll
        log.exception("reading %s", entry.url)
        work.error = f"unexpected error: {type(exc).__name__}: {exc}"
    return work


def _store(engine: sa.Engine, work: _EntryWork, actor: str) -> Ingested:
    if work.error is not None:
        return Ingested(source=work.link, status="error", message=work.error)
    try:
        result = store(engine, work.prepared, actor=actor, fetched_at=work.fetched_at)
    except SQLAlchemyError as exc:
        work.transient = True
        return Ingested(source=work.link, status="error", message=f"could not be stored: {type(exc).__name__}")
    if work.notes:
        result.message = "; ".join([result.message, *work.notes])
    return result


def _record_poll(engine: sa.Engine, subscription: _Subscription, poll: FeedPoll, page: FetchedPage | None,
                 *, keep_validators: bool) -> None:
    """Remember when the feed was polled, how it went, and its validators for the next conditional GET.

    Validators are kept only when no entry failed for a reason that may pass: otherwise the next
    poll would be answered 304 and never retry those entries.
    """
    with transaction(engine) as session:
        feed = session.get(Feed, subscription.id)
        if feed is None:
            return
        feed.last_polled_at = utcnow()
        feed.last_status = _status_line(poll)[:500]
        if page is not None and not page.not_modified and keep_validators:
            feed.etag = page.headers.get("etag")
            feed.last_modified = page.headers.get("last-modified")
        if feed.publication_id is None and poll.publication:
            from ledger.store import publication_named

            feed.publication_id = publication_named(session, poll.publication).id


def _status_line(poll: FeedPoll) -> str:
    return f"{poll.status}: {poll.summary()}" if poll.status == "updated" else f"{poll.status}: {poll.message}"


class _Tracker:
    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total, self.completed = progress, total, 0

    def add(self, count: int) -> None:
        self.total += count

    def done(self, label: str) -> None:
        self.completed += 1
        if self.progress is not None:
            self.progress(self.completed, self.total, label)


def subscribe(session, *, url: str, publication: str | None, actor: str) -> tuple[Feed, str]:
    """Add a feed, or bring back a removed one, or rename the publication of one already followed.

    Returns the feed and what happened: "added", "restored", "renamed" or "exists".
    A new name applies to entries ingested from now on; stored articles keep theirs.
    """
    from ledger.store import publication_named

    feed = session.exec(select(Feed).where(Feed.url == url)).first()
    publication_id = publication_named(session, publication).id if publication else None
    if feed is not None and feed.removed_at is None:
        if publication_id is None or publication_id == feed.publication_id:
            return feed, "exists"
        feed.publication_id = publication_id
        return feed, "renamed"
    if feed is not None:
        feed.last_status = f"restored by {actor} at {utcnow():%Y-%m-%d %H:%M} UTC (removed by {feed.removed_by} at {feed.removed_at:%Y-%m-%d %H:%M})"
        feed.removed_at = feed.removed_by = None
        feed.publication_id = publication_id or feed.publication_id
        feed.etag = feed.last_modified = None  # entries published while it was away are wanted now
        return feed, "restored"
    feed = Feed(url=url, publication_id=publication_id, created_by=actor)
    session.add(feed)
    session.flush()
    return feed, "added"
