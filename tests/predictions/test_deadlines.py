"""Every row of the CLAIMS.md deadline table, and the edges that came up in annotation.

Sentences are written fresh for these tests, across fields (sport, politics, health,
climate, finance), so the rules are checked as grammar, not as any article's wording.
"""

from datetime import date

import pytest

from predictions import extract_claims

P = date(2026, 5, 12)  # a Tuesday in the second quarter


def only_claim(text, published=P, **kwargs):
    claims = extract_claims(text, published, **kwargs)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize("sentence, deadline, precision", [
    # by / in / during / through / before the end of YEAR
    ("The league will expand to 20 clubs by the end of 2027.", "2027-12-31", "year"),
    ("Turnout will pass 70% in 2027.", "2027-12-31", "year"),
    ("Measles cases will fall below 100 a year by 2027.", "2027-12-31", "year"),
    ("Sea ice will keep shrinking during 2027.", "2027-12-31", "year"),
    ("Rents will keep rising through 2027.", "2027-12-31", "year"),
    ("The bank will raise rates before the end of 2027.", "2027-12-31", "year"),
    # before YEAR; until YEAR
    ("The stadium will not open before 2028.", "2027-12-31", "year"),
    ("The merger will be delayed until 2028.", "2027-12-31", "year"),
    # quarters
    ("Copper will trade above $12,000 in Q3 2026.", "2026-09-30", "quarter"),
    ("Unemployment will peak in the fourth quarter of 2026.", "2026-12-31", "quarter"),
    ("The airline will return to profit in 4Q26.", "2026-12-31", "quarter"),
    # halves
    ("The vaccine will be approved in H1 2027.", "2027-06-30", "half"),
    ("The vaccine will be approved in the first half of 2027.", "2027-06-30", "half"),
    ("The new line will open by mid-2027.", "2027-06-30", "half"),
    ("Exports will recover in H2 2027.", "2027-12-31", "half"),
    ("Exports will recover in the second half of 2027.", "2027-12-31", "half"),
    ("The club will be sold in late 2027.", "2027-12-31", "half"),
    # end of year, early year
    ("Inflation will be back at target at the end of 2026.", "2026-12-31", "year"),
    ("We set a year-end target of 5,200 for the index.", "2026-12-31", "year"),
    ("The treaty will be ratified by early 2027.", "2027-04-30", "year"),
    # months
    ("The strike will end by March 2027.", "2027-03-31", "month"),
    ("The minister will resign by October.", "2026-10-31", "month"),
    ("The minister will resign by March.", "2027-03-31", "month"),
    # seasons
    ("The reservoir will be full by spring 2027.", "2027-05-31", "season"),
    ("The transfer will go through in summer 2027.", "2027-08-31", "season"),
    ("A new coach will be in place by autumn 2027.", "2027-11-30", "season"),
    ("A new coach will be in place by fall 2027.", "2027-11-30", "season"),
    ("Gas prices will spike in winter 2027.", "2028-02-29", "season"),
    ("Gas prices will spike in winter 2026.", "2027-02-28", "season"),
    ("Hospital admissions will peak this winter.", "2027-02-28", "season"),
    # this year / next year
    ("The party will win the by-election this year.", "2026-12-31", "year"),
    ("House prices will fall next year.", "2027-12-31", "year"),
    ("House prices will fall by the end of next year.", "2027-12-31", "year"),
    # quarters counted from publication
    ("The central bank will cut rates this quarter.", "2026-06-30", "quarter"),
    ("The central bank will cut rates next quarter.", "2026-09-30", "quarter"),
    ("The central bank will cut rates within two quarters.", "2026-12-31", "quarter"),
    # spans from publication
    ("The coach will be sacked within 30 days.", "2026-06-11", "relative"),
    ("The coach will be sacked within six weeks.", "2026-06-23", "relative"),
    ("The coach will be sacked in the next 18 months.", "2027-11-12", "relative"),
    ("Emissions will fall over the next three years.", "2029-05-12", "relative"),
    ("Fusion will power a city in the next decade.", "2036-05-12", "relative"),
    ("Fusion will power a city within a decade.", "2036-05-12", "relative"),
    ("Fusion will power a city five years from now.", "2031-05-12", "relative"),
    ("The union will call a strike by the end of the month.", "2026-05-31", "month"),
    ("The ferry will be back in service by Christmas.", "2026-12-25", "day"),
    ("The ferry will be sold by end-2027.", "2027-12-31", "year"),
    ("Prices will fall over the coming year.", "2027-05-12", "relative"),
    ("Prices will fall within the next month.", "2026-06-12", "relative"),
    ("Prices will fall in a year's time.", "2027-05-12", "relative"),
    ("Prices will fall in two years' time.", "2028-05-12", "relative"),
    # the decade
    ("Self-driving lorries will be legal by the end of the decade.", "2029-12-31", "decade"),
    ("Self-driving lorries will be legal before the decade is out.", "2029-12-31", "decade"),
    # exact dates
    ("The bill will pass by June 30, 2026.", "2026-06-30", "day"),
    ("The rover will land on 2026-07-01.", "2026-07-01", "day"),
    ("The ballot will be held by October 1.", "2026-10-01", "day"),
    ("The final will be decided on 14 June 2026.", "2026-06-14", "day"),
    ("The deal will close before June 30, 2026.", "2026-06-29", "day"),
    # no time given
    ("The regulator will approve the merger.", "2027-05-12", "default"),
    ("The regulator will soon approve the merger.", "2027-05-12", "default"),
    ("Eventually, the regulator will approve the merger.", "2027-05-12", "default"),
    ("In the coming years, the regulator will approve more mergers.", "2027-05-12", "default"),
    # ranges take their far end
    ("The franchise will relocate in 2027 or 2028.", "2028-12-31", "year"),
    ("Prices will double over the next 12 to 18 months.", "2027-11-12", "relative"),
    ("The franchise will relocate by 2027-28.", "2028-12-31", "year"),
])
def test_deadline_table(sentence, deadline, precision):
    claim = only_claim(sentence)
    assert (claim.deadline.isoformat(), claim.precision) == (deadline, precision)


