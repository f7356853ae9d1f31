"""What counts as a claim (CLAIMS.md): found, its fields, and what is left alone. Fresh text in several fields."""

from datetime import date

import pytest

from predictions import extract_claims

P = date(2026, 3, 10)
TITLE = "A column about the season ahead\n\n"


def claims(body, published=P):
    return extract_claims(TITLE + body, published)


def quotes(body, published=P):
    return [c.quote for c in claims(body, published)]


# -- what is found ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "The Hornets will reach the play-offs for the first time since 1998.",
    "We expect the health board to close two wards by the summer.",
    "I expect turnout in the referendum to top 60%.",
    "Expect the governor to veto the bill within a week.",
    "The glacier is set to lose a third of its volume by 2040.",
    "The bond market is likely to price two more cuts this year.",
    "Global demand for coal is going to peak before 2030.",
    "Analysts at Brightwater Capital predict that the yen will weaken to 160 per dollar by June.",
    "We see a 40% chance that the coalition collapses before the budget vote.",
])
def test_forecasts_in_prose_are_found(sentence):
    assert quotes(sentence) == [sentence]


@pytest.mark.parametrize("sentence", [
    "The team won the league in 2019 and again in 2021.",                          # the past
    "Revenue was $2.1 billion last year, up 8%.",                                   # the past
    "In 2015 few pundits predicted that the party would win a majority.",            # a forecast recalled
    "Our 2024 outlook said inflation would stay above 3%, and it did.",             # a forecast recalled
    "Will the central bank cut rates in June?",                                      # a question
    "The council should publish how many drivers will switch to buses.",            # normative
    "Hospitals must stop cancelling operations at short notice.",                   # normative
    "The league needs to act before more clubs go bust.",                            # normative
    "If the heatwave continues, crops could fail across the south.",                 # a risk, no direction
    "Investors might see a rally if the data is weak.",                              # a risk, no direction
    "We will publish our next forecast in April.",                                   # an intention
    "Every spring I publish a list of things I think will happen.",                  # a habit
    "Analysts expect the index to rise further.",                                    # nobody named
    "Sources say the striker will move abroad next summer.",                         # nobody named
    "It is unclear whether the deal will survive the vote.",                         # not asserted
    "This article will explain how the new pension rules work.",                     # about the article
    "Only time will tell whether the gamble pays off.",                              # a set phrase
    "The final will be played at Wembley on 30 May.",                                 # a fixture, reported
    "Sign up and our newsletter will land in your inbox every Friday.",               # page chrome
])
def test_non_claims_are_left_alone(sentence):
    assert quotes(sentence) == []


def test_list_items_under_a_forecast_heading_are_claims_even_without_will():
    text = "Our forecasts\n\n1. The incumbent wins a second term.\n2. Voter turnout falls below 60%.\n"
    assert quotes(text) == ["The incumbent wins a second term.", "Voter turnout falls below 60%."]


def test_items_under_a_scorecard_heading_are_not_new_claims():
    text = ("How our 2025 calls did\n\n- We said the club would be relegated. It was.\n"
            "- Rates will fall by June 2025. They did not.\n")
    assert quotes(text) == []


def test_one_claim_per_checkable_statement():
    text = "Predictions\n\n1. The startup will list in Frankfurt in late 2027, and it will open a US office in 2028.\n"
    found = claims(text)
    assert [c.quote for c in found] == ["The startup will list in Frankfurt in late 2027",
                                        "it will open a US office in 2028."]
    assert [c.deadline.isoformat() for c in found] == ["2027-12-31", "2028-12-31"]


def test_a_consequence_in_the_same_item_stays_one_claim():
    text = "Predictions\n\n1. A rival will cut prices by 20% within a year. This will force a price war.\n"
    assert quotes(text) == ["A rival will cut prices by 20% within a year. This will force a price war."]


def test_labels_are_left_out_of_quotes():
    text = "Our pick: the Hornets to win the title when the season ends in May.\n"
    found = claims(text)
    assert found[0].quote == "the Hornets to win the title when the season ends in May."
    assert found[0].deadline == date(2026, 5, 31)


