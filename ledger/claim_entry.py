"""Claims written by an analyst, not found by the extractor: the same checks extraction's output meets.

Used by `ledger claims add` (a claim stored by hand) and by `ingest --review` (an extracted
claim edited before it is stored). Every field error names the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, or_, select

from ledger.deadline_input import Deadline, read_deadline
from ledger.errors import Conflict, LedgerError, NotFound
from ledger.models import KINDS, PRECISIONS, Article, Claim, ClaimEvent, utcnow


@dataclass(frozen=True)
class HandClaim:
    """What the analyst typed for a new claim (strings as given; checked by `checked_fields`)."""

    kind: str
    quote: str
    deadline: str
    precision: str | None = None
    condition: str | None = None
    probability: str | None = None
    attributed_to: str | None = None
    hedge: str | None = None


def find_article(session: Session, reference: str) -> Article:
    """An article in the ledger by its id or by the URL it was published or fetched at."""
    reference = reference.strip()
    if reference.isdigit():
        article = session.get(Article, int(reference))
        if article is None:
            raise NotFound(f"no article with id {reference}")
        return article
    if not re.match(r"(?i)^https?://\S+$", reference):
        raise LedgerError(f"--article: {reference!r} is neither an article id nor an http(s) URL")
    found = session.exec(
        select(Article).where(or_(Article.url == reference, Article.source == reference)).order_by(Article.id)
    ).first()
    if found is None:
        raise NotFound(f"no article from {reference} is in the ledger: `ledger ingest {reference}` stores it first")
    return found


def locate_quote(text: str, quote: str) -> tuple[int, int]:
    """Where the quote is in the article text, allowing for line breaks and runs of spaces."""
    quote = " ".join((quote or "").split())
    if not quote:
        raise LedgerError("quote: give the words of the claim as the article writes them")
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    loose = re.compile(r"\s+".join(re.escape(word) for word in quote.split()))
    match = loose.search(text)
    if match is None:
        raise LedgerError(f"quote: {_short(quote)!r} does not occur in the article's text")
    return match.start(), match.end()


def read_probability(value: str | float | None, *, field: str = "probability") -> float | None:
    """A stated probability as 0..1, from "0.7", "70%" or "70 percent"; None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().lower()
    percent = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)", text)
    try:
        number = float(percent.group(1)) / 100 if percent else float(text)
    except ValueError:
        raise LedgerError(f"{field}: {value!r} is not a probability (0..1 or a percentage such as 70%)") from None
    if not 0 <= number <= 1:
        raise LedgerError(f"{field}: {value!r} is outside 0..1")
    return number


def checked_kind(kind: str) -> str:
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        raise LedgerError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    return kind


def checked_deadline(text: str, published: date, precision: str | None) -> Deadline:
    deadline = read_deadline(text, published)
    if precision:
        if precision not in PRECISIONS:
            raise LedgerError(f"precision: {precision!r} is not one of {', '.join(PRECISIONS)}")
        deadline = Deadline(deadline.value, precision, deadline.expression)
    return deadline


def optional_text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def add_claim_by_hand(
    session: Session, article: Article, given: HandClaim, *, actor: str, reason: str | None = None
) -> Claim:
    """Check the fields and store the claim with a `created` event; raises LedgerError naming the field."""
    kind = checked_kind(given.kind)
    start, end = locate_quote(article.text, given.quote)
    if article.published is None:
        raise LedgerError(f"article {article.id} has no publication date to count the deadline from")
    deadline = checked_deadline(given.deadline, article.published, given.precision)
    probability = read_probability(given.probability)
    existing = session.exec(
        select(Claim.id).where(Claim.article_id == article.id, Claim.span_start == start, Claim.span_end == end, Claim.kind == kind)
    ).first()
    if existing is not None:
        raise Conflict(f"that quote is already claim {existing} of article {article.id}; see `ledger claims show {existing}`")
    now = utcnow()
    claim = Claim(
        article_id=article.id, kind=kind, quote=article.text[start:end], span_start=start, span_end=end,
        deadline=deadline.value, precision=deadline.precision, deadline_expression=deadline.expression,
        condition=optional_text(given.condition), probability=probability, hedge=optional_text(given.hedge),
        attributed_to=optional_text(given.attributed_to) or "publication", status="open", created_at=now, created_by=actor,
    )
    session.add(claim)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"article {article.id} got the same claim from someone else at the same moment") from None
    session.add(ClaimEvent(
        claim_id=claim.id, kind="created", actor=actor, at=now, reason=optional_text(reason) or "added by hand",
    ))
    session.flush()
    return claim


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
