"""Styles beyond the dev corpus: titles before names, short names, odds in words, verdicts without a label,
logistics and confirmed schedules that are not claims. Fresh sentences from several fields."""

from datetime import date

import pytest

from predictions import extract_claims

P = date(2026, 3, 10)
TITLE = "A report from the week\n\n"


def claims(body, published=P):
    return extract_claims(TITLE + body, published)


def only(body, published=P):
    found = claims(body, published)
    assert len(found) == 1, found
    return found[0]


# -- who said it -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, who", [
    ("Finance Minister Ana Petrov expects the deficit to narrow to 2% next year.", "Ana Petrov"),
    ("Chief Financial Officer Marta Vale said she expects margins to widen in 2027.", "Marta Vale"),
    ("Head Coach Liam Ferris expects his side to win the league by May.", "Liam Ferris"),
    ("Dr. Ingrid Holm of the Nordic Polar Institute, who reviewed the survey, expects the ice shelf to break up "
     "by 2035.", "Ingrid Holm"),
    ("Volcanologist Sara Mendes has watched the crater for a decade. Mendes also told reporters she expects an "
     "eruption within six months.", "Sara Mendes"),
    # Organisations keep the name the sentence uses; only people are traced to their full name.
    ("Kestrel Freightways reported a loss in 2025. Kestrel expects to return to profit by 2028.", "Kestrel"),
    ("The State Department of Agriculture puts the chance of a drought this summer at 30%.",
     "State Department of Agriculture"),
    ("Meet Harrow United's Tomas Brandt. Brandt expects to be fit again within three weeks.", "Tomas Brandt"),
    ("Professor Hugo Lind at Westbury University predicts that tuition will rise 10% by 2028.", "Hugo Lind"),
])
def test_named_sources_by_full_name(body, who):
    assert only(body).attributed_to == who


@pytest.mark.parametrize("body", [
    "I'd put the odds of a rate cut in June at one in three.",
    "We'd give the bill a one-in-five shot of passing before the summer recess.",
    "Northern Europe will see record rainfall this autumn.",
    "The Atacama Deep Telescope will see first light in 2029.",
    "Harbour City will host the final in 2028, and the stadium will sell out.",
])
def test_first_person_and_plain_subjects_are_the_publication(body):
    assert all(c.attributed_to == "publication" for c in claims(body))
    assert claims(body)


# -- odds in words, restated calls, reported expectations ------------------------------------------

@pytest.mark.parametrize("body, probability", [
    ("It is fifty-fifty whether the strike ends before the end of the year.", 0.5),
    ("I'd say it's eighty percent likely that the vaccine is approved within a year.", 0.8),
    ("There is a seventy-five percent chance the river floods this spring.", 0.75),
])
def test_probabilities_written_in_words(body, probability):
    assert only(body).probability == probability


def test_a_restated_call_is_a_claim():
    claim = only("We stand by our call that the peso will weaken past 20 to the dollar before the end of 2026.")
    assert claim.deadline == date(2026, 12, 31) and claim.attributed_to == "publication"


def test_a_reported_expectation_is_a_claim_and_a_recalled_one_is_not():
    claim = only("Grain broker Tom Baird said he expects spot wheat to trade above $7 a bushel this quarter.")
    assert (claim.attributed_to, claim.deadline) == ("Tom Baird", date(2026, 3, 31))
    assert claims("In 2019 he predicted that wheat would hit $9.") == []


def test_fall_as_a_verb_is_not_autumn():
    claim = only("The treasury expects the deficit to fall below 3% of GDP next year.")
    assert (claim.deadline, claim.precision) == (date(2027, 12, 31), "year")
    assert only("Prices will rise by the fall.").precision == "season"


# -- not claims ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Orbis Pharma will host a conference call and webcast at 8:30 a.m. ET today.",
    "A replay will be available on the company's website for 90 days.",
    "Slides will be posted on the investor site after the call.",
    "The ministry confirmed on Wednesday that the subsidy will end on 1 April.",
    "The league has confirmed that the final will be played in Lisbon.",
])
def test_logistics_and_confirmed_schedules_are_not_claims(body):
    assert claims(body) == []


# -- verdicts without a label ----------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "The council's decision to close the library is reckless.",
    "Harbor Air's decision to drop its cheapest fares was a shrewd piece of pricing.",
    "The Zephyr 3 is the best e-bike you can buy for under $1,500.",
    "The Lumen X2 is the most inventive camera of the year, held back by its battery life.",
    "Looking back, the club's decision to sell its striker was the right one.",
    "The regulator's ruling is the most consequential competition decision of the year.",
])
def test_verdicts_in_the_writers_voice(body):
    assert only(body).kind == "verdict"


@pytest.mark.parametrize("body", [
    "The storm was the most powerful of the year.",
    "Critics said the decision to close the library was reckless.",
    "Was the decision to sell the striker the right one?",
    "Inflation is the highest it has been since 1991.",
])
def test_facts_quotes_and_questions_are_not_verdicts(body):
    assert [c for c in claims(body) if c.kind == "verdict"] == []


# -- interviews and press releases: whose "we" it is -------------------------------------------------

INTERVIEW = """Building the battery of the future

We sat down with Lena Brandt, chief executive of Voltaro, about the company's plans.

Q: When does the new plant open?
A: We'll start production in the fourth quarter of 2026. Within five months we'll have signed two carmakers.

Q: How sure are you?
A: I'd say it's eighty percent likely that we break even in 2027.

Our view: Voltaro's decision to build in-house is a sound bet.
"""


def test_an_interviewees_answers_are_hers_and_the_box_is_the_publications():
    found = extract_claims(INTERVIEW, date(2026, 3, 1))
    assert [(c.kind, c.attributed_to) for c in found] == [
        ("prediction", "Lena Brandt"), ("prediction", "Lena Brandt"), ("prediction", "Lena Brandt"),
        ("verdict", "publication")]
    assert found[0].deadline == date(2026, 12, 31) and found[2].probability == 0.8


def test_speaker_labels_name_the_speaker():
    text = ("A conversation with a coach\n\nMira Olsen: We'll win the cup next season.\n"
            "Interviewer: And the league?\nOlsen: I think we will finish in the top four this season.\n")
    assert [c.attributed_to for c in extract_claims(text, P)] == ["Mira Olsen", "Mira Olsen"]


def test_a_press_releases_we_is_the_firm():
    text = ("Orbis Pharma reports results\n\nBOSTON--(BUSINESS WIRE)--Orbis Pharma, Inc. today announced results.\n\n"
            "\"We will launch the drug in Europe by mid-2027,\" said chief executive Paul Gray. We will open a second "
            "plant in 2028. The company will host a conference call at 8:30 a.m. ET today.\n")
    found = extract_claims(text, P)
    assert [(c.quote, c.attributed_to) for c in found] == [
        ("We will launch the drug in Europe by mid-2027", "Paul Gray"),
        ("We will open a second plant in 2028.", "Orbis Pharma")]


def test_the_publications_own_plans_are_still_not_claims():
    assert claims("We will publish our scorecard in January. I'll be watching the vote closely.") == []
