"""What ingesting an article produces: the article ready to store, and the outcome reported for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from predictions import ArticleDraft, ClaimDraft


@dataclass(frozen=True)
class Prepared:
    """An article ready to store: metadata settled, claims extracted."""

    draft: ArticleDraft
    publication: str
    claims: list[ClaimDraft]
    digest: str | None = None  # of the text (see store.content_hash), worked out where the claims are extracted


@dataclass
class Ingested:
    source: str
    status: str  # stored, duplicate, error, dry-run, skipped
    message: str = ""
    article_id: int | None = None
    publication: str | None = None
    title: str | None = None
    published: date | None = None
    claims: list[ClaimDraft] = field(default_factory=list)


def outcome(prepared: Prepared, status: str, message: str, article_id: int | None) -> Ingested:
    draft = prepared.draft
    return Ingested(
        source=draft.source or "article", status=status, message=message, article_id=article_id,
        publication=prepared.publication, title=draft.title, published=draft.published, claims=prepared.claims,
    )
