"""RSS and Atom feeds: each item becomes its own article draft with its own publication date."""

from __future__ import annotations

from datetime import date

from .model import ArticleDraft, ArticleUnreadable


def parse_feed(data: bytes, *, source: str) -> list[ArticleDraft]:
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ArticleUnreadable(source, f"not a readable feed ({parsed.bozo_exception})")
    site = parsed.feed.get("title")
    items = []
    for entry in parsed.entries:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        items.append(ArticleDraft(text=body, format="feed", source=entry.get("link") or source,
                                  title=entry.get("title"), author=entry.get("author"),
                                  publication=site, published=published, url=entry.get("link")))
    return items
