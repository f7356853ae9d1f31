"""Reading claims: lists with filters, one claim with its whole story."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session, select

from ledger.errors import NotFound
from ledger.models import Article, Claim, ClaimEvent, Publication, Resolution


@dataclass(frozen=True)
class ClaimRow:
    """A claim as lists and scripts see it (`claims list --json`: these names are a public contract)."""

    id: int
    kind: str
    quote: str
    deadline: date
    precision: str
    condition: str | None
    probability: float | None
    attributed_to: str
    status: str
    article_id: int
    publication: str

    def to_json(self) -> dict:
        data = asdict(self)
        data["deadline"] = self.deadline.isoformat()
        return data


@dataclass(frozen=True)
class ClaimStory:
    claim: Claim
    article: Article
    publication: str
    resolutions: list[Resolution]  # oldest first; the last is current
    events: list[ClaimEvent]  # oldest first

    @property
    def current_resolution(self) -> Resolution | None:
        return self.resolutions[-1] if self.resolutions else None


def claim_rows(
    session: Session,
    *,
    publication: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    due_before: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    oldest_first: bool = False,
) -> list[ClaimRow]:
    query = (
        select(Claim, Publication.name)
        .join(Article, Article.id == Claim.article_id)
        .join(Publication, Publication.id == Article.publication_id)
    )
    if publication:
        query = query.where(Publication.name == publication)
    if status:
        query = query.where(Claim.status == status)
    if kind:
        query = query.where(Claim.kind == kind)
    if due_before:
        query = query.where(Claim.deadline < due_before)
    order = (Claim.deadline, Claim.id) if oldest_first else (Claim.id,)
    query = query.order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [_row(claim, name) for claim, name in session.exec(query)]


def _row(claim: Claim, publication: str) -> ClaimRow:
    return ClaimRow(
        id=claim.id, kind=claim.kind, quote=claim.quote, deadline=claim.deadline, precision=claim.precision,
        condition=claim.condition, probability=claim.probability, attributed_to=claim.attributed_to,
        status=claim.status, article_id=claim.article_id, publication=publication,
    )


def claim_story(session: Session, claim_id: int) -> ClaimStory:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim with id {claim_id}")
    article = session.get(Article, claim.article_id)
    publication = session.get(Publication, article.publication_id)
    resolutions = resolution_chain(session, claim_id)
    events = list(session.exec(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.at, ClaimEvent.id)))
    return ClaimStory(claim, article, publication.name, resolutions, events)


def resolution_chain(session: Session, claim_id: int) -> list[Resolution]:
    """The claim's resolutions in order, first answer to current, following `supersedes` links."""
    rows = list(session.exec(select(Resolution).where(Resolution.claim_id == claim_id)))
    successor = {row.supersedes_id: row for row in rows}
    chain, current = [], successor.get(None)
    while current is not None:
        chain.append(current)
        current = successor.get(current.id)
    return chain


def paragraph_around(text: str, start: int | None, end: int | None) -> tuple[str, int, int]:
    """The paragraph holding a span, and the span's place inside it, for showing a quote in context."""
    if start is None or end is None:
        return "", 0, 0
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    finish = len(text) if finish < 0 else finish
    return text[begin:finish], start - begin, end - begin


def count_claims(session: Session, *, status: str | None = None, publication: str | None = None) -> int:
    from sqlalchemy import func

    query = select(func.count(Claim.id)).join(Article, Article.id == Claim.article_id)
    if publication:
        query = query.join(Publication, Publication.id == Article.publication_id).where(Publication.name == publication)
    if status:
        query = query.where(Claim.status == status)
    return session.exec(query).one()
