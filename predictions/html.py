"""HTML pages: the article's own text (boilerplate removed by trafilatura) and its metadata.

Metadata comes from what the page declares (JSON-LD, Open Graph, meta tags), checked
against what it shows (the <h1>): a JSON-LD headline that differs from the visible
headline loses to the one the reader sees.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

_VERDICT_BOX = re.compile(r"(?i)verdict|bottom[-_ ]?line|our[-_ ]?take|review[-_ ]?summary|conclusion")
_MAX_DEPTH = 400
_CONTAINERS = re.compile(r"(?i)</?(?:div|span|section|font|center|b|i|em|strong|small|big|u)\b[^>]*>")
_MIN_WORDS = 12  # a page with less than a sentence or two of text has no article in it
_CHROME_TAGS = {"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "button"}
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+[^|\-–—:·]{2,60}$")
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "review", "reportagenewsarticle", "opinionnewsarticle",
                  "analysisnewsarticle", "report", "webpage", "scholarlyarticle", "techarticle"}


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    publication: str | None
    published: date | None
    url: str | None


def read_page(html: str) -> Page | None:
    """The page's main text and metadata, or None when it has no main text."""
    import trafilatura
    from lxml import html as lxml_html

    # huge_tree: libxml2 otherwise silently drops everything below 256 levels of nesting
    tree = lxml_html.fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True))
    if _depth(tree) > _MAX_DEPTH:
        # libxml2 drops whatever sits deeper than its limit; layout containers carry no text of their own
        tree = lxml_html.fromstring(_CONTAINERS.sub(" ", html), parser=lxml_html.HTMLParser(huge_tree=True))
    declared = _declared(tree)
    fallback = _paragraphs(tree)  # before trafilatura, which prunes the tree it is given
    doc = None
    if _depth(tree) <= _MAX_DEPTH:  # deeper than any real page: trafilatura would crawl or recurse to death
        try:
            doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, include_tables=False)
        except RecursionError:
            doc = None
    if doc is None:
        doc = {}
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (found.get("text") or "").strip()
    if len(text.split()) < _MIN_WORDS:
        text = fallback  # trafilatura gave up (very deep nesting, odd markup): read the paragraphs
    if len(text.split()) < _MIN_WORDS:
        return None
    text = _with_verdict_box(tree, text)
    title = _visible_title(tree, [declared.get("og_title"), found.get("title"), declared.get("ld_title"),
                                  declared.get("title_tag")])
    text = _without_headline(text, title)
    author = found.get("author") or declared.get("author")
    published = _date(found.get("date")) or _date(declared.get("published"))
    return Page(
        text=text + "\n",
        title=title,
        author=author if author and not author.startswith("http") else None,
        publication=declared.get("site") or found.get("sitename"),
        published=published,
        url=declared.get("canonical") or declared.get("og_url") or found.get("url"),
    )


def _depth(tree) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _paragraphs(tree) -> str:
    """Paragraph and heading texts outside navigation, header, footer and asides."""
    lines = []
    for node in tree.iter("p", "h1", "h2", "h3", "li"):
        if any(parent.tag in _CHROME_TAGS for parent in node.iterancestors()):
            continue
        line = " ".join(node.text_content().split())
        if len(line.split()) >= 4 or node.tag.startswith("h"):
            lines.append(line)
    return "\n".join(lines)


def _declared(tree) -> dict:
    """What the page says about itself in <head>: JSON-LD, Open Graph and meta tags."""
    out: dict = {}
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        for item in _ld_items(node.text_content()):
            if str(item.get("@type", "")).lower() in _ARTICLE_TYPES:
                out.setdefault("ld_title", item.get("headline") or item.get("name"))
                out.setdefault("published", item.get("datePublished"))
                out.setdefault("author", _ld_name(item.get("author")))
                out.setdefault("site", _ld_name(item.get("publisher")))
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        value = meta.get("content").strip()
        field = {"og:title": "og_title", "og:site_name": "site", "og:url": "og_url", "author": "author",
                 "article:published_time": "published", "article:author": "author", "date": "published",
                 "dc.date": "published", "citation_publication_date": "published"}.get(key)
        if field and value and not (field == "author" and value.startswith("http")):
            out.setdefault(field, value)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    if canonical:
        out["canonical"] = canonical[0].strip()
    titles = tree.xpath("//title")
    if titles and titles[0].text_content().strip():
        out["title_tag"] = _SITE_SUFFIX.sub("", titles[0].text_content().strip())
    return out


def _ld_items(raw: str):
    try:
        data = json.loads(raw)
    except ValueError:
        return []
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    return [i for i in items if isinstance(i, dict)]


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return value.get("name")
    return value if isinstance(value, str) else None


def _visible_title(tree, candidates: list[str | None]) -> str | None:
    """The declared title that matches the visible <h1>; else the first declared one."""
    h1 = tree.xpath("//h1")
    shown = _squash(h1[0].text_content()) if h1 else None
    declared = [c.strip() for c in candidates if c and c.strip()]
    for candidate in declared:
        if shown and _squash(candidate) == shown:
            return candidate
    if declared:
        return declared[0]
    return h1[0].text_content().strip() if h1 else None


def _without_headline(text: str, title: str | None) -> str:
    """The body starts after the headline (and any kicker above it): a headline is not one of the article's claims."""
    if not title:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines[:3]):
        if _squash(line) == _squash(title):
            return "\n".join(lines[i + 1:]).lstrip("\n")
    return text


def _squash(s: str) -> str:
    return " ".join(s.replace("’", "'").split()).lower()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _with_verdict_box(tree, text: str) -> str:
    """Review boxes ("Verdict", "Bottom line") often sit in an <aside> that boilerplate removal drops; keep them."""
    extra = []
    for box in tree.xpath("//aside|//section|//div"):
        marks = " ".join(filter(None, [box.get("class"), box.get("id"), box.get("aria-label")]))
        if not marks or not _VERDICT_BOX.search(marks):
            continue
        heading = box.xpath(".//h2|.//h3|.//h4|.//strong")
        paragraphs = [" ".join(p.text_content().split()) for p in box.xpath(".//p")]
        paragraphs = [p for p in paragraphs if len(p.split()) >= 6 and p not in text]
        if paragraphs:
            title = " ".join(heading[0].text_content().split()) if heading else "Verdict"
            extra.append(f"{title}\n{paragraphs[0]}")
        if extra:
            break
    return text + ("\n\n" + "\n\n".join(extra) if extra else "")
