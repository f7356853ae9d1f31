"""The sentence splitter's hand-written scans agree with the patterns they stand in for."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from predictions.sentences import _BOUNDARY, _boundaries, _word_before, split_sentences

# Characters the boundary rule cares about, mixed with arbitrary text (non-ASCII whitespace and letters included)
PIECES = st.sampled_from([".", "!", "?", "...", "\"", "'", "”", "’", ")", "]", "“", "‘", "(", "[", " ", "\t", "\n",
                          "\u00a0", "\u2003", "A", "z", "9", "£", "$", "€", "Mr", "Inc", "U.S", "e.g", "J", "ſ", "²"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.data())
def test_boundaries_are_the_pattern_matches(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _boundaries(text, start, end) == [m.span() for m in _BOUNDARY.finditer(text, start, end)]


@settings(max_examples=500, deadline=None)
@given(TEXT, st.data())
def test_word_before_is_the_letters_and_dots_at_the_end(text, data):
    dot = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, dot))
    assert _word_before(text, floor, dot) == re.search(r"(?:[^\W\d_]|\.)*\Z", text[floor:dot]).group()


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Smith met J. R. Doe of Acme Inc. in the U.S. yesterday. Prices rose 4.5%! Did they? Yes."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Mr. Smith met J. R. Doe of Acme Inc. in the U.S. yesterday.", "Prices rose 4.5%!", "Did they?", "Yes."]
