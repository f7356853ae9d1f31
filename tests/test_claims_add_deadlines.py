"""Deadlines typed by an analyst (claims add, review edits, extensions) follow the CLAIMS.md rules."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.deadline_input import read_deadline
from ledger.errors import LedgerError

P = date(2025, 3, 1)


@pytest.mark.parametrize(("typed", "deadline", "precision"), [
    ("2026-07-01", "2026-07-01", "day"),
    ("by 2027", "2027-12-31", "year"),
    ("before 2027", "2026-12-31", "year"),
    ("by Q3 2026", "2026-09-30", "quarter"),
    ("mid-2026", "2026-06-30", "half"),
    ("within six months", "2025-09-01", "relative"),
    ("in the next 12 to 18 months", "2026-09-01", "relative"),
    ("by the end of next year", "2026-12-31", "year"),
    ("winter 2024", "2025-02-28", "season"),
    ("by October", "2025-10-31", "month"),
])
def test_dates_and_expressions_read_from_the_reference_date(typed, deadline, precision):
    read = read_deadline(typed, P)
    assert (read.value.isoformat(), read.precision, read.expression) == (deadline, precision, typed)


@pytest.mark.parametrize("typed", ["", "  ", "whenever", "2026-02-30", "2026-6-3", "soon"])
def test_what_names_no_date_is_refused_naming_the_field(typed):
    with pytest.raises(LedgerError, match="^--extend: "):
        read_deadline(typed, P, field="--extend")
