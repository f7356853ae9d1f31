"""Counting the claims pass, in this process or in a second one that reads the same snapshot.

A million claims take some seven seconds to read and count on one core. `scorecard_split`
can hand the upper half of the claim ids to this module run as a program
(`python -m ledger.scorecard_worker`), so the two halves are counted on two cores at once.
The program uses only the standard library and the database driver (no SQLAlchemy), so it
starts in a few tens of milliseconds; the parent writes the SQL and how to connect.

Protocol, over the child's stdin and stdout: the parent writes one pickled `request`; the
child connects, opens its read transaction (on PostgreSQL, importing the parent's snapshot),
writes one byte (READY) once it holds its snapshot, counts, and writes the pickled `Rolled` fields.
On failure it writes one line to stderr and exits 1.
"""

from __future__ import annotations

import importlib
import pickle
import sys
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

READY = b"R"
BATCH = 50_000


@dataclass
class Rolled:
    """{(pub, label, code): claims} per breakdown (`when` is quarter index x 4 + horizon bucket), and
    {pub: (first, last)} day made: a share's counts, small enough to send between processes and add up."""

    sources: dict = field(default_factory=dict)
    authors: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    wordings: dict = field(default_factory=dict)
    when: dict = field(default_factory=dict)
    made: dict = field(default_factory=dict)

    def add(self, other: Rolled) -> Rolled:
        for name in ("sources", "authors", "kinds", "wordings", "when"):
            mine = getattr(self, name)
            for key, n in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + n
        for pub, (first, last) in other.made.items():
            have = self.made.get(pub)
            self.made[pub] = (first, last) if have is None else (min(have[0], first), max(have[1], last))
        return self


def count(cursor) -> Rolled:
    """Read the claim keys (see scorecard_sql.select_claim_keys) from `cursor` and count them.

    Rows are read in batches and each breakdown's Counter takes its key with itemgetter, so the claims
    are counted in C: a Python loop over a million rows (or over the 300,000 keys of counting them
    once by everything and rolling up) costs more than counting them once per breakdown.
    """
    counters = {name: Counter() for name in _KEYS}
    keys = [(counters[name].update, itemgetter(*places)) for name, places in _KEYS.items()]
    while rows := cursor.fetchmany(BATCH):
        for update, key in keys:
            update(map(key, rows))
    made: dict = {}
    for pub, day in counters.pop("made"):
        if day is None:  # as SQL's min and max, which skip NULLs
            continue
        first, last = made.get(pub, (day, day))
        made[pub] = (min(first, day), max(last, day))
    return Rolled(**{name: dict(counted) for name, counted in counters.items()}, made=made)


# Where each breakdown's key is in a row: (pub, source, author, kind, wording, code, when, day made).
_KEYS = {"sources": (0, 1, 5), "authors": (0, 2, 5), "kinds": (0, 3, 5), "wordings": (0, 4, 5), "when": (0, 6, 5),
         "made": (0, 7)}


def _serve(stdin, stdout) -> None:
    request = pickle.load(stdin)
    driver = importlib.import_module(request["driver"])
    connection = driver.connect(*request["args"], **request["kwargs"])
    try:
        if request["driver"] == "sqlite3":
            connection.isolation_level = None  # transactions are begun by the statements below
        for statement in request["begin"]:
            connection.execute(statement)
        stdout.write(READY)
        stdout.flush()
        for statement in request["setup"]:
            connection.execute(statement)
        cursor = connection.cursor(name="scorecard_share") if request["server_side"] else connection.cursor()
        cursor.execute(request["keys"])
        rolled = count(cursor)
        cursor.close()
    finally:
        connection.rollback()  # it only read, and wrote its own temporary table
        connection.close()
    # Plain dicts: run as a program, this module is __main__, which the parent cannot unpickle a class from.
    pickle.dump(vars(rolled), stdout, protocol=pickle.HIGHEST_PROTOCOL)
    stdout.flush()


def main() -> int:
    try:
        _serve(sys.stdin.buffer, sys.stdout.buffer)
    except Exception as exc:  # the parent reports it as one line
        print(f"{type(exc).__name__}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
