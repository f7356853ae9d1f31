"""Sentence boundaries inside a block of text, as character spans (the stored text is never rewritten)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A full stop after these is not the end of a sentence (titles, initials, company suffixes, months).
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "capt", "col", "lt",
    "co", "corp", "inc", "ltd", "plc", "bros", "no", "nos", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig",
    "a.m", "p.m", "ph.d", "ave", "dept", "univ", "assn",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£$€])")  # what `_boundaries` finds, as a regex
_FULL_STOP = re.compile(r"\.[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£$€])")  # _BOUNDARY for text without "!" or "?"
_SPAN = re.Match.span
_CORPORATE = {"co", "corp", "inc", "ltd", "plc", "bros"}
_MARKS = ".!?"
_CLOSERS = "\"'”’)]"
_OPENERS = "\"'“‘(["
_STARTS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789£$€")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], each stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    spans = []
    cursor = start
    for stop, after in _boundaries(text, start, end):
        # A full stop after a digit ends the sentence, and so does one after two letters no abbreviation ends with
        # ("gone.", "reporting."): the word in front is looked up only when its last two letters could be one.
        if text[stop] == "." and stop > cursor and text[stop - 1].isalpha():
            last_two = text[stop - 2:stop]
            if not (stop - 2 >= cursor and last_two.isalpha() and last_two not in _ENDINGS) and _is_abbreviation(
                    text, stop, cursor):
                continue
        # a boundary ends in a mark or a closer, never in whitespace: only the sentence's front needs stripping
        spans.append((after - len(text[cursor:after].lstrip()), after))
        cursor = after
    chunk = text[cursor:end]  # the last sentence, perhaps with whitespace around it
    body = chunk.strip()
    if body:
        cursor += len(chunk) - len(chunk.lstrip())
        spans.append((cursor, cursor + len(body)))
    return spans


def _boundaries(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The spans `_BOUNDARY.finditer(text, start, end)` gives, in order.

    _BOUNDARY opens with a repeat, so the regex engine tries it at every character. Text with full stops only (most
    paragraphs) runs `_FULL_STOP`, which opens with a literal that the engine skips to as str.find does: a run of marks
    starts with a full stop there, so each match starts where _BOUNDARY's does. Other text: the marks are found with
    str.find and each is checked by hand."""
    segment = text[start:end]
    if "!" not in segment and "?" not in segment:
        return map(_SPAN, _FULL_STOP.finditer(text, start, end)) if "." in segment else ()
    marks = []
    for mark in _MARKS:
        at = text.find(mark, start, end)
        while at != -1:
            marks.append(at)
            at = text.find(mark, at + 1, end)
    if not marks:
        return []
    marks.sort()
    found = []
    resume = start
    for stop in marks:
        if stop < resume:
            continue  # inside the run of marks or the match just taken
        run = stop + 1
        while run < end and text[run] in _MARKS:
            run += 1
        after = run
        while after < end and text[after] in _CLOSERS:
            after += 1
        # the lookahead: whitespace, then a capital, a digit or a currency sign, perhaps behind an opening quote
        nxt = after
        while nxt < end and text[nxt].isspace():  # str.isspace is \s for str patterns
            nxt += 1
        if after < nxt < end and (text[nxt] in _STARTS or (
                text[nxt] in _OPENERS and nxt + 1 < end and text[nxt + 1] in _STARTS)):
            found.append((stop, after))
            resume = after
        else:
            resume = run  # a later start inside the same run meets the same characters and fails too
    return found


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


# The last two letters of each abbreviation in every case (and "\u212a", the Kelvin sign, which lower-cases to
# "k"): two letters outside it before a full stop are no abbreviation. Initials and dotted forms end in ".x".
_ENDINGS = frozenset(a + b for word in _ABBREVIATIONS | _CORPORATE if word[-2:].isalpha()
                     for a in {word[-2], word[-2].upper(), "\u212a" if word[-2] == "k" else word[-2]}
                     for b in {word[-1], word[-1].upper(), "\u212a" if word[-1] == "k" else word[-1]})
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")
_LETTERS_AND_DOT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."


def _word_before(text: str, floor: int, dot: int) -> str:
    """The longest run of letters and full stops ending at `dot`, not before `floor` (as `(?:[^\\W\\d_]|\\.)*\\Z`)."""
    window = text[floor:dot]
    if window.isascii():  # ASCII letters and dots are the whole set: strip them off the end in one call
        return window[len(window.rstrip(_LETTERS_AND_DOT)):]
    i = dot
    while i > floor:
        c = text[i - 1]
        if c != "." and not (c.isalnum() and not c.isdecimal()):
            break
        i -= 1
    return text[i:dot]
