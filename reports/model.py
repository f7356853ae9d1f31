"""Scorecard data: what the ledger computes and every report (HTML page, JSON, email) renders.

Plain frozen dataclasses with no database behind them, so `reports` never needs
`ledger`. Counts are stored; rates (accuracy, shares) are derived properties so a
page and `ledger report --json` can never disagree about them.

Definitions (also shown in each page's notes):
- A claim's outcome is that of its current resolution (the last of its chain).
- claims: every claim not rejected. open: unresolved, deadline not yet passed.
  due: unresolved and past its deadline (it came due the day after).
  overdue: due and still unresolved more than `on_time_days` after coming due.
- accuracy = (correct + 0.5 × partial) / (resolved − void); None when that is 0.
- on time: the first answer came within `on_time_days` of the claim coming due
  (or before). on_time_share = on time / (resolved + overdue): the claims whose
  window has been decided, one way or the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

OUTCOME_NAMES = ("correct", "incorrect", "partial", "void")
HORIZONS = ("under 6 months", "6–18 months", "over 18 months", "unknown")


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Outcomes:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    void: int = 0

    @property
    def resolved(self) -> int:
        return self.correct + self.incorrect + self.partial + self.void

    @property
    def scored(self) -> int:
        """Resolved claims that count towards accuracy (void ones do not)."""
        return self.correct + self.incorrect + self.partial

    @property
    def accuracy(self) -> float | None:
        return ratio(self.correct + 0.5 * self.partial, self.scored)

    def __add__(self, other: Outcomes) -> Outcomes:
        return Outcomes(*(getattr(self, n) + getattr(other, n) for n in OUTCOME_NAMES))

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in OUTCOME_NAMES}


@dataclass(frozen=True)
class Tally:
    """Counts for one group of claims: a publication, a source, an author, a kind or a horizon."""

    label: str
    claims: int = 0
    open: int = 0
    due: int = 0
    overdue: int = 0
    outcomes: Outcomes = field(default_factory=Outcomes)
    on_time: int = 0

    @property
    def resolved(self) -> int:
        return self.outcomes.resolved

    @property
    def accuracy(self) -> float | None:
        return self.outcomes.accuracy

    @property
    def on_time_share(self) -> float | None:
        return ratio(self.on_time, self.resolved + self.overdue)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.label, self.claims + other.claims, self.open + other.open, self.due + other.due,
            self.overdue + other.overdue, self.outcomes + other.outcomes, self.on_time + other.on_time,
        )

    def to_json(self) -> dict:
        return {
            "name": self.label, "claims": self.claims, "open": self.open, "due": self.due,
            "overdue": self.overdue, "resolved": self.resolved, "outcomes": self.outcomes.to_json(),
            "accuracy": self.accuracy, "on_time": self.on_time, "on_time_share": self.on_time_share,
        }


def wilson_interval(successes: float, n: int, z: float = 1.959964) -> tuple[float, float] | None:
    """95% Wilson score interval for a proportion; partial outcomes count as half a success."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class CalibrationBin:
    """Resolved claims whose stated (or implied) probability falls in [low, high); the last bin includes 1.0."""

    low: float
    high: float
    n: int = 0
    forecast_sum: float = 0.0
    outcome_sum: float = 0.0  # correct = 1, partial = 0.5, incorrect = 0

    @property
    def mean_forecast(self) -> float | None:
        return ratio(self.forecast_sum, self.n)

    @property
    def observed(self) -> float | None:
        return ratio(self.outcome_sum, self.n)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.outcome_sum, self.n)

    def to_json(self) -> dict:
        interval = self.interval
        return {
            "low": self.low, "high": self.high, "n": self.n, "mean_forecast": self.mean_forecast,
            "observed": self.observed, "ci_low": interval[0] if interval else None,
            "ci_high": interval[1] if interval else None,
        }