def test_deadline_expression_is_kept_as_written():
    claim = only_claim("The new line will open by mid-2027.")
    assert claim.deadline_expression == "by mid-2027"
    assert only_claim("The regulator will approve the merger.").deadline_expression is None


def test_month_clamped_at_month_end():
    claim = only_claim("The striker will be sold within six months.", published=date(2025, 8, 31))
    assert claim.deadline == date(2026, 2, 28)
    claim = only_claim("The striker will be sold within six months.", published=date(2023, 8, 31))
    assert claim.deadline == date(2024, 2, 29)  # a leap year keeps its 29th


def test_year_end_rollover_for_a_month_without_year():
    claim = only_claim("Borrowing costs will fall by January.", published=date(2026, 12, 15))
    assert claim.deadline == date(2027, 1, 31)
    claim = only_claim("Borrowing costs will fall by December.", published=date(2026, 12, 15))
    assert claim.deadline == date(2026, 12, 31)  # the period under way still counts


def test_a_period_that_ended_before_publication_is_kept():
    claim = only_claim("By the end of 2024, the ministry will publish its review.", published=date(2025, 3, 1))
    assert claim.deadline == date(2024, 12, 31)


def test_default_horizon_spans_a_leap_day_in_days():
    claim = only_claim("Other cities will copy the scheme.", published=date(2023, 11, 27))
    assert claim.deadline == date(2024, 11, 26)  # 365 days, not one calendar year


def test_month_only_publication_counts_from_the_first():
    claim = only_claim("The coalition will collapse within 30 days.", published=date(2026, 5, 17),
                       published_precision="month")
    assert claim.deadline == date(2026, 5, 31)


def test_heading_year_is_inherited_by_list_items():
    text = "Our predictions for 2027\n\n1. The club will win the cup by spring.\n2. The coach will leave.\n"
    claims = extract_claims(text, date(2026, 12, 20))
    assert [(c.deadline.isoformat(), c.precision) for c in claims] == [("2027-05-31", "season"), ("2027-12-31", "year")]


def test_an_item_with_its_own_time_ignores_the_heading_year():
    text = "Forecasts for 2027\n\n- Glaciers will lose a tenth of their mass within five years.\n"
    claim = extract_claims(text, P)[0]
    assert (claim.deadline, claim.precision) == (date(2031, 5, 12), "relative")


def test_a_rule_stated_once_applies_to_every_list_item_without_a_time():
    text = ("Unless stated otherwise, each prediction is about the end of next year.\n\n"
            "- The governor will veto the budget.\n- Turnout will fall below 50% by March 2027.\n")
    claims = extract_claims(text, P)
    assert [c.deadline.isoformat() for c in claims] == ["2027-12-31", "2027-03-31"]


def test_condition_dates_do_not_set_the_deadline():
    claim = only_claim("If the union strikes in November, the minister will resign by the end of the year.")
    assert claim.deadline == date(2026, 12, 31)
    assert claim.condition == "the union strikes in November"


def test_comparisons_and_asides_do_not_set_the_deadline():
    claim = only_claim("Turnout will beat 2018 levels, up from 41% in 2022.")
    assert claim.precision == "default"
    claim = only_claim("The summit, which opens on 3 June, will end without a deal by the end of the month.")
    assert claim.deadline != date(2026, 6, 3)


def test_verdicts_are_reviewed_at_the_verdict_horizon():
    from predictions import ExtractionOptions

    text = "Stadium sale review\n\nThe verdict\n\nThe club's decision to sell its stadium in March was a costly mistake.\n"
    claim = extract_claims(text, P, ExtractionOptions(default_horizon_days=365, verdict_horizon_days=180))[0]
    assert (claim.kind, claim.deadline, claim.precision) == ("verdict", date(2026, 11, 8), "default")
