"""Calendar periods and their arithmetic: the one place that knows month lengths, quarters and seasons."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}  # first and last month


@dataclass(frozen=True)
class Period:
    """A stretch of the calendar named by a time expression, with the precision it was named at."""

    start: date
    end: date
    precision: str  # day, month, quarter, half, season, year, decade
    value: str | None = None  # a TimeML value to report instead of the computed one ("late 2006" is "2006")

    @property
    def timeml(self) -> str:
        if self.value:
            return self.value
        s = self.start
        if self.precision == "day":
            return s.isoformat()
        if self.precision == "month":
            return f"{s.year:04d}-{s.month:02d}"
        if self.precision == "quarter":
            return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
        if self.precision == "half":
            return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
        if self.precision == "season":
            code = next(k for k, (first, _) in SEASONS.items() if first == s.month)
            return f"{s.year:04d}-{code}"
        if self.precision == "decade":
            return f"{s.year // 10:03d}"
        return f"{s.year:04d}"


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day(year: int, month: int, dom: int) -> Period | None:
    try:
        d = date(year, month, dom)
    except ValueError:
        return None
    return Period(d, d, "day")


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), date(year, m, last_day(year, m)), "month")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period(date(year, first, 1), date(year, first + 2, last_day(year, first + 2)), "quarter")


def half(year: int, h: int) -> Period:
    return Period(date(year, 1 if h == 1 else 7, 1), date(year, 6, 30) if h == 1 else date(year, 12, 31), "half")


def season(year: int, code: str) -> Period:
    """Winter YEAR runs from December of YEAR into February of YEAR+1 (leap years included)."""
    first, last = SEASONS[code]
    end_year = year + 1 if code == "WI" else year
    return Period(date(year, first, 1), date(end_year, last, last_day(end_year, last)), "season")


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year")


def decade(first_year: int) -> Period:
    first_year -= first_year % 10
    return Period(date(first_year, 1, 1), date(first_year + 9, 12, 31), "decade")


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(d: date, n: int) -> date:
    """Calendar months later, clamped to the month's end (Aug 31 + 6 months = Feb 28)."""
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    m += 1
    return date(y, m, min(d.day, last_day(y, m)))


def add_years(d: date, n: int) -> date:
    y = d.year + n
    return date(y, d.month, min(d.day, last_day(y, d.month)))


def add_span(d: date, amount: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=amount)
    if unit == "week":
        return d + timedelta(weeks=amount)
    if unit == "month":
        return add_months(d, amount)
    if unit == "quarter":
        return add_months(d, 3 * amount)
    if unit == "year":
        return add_years(d, amount)
    if unit == "decade":
        return add_years(d, 10 * amount)
    raise ValueError(unit)
