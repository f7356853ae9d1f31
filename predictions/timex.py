"""Time expressions to calendar periods: "June 18", "Q3", "this winter", "the 70s" against a reference date.

    normalise("October", date(2004, 11, 24), "lawmakers rejected it in October")  # Period 2004-10
    normalise("next month", date(2011, 8, 8)).timeml                            # "2011-09"

A mention without its year (a month, a weekday, "Q3", "summer") is placed by direction:
"future" takes the first such period that ends on or after the reference date (the
deadline rule of CLAIMS.md), "past" the last one that began on or before it (newswire
reporting what happened). `normalise` reads the direction from the sentence's tense.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import calendar_math as cal
from .calendar_math import Period
from .timegrammar import (
    HOLIDAYS,
    ORDINALS,
    SEASON_CODES,
    WEEKDAYS,
    Mention,
    find_mentions,
    month_number,
    number_value,
)

__all__ = ["Period", "normalise", "resolve", "find_mentions", "Mention", "sentence_direction"]

_REL_OFFSET = {"this": 0, "the current": 0, "the": 0, "the same": 0, "next": 1, "the next": 1, "coming": 1,
               "the coming": 1, "the following": 1, "last": -1, "the previous": -1, "the past": -1}


def _rel(word: str | None) -> int | None:
    if word is None:
        return None
    return _REL_OFFSET.get(" ".join(word.lower().split()))


def _year_of(spec: str | None, anchor: date, default_year: int | None = None) -> int | None:
    """An absolute year from "2026", "'26", "this year", "next year", "the year" (a heading's year, if any)."""
    if not spec:
        return None
    spec = " ".join(spec.lower().split())
    if spec in ("the year", "the same year") and default_year is not None:
        return default_year
    if spec[0] in "'’":
        return 2000 + int(spec[1:]) if int(spec[1:]) < 50 else 1900 + int(spec[1:])
    if spec.isdigit():
        return int(spec) if len(spec) == 4 else 2000 + int(spec)
    offset = _rel(spec[: -len(" year")].strip()) if spec.endswith("year") else None
    return anchor.year + offset if offset is not None else None


def _place(make, anchor: date, direction: str, default_year: int | None) -> Period | None:
    """A yearless period: the heading's year if there is one, else the nearest one in `direction`."""
    if default_year is not None:
        return make(default_year)
    if direction == "past":
        for y in (anchor.year, anchor.year - 1, anchor.year - 2):
            p = make(y)
            if p and p.start <= anchor:
                return p
        return None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1, anchor.year + 2):
        p = make(y)
        if p and p.end >= anchor:
            return p
    return None


