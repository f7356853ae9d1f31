"""Articles read from the web: a URL fetched, read as an article, and ingested like a file.

Reading the HTML (main text, title, author, site name, date, canonical link) is
`predictions.read_article`'s job; this module only supplies what a page lacks:
the fetch date when the page gives none (said so in the outcome), the host when
it names no publication, and the canonical URL it was found under.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ledger.db import reading
from ledger.fetch import FetchedPage, FetchError, Fetcher, FetchSettings, host_of
from ledger.ingest import Ingested, Overrides, Reviewer, ingest_draft
from ledger.models import Article
from predictions import ArticleDraft, ArticleUnreadable, ExtractionOptions, read_article

# Query parameters that say how a reader arrived, not which page they read.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "cmpid", "ocid")


def normalise_url(url: str) -> str:
    """One spelling per page, so a link seen twice (tracking tags, fragment, host case) is one article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING_PARAMS)]
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(query), ""))


# A page is an article when it has prose: this many words in lines of at least PROSE_LINE_WORDS.
# Section fronts, tag pages and login walls are lists of short links and labels.
MIN_PROSE_WORDS = 30
PROSE_LINE_WORDS = 8


def read_page(page: FetchedPage, *, source: str) -> ArticleDraft:
    """The article in a fetched HTML page, under its canonical URL. Raises ArticleUnreadable."""
    draft = read_article(page.utf8(), source=source, fmt="html")
    if _prose_words(draft.text) < MIN_PROSE_WORDS:
        raise ArticleUnreadable(source, "no main text: the page holds only links and labels (an index page?)")
    return replace(draft, source=source, url=normalise_url(_canonical(draft.url, page.url)))


def _prose_words(text: str) -> int:
    counts = (len(line.split()) for line in text.splitlines())
    return sum(count for count in counts if count >= PROSE_LINE_WORDS)


def _canonical(declared: str | None, final_url: str) -> str:
    # A page may only claim a canonical address on its own site: otherwise any page could pass
    # itself off as a new version of someone else's article.
    if declared and declared.lower().startswith(("http://", "https://")):
        if _site(host_of(declared)) == _site(host_of(final_url)):
            return declared
    return final_url


def _site(host: str) -> str:
    return host.removeprefix("www.")


def fill_gaps(draft: ArticleDraft, fetched_at: datetime, timezone: ZoneInfo, overrides: Overrides) -> tuple[ArticleDraft, list[str]]:
    """Date an undated page by its fetch (in the ledger's time zone) and name an unnamed publication by its host."""
    notes = []
    if draft.published is None and overrides.published is None:
        fetched_on = fetched_at.astimezone(timezone).date()
        draft = replace(draft, published=fetched_on, published_precision="day")
        notes.append(f"no date on the page: dated by its fetch, {fetched_on.isoformat()}")
    if not draft.publication and not overrides.publication:
        site = _site(host_of(draft.url or draft.source or ""))
        if site:
            draft = replace(draft, publication=site)
            notes.append(f"no publication name on the page: filed under {site} (--publication names it)")
    return draft, notes


def ingest_urls(
    engine: sa.Engine | None,
    urls: Iterable[str],
    *,
    config,
    overrides: Overrides,
    options: ExtractionOptions,
    actor: str,
    review: Reviewer | None = None,
) -> Iterator[Ingested]:
    """Fetch each URL and ingest its article, one outcome per URL (`engine=None`: a dry run).

    The settings are read now, so a bad [fetch] section is an error before anything is fetched.
    """
    settings = fetch_settings(config)
    return _ingest_each(engine, settings, list(urls), config=config, overrides=overrides, options=options,
                        actor=actor, review=review)


def fetch_settings(config) -> FetchSettings:
    from ledger.config import ConfigError
    from ledger.errors import LedgerError

    try:
        return FetchSettings.from_config(config)
    except ConfigError as exc:
        raise LedgerError(str(exc)) from None


def _ingest_each(engine, settings: FetchSettings, urls: list[str], **kwargs) -> Iterator[Ingested]:
    with Fetcher(settings) as fetcher:
        for url in urls:
            yield ingest_url(engine, fetcher, url, **kwargs)


def ingest_url(engine, fetcher: Fetcher, url: str, *, config, overrides: Overrides, options: ExtractionOptions,
               actor: str, review: Reviewer | None = None) -> Ingested:
    try:
        page = fetcher.page(url)
        draft = read_page(page, source=url)
    except FetchError as exc:
        return Ingested(source=url, status="error", message=exc.message)
    except ArticleUnreadable as exc:
        return Ingested(source=url, status="error", message=f"not an article: {exc.message}")
    draft, notes = fill_gaps(draft, page.fetched_at, config.timezone, overrides)
    result = ingest_draft(engine, draft, overrides=overrides, options=options, actor=actor,
                          fetched_at=page.fetched_at, review=review)
    if result.status == "stored" and engine is not None:
        notes.extend(_earlier_versions(engine, result.article_id, overrides.url or draft.url))
    if notes and result.status != "error":
        result.message = "; ".join([result.message, *notes])
    return result


def _earlier_versions(engine: sa.Engine, article_id: int, url: str | None) -> list[str]:
    """A changed page is a new article beside the old one, whose claims were said and stay."""
    if not url:
        return []
    with reading(engine) as session:
        earlier = session.execute(
            sa.select(Article.id).where(Article.url == url, Article.id != article_id).order_by(Article.id)
        ).scalars().all()
    if not earlier:
        return []
    return [f"new version of article {', '.join(map(str, earlier))} (the page changed; earlier claims kept)"]


def known_links(engine: sa.Engine, links: Iterable[str]) -> set[str]:
    """Which of these links are already in the ledger, as an article's source or canonical URL."""
    wanted = {link for link in links if link} | {normalise_url(link) for link in links if link}
    found: set[str] = set()
    ordered = sorted(wanted)
    with reading(engine) as session:
        for start in range(0, len(ordered), 400):
            chunk = ordered[start:start + 400]
            rows = session.execute(
                sa.select(Article.url, Article.source).where(sa.or_(Article.url.in_(chunk), Article.source.in_(chunk)))
            ).all()
            for url, source in rows:
                found.update(value for value in (url, source) if value)
    return {link for link in links if link and (link in found or normalise_url(link) in found)}
