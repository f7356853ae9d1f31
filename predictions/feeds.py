"""RSS and Atom feeds: each item becomes its own article draft with its own publication date.

A feed that declares XML entities is refused before feedparser sees it: entity
expansion ("billion laughs") turns a few kilobytes into gigabytes.
"""

from __future__ import annotations

import html
import re
from datetime import date

from .model import ArticleDraft, ArticleUnreadable
from .reading import decode, one_line

_BLOCK_END = re.compile(r"(?i)</(?:p|div|li|h[1-6]|blockquote|tr|section|article)>|<br\s*/?>")
_LIST_ITEM = re.compile(r"(?i)<li[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def parse_feed(data: bytes, *, source: str) -> list[ArticleDraft]:
    """One ArticleDraft per item, P being the item's own pubDate (or updated)."""
    decode(data, source)  # size, binary and encoding checks, as for any article
    _refuse_entities(data, source)
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise ArticleUnreadable(source, f"not a readable feed ({parsed.bozo_exception})")
    if not parsed.entries:
        raise ArticleUnreadable(source, "the feed has no items")
    site = parsed.feed.get("title")
    return [_item(entry, site, source) for entry in parsed.entries]


def _refuse_entities(data: bytes, source: str) -> None:
    import defusedxml
    import defusedxml.ElementTree as safe_tree

    if re.search(rb"<!ENTITY", data[:65536], re.I):
        raise ArticleUnreadable(source, "the feed declares XML entities (refused: entity expansion attack)")
    try:
        safe_tree.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise ArticleUnreadable(source, f"the feed uses forbidden XML constructs ({type(exc).__name__})") from None
    except Exception:
        pass  # malformed XML: feedparser is tolerant and will say what it can read


def _item(entry, site: str | None, source: str) -> ArticleDraft:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
    body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
    return ArticleDraft(
        text=fragment_text(body), format="feed", source=entry.get("link") or source,
        title=one_line(entry.get("title"), 1000), author=one_line(entry.get("author")), publication=one_line(site),
        published=published, url=one_line(entry.get("link"), 2000),
    )


def fragment_text(body: str) -> str:
    """An item's HTML (or plain text) as lines: one per paragraph or list item."""
    if "<" in body:
        body = _LIST_ITEM.sub("• ", body)
        body = _BLOCK_END.sub("\n", body)
        body = _TAG.sub("", body)
    lines = [" ".join(html.unescape(line).split()) for line in body.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
