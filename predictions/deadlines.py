"""When a claim comes due: the deadline rules of CLAIMS.md on top of the time grammar.

The period a claim names is read with `timex`; the words in front of it decide which
end of it counts ("before 2027" is 2026-12-31, "by 2027" is 2027-12-31, "within 18
months" counts from publication), and a claim that names no time gets the heading's
year, the list's rule, or the default horizon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from . import calendar_math as cal
from .modality import words
from .timegrammar import Mention, find_mentions, number_value
from .timex import resolve


@dataclass(frozen=True)
class Deadline:
    date: date
    precision: str
    expression: str | None  # as written ("by mid-2026"); None for the default horizon


_END_OF = re.compile(r"(?i)\b(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?$")
_BEFORE = re.compile(r"(?i)\b(?:before|ahead\s+of|prior\s+to|until|till|'til)\s+(?:the\s+)?$")
_SPAN_PREFIX = re.compile(
    r"(?i)\b(?:within|in|over|during|inside|for|after)\s+(?:the\s+)?(?:next|coming|following)?\s*$")
_STRONG = re.compile(
    r"(?i)\b(?:by|before|until|till|through|thru|within|no\s+later\s+than|ahead\s+of|prior\s+to|end\s+of|in|during|"
    r"over|on|at|for|into|from)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?(?:next|coming)?\s*$")
_PREFIX = re.compile(r"(?i)(?:\b(?:by|before|until|till|through|within|in|during|over|on|at|for|into|no\s+later\s+than|"
                     r"ahead\s+of|prior\s+to)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+(?:the\s+)?)?(?:next|coming|following)?\s*)$")
# For each end-anchored pattern above: the most words a match spans, the words it can end with, and all its words.
_ENDINGS = {
    _PREFIX: (8, frozenset("by before until till through within in during over on at for into than of to the next "
                           "coming following".split()),
              frozenset("by before until till through within in during over on at for into no later than ahead of "
                        "prior to the end close next coming following".split())),
    _STRONG: (8, frozenset("by before until till through thru within than of to in during over on at for into from "
                           "the next coming".split()),
              frozenset("by before until till through thru within no later than ahead of prior to end in during over "
                        "on at for into from the next coming".split())),
    _BEFORE: (3, frozenset("before of to until till til the".split()),
              frozenset("before ahead of prior to until till 'til the".split())),
    _SPAN_PREFIX: (3, frozenset("within in over during inside for after the next coming following".split()),
                   frozenset("within in over during inside for after the next coming following".split())),
}
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _search_end(pattern: re.Pattern, before: str) -> re.Match | None:
    """`pattern.search(before)` for a pattern anchored at the end of `before`, tried only where a match can begin.

    The plain search tries a (?i) alternation at each of 40 characters for every time mention. In ASCII text the
    last word must be one the pattern ends with, and a match is whole words of the pattern (one per whitespace-
    separated chunk) after a first word that may end a chunk ("2025-in"): it begins in the chunk before the run of
    the pattern's words at the end. Outside ASCII (?i) folds letters like "ı" into "i": the plain search.
    """
    if not before.isascii():
        return pattern.search(before)
    most_words, final_words, vocabulary = _ENDINGS[pattern]
    stem = before.rstrip()
    if stem[len(stem.rstrip(_ASCII_LETTERS)):].lower() not in final_words:
        return None
    chunks = stem.rsplit(None, most_words)
    first = len(chunks) - 1
    while first > 0 and chunks[first].lower() in vocabulary:
        first -= 1
    if first == 0 and len(chunks) <= most_words:
        return pattern.search(before)
    # where chunks[first] ends, less its length (for the remainder of a full split: where the last words begin)
    end = len(stem.rsplit(None, len(chunks) - 1 - first)[0]) if first else len(chunks[0])
    return pattern.search(before, end - len(chunks[first]) if first else end)


_PAST_ONLY = {"ago", "dx"}
_YEARLESS = {"md", "dm", "mo", "mp", "se", "wd", "hol"}
# "beat 2018 levels", "than 2019": a year as a yardstick, not as when the claim comes due
_YARDSTICK_BEFORE = re.compile(r"(?i)\b(?:beat|beats|exceed|exceeds|surpass|surpasses|match|matches|than|since|from|"
                               r"above|below|versus|vs\.?|pre|post|over|top|tops)\s*-?\s*$")
_YARDSTICK_AFTER = re.compile(r"(?i)^\s*(?:levels?|figures?|highs?|lows?|peaks?|averages?|records?|numbers?|rates?|"
                              r"prices?|standards?|totals?|baselines?|results?|lows)\b")
_RULE = re.compile(
    r"(?i)\b(?:unless\s+(?:otherwise\s+)?(?:stated|noted|specified|indicated)(?:\s+otherwise)?|each\s+(?:of\s+(?:these|the)|"
    r"prediction|forecast|call|item|entry)|all\s+(?:of\s+)?(?:these|the\s+following|our)|these\s+(?:predictions|forecasts|"
    r"calls)\s+(?:are|run|cover|concern))\b")


# Compiled once: re.search(pattern_string) looks its pattern up in re's cache on every call (once per time mention)
_NEXT_OR_COMING = re.compile(r"(?i)the\s+(?:next|coming)|coming")
_NEXT_OR_COMING_WORD = re.compile(r"(?i)\b(?:next|coming)\b")
_BY_BEFORE_END = re.compile(r"(?i)\b(?:by|before|until|till|no\s+later\s+than)\s+$")
_END_WORD = re.compile(r"(?i)\bend\b")
_ENDS_AFTER = re.compile(r"(?i)\s+(?:is\s+out|is\s+over|ends|is\s+done|closes)\b")
_FROM_NOW = re.compile(r"(?i)\s*(?:from\s+now|hence)\b")


def default(published: date, horizon_days: int) -> Deadline:
    try:
        return Deadline(published + timedelta(days=horizon_days), "default", None)
    except OverflowError:  # a publication date at the calendar's end: the deadline cannot lie beyond it
        return Deadline(date.max, "default", None)


def deadline_in(claim_text: str, published: date, *, default_year: int | None = None) -> Deadline | None:
    """The deadline named in a claim's text (condition and asides already blanked out), or None."""
    best, best_strength = None, -1
    for mention in find_mentions(claim_text):
        found = _deadline_for(mention, claim_text, published, default_year)
        if found is None:
            continue
        strength = 1 if _search_end(_STRONG, claim_text[max(0, mention.start - 40):mention.start]) else 0
        if strength > best_strength:
            best, best_strength = found, strength
    return best


