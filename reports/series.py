"""Time series for charts: quarters from the first to the last with a result, gaps kept so the axis is honest time."""

from __future__ import annotations

from reports.model import QuarterPoint


def scored_quarters(points: list[QuarterPoint], limit: int | None = None) -> list[QuarterPoint]:
    """Every quarter between the first and the last with a scored claim (empty ones included), the latest `limit`."""
    scored = [p for p in points if p.outcomes.scored]
    if not scored:
        return []
    known = {(p.year, p.quarter): p for p in points}
    first, last = scored[0], scored[-1]
    year, quarter, series = first.year, first.quarter, []
    while (year, quarter) <= (last.year, last.quarter):
        series.append(known.get((year, quarter), QuarterPoint(year, quarter)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return series[-limit:] if limit else series
