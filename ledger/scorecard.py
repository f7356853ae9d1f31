"""Scorecards from the ledger: the figures `reports` renders as pages, JSON and the weekly email.

`build_report` is the one way figures are computed; `weekly_email_data` wraps the
same scorecards with the week's newly due claims. Settings come from config.toml
`[reports]` (on_time_days, list_limit) and `[hedges]` (the wording mapping).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlmodel import Session

from ledger import scorecard_lists as lists
from ledger import scorecard_sql as sql
from ledger import scorecard_tally
from ledger.scorecard_split import Split, split_pass
from ledger.errors import LedgerError, NotFound
from ledger.scorecard_hedges import HedgeConfigError, HedgeMapping, mapping_from_config
from reports.model import (
    HORIZONS, BrierScore, CalibrationBin, ClaimList, HedgeRow, Method, Outcomes, Period, QuarterPoint,
    Scorecard, ScorecardReport, Tally, WeeklyEmail,
)
from reports.naming import page_names

KIND_ORDER = ("prediction", "verdict")


@dataclass(frozen=True)
class Settings:
    on_time_days: int = 30
    list_limit: int = 50
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    hedges: HedgeMapping = field(default_factory=HedgeMapping)
    split_from_claims: int = 200_000  # see scorecard_split; negative: never

    @property
    def method(self) -> Method:
        return Method(self.on_time_days, self.list_limit, self.hedges.source)


def settings_from_config(config) -> Settings:
    """[reports] on_time_days / list_limit and [hedges], checked, with the config's time zone."""
    section = config.section("reports")
    values = {}
    for key, default, least in (("on_time_days", 30, 0), ("list_limit", 50, 0), ("split_from_claims", 200_000, -1)):
        value = section.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise LedgerError(f"{config.path}: [reports] {key} must be a whole number, {least} or more")
        values[key] = value
    try:
        hedges = mapping_from_config(config.section("hedges"), str(config.path))
    except HedgeConfigError as exc:
        raise LedgerError(str(exc)) from None
    return Settings(values["on_time_days"], values["list_limit"], config.timezone, hedges, values["split_from_claims"])


def _tally(label: str, counts) -> Tally:
    claims, open_, due, overdue, correct, incorrect, partial, void, on_time = (int(c or 0) for c in counts)
    return Tally(label, claims, open_, due, overdue, Outcomes(correct, incorrect, partial, void), on_time)


def _labelled(label, tally: Tally) -> Tally:
    return Tally(str(label), tally.claims, tally.open, tally.due, tally.overdue, tally.outcomes, tally.on_time)


