"""The records that flow out of intake: an article as read, and the claims drafted from it.

Nothing here knows about the database; the ledger turns drafts into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ArticleDraft:
    """An article as read from a file, a page or a feed item.

    `text` is the plain text the ledger stores; every claim span points into it.
    """

    text: str
    format: str  # "txt", "md", "html" or "feed"
    source: str | None = None  # the file path or URL it was read from
    title: str | None = None
    author: str | None = None
    publication: str | None = None  # site or publication name, when the page says
    published: date | None = None
    published_precision: str = "day"  # "month" when only the month was given
    url: str | None = None  # canonical URL, when known


@dataclass(frozen=True)
class ClaimDraft:
    """One checkable claim found in an article, with its deadline worked out (CLAIMS.md)."""

    kind: str  # "prediction" or "verdict"
    quote: str  # == article_text[start:end]
    start: int
    end: int
    deadline: date
    precision: str  # day, month, quarter, half, season, year, decade, relative, default
    deadline_expression: str | None = None  # as written: "by mid-2026"; None for a default horizon
    condition: str | None = None
    probability: float | None = None
    hedge: str | None = None  # the hedge phrase as written ("likely"); never turned into a number here
    attributed_to: str = "publication"
    note: str | None = None  # how a person changed the draft before it was stored ("edited at review: ...")


@dataclass(frozen=True)
class IntakeError:
    """A problem with user content, reported with where it came from (not raised as a bug)."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class ArticleUnreadable(Exception):
    """Raised when input cannot be read as an article (binary, bad encoding, empty, too large)."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@dataclass
class ExtractionOptions:
    """Settings that come from config.toml's [extraction] section."""

    default_horizon_days: int = 365
    verdict_horizon_days: int = 365
    extra: dict = field(default_factory=dict)
