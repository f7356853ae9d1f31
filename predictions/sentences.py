"""Sentence boundaries inside a block of text, as character spans (the stored text is never rewritten)."""

from __future__ import annotations

import re

# A full stop after these is not the end of a sentence (titles, initials, company suffixes, months).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "capt", "col", "lt",
    "co", "corp", "inc", "ltd", "plc", "bros", "no", "nos", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig",
    "a.m", "p.m", "ph.d", "ave", "dept", "univ", "assn",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£$€])")
_CORPORATE = {"co", "corp", "inc", "ltd", "plc", "bros"}


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], each stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if match.group()[0] == "." and _is_abbreviation(text, match.start(), cursor):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


_WORD_BEFORE = re.compile(r"(?:[^\W\d_]|\.)*\Z")


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    if dot <= floor or not text[dot - 1].isalpha():
        return False  # "$4.5bn" ends in a letter; "in 2026." does not: most full stops follow a digit or a word
    if dot - floor >= 7 and text[dot - 7:dot].isalpha():
        return False  # a word of seven letters or more: longer than any abbreviation
    # the letters and dots just before the full stop (no abbreviation is longer than a dozen)
    word = _WORD_BEFORE.search(text, max(floor, dot - 12), dot).group().lower()
    if len(word) == 1 and word.isalpha() or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return True  # initials: "J. Smith", "C.C. Wei"
    if word in _CORPORATE:
        # "Acme Co. said" runs on; "... sold to Acme Co. The deal" is rare enough to accept.
        return True
    return word in _ABBREVIATIONS


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