def list_rule(sentence: str, published: date) -> Deadline | None:
    """A deadline stated once for a whole list ("unless stated otherwise, each is about the end of next year")."""
    if not may_state_rule(sentence) or not _RULE.search(sentence):
        return None
    return deadline_in(sentence, published)


RULE_WORDS = frozenset({"unless", "each", "all", "these"})


def may_state_rule(text: str) -> bool:
    return not RULE_WORDS.isdisjoint(words(text))


def heading_year(heading: str) -> int | None:
    """The year a heading gives its items ("Predictions for 2026", "2025: Cultivated meat ...")."""
    for mention in find_mentions(heading):
        if mention.kind in ("yy", "yr"):
            return int(mention.get("y") or mention.get("a"))
    return None


def _deadline_for(m: Mention, text: str, published: date, default_year: int | None) -> Deadline | None:
    if m.kind in _PAST_ONLY or (m.kind == "ru" and m.get("r").lower() == "last"):
        return None
    before = text[max(0, m.start - 40):m.start]  # the words in front decide; anchored searches stay short
    if m.kind in ("yy", "yr") and (_YARDSTICK_BEFORE.search(before) or _YARDSTICK_AFTER.match(text[m.end:])):
        return None
    prefix = _search_end(_PREFIX, before)
    expression = ((prefix.group() if prefix else "") + m.text).rstrip(".")
    if m.kind == "du":
        return _span(m, before, text[m.end:], published, expression)
    if m.kind == "ru" and _search_end(_SPAN_PREFIX, before) and _NEXT_OR_COMING.match(m.text):
        # "over the coming year", "within the next month": twelve months (or one) from publication, not a calendar year
        unit = m.get("u").lower()
        return Deadline(cal.add_span(published, 1, unit), "relative", expression)
    if m.kind == "dr" and _NEXT_OR_COMING_WORD.search(m.text):
        if published.year + 10 > date.max.year:
            return None
        return Deadline(cal.add_years(published, 10), "relative", expression)
    if m.kind == "wd" and not _BY_BEFORE_END.search(before):
        return None  # "told analysts on Thursday", "Thursday's close": when it was said, not when it comes due
    period = resolve(m, published, "future", default_year if m.kind in _YEARLESS or _no_year(m) else None)
    if period is None:
        return None
    names_end = _END_WORD.search(m.text) is not None or bool(
        _ENDS_AFTER.match(text[m.end:m.end + 14]))
    if _search_end(_BEFORE, before) and not names_end and period.start > date.min:
        return Deadline(period.start - timedelta(days=1), period.precision, expression)
    return Deadline(period.end, period.precision, expression)


def _no_year(m: Mention) -> bool:
    """Named without its own year ("Q3", "the first half of the year"): a heading's year applies."""
    spec = (m.get("y") or m.get("r") or "").lower()
    if m.kind in ("qa", "qc", "ha", "hc") and not spec:
        return True
    return m.kind in ("qa", "qc", "ha", "hc", "yp") and " ".join(spec.split()) in ("the year", "the same year")


def _span(m: Mention, before: str, after: str, published: date, expression: str) -> Deadline | None:
    """ "within 18 months", "over the next 12 to 18 months", "five years from now": counted from publication."""
    if not _search_end(_SPAN_PREFIX, before) and not _FROM_NOW.match(after):
        return None
    amount = number_value(m.get("n2") or m.get("n"))
    if amount is None:
        return None
    unit = m.get("u").lower().rstrip("s")
    if unit == "quarter":
        # "within two quarters": the end of the second quarter after the one of publication
        index = published.year * 4 + cal.quarter_of(published) - 1 + int(amount)
        if index // 4 > date.max.year:
            return None
        return Deadline(cal.quarter(index // 4, index % 4 + 1).end, "quarter", expression)
    try:
        if amount != int(amount):
            if unit != "year":
                return None
            return Deadline(cal.add_months(published, int(amount * 12)), "relative", expression)
        return Deadline(cal.add_span(published, int(amount), unit), "relative", expression)
    except (OverflowError, ValueError):  # beyond year 9999
        return None
