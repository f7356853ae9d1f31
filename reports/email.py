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
CHART_BARS = 12  # the chart shows the league's top; the table above it lists every publication


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
    chart_cards: list[Scorecard]


def _overall(cards: list[Scorecard]) -> Tally:
    total = Tally("All publications")
    for card in cards:
        total = total + card.totals
    return total


def _quarters(cards: list[Scorecard]) -> list[QuarterPoint]:
    """Accuracy by quarter of deadline over all the email's publications (plain sums: this runs on every send)."""
    merged: dict[tuple[int, int], list[int]] = {}
    for card in cards:
        for p in card.by_quarter:
            o = p.outcomes
            sums = merged.setdefault((p.year, p.quarter), [0, 0, 0, 0, 0])
            sums[0] += p.claims
            sums[1] += o.correct
            sums[2] += o.incorrect
            sums[3] += o.partial
            sums[4] += o.void
    points = [QuarterPoint(y, q, s[0], Outcomes(*s[1:])) for (y, q), s in sorted(merged.items())]
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
        cid_publications=CID_PUBLICATIONS, cid_quarters=CID_QUARTERS, chart_cards=data.scorecards[:CHART_BARS],
    )
    bars = [(c.name, c.totals.accuracy, c.totals.outcomes.scored) for c in data.scorecards[:CHART_BARS]]
    columns = [(p.label, p.accuracy, p.outcomes.scored) for p in quarters]
    images = [
        (CID_PUBLICATIONS, png_charts.accuracy_bars(bars)),
        (CID_QUARTERS, png_charts.accuracy_columns(columns)),
    ]
    return RenderedEmail(
        subject=context.subject, text=render("email.txt", context), html=render("email.html", context), images=images,
    )
