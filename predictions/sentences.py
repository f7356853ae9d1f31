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
        stop = match.start()
        if text[stop] == "." and _is_abbreviation(text, stop, cursor):
            continue
        _append_stripped(spans, text, cursor, match.end())
        cursor = match.end()
    _append_stripped(spans, text, cursor, end)
    return spans


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    if dot <= floor or not text[dot - 1].isalpha():
        return False  # "$4.5bn" ends in a letter; "in 2026." does not: most full stops follow a digit or a word
    if dot - floor >= 7 and text[dot - 7:dot].isalpha():
        return False  # a word of seven letters or more: longer than any abbreviation
    # the letters and dots just before the full stop (no abbreviation is longer than a dozen)
    word = _word_before(text, max(floor, dot - 12), dot).lower()
    if len(word) == 1 and word.isalpha() or "." in word and _INITIALS.fullmatch(word):
        return True  # initials: "J. Smith", "C.C. Wei"
    if word in _CORPORATE:
        # "Acme Co. said" runs on; "... sold to Acme Co. The deal" is rare enough to accept.
        return True
    return word in _ABBREVIATIONS


_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _word_before(text: str, floor: int, dot: int) -> str:
    """The longest run of letters and full stops ending at `dot`, not before `floor` (as `(?:[^\\W\\d_]|\\.)*\\Z`)."""
    i = dot
    while i > floor:
        c = text[i - 1]
        if c != "." and not (c.isalnum() and not c.isdecimal()):
            break
        i -= 1
    return text[i:dot]


def _append_stripped(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Add text[a:b] without its surrounding whitespace, unless nothing is left."""
    chunk = text[a:b]
    body = chunk.strip()
    if body:
        a += len(chunk) - len(chunk.lstrip())
        spans.append((a, a + len(body)))
