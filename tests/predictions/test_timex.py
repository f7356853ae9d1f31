"""The time-expression normaliser on its own: TimeML values, direction from tense, and real newswire."""

from datetime import date
from pathlib import Path

import pytest

from predictions.evaluate import evaluate_timex
from predictions.timex import normalise

TIMEX = Path(__file__).parent.parent / "fixtures" / "timex" / "meantime-dates.jsonl"


@pytest.mark.parametrize("expression, dct, sentence, value", [
    ("June 18", "2008-07-02", "The office on June 18 called for a re-run of the bidding.", "2008-06-18"),
    ("in October", "2004-11-24", "Lawmakers rejected the proposal in October.", "2004-10"),
    ("October", "2009-06-05", "The transaction should be completed in October.", "2009-10"),
    ("January", "2005-09-07", "The player was introduced in January.", "2005-01"),
    ("Tuesday", "2009-12-16", "The jet made its first test flight Tuesday.", "2009-12-15"),
    ("Friday", "2008-09-18", "Markets will remain closed until Friday.", "2008-09-19"),
    ("next month", "2011-08-08", "They will now receive the aircraft next month.", "2011-09"),
    ("last year", "2006-01-23", "The company lost money last year.", "2005"),
    ("the fourth quarter of 2005", "2006-01-27", "GM lost $4.8 billion in the fourth quarter of 2005.", "2005-Q4"),
    ("the last quarter", "2007-01-18", "Profits rose 78 percent during the last quarter.", "2006-Q4"),
    ("H1 2026", "2026-01-08", "", "2026-H1"),
    ("spring", "2009-04-01", "It's too early to see a trend, but spring shows signs of hope.", "2009-SP"),
    ("winter 2023", "2023-01-16", "", "2023-WI"),
    ("the 70s", "2007-02-09", "The car rewrote the rules of the 70s.", "197"),
    ("the past decade", "2011-01-17", "the third time in the past decade", "200"),
    ("'82", "2008-10-27", "Nikkei at lowest level since '82", "1982"),
    ("7/8/07", "2007-07-09", "written in the American format, 7/8/07.", "2007-07-08"),
    ("yesterday", "2010-06-08", "Yesterday, the company unveiled a phone.", "2010-06-07"),
    ("a week ago", "2011-03-18", "after the earthquake a week ago", "2011-03-11"),
    ("February 29", "2008-07-02", "The Air Force selected the firm on February 29.", "2008-02-29"),
    ("the end of the month", "2008-07-02", "The plant will close at the end of the month.", "2008-07"),
    ("early next year", "2008-07-02", "The plant will close early next year.", "2009"),
    ("late last year", "2008-07-02", "The plant closed late last year.", "2007"),
    ("Sept. 11", "2008-07-02", "The plant closed on Sept. 11.", "2007-09-11"),
    ("the '90s", "2008-07-02", "Sales peaked in the '90s.", "199"),
])
def test_values(expression, dct, sentence, value):
    period = normalise(expression, date.fromisoformat(dct), sentence or None)
    assert period is not None and period.timeml == value


def test_periods_carry_their_calendar_bounds():
    period = normalise("winter 2027", date(2026, 1, 1))
    assert (period.start, period.end, period.precision) == (date(2027, 12, 1), date(2028, 2, 29), "season")
    period = normalise("Q3 2026", date(2026, 1, 1))
    assert (period.start, period.end) == (date(2026, 7, 1), date(2026, 9, 30))


def test_no_time_no_period():
    assert normalise("the company", date(2026, 1, 1)) is None
    assert normalise("may", date(2026, 1, 1), "prices may fall") is None


def test_meantime_newswire_accuracy():
    score = evaluate_timex(TIMEX)
    assert score.n == 221
    assert score.accuracy >= 0.90, score.misses