def test_every_span_points_at_its_quote():
    text = ("Predictions\n\n- **Bold** forecasts aside, the index will rise 10% by December.\n"
            "\"Prices will halve by 2030,\" said Mara Lind.\n")
    for claim in claims(text):
        assert (TITLE + text)[claim.start:claim.end] == claim.quote


# -- conditions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, condition", [
    ("If the rains fail again, wheat prices will double by autumn.", "the rains fail again"),
    ("Wheat prices will double by autumn if the rains fail again.", "the rains fail again"),
    ("The ceasefire will hold through the summer, provided both sides keep to the corridor deal.",
     "both sides keep to the corridor deal"),
    ("Unless the board intervenes, the manager will be gone by Christmas.", "the board intervenes"),
])
def test_conditions_are_kept_apart(sentence, condition):
    assert claims(sentence)[0].condition == condition


def test_whatever_and_even_if_are_not_conditions():
    assert claims("Whatever happens in the vote, the party will split.")[0].condition is None
    assert claims("The bridge will open in June, even if the budget overruns.")[0].condition is None


# -- probabilities and hedges ----------------------------------------------------------------------

@pytest.mark.parametrize("text, probability", [
    ("We give the Hornets a 70% chance of reaching the final.", 0.7),
    ("There is a 3-in-4 chance that the drought lasts into next year.", 0.75),
    ("The model gives the opposition a one-in-four chance of winning the election.", 0.25),
    ("Our pollster puts the probability of a hung parliament at 35 percent.", 0.35),
    ("A June rate cut is 70 percent likely.", 0.7),
    ("There is a seven in ten chance that the treaty is ratified this year.", 0.7),
    ("Forecasts\n\n- The ceasefire holds until the spring: 80%\n", 0.8),
    ("Prediction: the vaccine is approved for children by autumn.\n\nLikelihood: 65%\n", 0.65),
])
def test_stated_probabilities(text, probability):
    found = claims(text)
    assert found and found[0].probability == pytest.approx(probability)


def test_percentages_that_are_not_chances_are_not_probabilities():
    claim = claims("By 2030, 40% of new cars sold in the EU will be electric.")[0]
    assert claim.probability is None
    claim = claims("By 2030, one in three patients will see a doctor online.")[0]
    assert claim.probability is None


@pytest.mark.parametrize("text, phrase", [
    ("It is likely that the minister will resign before the summer.", "likely"),
    ("The club will probably sell its captain in January.", "probably"),
    ("The bill is highly unlikely to pass before the election.", "highly unlikely"),
    ("Prediction: a manned mission will land on the Moon by 2030.\n\nLikelihood: high\n", "Likelihood: high"),
])
def test_hedge_words_are_recorded_as_written_not_as_numbers(text, phrase):
    claim = claims(text)[0]
    assert (claim.hedge, claim.probability) == (phrase, None)


# -- attribution -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, source", [
    ("Gartner predicts that by 2028 a third of call centres will be automated.", "Gartner"),
    ("Dr Sofia Marsh, an epidemiologist at Lakeside University, expects cases to peak in February.",
     "Sofia Marsh"),
    ("Coach Elena Duarte said the squad will be fully fit by the final.", "Elena Duarte"),
    ("Northwind Energy expects the wind farm to start generating in Q2 2027.", "Northwind Energy"),
    ("Grain stocks will fall to a ten-year low by June, according to Piet Haas.", "Piet Haas"),
    ("\"The tunnel will open by 2029,\" said transport secretary Omar Reyes.", "Omar Reyes"),
    ("We expect the bank to hold rates at its next meeting.", "publication"),
    ("The minister will resign by the summer.", "publication"),
])
def test_attribution(text, source):
    assert claims(text)[0].attributed_to == source


def test_surnames_and_pronouns_are_traced_to_the_full_name():
    text = ("Finance minister Karin Olsen spoke at the conference on Monday. "
            "Olsen said the deficit will halve by 2028. She also said a new tax will be introduced next year.\n")
    assert [c.attributed_to for c in claims(text)] == ["Karin Olsen", "Karin Olsen"]


