"""Reading a deadline an analyst typed: an ISO date, or a time expression as an article would write it.

Expressions are read by the extractor's deadline rules (`predictions.deadlines`), so a
claim added or edited by hand gets the deadline extraction would have given it. Where
that module is absent, the time grammar (`predictions.timex`) with the CLAIMS.md rules
on top (the end of the period named; "before" a period is the day before it starts;
"within N months" counts from the reference date); where that is absent too, only ISO
dates are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.errors import LedgerError

_BEFORE = re.compile(r"(?i)^\s*(?:before|until|till|prior\s+to)\b")
_DECADE_SPAN = re.compile(r"(?i)^\s*(?:with)?in\s+(?:the\s+next|a|the\s+coming)\s+decade\s*$")
_SPAN = re.compile(
    r"(?i)^\s*(?:(?:with)?in|over|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
    r"(?P<n>[\w-]+(?:\s+(?:of|a|dozen))?)(?:\s*(?:-|–|to|or)\s*(?P<n2>[\w-]+))?\s+(?P<unit>day|week|month|quarter|year|decade)s?\s*$"
)


@dataclass(frozen=True)
class Deadline:
    value: date
    precision: str
    expression: str


def read_deadline(text: str, reference: date, *, field: str = "deadline") -> Deadline:
    """The deadline `text` names, counted from `reference` (the article's date, or today for an extension).

    Raises LedgerError naming `field` when the text names no date.
    """
    text = " ".join((text or "").split())
    if not text:
        raise LedgerError(f"{field}: give a date (YYYY-MM-DD) or an expression such as 'Q3 2027'")
    try:
        return Deadline(date.fromisoformat(text), "day", text)
    except ValueError:
        pass
    found = _from_expression(text, reference)
    if found is None:
        raise LedgerError(f"{field}: {text!r} is not a date (YYYY-MM-DD) or a time expression the ledger can read")
    return found


def _from_expression(text: str, reference: date) -> Deadline | None:
    try:  # the extractor's own deadline rules, where its package has them: one reading for both
        from predictions.deadlines import deadline_in
    except ImportError:
        return _from_grammar(text, reference)
    found = deadline_in(text, reference)
    return Deadline(found.date, found.precision, text) if found is not None else None


def _from_grammar(text: str, reference: date) -> Deadline | None:
    try:
        from predictions import calendar_math
        from predictions.timegrammar import find_mentions, number_value
        from predictions.timex import resolve
    except ImportError:  # the extractor's grammar is absent: ISO dates only
        return None
    if _DECADE_SPAN.match(text):
        return Deadline(calendar_math.add_years(reference, 10), "relative", text)
    span = _SPAN.match(text)
    if span:
        amount = number_value(span.group("n2") or span.group("n"))
        if amount is None or amount != int(amount) or amount <= 0:
            return None
        unit = span.group("unit").lower()
        if unit == "quarter":  # "within two quarters": the end of the second quarter after the reference's
            index = reference.year * 4 + calendar_math.quarter_of(reference) - 1 + int(amount)
            return Deadline(calendar_math.quarter(index // 4, index % 4 + 1).end, "quarter", text)
        return Deadline(calendar_math.add_span(reference, int(amount), unit), "relative", text)
    mentions = [m for m in find_mentions(text) if m.kind not in ("du", "ago")]
    if not mentions:
        return None
    # A range ("in 2027 or 2028") takes its far end: the last period named.
    periods = [resolve(m, reference, "future") for m in mentions]
    if any(p is None for p in periods):
        return None
    period = max(periods, key=lambda p: p.end)
    if _BEFORE.match(text):
        return Deadline(min(periods, key=lambda p: p.start).start - timedelta(days=1), period.precision, text)
    return Deadline(period.end, period.precision, text)
