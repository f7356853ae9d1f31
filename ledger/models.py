"""The ledger's tables.

Claims and resolutions are history: a resolution is never edited, a new one
supersedes it; every change to a claim is a ClaimEvent naming who and when.
A claim's `status` and `deadline` are its current state, kept beside that
history so the due query stays one indexed UPDATE; `ledger db check` verifies
they agree with it.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

KINDS = ("prediction", "verdict")
PRECISIONS = ("day", "month", "quarter", "half", "season", "year", "decade", "relative", "default")
STATUSES = ("open", "due", "resolved", "void", "rejected")
OUTCOMES = ("correct", "incorrect", "partial", "void")
EVENT_KINDS = (
    "created",
    "flagged_due",
    "resolved",
    "re_resolved",
    "deadline_changed",
    "rejected",
)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _stamp() -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=False)


class Publication(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(300), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    url: str | None = Field(default=None, max_length=2000, index=True)
    source: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=300)
    published: date | None = None
    published_precision: str = Field(default="day", max_length=10)
    format: str = Field(max_length=10)
    content_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    text: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    fetched_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    created_by: str = Field(max_length=200)


class Claim(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("article_id", "span_start", "span_end", "kind", name="uq_claim_span"),
        sa.Index("ix_claim_status_deadline", "status", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    kind: str = Field(max_length=20)
    quote: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    span_start: int | None = None
    span_end: int | None = None
    deadline: date
    precision: str = Field(max_length=20)
    deadline_expression: str | None = Field(default=None, max_length=500)
    condition: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    probability: float | None = None
    hedge: str | None = Field(default=None, max_length=200)
    attributed_to: str = Field(default="publication", max_length=300, index=True)
    status: str = Field(default="open", max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    created_by: str = Field(max_length=200)


class Resolution(SQLModel, table=True):
    """An answer to a claim. Append-only: an amendment is a new row whose `supersedes_id` names the old one.

    The unique indexes keep each chain linear even when two analysts answer at once:
    only one first answer per claim, and only one successor per answer.
    """

    __table_args__ = (
        sa.Index(
            "uq_resolution_first",
            "claim_id",
            unique=True,
            sqlite_where=sa.text("supersedes_id IS NULL"),
            postgresql_where=sa.text("supersedes_id IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    outcome: str = Field(max_length=20)
    evidence_url: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    resolver: str = Field(max_length=200)
    resolved_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    supersedes_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.Integer, sa.ForeignKey("resolution.id"), unique=True)
    )


class ClaimEvent(SQLModel, table=True):
    """The audit trail: what happened to a claim, who did it, when and why."""

    __tablename__ = "claim_event"

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    kind: str = Field(max_length=30)
    actor: str = Field(max_length=200)
    at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    old_value: str | None = Field(default=None, max_length=200)
    new_value: str | None = Field(default=None, max_length=200)
    resolution_id: int | None = Field(default=None, foreign_key="resolution.id")


class Feed(SQLModel, table=True):
    """A publication's RSS or Atom feed, polled with conditional GET."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=sa.Column(sa.String(2000), nullable=False, unique=True))
    publication_id: int | None = Field(default=None, foreign_key="publication.id")
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=200)
    last_polled_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    last_status: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    created_by: str = Field(max_length=200)
    removed_at: datetime | None = Field(default=None, sa_column=sa.Column(sa.DateTime(timezone=True)))
    removed_by: str | None = Field(default=None, max_length=200)


class Delivery(SQLModel, table=True):
    """One weekly scorecard email: written in the same transaction that records it sent, so it goes once."""

    __table_args__ = (sa.UniqueConstraint("recipient", "publications_key", "iso_week", name="uq_delivery"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=320)
    publications_key: str = Field(max_length=2000)  # sorted names joined by "\n", or "*" for all
    iso_week: str = Field(max_length=10)  # "2026-W22"
    status: str = Field(max_length=20)  # sending, sent, deferred (retry next run), failed (refused for good)
    attempts: int = 0
    message_id: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
