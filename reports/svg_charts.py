"""Geometry of the pages' inline SVG charts; the markup itself is in templates (autoescaped like everything else)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.formatting import pct
from reports.model import CalibrationBin, QuarterPoint


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class CalibrationPoint:
    cx: float
    cy: float
    r: float
    ci_top: float | None
    ci_bottom: float | None
    label: str  # tooltip and screen-reader text


@dataclass(frozen=True)
class CalibrationChart:
    width: int
    height: int
    left: float
    top: float
    size: float
    ticks: list[Tick]
    points: list[CalibrationPoint]
    summary: str

    @property
    def right(self) -> float:
        return self.left + self.size

    @property
    def bottom(self) -> float:
        return self.top + self.size


@dataclass(frozen=True)
class Column:
    x: float
    width: float
    y: float
    height: float
    label: str
    value_label: str
    show_label: bool
    empty: bool
    description: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: list[Tick]
    columns: list[Column]
    reference_y: float | None  # the overall accuracy, as a dashed line
    reference_label: str
    summary: str = ""
    notes: list[str] = field(default_factory=list)


def calibration_chart(bins: list[CalibrationBin], width: int = 360) -> CalibrationChart:
    left, top, size = 52.0, 16.0, width - 52.0 - 16.0
    ticks = [Tick(i / 5, pct(i / 5)) for i in range(6)]
    largest = max((b.n for b in bins), default=0) or 1
    points = []
    for b in bins:
        if not b.n:
            continue
        interval = b.interval
        points.append(CalibrationPoint(
            cx=left + size * b.mean_forecast, cy=top + size * (1 - b.observed), r=3.5 + 7.5 * (b.n / largest) ** 0.5,
            ci_top=top + size * (1 - interval[1]) if interval else None,
            ci_bottom=top + size * (1 - interval[0]) if interval else None,
            label=f"{pct(b.low)}\u2013{pct(b.high)}: said {pct(b.mean_forecast)} on average, "
                  f"{pct(b.observed)} came true (n={b.n})",
        ))
    summary = "; ".join(p.label for p in points) or "no resolved claims with a stated probability"
    return CalibrationChart(width, int(top + size + 44), left, top, size, ticks, points, summary)


def quarter_chart(points: list[QuarterPoint], overall: float | None, width: int = 900, height: int = 260) -> ColumnChart:
    left, right, top, bottom = 46.0, width - 10.0, 18.0, height - 40.0
    y_ticks = [Tick(bottom - (bottom - top) * level, pct(level)) for level in (0, 0.25, 0.5, 0.75, 1)]
    columns = []
    slot = (right - left) / max(len(points), 1)
    every = max(1, round(len(points) / 8))
    for i, point in enumerate(points):
        value, n = point.accuracy, point.outcomes.scored
        bar_height = 0.0 if value is None else max((bottom - top) * value, 1.5)
        columns.append(Column(
            x=left + i * slot + slot * 0.15, width=slot * 0.7, y=bottom - bar_height, height=bar_height,
            label=point.label, value_label=f"n={n}" if n else "", show_label=i % every == 0 or i == len(points) - 1,
            empty=value is None,
            description=f"{point.label}: {pct(value)} of {n} scored" if n else f"{point.label}: nothing scored",
        ))
    reference = None if overall is None else bottom - (bottom - top) * overall
    summary = "; ".join(c.description for c in columns if not c.empty) or "no resolved claims yet"
    return ColumnChart(width, height, left, right, top, bottom, y_ticks, columns, reference,
                       f"overall {pct(overall)}", summary)
