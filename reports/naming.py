"""Safe, stable file names for publication pages."""

from __future__ import annotations

import hashlib
import re
import unicodedata

RESERVED = {"index"}
MAX_SLUG = 60


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "publication"


def page_names(names: list[str]) -> dict[str, str]:
    """A file name per publication: its slug, plus a hash of the full name where slugs would clash.

    Decided over every publication in the ledger, so a page keeps its name whichever
    subset a report or an email covers.
    """
    by_slug: dict[str, list[str]] = {}
    for name in names:
        by_slug.setdefault(slugify(name), []).append(name)
    pages = {}
    for slug, group in by_slug.items():
        for name in group:
            clash = len(group) > 1 or slug in RESERVED
            suffix = "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8] if clash else ""
            pages[name] = f"{slug}{suffix}.html"
    return pages