def _by_claims(tallies: list[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda t: (-t.claims, t.label.casefold()))


def _calibration(rows: list[tuple]) -> tuple[list[CalibrationBin], BrierScore]:
    found = {index: row for index, *row in rows}
    bins, squared = [], 0.0
    for i in range(10):
        n, p_sum, o_sum, sq = found.get(i, (0, 0.0, 0.0, 0.0))
        bins.append(CalibrationBin(i / 10, (i + 1) / 10, int(n), float(p_sum or 0), float(o_sum or 0)))
        squared += float(sq or 0)
    return bins, BrierScore.from_bins(bins, squared)


def _hedge_rows(entries: list[tuple], mapping: HedgeMapping) -> list[HedgeRow]:
    merged: dict[str | None, tuple[Tally, set[str]]] = {}
    for wording, counts in entries:
        phrase = mapping.phrase_for(wording or None)
        tally, wordings = merged.get(phrase, (Tally(""), set()))
        merged[phrase] = (tally + counts, wordings | {wording or "(no hedge)"})
    rows = []
    for phrase, (tally, wordings) in merged.items():
        rows.append(HedgeRow(
            phrase=phrase if phrase is not None else "wording not in the mapping",
            implied=mapping.phrases.get(phrase) if phrase is not None else None,
            uninformative=phrase in mapping.uninformative, claims=tally.claims, outcomes=tally.outcomes,
            wordings=tuple(sorted(wordings)),
        ))
    return sorted(rows, key=lambda r: (r.implied is None, -(r.implied or 0), r.phrase))


def _league_order(card: Scorecard):
    accuracy = card.totals.accuracy
    return (accuracy is None, -(accuracy or 0), -card.totals.resolved, card.name.casefold())


def build_report(
    session: Session,
    *,
    settings: Settings,
    today: date,
    publications: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    generated_at: datetime | None = None,
) -> ScorecardReport:
    """Every scorecard in scope, league-table order (accuracy, then resolved count). Reads only; never commits.

    Every figure comes from one snapshot of the ledger; on a large ledger the session's transaction is opened
    here, shared with a second process that counts half the claims (scorecard_split).
    """
    scope = sql.Scope(today, settings.on_time_days, publications, since, until)
    with split_pass(session, scope, settings.split_from_claims) as split:
        all_names = sql.publication_names(session)
        if publications is not None:
            missing = sorted(set(publications) - set(all_names.values()))
            if missing:
                raise NotFound(f"no publication named {', '.join(repr(m) for m in missing)}")
        pages = page_names(sorted(all_names.values()))
        wanted = {i: n for i, n in all_names.items() if publications is None or n in publications}
        with sql.scored_claims(session, scope):
            cards = _scorecards(session, scope, wanted, pages, settings, split)
    period = Period(as_of=today, since=since, until=until)
    stamp = generated_at or datetime.now(timezone.utc).astimezone(settings.timezone)
    return ScorecardReport(stamp, period, settings.method, sorted(cards, key=_league_order))


def _scorecards(session: Session, scope: sql.Scope, names: dict[int, str], pages: dict[str, str],
                settings: Settings, split: Split) -> list[Scorecard]:
    """Every table a page shows, from the tallies (who said it; what kind, how far ahead, how worded,
    when due), the calibration bins and the bounded claim lists."""
    tallies = scorecard_tally.tallies(session, scope, split)
    calibration: dict[int, list[tuple]] = {}
    for pub_id, *row in sql.calibration_rows(session, scope):
        calibration.setdefault(pub_id, []).append(tuple(row))
    limit = settings.list_limit
    resolved_lists = lists.latest_resolved(session, scope, names, limit)
    due_lists = lists.longest_waiting(session, scope, names, limit)
    cards = []
    for pub_id, name in names.items():
        counts = tallies.totals.get(pub_id)
        total = _tally(name, counts) if counts else Tally(name)
        first, last = tallies.made.get(pub_id, (None, None))
        bins, brier = _calibration(calibration.get(pub_id, []))
        kind_rows = sorted(_tallied(tallies.kinds, pub_id),
                           key=lambda e: ((KIND_ORDER + (e[0],)).index(e[0]), e[0]))
        cards.append(Scorecard(
            name=name, page=pages[name], totals=total, brier=brier, calibration=bins,
            hedges=_hedge_rows(_tallied(tallies.wordings, pub_id), settings.hedges),
            sources=_by_claims([_labelled(k, t) for k, t in _tallied(tallies.sources, pub_id)]),
            authors=_by_claims([_labelled(k, t) for k, t in _tallied(tallies.authors, pub_id)]),
            by_kind=[_labelled(k, t) for k, t in kind_rows],
            by_horizon=[_labelled(HORIZONS[k], t) for k, t in _tallied(tallies.horizons, pub_id)],
            by_quarter=[QuarterPoint(year, quarter, t.claims, t.outcomes)
                        for (year, quarter), t in _tallied(tallies.quarters, pub_id)],
            due_claims=ClaimList(due_lists.get(pub_id, []), total.due),
            resolved_claims=ClaimList(resolved_lists.get(pub_id, []), total.resolved),
            first_published=first, last_published=last,
        ))
    return cards


def _tallied(breakdown: dict[int, list[tuple]], pub_id: int) -> list[tuple]:
    """[(label, Tally)] of one publication, labels in order."""
    return [(label, _tally("", counts)) for label, counts in breakdown.get(pub_id, [])]


def weekly_email_data(
    session: Session,
    *,
    publications: list[str] | None,
    week: str,
    today: date,
    report_base_url: str | None,
    settings: Settings | None = None,
) -> WeeklyEmail:
    """The week's email: scorecards of `publications` (None = all) as of `today`, and the claims flagged due that week.

    Pass `settings=settings_from_config(config)` to use config.toml's time zone, [reports] and [hedges].
    """
    settings = settings or Settings()
    try:
        monday, sunday = lists.week_bounds(week)
    except ValueError as exc:
        raise LedgerError(str(exc)) from None
    report = build_report(session, settings=settings, today=today, publications=publications)
    items, total = lists.newly_due(
        session, publications=publications, week=week, tz=settings.timezone, today=today,
        on_time_days=settings.on_time_days, limit=settings.list_limit,
    )
    return WeeklyEmail(
        week=week, period=report.period, generated_at=report.generated_at, method=report.method,
        scorecards=report.publications, newly_due=ClaimList(items, total), report_base_url=report_base_url,
        week_start=monday, week_end=sunday,
    )