@dataclass(frozen=True)
class BrierScore:
    """Brier score of stated probabilities with its Murphy decomposition over the 10 calibration bins.

    With binned forecasts (and half-credit partials) BS = REL − RES + UNC holds only
    approximately: the within-bin spread of forecasts and outcomes is left out.
    """

    n: int = 0
    score: float | None = None
    reliability: float | None = None
    resolution: float | None = None
    uncertainty: float | None = None

    @classmethod
    def from_bins(cls, bins: list[CalibrationBin], squared_error_sum: float) -> BrierScore:
        n = sum(b.n for b in bins)
        if n == 0:
            return cls()
        base_rate = sum(b.outcome_sum for b in bins) / n
        reliability = sum(b.n * (b.mean_forecast - b.observed) ** 2 for b in bins if b.n) / n
        resolution = sum(b.n * (b.observed - base_rate) ** 2 for b in bins if b.n) / n
        return cls(n, squared_error_sum / n, reliability, resolution, base_rate * (1 - base_rate))

    def to_json(self) -> dict:
        return {
            "brier": self.score, "brier_n": self.n, "reliability": self.reliability,
            "resolution": self.resolution, "uncertainty": self.uncertainty,
        }


@dataclass(frozen=True)
class HedgeRow:
    """Claims without a stated probability, grouped by the confidence their wording implies."""

    phrase: str  # the mapped phrase ("likely"); "will (no hedge)" for plain statements
    implied: float | None  # from config [hedges]; None when the phrase is not in the mapping
    uninformative: bool  # may/might/could: spread over a quarter of the scale
    claims: int = 0
    outcomes: Outcomes = field(default_factory=Outcomes)
    wordings: tuple[str, ...] = ()  # the phrases as written that were mapped here

    @property
    def observed(self) -> float | None:
        return self.outcomes.accuracy

    @property
    def interval(self) -> tuple[float, float] | None:
        o = self.outcomes
        return wilson_interval(o.correct + 0.5 * o.partial, o.scored)

    def to_json(self) -> dict:
        return {
            "phrase": self.phrase, "implied": self.implied, "uninformative": self.uninformative,
            "claims": self.claims, "n": self.outcomes.scored, "observed": self.observed,
            "outcomes": self.outcomes.to_json(), "wordings": list(self.wordings),
        }


@dataclass(frozen=True)
class QuarterPoint:
    """Accuracy of the claims whose deadline fell in one calendar quarter."""

    year: int
    quarter: int
    claims: int = 0
    outcomes: Outcomes = field(default_factory=Outcomes)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def accuracy(self) -> float | None:
        return self.outcomes.accuracy

    def to_json(self) -> dict:
        return {
            "quarter": self.label, "claims": self.claims, "resolved": self.outcomes.resolved,
            "outcomes": self.outcomes.to_json(), "accuracy": self.accuracy,
        }


@dataclass(frozen=True)
class ResolutionInfo:
    outcome: str
    evidence_url: str | None
    resolver: str
    resolved_at: datetime
    note: str | None = None
    amended: bool = False  # the current answer superseded an earlier one


@dataclass(frozen=True)
class ClaimItem:
    """One claim as a page or an email lists it. Every text field is untrusted article text."""

    id: int
    kind: str
    quote: str
    deadline: date
    status: str  # open, due, overdue, resolved
    publication: str
    attributed_to: str
    article_title: str | None = None
    article_url: str | None = None
    published: date | None = None
    probability: float | None = None
    hedge: str | None = None
    resolution: ResolutionInfo | None = None

    def to_json(self) -> dict:
        data = {
            "id": self.id, "kind": self.kind, "quote": self.quote, "deadline": self.deadline.isoformat(),
            "status": self.status, "publication": self.publication, "attributed_to": self.attributed_to,
            "article_title": self.article_title, "article_url": self.article_url,
            "published": self.published.isoformat() if self.published else None,
            "probability": self.probability, "hedge": self.hedge,
        }
        if self.resolution is not None:
            r = self.resolution
            data.update(outcome=r.outcome, evidence_url=r.evidence_url, resolver=r.resolver,
                        resolved_at=r.resolved_at.isoformat(), note=r.note, amended=r.amended)
        return data


@dataclass(frozen=True)
class ClaimList:
    """The first `len(items)` of `total` claims: pages list a bounded number and count the rest."""

    items: list[ClaimItem] = field(default_factory=list)
    total: int = 0

    @property
    def rest(self) -> int:
        return self.total - len(self.items)

    def to_json(self) -> dict:
        return {"total": self.total, "items": [item.to_json() for item in self.items]}


