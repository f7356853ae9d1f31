"""Extraction is total: any text in, well-formed claims out, each span pointing at its quote."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from predictions import extract_claims

WORDS = ["will", "by", "2027", "Q3", "the", "end", "of", "If", "we", "expect", "chance", "70%", "Verdict:",
         "said", "Jane", "Roe", ",", ".", "?", "\n", "\n\n", "- ", "1. ", "Predictions", "before", "until", "winter",
         "within", "six", "months", "next", "year", "mid-2026", "Likelihood:", "high", "\"", "according", "to"]


def check(text: str, published: date) -> None:
    for claim in extract_claims(text, published):
        assert text[claim.start:claim.end] == claim.quote
        assert claim.kind in ("prediction", "verdict")
        assert claim.precision in ("day", "month", "quarter", "half", "season", "year", "decade", "relative", "default")
        assert claim.probability is None or 0 <= claim.probability <= 1


@settings(max_examples=300, deadline=None)
@given(st.text(), st.dates())
def test_arbitrary_text_never_crashes(text, published):
    check(text, published)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from([date.min, date.max])))
def test_claim_like_text_never_crashes(words, published):
    check(" ".join(words), published)
