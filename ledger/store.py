"""Writing articles and their claims. Functions here never commit: the caller owns the transaction.

They take a Session or a bare Connection (`Writes`): a bulk ingest writes on the Connection,
which skips the ORM session's bookkeeping on every statement.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from ledger.models import Article, Claim, ClaimEvent, Publication, utcnow
from predictions import ArticleDraft, ClaimDraft

Writes = Session | sa.Connection

# Built once: a statement made afresh for every article costs more to key and compile than its rows cost to write.
_articles, _claims, _events, _publications = (t.__table__ for t in (Article, Claim, ClaimEvent, Publication))
_ARTICLE_WITH_HASH = sa.select(_articles.c.id).where(_articles.c.content_hash == sa.bindparam("digest"))
_PUBLICATION_NAMED = sa.select(_publications.c.id).where(_publications.c.name == sa.bindparam("name"))
_INSERT_PUBLICATION = insert(_publications).returning(_publications.c.id)
_INSERT_ARTICLE = insert(_articles).returning(_articles.c.id)
# The same insert doing nothing when the text is already stored: the duplicate check and the
# insert in one statement (both dialects the ledger runs on have ON CONFLICT ... DO NOTHING).
_INSERT_NEW_ARTICLE = {
    "sqlite": sqlite_insert(_articles).on_conflict_do_nothing(index_elements=[_articles.c.content_hash]),
    "postgresql": postgresql_insert(_articles).on_conflict_do_nothing(index_elements=[_articles.c.content_hash]),
}
_INSERT_NEW_ARTICLE = {name: statement.returning(_articles.c.id) for name, statement in _INSERT_NEW_ARTICLE.items()}
_INSERT_CLAIMS = insert(_claims)
_INSERT_CLAIMS_RETURNING = insert(_claims).returning(_claims.c.id, sort_by_parameter_order=True)
_INSERT_EVENTS = insert(_events)
# One `created` event per claim of the given articles, in claim order, without fetching the new ids back.
_CREATED_EVENTS = insert(_events).from_select(
    ["claim_id", "kind", "actor", "at"],
    sa.select(_claims.c.id, sa.literal("created"), sa.bindparam("actor", type_=_events.c.actor.type),
              sa.bindparam("at", type_=_events.c.at.type))
    .where(_claims.c.article_id.in_(sa.bindparam("article_ids", expanding=True)))
    .order_by(_claims.c.id),
)


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


def publication_id(session: Writes, name: str) -> int:
    """The publication's id, creating it if new (id-only queries: this runs once per stored article)."""
    found = session.execute(_PUBLICATION_NAMED, {"name": name}).scalar()
    if found is not None:
        return found
    return session.execute(_INSERT_PUBLICATION, {"name": name, "created_at": utcnow()}).scalar_one()


def article_id_with_hash(session: Writes, digest: str) -> int | None:
    return session.execute(_ARTICLE_WITH_HASH, {"digest": digest}).scalar()


def add_article(
    session: Writes,
    *,
    draft: ArticleDraft,
    publication: str,
    claims: list[ClaimDraft],
    actor: str,
    fetched_at: datetime | None = None,
    digest: str | None = None,
) -> int:
    """Store an article with its claims and a `created` event for each claim; returns the article's id."""
    return insert_article(
        session, draft=draft, publication_id=publication_id(session, publication), claims=claims,
        actor=actor, fetched_at=fetched_at, digest=digest,
    )


def insert_article(
    session: Writes,
    *,
    draft: ArticleDraft,
    publication_id: int,
    claims: list[ClaimDraft],
    actor: str,
    fetched_at: datetime | None = None,
    digest: str | None = None,
) -> int:
    """`add_article` for a publication already known by id."""
    now = utcnow()
    article_id = insert_article_row(session, draft=draft, publication_id=publication_id, actor=actor, now=now,
                                    fetched_at=fetched_at, digest=digest)
    add_claims(session, article_id=article_id, claims=claims, actor=actor, now=now)
    return article_id


def insert_article_row(
    session: Writes,
    *,
    draft: ArticleDraft,
    publication_id: int,
    actor: str,
    now: datetime,
    fetched_at: datetime | None = None,
    digest: str | None = None,
) -> int:
    """The article's own row, without its claims; returns its id.

    Core inserts on the tables, not ORM objects: storing is the hot path of a bulk ingest.
    """
    row = _article_row(draft, publication_id, actor, now, fetched_at, digest)
    return session.execute(_INSERT_ARTICLE, row).scalar_one()


def insert_new_article_row(
    connection: sa.Connection,
    *,
    draft: ArticleDraft,
    publication_id: int,
    actor: str,
    now: datetime,
    digest: str,
    fetched_at: datetime | None = None,
) -> int | None:
    """`insert_article_row`, or None (nothing written) when an article with this text is already stored."""
    statement = _INSERT_NEW_ARTICLE.get(connection.dialect.name)
    row = _article_row(draft, publication_id, actor, now, fetched_at, digest)
    if statement is None:
        if article_id_with_hash(connection, digest) is not None:
            return None
        statement = _INSERT_ARTICLE
    return connection.execute(statement, row).scalar()


def _article_row(draft: ArticleDraft, publication_id: int, actor: str, now: datetime,
                 fetched_at: datetime | None, digest: str | None) -> dict:
    return {
        "publication_id": publication_id,
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
        "created_at": now,
        "created_by": actor,
    }


def add_claims(session: Writes, *, article_id: int, claims: list[ClaimDraft], actor: str, now: datetime | None = None) -> None:
    """Insert an article's claims in one batch (Core insert, not one ORM object each) and log their creation.

    The statements target the tables, not the ORM classes: an ORM bulk insert splits the rows
    by which values are None and runs extra ORM bookkeeping, about a fifth of the CPU spent storing an article.
    """
    if not claims:
        return
    now = now or utcnow()
    if not any(draft.note for draft in claims):
        insert_claims(session, claim_rows(article_id, claims, actor, now), article_ids=[article_id], actor=actor, now=now)
        return
    # Claims edited at review carry a note for their event: fetch the ids back to pair them.
    ids = session.execute(_INSERT_CLAIMS_RETURNING, claim_rows(article_id, claims, actor, now)).scalars()
    session.execute(_INSERT_EVENTS, [
        {"claim_id": claim_id, "kind": "created", "actor": actor, "at": now, "reason": draft.note}
        for claim_id, draft in zip(ids, claims)
    ])


def claim_rows(article_id: int, claims: list[ClaimDraft], actor: str, now: datetime) -> list[dict]:
    return [_claim_row(article_id, draft, actor, now) for draft in claims]


def insert_claims(session: Writes, rows: list[dict], *, article_ids: list[int], actor: str, now: datetime) -> None:
    """Claim rows of one or many articles (none edited at review) with one executemany, then their
    `created` events with one INSERT ... SELECT: a group of articles costs two statements, not two each."""
    if rows:
        session.execute(_INSERT_CLAIMS, rows)
        session.execute(_CREATED_EVENTS, {"article_ids": article_ids, "actor": actor, "at": now})


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
