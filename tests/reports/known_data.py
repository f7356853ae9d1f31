"""A ledger with known claims and resolutions, for checking scorecard figures by hand (the `known_ledger` fixture).

Built with the real store and resolving functions (so probabilities, hedges,
sources and resolution times are exactly what the test says), in one real
database per test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import pytest

from predictions import ArticleDraft, ClaimDraft

TODAY = date(2026, 6, 15)


@dataclass(frozen=True)
class Spec:
    """One claim and what happens to it."""

    key: str
    deadline: date
    probability: float | None = None
    hedge: str | None = None
    outcome: str | None = None  # current outcome
    resolved_days_after_due: int = 10  # when the (first) answer came, counted from the day it came due
    first_outcome: str | None = None  # an earlier answer that was amended to `outcome`
    kind: str = "prediction"
    source: str = "publication"
    reject: bool = False


ALPHA = [
    Spec("c1", date(2024, 3, 31), probability=0.05, outcome="incorrect"),
    Spec("c2", date(2024, 12, 31), probability=0.72, outcome="correct", first_outcome="incorrect"),
    Spec("c3", date(2025, 12, 31), probability=0.78, outcome="incorrect", resolved_days_after_due=100),
    Spec("c4", date(2024, 12, 31), probability=0.75, outcome="partial"),
    Spec("c5", date(2024, 12, 31), probability=0.9, outcome="correct", kind="verdict"),
    Spec("c6", date(2024, 12, 31), probability=1.0, outcome="correct", resolved_days_after_due=-20),
    Spec("c7", date(2024, 12, 31), probability=0.3, outcome="void"),
    Spec("c8", date(2024, 12, 31), hedge="likely", outcome="correct"),
    Spec("c9", date(2024, 12, 31), hedge="Very likely", outcome="incorrect"),
    Spec("c10", date(2024, 12, 31), outcome="correct"),
    Spec("c11", date(2024, 12, 31), hedge="may", outcome="correct"),
    Spec("c12", date(2024, 12, 31), outcome="incorrect", source="Jane Roe"),
    Spec("c13", date(2027, 1, 1), source="Jane Roe"),
    Spec("c14", TODAY - timedelta(days=5)),
    Spec("c15", date(2025, 1, 31)),
    Spec("c16", date(2024, 12, 31), reject=True),
]
BETA = [Spec("b1", date(2025, 9, 30), outcome="correct"), Spec("b2", date(2025, 9, 30))]
GAMMA = [Spec("g1", date(2027, 6, 30)), Spec("g2", date(2026, 1, 31))]


def _article(text_lines: list[str], title: str, published: date, author: str, url: str) -> tuple[ArticleDraft, list[tuple[int, int]]]:
    text, spans = "", []
    for line in text_lines:
        start = len(text)
        text += line
        spans.append((start, len(text)))
        text += "\n\n"
    return ArticleDraft(text=text, format="txt", title=title, author=author, published=published, url=url), spans


def store_publication(engine, name: str, specs: list[Spec], *, published: date, author: str, title: str,
                      quote=lambda spec: f"Claim {spec.key} will come true by its deadline.", url: str | None = None) -> dict[str, int]:
    """Store one article with a claim per spec, then its resolutions and rejections; returns claim ids by key."""
    from sqlmodel import select

    from ledger.db import transaction
    from ledger.models import Claim
    from ledger.resolving import Answer, reject_claim, resolve
    from ledger.store import add_article

    draft, spans = _article([quote(s) for s in specs], title, published, author, url or f"https://news.example/{name}")
    claims = [
        ClaimDraft(kind=s.kind, quote=quote(s), start=a, end=b, deadline=s.deadline, precision="day",
                   probability=s.probability, hedge=s.hedge, attributed_to=s.source)
        for s, (a, b) in zip(specs, spans)
    ]
    with transaction(engine) as session:
        article_id = add_article(session, draft=draft, publication=name, claims=claims, actor="tester")
        ids = {s.key: c.id for s, c in zip(specs, session.exec(select(Claim).where(Claim.article_id == article_id).order_by(Claim.id)))}
    for spec in specs:
        with transaction(engine) as session:
            if spec.reject:
                reject_claim(session, ids[spec.key], actor="tester", reason="not a claim")
            if spec.outcome is None:
                continue
            came_due = spec.deadline + timedelta(days=1)
            at = datetime.combine(came_due + timedelta(days=spec.resolved_days_after_due), time(12), timezone.utc)
            for n, outcome in enumerate(filter(None, (spec.first_outcome, spec.outcome))):
                evidence = None if outcome == "void" else f"https://evidence.example/{spec.key}/{n}"
                answer = Answer(outcome, evidence, f"note on {spec.key}", f"Resolver {spec.key}")
                resolve(session, ids[spec.key], answer, today=TODAY, amend=n > 0, force=True, at=at + timedelta(days=200 * n))
    return ids


@pytest.fixture
def known_ledger(ledger):
    """Alpha Weekly (16 claims, hand-checkable figures), Beta Review (one resolved), Gamma Gazette (none resolved)."""
    ids = store_publication(ledger.engine, "Alpha Weekly", ALPHA, published=date(2024, 1, 10), author="Ann Writer",
                            title="Alpha's calls")
    ids |= store_publication(ledger.engine, "Beta Review", BETA, published=date(2025, 3, 1), author="Bo Critic",
                             title="Beta's calls")
    ids |= store_publication(ledger.engine, "Gamma Gazette", GAMMA, published=date(2025, 6, 1), author="Gil Writer",
                             title="Gamma's calls")
    ledger.ids = ids
    return ledger