def test_a_press_release_belongs_to_the_firm_that_issued_it():
    text = ("Acme Analytics Names Its Top Predictions for 2027\n\n"
            "LONDON--(GLOBE NEWSWIRE)--Nov. 3, 2026--Acme Analytics, Inc., a research firm, today published its "
            "annual predictions for the year ahead, covering cloud, chips and regulation across 40 markets.\n\n"
            "By 2028, half of all new software will be written with AI assistance.\n")
    found = extract_claims(text, date(2026, 11, 3))
    assert [(c.attributed_to, c.deadline.isoformat()) for c in found] == [("Acme Analytics", "2028-12-31")]


# -- verdicts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["Verdict", "Our take", "Bottom line", "The verdict", "BOTTOM LINE", "Our verdict"])
def test_verdict_under_its_heading(heading):
    text = f"{heading}\n\nThe city's decision to scrap the tram was a short-sighted mistake. It saves little.\n"
    found = claims(text)
    assert [(c.kind, c.quote) for c in found] == [
        ("verdict", "The city's decision to scrap the tram was a short-sighted mistake.")]


@pytest.mark.parametrize("label", ["Verdict", "Our take", "My verdict", "Bottom line"])
def test_verdict_after_its_label(label):
    text = f"The board voted on Friday. {label}: the new pay deal is fair to both sides. Talks resume in May.\n"
    found = claims(text)
    assert [(c.kind, c.quote) for c in found] == [("verdict", "the new pay deal is fair to both sides.")]


def test_a_forecast_under_a_verdict_heading_stays_a_prediction():
    text = "Our take\n\nThe insurer will beat its own guidance in Q3, as it has every quarter since 2023.\n"
    assert [c.kind for c in claims(text)] == ["prediction"]


# -- page chrome -------------------------------------------------------------------------------------

def test_related_articles_and_newsletters_are_not_claims():
    text = ("The minister will resign by the summer.\n\nRelated articles\n\n"
            "Why the opposition will win the next election\nFive stocks that will double in 2027\n\n"
            "Newsletter\n\nSign up and we will send our forecast every week until polling day.\n")
    assert quotes(text) == ["The minister will resign by the summer."]


def test_chrome_words_inside_a_forecast_do_not_hide_it():
    text = ("Streaming subscriptions will pass 2 billion by 2027.\n\nThe series will be over by June 21.\n\n"
            "Subscribe to our newsletter and you will get the forecast first.\n\nWe use cookies. By continuing you will accept them.\n"
            "This series will return in the autumn.\n")
    assert quotes(text) == ["Streaming subscriptions will pass 2 billion by 2027.", "The series will be over by June 21."]


def test_the_headline_and_byline_are_not_claims():
    text = "OPINION | The Harbour Gazette\nMonday 2 March 2026\n\nThe ferry will never pay for itself.\n\nBy Ada Quist\n\n" \
           "The council approved the new ferry route on Thursday after a long and bitter debate about cost.\n"
    assert extract_claims(text, P) == []


def test_a_forecast_title_scopes_its_list_and_its_year():
    text = ("Six calls for European football in 2027\n\nBy Jon Arne\n\n"
            "Here is what we think happens next. Unless stated otherwise, each call is about the end of next year.\n\n"
            "1. A Norwegian club reaches a European semi-final.\n"
            "2. Transfer spending falls in the first half of the year.\n"
            "3. A player could leave for Saudi Arabia.\n")
    found = extract_claims(text, date(2026, 12, 1))
    assert [(c.quote, c.deadline.isoformat()) for c in found] == [
        ("A Norwegian club reaches a European semi-final.", "2027-12-31"),
        ("Transfer spending falls in the first half of the year.", "2027-06-30"),
    ]


def test_reported_actions_on_a_forecast_noun_and_anonymous_sources_are_not_claims():
    assert quotes("Goldman Sachs cut its 2026 forecast to $56 a barrel last week.") == []
    assert quotes("The cartel will raise output in October, four sources familiar with the talks told reporters.") == []


