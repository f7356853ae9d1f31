"""The scorecards' tallies, counted in Python from one pass over the claims.

SQLite groups by sorting: the two GROUP BYs over a million claims this replaces were two
million-row sorts (3 to 4 s each) on top of filling a million-row table to sort. Reading the
rows once and counting them in C (scorecard_worker.count) costs less. The pass yields one row
per claim: its group keys and a small code for what it adds to a tally (see
scorecard_sql.select_claim_keys). On a large ledger a second process counts the upper half
of the claims (scorecard_split) and the two halves' counts are added up here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session

from ledger import scorecard_sql as sql
from ledger.scorecard_split import Split
from ledger.scorecard_worker import Rolled, count

# Each code's place in the 9 counts of a Tally (claims, open, due, overdue, correct, incorrect,
# partial, void, on time): every claim counts in `claims`; an overdue claim is also due.
_PLACES: dict[int, tuple[int, ...]] = {sql.OPEN: (0, 1), sql.DUE: (0, 2), sql.OVERDUE: (0, 2, 3)}
for _i in range(len(sql.OUTCOMES) + 1):
    _outcome = (4 + _i,) if _i < len(sql.OUTCOMES) else ()  # an outcome outside OUTCOMES counts as a claim only
    _PLACES[sql.ANSWERED + 2 * _i] = (0, *_outcome)
    _PLACES[sql.ANSWERED + 2 * _i + 1] = (0, *_outcome, 8)


@dataclass
class Tallies:
    """Per publication id: [(label, 9 counts)] for each breakdown, labels in code-point order."""

    totals: dict[int, list[int]] = field(default_factory=dict)
    sources: dict[int, list[tuple]] = field(default_factory=dict)
    authors: dict[int, list[tuple]] = field(default_factory=dict)
    kinds: dict[int, list[tuple]] = field(default_factory=dict)
    horizons: dict[int, list[tuple]] = field(default_factory=dict)
    wordings: dict[int, list[tuple]] = field(default_factory=dict)
    quarters: dict[int, list[tuple]] = field(default_factory=dict)  # labels are (year, quarter)
    made: dict[int, tuple] = field(default_factory=dict)  # (first day made, last day made)


def tallies(session: Session, scope: sql.Scope, split: Split) -> Tallies:
    """Every breakdown of the claims in scope (needs sql.scored_claims open), the child's half added in."""
    cursor = sql.raw_rows(session, sql.select_claim_keys(session, scope, upto=split.upto))
    try:
        rolled = count(cursor)
    finally:
        cursor.close()
    if split.child is not None:
        rolled.add(split.child_counts())
    return _breakdowns(rolled)


def _breakdowns(rolled: Rolled) -> Tallies:
    by_pub, by_horizon, by_quarter = defaultdict(int), defaultdict(int), defaultdict(int)
    for (pub, when, code), n in rolled.when.items():  # a few thousand keys: the rest roll up from these
        by_pub[pub, "", code] += n  # one label: the publication's totals
        by_horizon[pub, when % 4, code] += n
        by_quarter[pub, when // 4, code] += n
    return Tallies(
        totals={pub: rows[0][1] for pub, rows in _breakdown(by_pub).items()},
        sources=_breakdown(rolled.sources), authors=_breakdown(rolled.authors), kinds=_breakdown(rolled.kinds),
        horizons=_breakdown(by_horizon), wordings=_breakdown(rolled.wordings),
        quarters={pub: [((index // 4, index % 4 + 1), counts) for index, counts in rows]
                  for pub, rows in _breakdown(by_quarter).items()},
        made={pub: (sql.as_date(first), sql.as_date(last)) for pub, (first, last) in rolled.made.items()},
    )


def _breakdown(counted: dict) -> dict[int, list[tuple]]:
    """{(pub, label, code): claims} -> {pub: [(label, 9 counts)]}, labels sorted; a NULL label is left out."""
    counts: dict[tuple, list[int]] = {}
    for (pub, label, code), n in counted.items():
        if label is None:
            continue
        row = counts.get((pub, label))
        if row is None:
            row = counts[pub, label] = [0] * 9
        for place in _PLACES[code]:
            row[place] += n
    out: dict[int, list[tuple]] = {}
    for (pub, label), row in sorted(counts.items()):
        out.setdefault(pub, []).append((label, row))
    return out
