"""Writing articles and their claims. Functions here never commit: the caller owns the transaction."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import insert
from sqlmodel import Session, select

from ledger.models import Article, Claim, ClaimEvent, Publication, utcnow
from predictions import ArticleDraft, ClaimDraft


def content_hash(text: str) -> str:
    """Identity of an article by its words, so re-ingesting the same text (re-saved, re-wrapped) is a no-op."""
    normalised = " ".join(text.split()).casefold()  # split() knows the same whitespace as re's \s, faster
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def publication_named(session: Session, name: str) -> Publication:
    found = session.exec(select(Publication).where(Publication.name == name)).first()
    if found is not None:
        return found
    publication = Publication(name=name)
    session.add(publication)
    session.flush()
    return publication


def publication_id(session: Session, name: str) -> int:
    """The publication's id, creating it if new (id-only queries: this runs once per stored article)."""
    table = Publication.__table__
    found = session.execute(sa.select(table.c.id).where(table.c.name == name)).scalar()
    if found is not None:
        return found
    return session.execute(insert(table).returning(table.c.id), {"name": name, "created_at": utcnow()}).scalar_one()


def article_id_with_hash(session: Session, digest: str) -> int | None:
    table = Article.__table__
    return session.execute(sa.select(table.c.id).where(table.c.content_hash == digest)).scalar()


def add_article(
    session: Session,
    *,
    draft: ArticleDraft,
    publication: str,
    claims: list[ClaimDraft],
    actor: str,
    fetched_at: datetime | None = None,
    digest: str | None = None,
) -> int:
    """Store an article with its claims and a `created` event for each claim; returns the article's id.

    Core inserts on the tables, not ORM objects: storing is the hot path of a bulk ingest.
    """
    table = Article.__table__
    row = {
        "publication_id": publication_id(session, publication),
        "url": draft.url,
        "source": draft.source,
        "title": draft.title,
        "author": draft.author,
        "published": draft.published,
        "published_precision": draft.published_precision,
        "format": draft.format,
        "content_hash": digest or content_hash(draft.text),
        "text": draft.text,
        "fetched_at": fetched_at,
        "created_at": utcnow(),
        "created_by": actor,
    }
    article_id = session.execute(insert(table).returning(table.c.id), row).scalar_one()
    add_claims(session, article_id=article_id, claims=claims, actor=actor)
    return article_id


def add_claims(session: Session, *, article_id: int, claims: list[ClaimDraft], actor: str) -> list[int]:
    """Insert claims in one batch (Core insert, not one ORM object each) and log their creation.

    The statements target the tables, not the ORM classes: an ORM bulk insert splits the rows
    by which values are None and runs extra ORM bookkeeping, about a fifth of the CPU spent storing an article.
    """
    if not claims:
        return []
    now = utcnow()
    rows = [_claim_row(article_id, draft, actor, now) for draft in claims]
    claim_table = Claim.__table__
    ids = list(session.execute(insert(claim_table).returning(claim_table.c.id, sort_by_parameter_order=True), rows).scalars())
    session.execute(
        insert(ClaimEvent.__table__),
        [
            {"claim_id": claim_id, "kind": "created", "actor": actor, "at": now, "reason": draft.note}
            for claim_id, draft in zip(ids, claims)
        ],
    )
    return ids


def _claim_row(article_id: int, draft: ClaimDraft, actor: str, now: datetime) -> dict:
    return {
        "article_id": article_id,
        "kind": draft.kind,
        "quote": draft.quote,
        "span_start": draft.start,
        "span_end": draft.end,
        "deadline": draft.deadline,
        "precision": draft.precision,
        "deadline_expression": draft.deadline_expression,
        "condition": draft.condition,
        "probability": draft.probability,
        "hedge": draft.hedge,
        "attributed_to": draft.attributed_to,
        "status": "open",
        "created_at": now,
        "created_by": actor,
    }
