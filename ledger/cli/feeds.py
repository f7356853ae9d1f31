"""`ledger feeds add|list|remove|poll`: following publications by their RSS or Atom feeds."""

from __future__ import annotations

from typing import List, Optional

import typer

from ledger.cli.context import state

feeds_app = typer.Typer(
    help="Publications' RSS and Atom feeds: subscribe, list, remove, and poll for new articles.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add")
def add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The feed's http(s):// URL"),
    publication: Optional[str] = typer.Option(None, help="Publication its articles belong to [default: the feed's title]"),
    check: bool = typer.Option(True, "--check/--no-check", help="Fetch the feed now to make sure it is one"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is subscribing [default: config resolver, then OS user]"),
) -> None:
    """Subscribe to a feed; `ledger feeds poll` then ingests its entries.

    Example: ledger feeds add https://harbor-street.example/feed.xml --publication "Harbor Street Economics"
    """
    from ledger.db import transaction
    from ledger.errors import LedgerError
    from ledger.feeds import subscribe
    from ledger.fetch import is_web_url

    app_state = state(ctx)
    url = url.strip()
    if not is_web_url(url):
        raise LedgerError(f"{url}: a feed is an http:// or https:// URL")
    engine = app_state.ready_engine()
    entries = None
    if check and not (publication and _followed(engine, url)):
        title, entries = _check_feed(app_state.config, url)
        publication = publication or title
        if not publication:
            raise LedgerError(f"{url}: the feed has no title: pass --publication NAME")
    with transaction(engine) as session:
        feed, what = subscribe(session, url=url, publication=publication and publication.strip(),
                               actor=app_state.actor(by))
        feed_id = feed.id
    if what == "exists":
        typer.echo(f"already subscribed: feed {feed_id} ({url})")
        return
    if what == "renamed":
        typer.echo(f"feed {feed_id} ({url}): entries from now on go under {publication}")
        return
    found = "" if entries is None else f", {entries} entries now"
    typer.echo(f"{what} feed {feed_id}: {url} ({publication or 'publication named at the first poll'}{found}); "
               f"`ledger feeds poll {feed_id}` ingests them")


def _followed(engine, url: str) -> bool:
    from sqlmodel import select

    from ledger.db import reading
    from ledger.models import Feed

    with reading(engine) as session:
        return session.exec(select(Feed.id).where(Feed.url == url, Feed.removed_at.is_(None))).first() is not None


def _check_feed(config, url: str) -> tuple[str | None, int]:
    """The feed's title and entry count, or a one-line error if it cannot be fetched or is not a feed."""
    from ledger.errors import LedgerError
    from ledger.fetch import FetchError, Fetcher
    from ledger.pages import fetch_settings
    from predictions import ArticleUnreadable, parse_feed

    with Fetcher(fetch_settings(config)) as fetcher:
        try:
            page = fetcher.feed(url)
            entries = parse_feed(page.content, source=url)
        except FetchError as exc:
            raise LedgerError(str(exc)) from None
        except ArticleUnreadable as exc:
            raise LedgerError(f"{url}: {exc.message}") from None
    title = next((entry.publication for entry in entries if entry.publication), None)
    if title is None and not entries:
        import feedparser  # an empty feed still has a title

        title = feedparser.parse(page.content).feed.get("title")
    return title, len(entries)


@feeds_app.command("list")
def list_feeds(
    ctx: typer.Context,
    include_removed: bool = typer.Option(False, "--all", help="Include removed feeds"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per feed"),
) -> None:
    """The feeds followed, with when each was last polled and how it went.

    Example: ledger feeds list --all
    """
    import json

    from rich.table import Table

    from ledger.cli.output import console, short

    app_state = state(ctx)
    rows = _feed_rows(app_state.ready_engine(), include_removed)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, default=str))
        return
    if not rows:
        typer.echo("no feeds yet: `ledger feeds add URL` subscribes to one")
        return
    table = Table(show_edge=False, pad_edge=False)
    for column in ("id", "publication", "url", "last polled", "last status"):
        table.add_column(column, overflow="fold")
    if include_removed:
        table.add_column("removed", overflow="fold")
    for row in rows:
        polled = _local(row["last_polled_at"], app_state.config.timezone) if row["last_polled_at"] else "never"
        cells = [str(row["id"]), row["publication"] or "", row["url"], polled, short(row["last_status"] or "", 60)]
        if include_removed:
            removed = row["removed_at"]
            cells.append(f"{_local(removed, app_state.config.timezone)} by {row['removed_by']}" if removed else "")
        table.add_row(*cells)
    console().print(table)


