"""Patterns rewritten for speed match exactly what their plain forms match."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from predictions import attribution, clauses, deadlines, probability, timegrammar

_PLAIN_NAME_WORD = r"(?:(?:[A-Z]\.)+|(?:Co|Inc|Corp|Ltd|Jr|Sr|St|Dr|Mr|Mrs|Ms)\.|[A-Z][\w'’-]*)"
_PLAIN_NAME_RUNS = re.compile(rf"{_PLAIN_NAME_WORD}(?:[ \t]+(?:{_PLAIN_NAME_WORD}|de|van|von|da|del|bin|al))+")
_PLAIN_NAME_RUN = re.compile(rf"{_PLAIN_NAME_WORD}(?:[ \t]+(?:{_PLAIN_NAME_WORD}|de|van|von|da|del|bin|al))*")

NAMEISH = st.lists(st.one_of(st.sampled_from(
    ["A", "C", "J", "M", "S", "o", "r", "s", "Co", "Corp", "Inc", "Ltd", "Jr", "Sr", "St", "Dr", "Mr", "Mrs", "Ms", ".",
     " ", "\t", "\n", "de", "van", "al", "-", "'", "’", "J.", "K.", "1", "_", "É"]), st.text(max_size=2)),
    max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(NAMEISH)
def test_name_runs_match_the_plain_pattern(text):
    assert [m.span() for m in attribution._NAME_RUNS.finditer(text)] == [
        m.span() for m in _PLAIN_NAME_RUNS.finditer(text)]
    assert [m.span() for m in attribution._NAME_RUN.finditer(text)] == [
        m.span() for m in _PLAIN_NAME_RUN.finditer(text)]


def test_a_name_run_keeps_initials_and_abbreviations():
    text = "said Mrs. J.K. Rowling of Acme Corp. and Ms Ana de Souza"
    assert [m.group() for m in attribution._NAME_RUNS.finditer(text)] == ["Mrs. J.K. Rowling", "Acme Corp.",
                                                                          "Ms Ana de Souza"]


TIMEISH = st.lists(st.one_of(st.sampled_from(
    ["the", "The", "a", "an", "two", "Two", "end", "of", "next", "last", "early", "mid", "late", "year", "years",
     "month", "quarter", "Q3", "q4", "H1", "2H", "3Q", "first", "1st", "half", "May", "may", "March", "Dec.", "Monday",
     "Christmas", "New", "Year's", "fall", "spring", "summer", "ago", "within", "by", "per", "2025", "2026", "'26",
     "'90s", "1990s", "12", "3", "15th", "2025-03-01", "3/4/2026", "50%", "4.5", "2,300", "B2B", "x'27", "_2025",
     "week", "decade", "today", "now", "time", "to", "or", "-", " ", "  ", "\n", ",", ".", "'", "couple", "dozen"]),
    st.text(alphabet="aQ3'- .", max_size=2)), max_size=25).map(" ".join)


@settings(max_examples=800, deadline=None)
@given(TIMEISH)
def test_mentions_found_from_candidate_tokens_match_the_walk_over_every_token(text):
    every_token = [m.span() for m in timegrammar._TOKEN.finditer(text)]
    assert timegrammar.find_mentions.__wrapped__(text) == timegrammar._mentions(text, every_token)


_SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0"])
_NOISE = st.lists(st.sampled_from(["rise", "sales", "it", "$5", "2025-in", "-", ".", ",", "ſo", "x'til", "end", "of", "the",
                                   "to", "in", "ın", "by", "no", "later", "than"]), max_size=8).map(" ".join)
_LEAD = st.sampled_from(["by", "By", "BY", "no later than", "No  later than", "ahead of", "prior to", "end of", "within",
                         "in", "IN", "ın", "over", "during", "inside", "for", "after", "before", "until", "till", "'til",
                         "x'til", "thru", "through", "from", "on", "at", "into", "rise", "ſo"])
_MIDDLE = st.sampled_from(["", "the", "THE", "end of", "close of the", "the end of the", "the close of"])
_LAST = st.sampled_from(["", "next", "coming", "following", "Following", "the", "of", "x"])
BEFOREISH = st.tuples(_NOISE, _LEAD, _MIDDLE, _LAST, st.lists(_SPACE, min_size=4, max_size=4)).map(
    lambda t: t[0] + t[4][0] + t[1] + t[4][1] + t[2] + t[4][2] + t[3] + t[4][3])


@settings(max_examples=1500, deadline=None)
@given(BEFOREISH, st.sampled_from(["", "\n"]))
@example("growth within the next ", "")
@example("four years after ", "\n")
def test_end_anchored_searches_match_the_plain_search(before, tail):
    before += tail
    for pattern in deadlines._ENDINGS:
        found, plain = deadlines._search_end(pattern, before), pattern.search(before)
        assert (found and (found.span(), found.group())) == (plain and (plain.span(), plain.group()))


def _plain_probability(text):
    """`probability.probability` as first written: every (?i) pattern over the text as written, in order."""
    for pattern in probability._PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("n"):
            value = probability._percent_value(groups["n"]) / 100
        else:
            a = timegrammar.number_value(groups["a"])
            b = timegrammar.number_value(groups["b"].replace("a hundred", "hundred"))
            b = 100 if groups["b"].endswith("hundred") else b
            if not a or not b:
                continue
            value = a / b
        if 0 <= value <= 1:
            return round(value, 4)
    return 0.5 if probability._FIFTY.search(text) else None


CHANCEISH = st.lists(st.one_of(st.sampled_from(
    ["a", "A", "one", "One", "ONE", "in", "IN", "four", "Four", "hundred", "Hundred", "a hundred", "A Hundred", "70",
     "7.5", "%", "percent", "Per Cent", "seventy", "Eighty-five", "chance", "Chance", "odds", "Likelihood", "risk",
     "probability", "at", "is", "of", "to be", ":", "—", "-", ",", ".", ")", " ", "\n", "50-50", "Fifty-Fifty",
     "ſhot", "ın", "K"]), st.text(alphabet="aI1 -%.", max_size=2)), max_size=18).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(CHANCEISH)
@example("Odds: One in A Hundred.")
@example("a SEVENTY Percent Chance")
def test_probability_matches_every_pattern_over_the_text_as_written(text):
    assert probability.probability(text) == _plain_probability(text)


def _plain_condition(text, start, end):
    """`clauses.condition` as first written: each pattern scans the span, no word checks first."""
    span = text[start:end]
    if clauses._SURPRISED.search(span):
        return None
    lead = clauses._LEADING_CONDITION.match(span)
    if lead:
        return start + lead.start("cond"), start + lead.end("cond")
    trail = clauses._TRAILING_CONDITION.search(span)
    return (start + trail.start("cond"), start + trail.end("cond")) if trail else None


CLAUSEISH = st.lists(st.one_of(st.sampled_from(
    ["Don't", "be", "Surprised", "SURPRISED", "surprised", "ſurpriſed", "if", "If", "when", "unless", "Provided",
     "that", "as", "long", "even", "Acme", "will", "rise", "which", "Which", "who", "up", "Down", "from", "FROM",
     "since", "Since", "than", "Than", "in", "2019", "1999", "today", "now", "last", "year", "compared", "with",
     ",", ";", ".", "!", "\"", "”", " ", "\n", "K", "ı"]), st.text(alphabet="aS, .", max_size=2)), max_size=20).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(CLAUSEISH, st.integers(0, 3))
@example("Don't be SURPRISED if Acme will rise, unless it falls", 0)
@example("Acme will rise, Which it did Since 2019", 0)
def test_condition_and_asides_match_the_plain_scans(text, start):
    start = min(start, len(text))
    assert clauses.condition(text, start, len(text)) == _plain_condition(text, start, len(text))
    assert clauses.asides(text, start, len(text)) == [
        (start + m.start(), start + m.end()) for m in clauses._ASIDE.finditer(text[start:])]


SPEECHISH = st.lists(st.one_of(st.sampled_from(
    ["said", "says", "added", "adds", "told", "reporters", "wrote", "writes", "argued", "predicted", "he", "she", "He",
     "\"", "”", "’", "'", ",", ".", "!", "?", " ", "\n", "Acme", "adde"]), st.text(alphabet="hes,.\"' ", max_size=2)),
    max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SPEECHISH)
@example(',"she told reporters')
def test_pronoun_tail_shortcut_matches_the_plain_search(text):
    said = any(verb in text for verb in attribution._SAID_VERBS)
    assert attribution._pronoun_tail(text, said) == bool(attribution._PRONOUN_TAIL.search(text))


def _plain_hedge(text):
    """`probability.hedge` as first written: the (?i) label, then the (?i) phrases, over the text as written."""
    if probability._HEDGE_WORDS.isdisjoint(probability._TOKENS.findall(text.lower())):
        return None
    label = probability._HEDGE_LABEL.search(text)
    if label:
        return label.group()
    match = probability._HEDGE.search(text)
    return match.group() if match else None


HEDGEISH = st.lists(st.one_of(st.sampled_from(
    ["Likely", "likely", "UNLIKELY", "Very", "very", "highly", "almost", "Certainly", "not", "probably", "Probably",
     "toss-up", "a", "A", "coin", "flip", "Likelihood", "confidence", ":", " : ", "high", "High", "even", "chance",
     "ſ", "K", " ", "-", ".", "\n"]), st.text(alphabet="lyA :-", max_size=2)), max_size=12).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(HEDGEISH)
@example("Highly Likely")
@example("Likelihood : High")
def test_hedge_matches_the_plain_scans(text):
    assert probability.hedge(text) == _plain_hedge(text)