def _shifted_quarter(anchor: date, offset: int) -> Period:
    index = anchor.year * 4 + cal.quarter_of(anchor) - 1 + offset
    return cal.quarter(index // 4, index % 4 + 1)


def _shifted_month(anchor: date, offset: int) -> Period:
    d = cal.add_months(anchor.replace(day=1), offset)
    return cal.month(d.year, d.month)


def resolve(m: Mention, anchor: date, direction: str = "future", default_year: int | None = None) -> Period | None:
    """The calendar period a mention names, or None for spans ("six weeks") and what cannot be placed."""
    try:
        return _RESOLVERS[m.kind](m, anchor, direction, default_year) if m.kind in _RESOLVERS else None
    except (ValueError, KeyError, OverflowError):
        return None


def _r_day(m, anchor, direction, default_year):
    if m.kind == "iso":
        return cal.day(int(m.get("y")), int(m.get("m")), int(m.get("d")))
    if m.kind == "us":
        y = int(m.get("y"))
        return cal.day(y if y > 99 else 2000 + y, int(m.get("m")), int(m.get("d")))
    mon = month_number(m.get("m"))
    dom = int(re.match(r"\d+", m.get("d")).group())
    if m.get("y"):
        return cal.day(int(m.get("y")), mon, dom)
    return _place(lambda y: cal.day(y, mon, dom), anchor, direction, default_year)


def _r_holiday(m, anchor, direction, default_year):
    mon, dom = HOLIDAYS[" ".join(m.get("n").lower().replace("’", "'").split())]
    return _place(lambda y: cal.day(y, mon, dom), anchor, direction, default_year)


def _r_month(m, anchor, direction, default_year):
    mon = month_number(m.get("m"))
    y = _year_of(m.get("y"), anchor)
    if m.kind == "rm":
        offset = _rel(m.get("r"))
        if offset == 1:
            return _place(lambda yy: cal.month(yy, mon), anchor + timedelta(days=1), "future", None)
        if offset == -1:
            return _place(lambda yy: cal.month(yy, mon), anchor - timedelta(days=1), "past", None)
    if y is not None:
        return cal.month(y, mon)
    return _place(lambda yy: cal.month(yy, mon), anchor, direction, default_year)


def _r_quarter(m, anchor, direction, default_year):
    if m.kind == "qr":
        return _shifted_quarter(anchor, _rel(m.get("r")) or 0)
    if m.kind == "qc":
        word = m.get("o").lower()
        y = _year_of(m.get("y"), anchor, default_year)
        if word in ("last", "final"):
            return cal.quarter(y, 4) if y is not None else _shifted_quarter(anchor, -1)
        q = ORDINALS[word]
    else:
        q = int(m.get("q"))
        y = _year_of(m.get("y") or m.get("r"), anchor, default_year)
    if y is not None:
        return cal.quarter(y, q)
    return _place(lambda yy: cal.quarter(yy, q), anchor, direction, default_year)


def _r_half(m, anchor, direction, default_year):
    if m.kind == "hc":
        word = m.get("o").lower()
        h = 1 if word in ("first", "1st", "front") else 2
    else:
        h = int(m.get("h"))
    y = _year_of(m.get("y"), anchor, default_year)
    if y is not None:
        return cal.half(y, h)
    return _place(lambda yy: cal.half(yy, h), anchor, direction, default_year)


def _r_season(m, anchor, direction, default_year):
    code = SEASON_CODES[m.get("s").lower()]
    y = _year_of(m.get("y"), anchor)
    if y is not None:
        return cal.season(y, code)
    word = (m.get("r") or "").lower()
    offset = _rel(word) if word not in ("early", "late", "mid") else None
    make = lambda yy: cal.season(yy, code)  # noqa: E731
    if offset == 0:  # "this winter": the one under way, or the next one this year
        current = _place(make, anchor, "future", None)
        return current
    if offset == 1:
        return _place(make, anchor + timedelta(days=1), "future", None) if make(anchor.year).start > anchor \
            else _place(make, cal.add_years(anchor, 1).replace(month=1, day=1), "future", None)
    if offset == -1:
        return _place(lambda yy: make(yy) if make(yy).end < anchor else None, anchor, "past", None)
    return _place(make, anchor, direction, default_year)


def _r_yearpart(m, anchor, direction, default_year):
    if m.kind == "ye":
        y = anchor.year if default_year is None else default_year
        return cal.year(y)
    y = _year_of(m.get("y"), anchor, default_year)
    if y is None:
        return None
    part = " ".join(m.get("p").lower().split())
    if part == "early":
        return Period(date(y, 1, 1), date(y, 4, 30), "year", str(y))
    if part == "mid":
        return Period(date(y, 1, 1), date(y, 6, 30), "half", str(y))
    if part == "late":
        return Period(date(y, 7, 1), date(y, 12, 31), "half", str(y))
    if part in ("the start of", "start of", "the beginning of", "beginning of"):
        return Period(date(y, 1, 1), date(y, 3, 31), "year", str(y))
    if part == "the middle of":
        return Period(date(y, 1, 1), date(y, 6, 30), "half", str(y))
    return cal.year(y)


def _r_monthpart(m, anchor, direction, default_year):
    period = _r_month(m, anchor, direction, default_year)
    return period


def _r_decade(m, anchor, direction, default_year):
    if m.kind == "dc":
        if m.get("y"):
            whole = cal.decade(int(m.get("y")))
            part = (m.get("p") or "").lower()
            if part:  # "the early 2030s": 2030-2033; "mid": to 2036; "late": to the decade's end
                last = {"early": 3, "mid": 6, "late": 9}[part]
                return Period(whole.start, date(whole.start.year + last, 12, 31), "decade", whole.timeml)
            return whole
        tens = int(m.get("s"))
        return cal.decade(1900 + tens if 1900 + tens + 9 < anchor.year else 2000 + tens)
    word = " ".join(m.get("r").lower().split())
    if word in ("the past", "the last", "the previous"):
        return cal.decade(anchor.year - 10)
    if word in ("the next", "next", "the coming"):
        return cal.decade(anchor.year + 10)
    return cal.decade(anchor.year)


def _r_deictic(m, anchor, direction, default_year):
    word = " ".join(m.get("w").lower().split())
    shift = {"tomorrow": 1, "yesterday": -1}.get(word, 0)
    d = anchor + timedelta(days=shift)
    return Period(d, d, "day")


def _r_month_part(m, anchor, direction, default_year):
    """ "the end of the month": the month of the reference date (or the one before or after it)."""
    offset = {"the": 0, "this": 0, "next": 1, "last": -1}[m.get("r").lower()]
    return _shifted_month(anchor, offset)


def _r_relative_unit(m, anchor, direction, default_year):
    offset = _rel(m.get("r"))
    unit = m.get("u").lower()
    if offset is None:
        return None
    if unit == "year":
        return cal.year(anchor.year + offset)
    if unit == "month":
        return _shifted_month(anchor, offset)
    return None


def _r_ago(m, anchor, direction, default_year):
    n = number_value(m.get("n"))
    unit = m.get("u").lower().rstrip("s")
    if n is None or n != int(n):
        return None
    d = cal.add_span(anchor, -int(n), unit)
    if unit in ("day", "week"):
        return Period(d, d, "day")
    if unit == "month":
        return cal.month(d.year, d.month)
    return cal.year(d.year)


def _r_year(m, anchor, direction, default_year):
    if m.kind == "ya":
        return cal.year(_year_of("'" + m.get("y"), anchor))
    if m.kind == "yr":
        a, b = m.get("a"), m.get("b")
        end = int(b) if len(b) == 4 else int(a[:2] + b)
        if end < int(a):
            return None
        return Period(date(int(a), 1, 1), date(end, 12, 31), "year", a)
    return cal.year(int(m.get("y")))


def _r_weekday(m, anchor, direction, default_year):
    target = WEEKDAYS.index(m.get("d").lower())
    delta = target - anchor.weekday()
    if direction == "past":
        d = anchor + timedelta(days=delta if delta <= 0 else delta - 7)
    else:
        d = anchor + timedelta(days=delta if delta >= 0 else delta + 7)
    return Period(d, d, "day")


_RESOLVERS = {
    "iso": _r_day, "mdy": _r_day, "dmy": _r_day, "us": _r_day, "md": _r_day, "dm": _r_day,
    "my": _r_month, "mo": _r_month, "rm": _r_month, "mp": _r_monthpart,
    "qa": _r_quarter, "qb": _r_quarter, "qc": _r_quarter, "qr": _r_quarter,
    "ha": _r_half, "hb": _r_half, "hc": _r_half,
    "se": _r_season, "yp": _r_yearpart, "ye": _r_yearpart,
    "dc": _r_decade, "dr": _r_decade, "dx": _r_deictic, "ru": _r_relative_unit, "ago": _r_ago,
    "em": _r_month_part, "yr": _r_year, "yy": _r_year, "ya": _r_year, "wd": _r_weekday, "hol": _r_holiday,
}

_FUTURE_CUES = re.compile(
    r"(?i)\b(?:will|won't|shall|'ll|going\s+to|(?:is|are|was|were)\s+(?:set|due|scheduled|expected|slated|poised|planned)"
    r"\s+to|to\s+be\s+held|plans?\s+to|intends?\s+to|expects?|upcoming|next|forthcoming|until|remain|would|should|could|may|might|scheduled|deadline)\b")
_PAST_CUES = re.compile(
    r"(?i)\b(?:was|were|had|did|has\s+been|have\s+been|ago|last|since|earlier|said|told|announced|reported|"
    r"began|fell|rose|won|lost|made|came|took|gave|became|grew|saw|met|held|left|sold|bought|paid|built|"
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)[a-z]+ed)\b")