def _local(moment, zone) -> str:
    """A stored time in the ledger's time zone (SQLite gives it back without one: it was stored in UTC)."""
    from datetime import timezone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _feed_rows(engine, include_removed: bool) -> list[dict]:
    import sqlalchemy as sa

    from ledger.db import reading
    from ledger.models import Feed, Publication

    query = (
        sa.select(Feed.id, Publication.name.label("publication"), Feed.url, Feed.last_polled_at, Feed.last_status,
                  Feed.created_at, Feed.created_by, Feed.removed_at, Feed.removed_by)
        .outerjoin(Publication, Publication.id == Feed.publication_id)
        .order_by(Feed.id)
    )
    if not include_removed:
        query = query.where(Feed.removed_at.is_(None))
    with reading(engine) as session:
        return [dict(row._mapping) for row in session.execute(query)]


@feeds_app.command("remove")
def remove(
    ctx: typer.Context,
    feed: str = typer.Argument(..., help="The feed's id or URL"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is removing it [default: config resolver, then OS user]"),
) -> None:
    """Stop polling a feed. Its articles and claims stay; the feed is kept as history (`feeds list --all`).

    Example: ledger feeds remove 3
    """
    from ledger.db import transaction
    from ledger.models import utcnow

    app_state = state(ctx)
    with transaction(app_state.ready_engine()) as session:
        found = _find(session, feed)
        if found.removed_at is not None:
            typer.echo(f"feed {found.id} was already removed on {found.removed_at:%Y-%m-%d} by {found.removed_by}")
            return
        found.removed_at, found.removed_by = utcnow(), app_state.actor(by)
        found_id, found_url = found.id, found.url
    typer.echo(f"removed feed {found_id} ({found_url}); its articles and claims stay in the ledger")


def _find(session, ref: str):
    from sqlmodel import select

    from ledger.errors import NotFound
    from ledger.models import Feed

    query = select(Feed).where(Feed.id == int(ref)) if ref.isdigit() else select(Feed).where(Feed.url == ref.strip())
    found = session.exec(query).first()
    if found is None:
        raise NotFound(f"no feed {ref!r}: `ledger feeds list` shows them")
    return found


@feeds_app.command("poll")
def poll(
    ctx: typer.Context,
    feeds: Optional[List[str]] = typer.Argument(None, help="Feeds to poll, by id or URL"),
    poll_every: bool = typer.Option(False, "--all", help="Poll every feed"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is ingesting [default: config resolver, then OS user]"),
) -> None:
    """Fetch feeds and ingest their new entries. Unchanged feeds cost one small request.

    The exit status is 1 if any feed or entry failed; the rest are still ingested.

    Example: ledger feeds poll --all
    """
    from ledger.db import reading
    from ledger.errors import LedgerError
    from ledger.feeds import poll_feeds

    app_state = state(ctx)
    if bool(feeds) == poll_every:
        raise LedgerError("name the feeds to poll (id or URL), or pass --all" if not feeds else
                          "name feeds or pass --all, not both")
    engine = app_state.ready_engine()
    ids = None
    if feeds:
        with reading(engine) as session:
            found = [_find(session, ref) for ref in feeds]
        removed = [f for f in found if f.removed_at is not None]
        if removed:
            raise LedgerError(f"feed {removed[0].id} was removed: `ledger feeds add {removed[0].url}` restores it")
        ids = [f.id for f in found]
    with _progress_bar() as progress:
        report = poll_feeds(engine, app_state.config, ids, actor=app_state.actor(by), progress=progress)
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


class _progress_bar:
    """A rich progress bar on stderr while a poll runs; nothing when stderr is not a terminal (cron, logs)."""

    def __enter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from ledger.cli.output import console

        err = console(stderr=True)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             console=err, transient=True, disable=not err.is_terminal)
        self._bar.start()
        self._task = self._bar.add_task("polling feeds", total=None)
        return self._update

    def _update(self, done: int, total: int, label: str) -> None:
        from ledger.cli.output import short

        self._bar.update(self._task, completed=done, total=total, description=short(label, 50))

    def __exit__(self, *exc):
        self._bar.stop()


def _print_report(report) -> None:
    from ledger.cli.ingest import STATUS_STYLE
    from ledger.cli.output import console

    out, err = console(), console(stderr=True)
    for feed in report.feeds:
        style = {"updated": "green", "not-modified": "dim", "error": "red"}.get(feed.status, "")
        out.print(f"[{style}]{feed.status}[/] ", end="")
        out.print(f"feed {feed.feed_id} {feed.publication or ''} ({feed.url}): {feed.summary()}", markup=False)
        if feed.status == "error":
            err.print(f"error: {feed.url}: {feed.message}", markup=False)
        for entry in feed.entries:
            if entry.status == "error":
                err.print(f"error: {entry.source}: {entry.message}", markup=False)
                continue
            out.print(f"  [{STATUS_STYLE[entry.status]}]{entry.status}[/] ", end="")
            out.print(f"{entry.source} — {entry.title}, {entry.published} — {entry.message}", markup=False)
    out.print(report.summary(), markup=False)
