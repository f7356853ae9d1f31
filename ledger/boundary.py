"""What the ledger accepts from an article, whatever the article (or the analyst) says about itself.

Article metadata is untrusted text that ends up in email headers, terminal
output and database columns of fixed size. So: names and titles are kept on one
line (a line break in a publication name could add a header to the weekly
email), control characters are refused in names and dropped elsewhere,
lengths fit the columns (PostgreSQL refuses what does not fit), dates are
plausible, and text with NUL characters (which PostgreSQL cannot store) is not
an article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from ledger.models import Article, Publication
from predictions import ArticleDraft, ArticleUnreadable

EARLIEST_PUBLISHED = date(1800, 1, 1)
_WHITESPACE = re.compile(r"\s+")
# C0 and C1 controls, DEL, and the Unicode line/paragraph separators (which \s already covers).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _limit(table, column: str) -> int:
    return table.__table__.c[column].type.length


def checked_article(draft: ArticleDraft, publication: str, *, source: str) -> tuple[ArticleDraft, str]:
    """The draft and publication name as the ledger will store them; ArticleUnreadable names what is wrong."""
    publication = checked_publication(publication, source=source)
    _check_published(draft.published, source)
    if "\x00" in draft.text:
        raise ArticleUnreadable(source, "the text contains NUL characters (binary data), not an article")
    url = draft.url
    if url is not None and (len(url) > _limit(Article, "url") or _CONTROL.search(url) or _WHITESPACE.search(url)):
        url = None  # a cut or broken link is worse than none
    cleaned = replace(
        draft,
        title=one_line(draft.title, _limit(Article, "title")),
        author=one_line(draft.author, _limit(Article, "author")),
        source=_checked_source(draft.source),
        url=url,
    )
    return cleaned, publication


def checked_publication(name: str, *, source: str) -> str:
    """A publication name on one line; refused if it holds control characters, is empty or too long."""
    limit = _limit(Publication, "name")
    cleaned = _WHITESPACE.sub(" ", name).strip()
    if _CONTROL.search(cleaned):
        raise ArticleUnreadable(source, f"publication name {name!r} contains control characters")
    if not cleaned:
        raise ArticleUnreadable(source, "the publication name is empty: pass --publication")
    if len(cleaned) > limit:
        raise ArticleUnreadable(source, f"publication name is {len(cleaned)} characters long; the limit is {limit}")
    return cleaned


def one_line(value: str | None, limit: int) -> str | None:
    """Untrusted metadata on one line, without control characters, cut to `limit` characters."""
    if value is None:
        return None
    cleaned = _CONTROL.sub("", _WHITESPACE.sub(" ", value)).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned or None


def _checked_source(source: str | None) -> str | None:
    # The source is how `resolve --file` finds the article again: left exactly as given when it is sane.
    if source is None or (len(source) <= _limit(Article, "source") and not _CONTROL.search(source)):
        return source
    return one_line(source, _limit(Article, "source"))


def _check_published(published: date | None, source: str) -> None:
    if published is None:
        return
    # A day of leeway: "today" differs by time zone, and the config's zone may be ahead of this machine's.
    latest = date.today() + timedelta(days=1)
    if published > latest:
        raise ArticleUnreadable(source, f"published {published.isoformat()} is in the future: pass --published YYYY-MM-DD")
    if published < EARLIEST_PUBLISHED:
        raise ArticleUnreadable(
            source, f"published {published.isoformat()} is before {EARLIEST_PUBLISHED.year}: pass --published YYYY-MM-DD"
        )
