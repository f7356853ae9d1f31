"""`ledger report --json` against figures worked out by hand from the known ledger (conftest.py)."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pytest

from tests.reports.known_data import TODAY, known_ledger  # noqa: F401 (a fixture)


def report_json(ledger, *args) -> dict:
    result = ledger.run("report", "--json", "--today", TODAY.isoformat(), *args)
    return json.loads(result.stdout)


def by_name(data: dict) -> dict:
    return {p["name"]: p for p in data["publications"]}


def wilson(successes: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = successes / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = (z / (1 + z**2 / n)) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def test_counts_outcomes_and_accuracy_follow_current_resolutions(known_ledger):
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    # c16 is rejected: out of everything. c2 was amended from incorrect to correct: counted once, as correct.
    assert alpha["claims"] == 15
    assert alpha["open"] == 1  # c13
    assert alpha["due"] == 2  # c14 (5 days waiting) and c15 (overdue)
    assert alpha["overdue"] == 1
    assert alpha["resolved"] == 12
    assert alpha["outcomes"] == {"correct": 6, "incorrect": 4, "partial": 1, "void": 1}
    assert alpha["accuracy"] == pytest.approx((6 + 0.5 * 1) / (12 - 1))
    # First answers within 30 days of coming due: all but c3 (100 days late); the window
    # has closed for the 12 resolved and the 1 overdue claim.
    assert alpha["on_time"] == 11
    assert alpha["on_time_share"] == pytest.approx(11 / 13)


def test_brier_score_and_calibration_bin_by_hand(known_ledger):
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    # (p, outcome) of the scored claims that stated a probability; c7 (void) is left out.
    scored = [(0.05, 0), (0.72, 1), (0.78, 0), (0.75, 0.5), (0.9, 1), (1.0, 1)]
    assert alpha["brier_n"] == 6
    assert alpha["brier"] == pytest.approx(sum((p - o) ** 2 for p, o in scored) / 6)
    assert alpha["brier"] == pytest.approx(0.7618 / 6)

    bins = alpha["calibration"]
    assert [(b["low"], b["high"]) for b in bins] == [(i / 10, (i + 1) / 10) for i in range(10)]
    seventy = bins[7]  # [0.7, 0.8): c2 correct, c3 incorrect, c4 partial
    assert seventy["n"] == 3
    assert seventy["mean_forecast"] == pytest.approx((0.72 + 0.78 + 0.75) / 3)
    assert seventy["observed"] == pytest.approx((1 + 0 + 0.5) / 3)
    low, high = wilson(1.5, 3)
    assert (seventy["ci_low"], seventy["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert bins[9]["n"] == 2 and bins[9]["observed"] == 1.0  # 0.9 and 1.0 (the last bin includes 1.0)
    assert bins[0]["n"] == 1 and bins[0]["observed"] == 0.0
    assert [b["n"] for b in bins[1:7]] == [0] * 6 and bins[3]["observed"] is None


def test_murphy_decomposition_over_bins(known_ledger):
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    groups = {0: [(0.05, 0)], 7: [(0.72, 1), (0.78, 0), (0.75, 0.5)], 9: [(0.9, 1), (1.0, 1)]}
    n = 6
    base = sum(o for g in groups.values() for _, o in g) / n
    rel = sum(len(g) * (sum(p for p, _ in g) / len(g) - sum(o for _, o in g) / len(g)) ** 2 for g in groups.values()) / n
    res = sum(len(g) * (sum(o for _, o in g) / len(g) - base) ** 2 for g in groups.values()) / n
    assert alpha["reliability"] == pytest.approx(rel)
    assert alpha["resolution"] == pytest.approx(res)
    assert alpha["uncertainty"] == pytest.approx(base * (1 - base))


def test_sources_authors_kinds_horizons_and_quarters(known_ledger):
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    sources = {s["name"]: s for s in alpha["sources"]}
    assert sources["Jane Roe"]["claims"] == 2
    assert sources["Jane Roe"]["outcomes"] == {"correct": 0, "incorrect": 1, "partial": 0, "void": 0}
    assert sources["Jane Roe"]["accuracy"] == 0.0
    assert sources["publication"]["claims"] == 13
    assert [a["name"] for a in alpha["authors"]] == ["Ann Writer"]
    kinds = {k["name"]: k for k in alpha["by_kind"]}
    assert kinds["verdict"]["claims"] == 1 and kinds["verdict"]["accuracy"] == 1.0
    assert kinds["prediction"]["claims"] == 14
    horizons = {h["name"]: h["claims"] for h in alpha["by_horizon"]}
    # Published 2024-01-10: c1 (81 days) is under 6 months; c3 (721), c13 and c14 over 18; the rest,
    # c15 (387 days) included, 6-18.
    assert horizons == {"under 6 months": 1, "6–18 months": 11, "over 18 months": 3}
    quarters = {q["quarter"]: q for q in alpha["by_quarter"]}
    assert quarters["2024-Q1"]["accuracy"] == 0.0
    assert quarters["2025-Q4"]["outcomes"]["incorrect"] == 1


def test_confidence_implied_by_wording_is_separate_from_brier(known_ledger):
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    rows = {r["phrase"]: r for r in alpha["implied_by_wording"]}
    assert rows["likely"]["implied"] == 0.75 and rows["likely"]["observed"] == 1.0
    assert rows["very likely"]["implied"] == 0.9 and rows["very likely"]["wordings"] == ["very likely"]
    assert rows["may"]["uninformative"] is True and rows["likely"]["uninformative"] is False
    # plain statements: c10 correct and c12 incorrect scored; c13, c14, c15 not yet
    assert rows["will"]["implied"] == 1.0 and rows["will"]["claims"] == 5 and rows["will"]["n"] == 2
    assert rows["will"]["observed"] == 0.5
    assert sum(r["claims"] for r in rows.values()) == 15 - 7  # the claims with a stated probability are not here


def test_hedge_mapping_comes_from_config(known_ledger):
    config = known_ledger.config_path
    config.write_text(
        config.read_text() + '\n[hedges]\nsource = "house survey"\nuninformative = []\n[hedges.phrases]\nlikely = 0.6\n'
    )
    data = report_json(known_ledger)
    rows = {r["phrase"]: r for r in by_name(data)["Alpha Weekly"]["implied_by_wording"]}
    assert rows["likely"]["implied"] == 0.6
    assert "very likely" not in rows  # "Very likely" contains "likely": the longest phrase in the mapping wins
    assert rows["likely"]["wordings"] == ["likely", "very likely"]
    assert rows["wording not in the mapping"]["implied"] is None  # "will" and "may" are not in this mapping
    assert data["method"]["hedge_source"] == "house survey"


def test_bad_hedge_config_is_one_line_error(known_ledger):
    config = known_ledger.config_path
    config.write_text(config.read_text() + "\n[hedges.phrases]\nlikely = 75\n")
    result = known_ledger.run("report", "--json", expect_exit=1)
    assert "[hedges.phrases] 'likely' must be a probability from 0 to 1" in result.stderr


def test_json_contract_names_and_nulls(known_ledger):
    data = report_json(known_ledger)
    assert set(data) >= {"generated_at", "period", "publications"}
    for pub in data["publications"]:
        assert set(pub) >= {"name", "claims", "open", "due", "resolved", "outcomes", "accuracy", "brier", "brier_n",
                            "calibration", "sources"}
        assert set(pub["outcomes"]) == {"correct", "incorrect", "partial", "void"}
        for b in pub["calibration"]:
            assert set(b) >= {"low", "high", "n", "mean_forecast", "observed"}
    gamma = by_name(data)["Gamma Gazette"]
    assert gamma["resolved"] == 0 and gamma["accuracy"] is None and gamma["brier"] is None and gamma["brier_n"] == 0
    # league order: accuracy, highest first; no accuracy last
    assert [p["name"] for p in data["publications"]] == ["Beta Review", "Alpha Weekly", "Gamma Gazette"]


def test_period_and_publication_filters(known_ledger):
    data = report_json(known_ledger, "--since", "2025-01-01")
    assert data["period"]["since"] == "2025-01-01" and data["period"]["until"] is None
    pubs = by_name(data)
    assert pubs["Alpha Weekly"]["claims"] == 0  # its article is from 2024
    assert pubs["Beta Review"]["claims"] == 2
    only = report_json(known_ledger, "--publication", "Beta Review", "--until", "2025-12-31")
    assert [p["name"] for p in only["publications"]] == ["Beta Review"]
    missing = known_ledger.run("report", "--publication", "Nope", expect_exit=1)
    assert "no publication named 'Nope'" in missing.stderr
    backwards = known_ledger.run("report", "--since", "2026-01-01", "--until", "2025-01-01", expect_exit=1)
    assert "is after --until" in backwards.stderr


def test_lists_are_bounded_and_count_the_rest(known_ledger):
    config = known_ledger.config_path
    config.write_text(config.read_text() + "\n[reports]\nlist_limit = 2\n")
    alpha = by_name(report_json(known_ledger))["Alpha Weekly"]
    resolved = alpha["resolved_claims"]
    assert resolved["total"] == 12 and len(resolved["items"]) == 2
    # most recently resolved first: c3 (100 days after coming due on 2026-01-01) is the latest
    assert resolved["items"][0]["id"] == known_ledger.ids["c3"]
    amended = [i for i in by_name(report_json(known_ledger))["Alpha Weekly"]["resolved_claims"]["items"]]
    assert all(i["resolver"].startswith("Resolver ") for i in amended)
    due = alpha["due_claims"]
    assert due["total"] == 2 and [i["id"] for i in due["items"]] == [known_ledger.ids["c15"], known_ledger.ids["c14"]]
    assert [i["status"] for i in due["items"]] == ["overdue", "due"]


def test_writes_pages_and_says_where(known_ledger, tmp_path):
    out = tmp_path / "site"
    result = known_ledger.run("report", "--out", out, "--today", TODAY.isoformat())
    names = sorted(p.name for p in out.glob("*.html"))
    assert names == ["alpha-weekly.html", "beta-review.html", "gamma-gazette.html", "index.html"]
    for name in names:
        assert str(out / name) in result.stdout
    default = known_ledger.run("report")
    assert (known_ledger.root / "reports-out" / "index.html").exists()
    assert str(known_ledger.root / "reports-out") in default.stdout


def test_horizon_buckets_at_their_edges(ledger):
    """6 months is 183 days and 18 months 548, counted from the publication day; no date is its own bucket."""
    from tests.reports.known_data import Spec, store_publication

    published = date(2024, 1, 10)
    days = {"minus": -10, "d182": 182, "d183": 183, "d547": 547, "d548": 548, "d2000": 2000}
    store_publication(ledger.engine, "Edge Times", [Spec(key, published + timedelta(days=n)) for key, n in days.items()],
                      published=published, author="Ed", title="Edges")
    store_publication(ledger.engine, "Undated Post", [Spec("u1", date(2025, 1, 1))], published=None, author="Un",
                      title="No date")
    cards = by_name(report_json(ledger))
    assert {h["name"]: h["claims"] for h in cards["Edge Times"]["by_horizon"]} == {
        "under 6 months": 2, "6–18 months": 2, "over 18 months": 2}
    assert {h["name"]: h["claims"] for h in cards["Undated Post"]["by_horizon"]} == {"unknown": 1}
