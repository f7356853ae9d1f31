"""The scorecards' tallies, counted in Python from one pass over the claims.

SQLite groups by sorting: the two GROUP BYs over a million claims this replaces were two
million-row sorts (3 to 4 s each) on top of filling a million-row table to sort. Reading the
rows once and counting them in C (Counter over itemgetter keys) costs less. The pass yields
one row per claim: its group keys and a small code for what it adds to a tally (see
scorecard_sql.select_claim_keys). Two Counters, who said it and what it is, hold some
130,000 and 185,000 keys at archive scale; each breakdown a page shows is rolled up from them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

from sqlmodel import Session

from ledger import scorecard_sql as sql

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


def tallies(session: Session, scope: sql.Scope) -> Tallies:
    """Every breakdown of the claims in scope (needs sql.scored_claims open)."""
    people, traits, days = _count(session, scope)
    # Plain loops over the keys: a helper call per key cost more than the sums (1.1 million of them).
    by_source, by_author = defaultdict(int), defaultdict(int)
    for (pub, source, author, code), n in people.items():
        by_source[pub, source, code] += n
        by_author[pub, author, code] += n
    by_kind, by_wording, by_when = defaultdict(int), defaultdict(int), defaultdict(int)
    for (pub, kind, wording, when, code), n in traits.items():
        by_kind[pub, kind, code] += n
        by_wording[pub, wording, code] += n
        by_when[pub, when, code] += n
    by_pub, by_horizon, by_quarter = defaultdict(int), defaultdict(int), defaultdict(int)
    for (pub, when, code), n in by_when.items():  # a few thousand keys: the rest roll up from these
        by_pub[pub, "", code] += n  # one label: the publication's totals
        by_horizon[pub, when % 4, code] += n
        by_quarter[pub, when // 4, code] += n
    return Tallies(
        totals={pub: rows[0][1] for pub, rows in _breakdown(by_pub).items()},
        sources=_breakdown(by_source), authors=_breakdown(by_author), kinds=_breakdown(by_kind),
        horizons=_breakdown(by_horizon), wordings=_breakdown(by_wording),
        quarters={pub: [((index // 4, index % 4 + 1), counts) for index, counts in rows]
                  for pub, rows in _breakdown(by_quarter).items()},
        made=_made(days),
    )


def _count(session: Session, scope: sql.Scope) -> tuple[Counter, Counter, Counter]:
    """Claims per (publication, source, author, code), per (publication, kind, wording, when, code) and per
    (publication, day made): the days give each publication's first and last, without another pass.

    Rows are read in batches and each Counter takes its key with itemgetter, so the million
    claims are counted in C; a Python loop over them would cost more than the query.
    """
    people, traits, days = Counter(), Counter(), Counter()
    person, trait, day = itemgetter(0, 1, 2, 5), itemgetter(0, 3, 4, 6, 5), itemgetter(0, 7)
    cursor = sql.raw_rows(session, sql.select_claim_keys(session, scope))
    try:
        while rows := cursor.fetchmany(50_000):
            people.update(map(person, rows))
            traits.update(map(trait, rows))
            days.update(map(day, rows))
    finally:
        cursor.close()
    return people, traits, days


def _made(days: Counter) -> dict[int, tuple]:
    """{pub: (first day made, last day made)} from the (pub, day) pairs counted."""
    made: dict[int, tuple] = {}
    for pub, day in days:
        if day is None:  # as SQL's min and max, which skip NULLs
            continue
        first, last = made.get(pub, (day, day))
        made[pub] = (min(first, day), max(last, day))
    return {pub: (sql.as_date(first), sql.as_date(last)) for pub, (first, last) in made.items()}


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
