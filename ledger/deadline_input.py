"""Reading a deadline an analyst typed: an ISO date, or a time expression as an article would write it.

Expressions are read by the extractor's own deadline rules (`predictions.deadlines`,
CLAIMS.md on top of the time grammar), so a claim added or edited by hand gets the
deadline extraction would have given it: "by Q3 2027" is 2027-09-30, "before 2027" is
2026-12-31, "within six months" counts from the reference date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ledger.errors import LedgerError

_ISO_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


@dataclass(frozen=True)
class Deadline:
    value: date
    precision: str
    expression: str  # as the analyst typed it


def read_deadline(text: str, reference: date, *, field: str = "deadline") -> Deadline:
    """The deadline `text` names, counted from `reference` (the article's date, or today for an extension).

    Raises LedgerError naming `field` when the text names no date.
    """
    text = " ".join((text or "").split())
    if not text:
        raise LedgerError(f"{field}: give a date (YYYY-MM-DD) or an expression such as 'Q3 2027'")
    if _ISO_SHAPE.match(text):
        try:
            return Deadline(date.fromisoformat(text), "day", text)
        except ValueError:
            # "2031-02-30" must not be read as the year 2031 by the expression grammar.
            raise LedgerError(f"{field}: {text!r} is not a date (YYYY-MM-DD)") from None
    try:
        from predictions.deadlines import deadline_in
    except ImportError:  # an intake package without deadline rules: ISO dates only
        found = None
    else:
        found = deadline_in(text, reference)
    if found is None:
        raise LedgerError(f"{field}: {text!r} is not a date (YYYY-MM-DD) or a time expression the ledger can read")
    return Deadline(found.date, found.precision, text)