def sentence_direction(sentence: str, position: int) -> str:
    """Past or future for a yearless mention at `position`: the tense cue nearest to it decides."""
    best, best_distance = "past", None
    for pattern, label in ((_FUTURE_CUES, "future"), (_PAST_CUES, "past")):
        for cue in pattern.finditer(sentence):
            if label == "past" and cue.group().lower() in ("expected", "scheduled", "planned"):
                continue
            distance = min(abs(cue.start() - position), abs(cue.end() - position))
            if best_distance is None or distance < best_distance or (distance == best_distance and label == "future"):
                best, best_distance = label, distance
    return best


def _with_year_from_context(mention: Mention, sentence: str, at: int) -> Mention | None:
    """"October" in "after October of next year": the sentence says which year the month is in."""
    if at < 0 or mention.kind not in ("mo", "md", "dm"):
        return None
    for wider in find_mentions(sentence):
        if wider.kind in ("my", "mdy", "dmy") and wider.start <= at and wider.end >= at + (mention.end - mention.start):
            return wider
    return None


def normalise(expression: str, dct: date, sentence: str | None = None) -> Period | None:
    """The period `expression` names, read against the document date `dct` (and its sentence's tense)."""
    mentions = find_mentions(expression)
    if not mentions:
        return None
    mention = max(mentions, key=lambda m: m.end - m.start)
    direction = "past"
    if sentence:
        at = sentence.find(expression)
        direction = sentence_direction(sentence, at if at >= 0 else 0)
        mention = _with_year_from_context(mention, sentence, at) or mention
    if mention.kind == "wd":
        return resolve(mention, dct, direction)
    past, future = resolve(mention, dct, "past"), resolve(mention, dct, "future")
    if past and future and past != future:
        # An imminent date beats the tense guess when the other reading is far away ("a June 3 hearing").
        gap_past = max(0, (dct - past.end).days)
        gap_future = max(0, (future.start - dct).days)
        if gap_future <= 60 and gap_past >= 4 * max(gap_future, 1):
            return future
        if gap_past <= 60 and gap_future >= 4 * max(gap_past, 1):
            return past
    return past if direction == "past" else future
