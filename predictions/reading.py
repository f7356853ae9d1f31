"""Reading an article from bytes: plain text, Markdown or an HTML page, with what it says about itself."""

from __future__ import annotations

import re
from datetime import date

from . import markdown
from .model import ArticleDraft, ArticleUnreadable
from .timegrammar import find_mentions
from .timex import resolve

MAX_BYTES = 10 * 1024 * 1024  # larger than any article; larger input is a mistake or an attack
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
           ".xhtml": "html"}
_BYLINE = re.compile(r"^\s*(?:By|BY|Words by|Written by)\s+(?P<name>[A-Z][^,|·•\n]{1,60}?)\s*(?:[,|·•]|$)", re.M)
_KICKER = re.compile(r"\s[|·•]\s|^[A-Z0-9 &|:·•-]{4,}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below space, except tab, newline, form feed, return


def format_for(name: str) -> str | None:
    lowered = name.lower()
    for suffix, fmt in FORMATS.items():
        if lowered.endswith(suffix):
            return fmt
    return None


def decode(data: bytes, source: str) -> str:
    """Bytes to text, refusing what is not an article: too big, binary, not UTF-8, empty."""
    if len(data) > MAX_BYTES:
        raise ArticleUnreadable(source, f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in data:
        raise ArticleUnreadable(source, "binary file, not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleUnreadable(source, f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ArticleUnreadable(source, "empty file")
    if len(_CONTROL.findall(text, 0, 8192)) > 8:
        raise ArticleUnreadable(source, "binary file, not an article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(data: bytes, *, source: str, fmt: str | None = None) -> ArticleDraft:
    """The article in `data`, read as `fmt` ("txt", "md", "html"; guessed from `source` when None)."""
    fmt = fmt or format_for(source) or ("html" if data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")) else "txt")
    text = decode(data, source)
    if fmt == "html":
        return _read_html(text, source)
    fields: dict[str, str] = {}
    if fmt == "md":
        fields, body = markdown.front_matter(text)
        title = fields.get("title") or markdown.first_heading(body)
        text = markdown.to_text(body)
    else:
        title = None
    head = text.strip().splitlines()[:10]
    published, precision = _header_date(fields.get("date") or fields.get("published") or "\n".join(head))
    byline = _BYLINE.search("\n".join(head))
    return ArticleDraft(
        text=text, format=fmt, source=source,
        title=one_line(title or _title_line(head), 1000),
        author=one_line(fields.get("author") or (byline.group("name").strip() if byline else None)),
        publication=one_line(fields.get("publication") or fields.get("site")),
        published=published, published_precision=precision,
        url=fields.get("url") or fields.get("canonical"),
    )


def _read_html(text: str, source: str) -> ArticleDraft:
    from .html import read_page

    try:
        page = read_page(text)
    except (RecursionError, ValueError, TypeError) as exc:
        raise ArticleUnreadable(source, f"cannot parse the HTML ({type(exc).__name__})") from None
    except Exception as exc:  # lxml's own errors (XMLSyntaxError, ParserError) without importing lxml here
        if type(exc).__module__.startswith("lxml"):
            raise ArticleUnreadable(source, f"cannot parse the HTML ({exc})") from None
        raise
    if page is None:
        raise ArticleUnreadable(source, "no article text found in the page")
    return ArticleDraft(text=page.text, format="html", source=source, title=one_line(page.title, 1000),
                        author=one_line(page.author), publication=one_line(page.publication),
                        published=page.published, url=one_line(page.url, 2000))


def one_line(value: str | None, limit: int = 300) -> str | None:
    """Metadata from the article itself is untrusted: one line, no control characters, a sane length."""
    if value is None:
        return None
    value = " ".join("".join(c if c.isprintable() else " " for c in value).split())
    return value[:limit].rstrip() or None


def _title_line(head: list[str]) -> str | None:
    """The first line that is not a kicker ("OPINION | The Lantern"), a dateline or a byline."""
    for line in head:
        line = line.strip()
        if not line or _KICKER.search(line) or _BYLINE.match(line):
            continue
        if len(line.split()) <= 8 and _header_date(line)[0] is not None and not line.endswith("."):
            continue
        return line
    return None


def _header_date(text: str) -> tuple[date | None, str]:
    """The first full date in the header; a month alone ("March 2025") gives its first day, precision "month"."""
    for mention in find_mentions(text[:2000]):
        if mention.kind in ("iso", "mdy", "dmy"):
            period = resolve(mention, date(2000, 1, 1))
            if period:
                return period.start, "day"
        if mention.kind == "my":
            period = resolve(mention, date(2000, 1, 1))
            if period and period.precision == "month":
                return period.start, "month"
    return None, "day"