@dataclass(frozen=True)
class Period:
    """Which claims a report covers: those made (article published) between since and until, as of a day."""

    as_of: date
    since: date | None = None
    until: date | None = None

    def label(self) -> str:
        if self.since and self.until:
            return f"claims made {self.since.isoformat()} to {self.until.isoformat()}"
        if self.since:
            return f"claims made since {self.since.isoformat()}"
        if self.until:
            return f"claims made up to {self.until.isoformat()}"
        return "all claims"

    def to_json(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "as_of": self.as_of.isoformat(),
        }


@dataclass(frozen=True)
class Method:
    """Settings that change figures; pages print them in their notes."""

    on_time_days: int = 30
    list_limit: int = 50
    hedge_source: str = ""


@dataclass(frozen=True)
class Scorecard:
    """Everything one publication's page shows."""

    name: str
    page: str  # file name of its page ("harbor-street.html"), the same in every report and email
    totals: Tally
    brier: BrierScore = field(default_factory=BrierScore)
    calibration: list[CalibrationBin] = field(default_factory=list)  # always 10 bins
    hedges: list[HedgeRow] = field(default_factory=list)
    sources: list[Tally] = field(default_factory=list)
    authors: list[Tally] = field(default_factory=list)
    by_kind: list[Tally] = field(default_factory=list)
    by_horizon: list[Tally] = field(default_factory=list)
    by_quarter: list[QuarterPoint] = field(default_factory=list)
    due_claims: ClaimList = field(default_factory=ClaimList)  # longest waiting first
    resolved_claims: ClaimList = field(default_factory=ClaimList)  # most recently resolved first
    first_published: date | None = None
    last_published: date | None = None

    def to_json(self) -> dict:
        data = self.totals.to_json()
        data["name"] = self.name
        data["page"] = self.page
        data.update(self.brier.to_json())
        data["calibration"] = [b.to_json() for b in self.calibration]
        data["implied_by_wording"] = [h.to_json() for h in self.hedges]
        data["sources"] = [s.to_json() for s in self.sources]
        data["authors"] = [a.to_json() for a in self.authors]
        data["by_kind"] = [k.to_json() for k in self.by_kind]
        data["by_horizon"] = [h.to_json() for h in self.by_horizon]
        data["by_quarter"] = [q.to_json() for q in self.by_quarter]
        data["due_claims"] = self.due_claims.to_json()
        data["resolved_claims"] = self.resolved_claims.to_json()
        data["first_published"] = self.first_published.isoformat() if self.first_published else None
        data["last_published"] = self.last_published.isoformat() if self.last_published else None
        return data


@dataclass(frozen=True)
class ScorecardReport:
    """All publications' scorecards for one period: what `ledger report` renders and prints as JSON."""

    generated_at: datetime
    period: Period
    method: Method
    publications: list[Scorecard]

    @property
    def overall(self) -> Tally:
        total = Tally("All publications")
        for card in self.publications:
            total = total + card.totals
        return Tally("All publications", total.claims, total.open, total.due, total.overdue, total.outcomes, total.on_time)

    def to_json(self) -> dict:
        return {
            "generated_at": self.generated_at.isoformat(),
            "period": self.period.to_json(),
            "method": {"on_time_days": self.method.on_time_days, "list_limit": self.method.list_limit,
                       "hedge_source": self.method.hedge_source},
            "publications": [card.to_json() for card in self.publications],
        }


@dataclass(frozen=True)
class WeeklyEmail:
    """One week's scorecard email: the scorecards of the subscribed publications and what came due that week."""

    week: str  # ISO week, "2026-W22"
    period: Period
    generated_at: datetime
    method: Method
    scorecards: list[Scorecard]
    newly_due: ClaimList  # claims flagged due during the week (ClaimEvent 'flagged_due')
    report_base_url: str | None = None
    week_start: date | None = None  # Monday of the week
    week_end: date | None = None  # Sunday of the week


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str  # inline styles only; charts as <img src="cid:...">
    images: list[tuple[str, bytes]]  # (Content-ID without angle brackets, PNG bytes)
