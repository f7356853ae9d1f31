"""The sentence splitter's hand-written scans agree with the patterns they stand in for."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from predictions.sentences import (_ABBREVIATIONS, _BOUNDARY, _CORPORATE, _INITIALS, _boundaries, _word_before,
                                   split_sentences)

# Characters the boundary rule cares about, mixed with arbitrary text (non-ASCII whitespace and letters included)
PIECES = st.sampled_from([".", "!", "?", "...", "\"", "'", "”", "’", ")", "]", "“", "‘", "(", "[", " ", "\t", "\n",
                          "\u00a0", "\u2003", "A", "z", "9", "£", "$", "€", "Mr", "Inc", "U.S", "e.g", "J", "ſ", "²"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.data())
def test_boundaries_are_the_pattern_matches(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert list(_boundaries(text, start, end)) == [m.span() for m in _BOUNDARY.finditer(text, start, end)]


@settings(max_examples=500, deadline=None)
@given(TEXT, st.data())
def test_word_before_is_the_letters_and_dots_at_the_end(text, data):
    dot = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, dot))
    assert _word_before(text, floor, dot) == re.search(r"(?:[^\W\d_]|\.)*\Z", text[floor:dot]).group()


def _plain_is_abbreviation(text, dot, floor):
    """The abbreviation rule as first written: the letters and dots in front, looked up."""
    if dot <= floor or not text[dot - 1].isalpha():
        return False
    word = re.search(r"(?:[^\W\d_]|\.)*\Z", text[max(floor, dot - 12):dot]).group().lower()
    return len(word) == 1 and word.isalpha() or "." in word and bool(_INITIALS.fullmatch(word)) or \
        word in _CORPORATE or word in _ABBREVIATIONS


def _plain_split(text, start, end):
    """split_sentences as first written: every _BOUNDARY match that does not follow an abbreviation ends a sentence."""
    spans, cursor = [], start
    for match in _BOUNDARY.finditer(text, start, end):
        stop, after = match.span()
        if text[stop] == "." and _plain_is_abbreviation(text, stop, cursor):
            continue
        spans.append((cursor, after))
        cursor = after
    spans.append((cursor, end))
    stripped = []
    for a, b in spans:
        chunk = text[a:b]
        if chunk.strip():
            a += len(chunk) - len(chunk.lstrip())
            stripped.append((a, a + len(chunk.strip())))
    return stripped


# Abbreviations in any case, long and short words, dotted forms, the Kelvin sign (lower-cased, it is "k")
WORDISH = st.sampled_from(["Mr", "mR", "MRS", "Inc", "INC", "co", "U.S", "u.\u212a", "\u212ag", "ph.D", "e.g",
                           "approx", "Sept", "x", "J", "biggest", "gone", "lot", "ST", "rs", "nc", "to", "2026",
                           "4.5", "%", "ſt", "İ", "ΑΣ"])
SENTENCEISH = st.lists(st.one_of(PIECES, WORDISH, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SENTENCEISH, st.data())
def test_split_sentences_is_the_plain_split(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert split_sentences(text, start, end) == _plain_split(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([". ", "Mr. ", "Inc. ", "gone. ", "U.S. ", "J. ", "A", "b", "9", "!", "? ", "\"",
                                 ")", " "]), max_size=30).map("".join))
def test_split_sentences_on_prose_pieces(text):
    assert split_sentences(text) == _plain_split(text, 0, len(text))


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Mr. Smith met J. R. Doe of Acme Inc. in the U.S. yesterday. Prices rose 4.5%! Did they? Yes."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Mr. Smith met J. R. Doe of Acme Inc. in the U.S. yesterday.", "Prices rose 4.5%!", "Did they?", "Yes."]
