"""The walk's shortcuts visit the same sentences as the plain gate (`_sentence_may_claim` on each sentence)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from predictions.extract import _CUES, _Walk, _sentence_may_claim
from predictions.model import ExtractionOptions
from predictions.modality import words
from predictions.sentences import split_sentences

PIECES = st.sampled_from(["Acme will rise. ", "Prices fell. ", "\"Quoted line.\" ", "'Tis said. ", "“Curly.” ",
                          "Overall, the plan is best. ", "Each item runs to 2027. ", "We'll see. ", "It is 40% ",
                          "Nothing here. ", "The odds are long. ", "expect it. ", "’ll ", " ", "ſ", "K"])
PARAGRAPH = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map("".join).filter(
    lambda line: ":" not in line and len(line) <= 400 and "50-50" not in line and "50/50" not in line)


class _Recorder(_Walk):
    def __init__(self, text):
        super().__init__(text, date(2026, 1, 1), ExtractionOptions())
        self.seen = []

    def sentence(self, a, b, sentence):
        self.seen.append((a, b, sentence))


@settings(max_examples=800, deadline=None)
@given(PARAGRAPH)
def test_gated_sentences_visit_what_the_plain_gate_lets_through(line):
    spans = split_sentences(line)
    walk = _Recorder(line)
    walk.gated_sentences(spans)
    cued = not all(_CUES.isdisjoint(words(line[a:b])) for a, b in spans)
    assert walk.seen == ([(a, b, line[a:b]) for a, b in spans if _sentence_may_claim(line[a:b])] if cued else [])