def test_the_time_something_was_said_is_not_its_deadline():
    claim = claims("Port chief C.J. Amadi told reporters on Thursday that traffic will double in 2028.")[0]
    assert (claim.deadline, claim.attributed_to) == (date(2028, 12, 31), "C.J. Amadi")


@pytest.mark.parametrize("text, source", [
    ("Ruth Abara, chief economist at Kestrel Bank, predicted on Monday that rates will fall by June.", "Ruth Abara"),
    ("We now see the index at 6,200 by the end of the year.", "publication"),
    ("The IMF forecasts global growth of 3.1% in 2027.", "IMF"),
])
def test_more_ways_of_stating_a_forecast(text, source):
    found = claims(text)
    assert [c.attributed_to for c in found] == [source]


def test_we_see_without_a_level_is_not_a_forecast():
    assert quotes("We see little reason to chase the recent rally in bank shares.") == []


@pytest.mark.parametrize("label", ["Our forecast", "Prediction #3", "Bold prediction", "Our call"])
def test_prediction_labels(label):
    found = claims(f"{label}: the Hornets reach the final.\n")
    assert [(c.kind, c.quote) for c in found] == [("prediction", "the Hornets reach the final.")]


def test_a_review_question_heading_holds_its_verdict():
    found = claims("Should you buy the Aero 5?\n\nThe Aero 5 is the best mid-range e-bike you can buy today.\n")
    assert [c.kind for c in found] == ["verdict"]


def test_rows_of_a_forecast_table_are_claims():
    text = ("Our forecasts\n\n| Prediction | Probability | By |\n|---|---|---|\n"
            "| The incumbent wins the primary | 80% | June 2026 |\n| Turnout tops 50% | 40% | |\n")
    found = claims(text)
    assert [(c.quote, c.probability, c.deadline.isoformat()) for c in found] == [
        ("The incumbent wins the primary", 0.8, "2026-06-30"), ("Turnout tops 50%", 0.4, "2027-03-10")]


def test_rows_of_other_tables_are_not_claims():
    text = "| Metric | 2025 | 2026 |\n|---|---|---|\n| Revenue will be | $2bn | $3bn |\n"
    assert claims(text) == []


def test_quoted_speech_belongs_to_the_speaker_and_leaves_the_speech_tag_out():
    text = ("Governor Lena Hart spoke to reporters after the meeting in Frankfurt on a busy morning for markets.\n\n"
            "\"We think prices will fall by June,\" she said. Analyst Tom Vey of Brume Capital disagreed. "
            "He added that the euro will weaken next year.\n")
    found = claims(text)
    assert [(c.attributed_to, c.quote) for c in found] == [
        ("Lena Hart", "We think prices will fall by June"),
        ("Tom Vey", "He added that the euro will weaken next year.")]


def test_an_advertisement_line_does_not_end_the_section():
    text = "Predictions\n\n- The mayor wins a second term.\nAdvertisement\n- The tram line opens on time.\n"
    assert quotes(text) == ["The mayor wins a second term.", "The tram line opens on time."]


@pytest.mark.parametrize("sentence", [
    "Don't be surprised if the central bank cuts rates in June.",
    "The Hornets are the clear favourites to win the cup this season.",
])
def test_idiomatic_forecasts(sentence):
    found = claims(sentence)
    assert [c.quote for c in found] == [sentence] and found[0].condition is None


@pytest.mark.parametrize("sentence", [
    "Overall, the Aero 5 is the best mid-range e-bike on sale.",
    "The council's decision to close the library was a short-sighted mistake.",
])
def test_verdicts_in_the_writers_own_voice_without_a_heading(sentence):
    assert [(c.kind, c.quote) for c in claims(sentence)] == [("verdict", sentence)]


@pytest.mark.parametrize("sentence", [
    "Overall, revenue grew 5% in the quarter.",
    "The council's decision to close the library was announced on Monday.",
    "The mayor said the decision to close the library was a mistake.",
])
def test_reports_and_neutral_summaries_are_not_verdicts(sentence):
    assert claims(sentence) == []
