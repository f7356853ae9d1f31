"""The weekly scorecard email: subject, plain text, HTML with inline styles, and PNG charts by Content-ID.

Render only: building the MIME message and sending belong to the ledger's mail module.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports import png_charts
from reports.env import render
from reports.formatting import pct
from reports.series import scored_quarters
from reports.model import Outcomes, QuarterPoint, RenderedEmail, Scorecard, Tally, WeeklyEmail

CID_PUBLICATIONS = "accuracy-by-publication@scorecard"
CID_QUARTERS = "accuracy-by-quarter@scorecard"


@dataclass(frozen=True)
class EmailContext:
    data: WeeklyEmail
    subject: str
    overall: Tally
    cards: list[Scorecard]
    quarters: list[QuarterPoint]
    index_url: str | None
    page_urls: dict[str, str]
    cid_publications: str
    cid_quarters: str


def _overall(cards: list[Scorecard]) -> Tally:
    total = Tally("All publications")
    for card in cards:
        total = total + card.totals
    return total


def _quarters(cards: list[Scorecard]) -> list[QuarterPoint]:
    """Accuracy by quarter of deadline over all the email's publications."""
    merged: dict[tuple[int, int], tuple[int, Outcomes]] = {}
    for card in cards:
        for point in card.by_quarter:
            claims, outcomes = merged.get((point.year, point.quarter), (0, Outcomes()))
            merged[(point.year, point.quarter)] = (claims + point.claims, outcomes + point.outcomes)
    points = [QuarterPoint(y, q, c, o) for (y, q), (c, o) in sorted(merged.items())]
    return scored_quarters(points, limit=16)


def subject_line(data: WeeklyEmail, overall: Tally) -> str:
    cards = data.scorecards
    who = cards[0].name if len(cards) == 1 else f"{len(cards)} publications"
    if overall.accuracy is None:
        headline = f"{who}: no claims scored yet"
    else:
        headline = f"{who}: {pct(overall.accuracy)} accurate ({overall.outcomes.scored:,} scored)"
    due = data.newly_due.total
    return f"Scorecard {data.week}: {headline} \u00b7 {due:,} newly due"


def _url(base: str | None, page: str) -> str | None:
    return None if not base else base.rstrip("/") + "/" + page


def render_weekly_email(data: WeeklyEmail) -> RenderedEmail:
    overall = _overall(data.scorecards)
    quarters = _quarters(data.scorecards)
    context = EmailContext(
        data=data, subject=subject_line(data, overall), overall=overall, cards=data.scorecards,
        quarters=quarters, index_url=_url(data.report_base_url, "index.html"),
        page_urls={c.name: _url(data.report_base_url, c.page) for c in data.scorecards},
        cid_publications=CID_PUBLICATIONS, cid_quarters=CID_QUARTERS,
    )
    bars = [(c.name, c.totals.accuracy, c.totals.outcomes.scored) for c in data.scorecards]
    columns = [(p.label, p.accuracy, p.outcomes.scored) for p in quarters]
    images = [
        (CID_PUBLICATIONS, png_charts.accuracy_bars(bars)),
        (CID_QUARTERS, png_charts.accuracy_columns(columns)),
    ]
    return RenderedEmail(
        subject=context.subject, text=render("email.txt", context), html=render("email.html", context), images=images,
    )
