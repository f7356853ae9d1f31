"""The HTML scorecards: index.html (a league table) and one self-contained page per publication.

Each page carries its CSS inline and its charts as inline SVG, fetches nothing,
and allows exactly one script (the optional click-to-sort, by its hash in the
page's Content-Security-Policy), so text from an article can never run as code
even if it got past escaping.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from reports.env import render
from reports.formatting import pct
from reports.model import Method, Period, Scorecard, ScorecardReport, Tally
from reports.series import scored_quarters
from reports.svg_charts import CalibrationChart, ColumnChart, calibration_chart, quarter_chart

INDEX = "index.html"


@lru_cache(maxsize=1)
def sort_script() -> str:
    return resources.files("reports").joinpath("templates/sort.js").read_text(encoding="utf-8")


def content_security_policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    generated_at: datetime
    period: Period
    method: Method
    index_href: str
    csp: str
    script: Markup


@dataclass(frozen=True)
class IndexPage:
    meta: PageMeta
    cards: list[Scorecard]
    overall: Tally
    first_published: date | None
    last_published: date | None


@dataclass(frozen=True)
class PublicationPage:
    meta: PageMeta
    card: Scorecard
    rank: int | None
    ranked: int
    calibration_chart: CalibrationChart
    quarter_chart: ColumnChart
    table_limit: int = 25  # rows of the sources and authors tables; the rest are counted


def _meta(report: ScorecardReport, title: str, description: str) -> PageMeta:
    script = sort_script()
    return PageMeta(
        title=title, description=description, generated_at=report.generated_at, period=report.period,
        method=report.method, index_href=INDEX, csp=content_security_policy(script), script=Markup(script),
    )


def index_page(report: ScorecardReport) -> str:
    overall = report.overall
    firsts = [c.first_published for c in report.publications if c.first_published]
    lasts = [c.last_published for c in report.publications if c.last_published]
    description = f"Accuracy of {len(report.publications)} publications' predictions: {pct(overall.accuracy)} overall."
    page = IndexPage(
        meta=_meta(report, "Publication scorecards \u2014 the prediction ledger", description),
        cards=report.publications, overall=overall,
        first_published=min(firsts) if firsts else None, last_published=max(lasts) if lasts else None,
    )
    return render(INDEX, page)


def publication_page(report: ScorecardReport, card: Scorecard) -> str:
    ranked = [c for c in report.publications if c.totals.accuracy is not None]
    rank = next((i for i, c in enumerate(ranked, 1) if c.name == card.name), None)
    totals = card.totals
    description = (
        f"{card.name}: {pct(totals.accuracy)} accurate over {totals.outcomes.scored} scored claims; "
        f"{totals.claims} claims tracked."
    )
    page = PublicationPage(
        meta=_meta(report, f"{card.name} \u2014 scorecard", description), card=card, rank=rank,
        ranked=len(ranked), calibration_chart=calibration_chart(card.calibration),
        quarter_chart=quarter_chart(scored_quarters(card.by_quarter, limit=40), totals.accuracy),
    )
    return render("publication.html", page)


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a reader never opens a half-written page."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_report(report: ScorecardReport, out_dir: Path) -> list[Path]:
    """Write index.html and every publication's page into out_dir; returns the paths, index first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / INDEX]
    _write(written[0], index_page(report))
    for card in report.publications:
        path = out_dir / card.page
        _write(path, publication_page(report, card))
        written.append(path)
    return written
