"""The pure parts: page names, hedge matching, Wilson intervals, quarter series, the Brier decomposition."""

from __future__ import annotations

import pytest

from ledger.scorecard_hedges import HedgeMapping
from reports.model import BrierScore, CalibrationBin, Outcomes, QuarterPoint, wilson_interval
from reports.naming import page_names, slugify
from reports.series import scored_quarters


def test_page_names_are_safe_unique_and_stable():
    names = ["Ward & Pulse", "Ward / Pulse", "../../etc/passwd", "Índex", "index", "", "Café Society"]
    pages = page_names(names)
    assert len(set(pages.values())) == len(names)
    for page in pages.values():
        assert page.endswith(".html") and "/" not in page and not page.startswith(".")
        assert page != "index.html"
    assert pages["Café Society"] == "cafe-society.html"
    assert pages["../../etc/passwd"] == "etc-passwd.html"
    assert page_names(["Ward & Pulse", "Ward / Pulse"]) == {k: pages[k] for k in ("Ward & Pulse", "Ward / Pulse")}
    assert slugify("") == "publication"


@pytest.mark.parametrize(
    "wording, phrase",
    [
        ("likely", "likely"), ("Very likely", "very likely"), ("highly unlikely", "highly unlikely"),
        ("Likelihood: unlikely", "unlikely"), ("probably not", "probably not"), ("may", "may"),
        (None, "will"), ("", "will"), ("in all likelihood", None), ("mayday", None),
    ],
)
def test_hedge_wording_maps_to_the_longest_phrase_it_contains(wording, phrase):
    assert HedgeMapping().phrase_for(wording) == phrase


def test_wilson_interval_known_value():
    # 8 of 10: the textbook 95% Wilson interval is about 0.490 to 0.943
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_quarter_series_keeps_empty_quarters_between_results():
    points = [QuarterPoint(2024, 3, 2, Outcomes(correct=1)), QuarterPoint(2025, 2, 1, Outcomes(incorrect=1)),
              QuarterPoint(2026, 1, 3)]
    series = scored_quarters(points)
    assert [p.label for p in series] == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert scored_quarters([QuarterPoint(2026, 1, 3)]) == []


def test_decomposition_is_exact_for_binary_outcomes_with_one_forecast_per_bin():
    # All forecasts in a bin equal and outcomes 0/1: BS = REL - RES + UNC exactly.
    bins = [CalibrationBin(0.2, 0.3, 4, 4 * 0.2, 1), CalibrationBin(0.8, 0.9, 5, 5 * 0.8, 4)]
    squared = 1 * 0.8**2 + 3 * 0.2**2 + 4 * 0.2**2 + 1 * 0.8**2
    brier = BrierScore.from_bins(bins, squared)
    assert brier.score == pytest.approx(squared / 9)
    assert brier.reliability - brier.resolution + brier.uncertainty == pytest.approx(brier.score)
