"""`ledger db check`: does the ledger still tell one consistent story?

Each check is one set-based query, so it runs in seconds on a newsroom archive,
and each problem comes back as one line naming the rows involved. The checks
cover what constraints alone cannot promise: SQLite may have run with foreign
keys off, a restore may have been partial, a bug may have written a status
without its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

from ledger.models import EVENT_KINDS, KINDS, OUTCOMES, STATUSES

# A check that finds thousands of rows names the first ones and counts the rest.
SHOWN_PER_CHECK = 20


@dataclass(frozen=True)
class Report:
    problems: list[str]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.problems


def check(engine: sa.Engine) -> Report:
    """Run every check; a ledger whose schema is missing or behind is reported, not examined further."""
    from ledger.migrate import current_revision, head_revision, pending_changes

    current, head = current_revision(engine), head_revision()
    if current is None:
        return Report(["schema: the ledger has not been created (no migration applied): run `ledger db upgrade`"], {})
    if current != head:
        return Report([f"schema: the ledger is at migration {current}, not the latest {head}: run `ledger db upgrade`"], {})
    problems = [f"schema: differs from the models: {_describe(change)}" for change in pending_changes(engine)]
    with engine.connect() as connection:
        for describe, sql in CHECKS:
            rows = connection.execute(sa.text(sql)).all()
            problems.extend(describe(*row) for row in rows[:SHOWN_PER_CHECK])
            if len(rows) > SHOWN_PER_CHECK:
                problems.append(f"... and {len(rows) - SHOWN_PER_CHECK} more like the line above")
        counts = {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() for table in COUNTED}
    return Report(problems, counts)


COUNTED = ("publication", "article", "claim", "resolution", "claim_event")


def _describe(change) -> str:
    """One alembic diff entry (a tuple, or a list of tuples for column changes) as text."""
    if isinstance(change, list):
        return "; ".join(_describe(part) for part in change)
    action, *details = change
    named = [getattr(detail, "name", None) or str(detail) for detail in details if detail is not None]
    return f"{action} {' '.join(named[:3])}".strip()


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


_CURRENT = "NOT EXISTS (SELECT 1 FROM resolution later WHERE later.supersedes_id = r.id)"
_REACHABLE = """
    WITH RECURSIVE chain(id) AS (
        SELECT id FROM resolution WHERE supersedes_id IS NULL
        UNION ALL
        SELECT r.id FROM resolution r JOIN chain ON r.supersedes_id = chain.id
    )
"""

Check = tuple[Callable[..., str], str]
CHECKS: list[Check] = [
    # Every row belongs to something that exists.
    (lambda id, pid: f"article {id}: its publication {pid} does not exist",
     "SELECT a.id, a.publication_id FROM article a LEFT JOIN publication p ON p.id = a.publication_id WHERE p.id IS NULL ORDER BY a.id"),
    (lambda id, aid: f"claim {id}: its article {aid} does not exist",
     "SELECT c.id, c.article_id FROM claim c LEFT JOIN article a ON a.id = c.article_id WHERE a.id IS NULL ORDER BY c.id"),
    (lambda id, cid: f"resolution {id}: its claim {cid} does not exist",
     "SELECT r.id, r.claim_id FROM resolution r LEFT JOIN claim c ON c.id = r.claim_id WHERE c.id IS NULL ORDER BY r.id"),
    (lambda id, cid: f"event {id}: its claim {cid} does not exist",
     "SELECT e.id, e.claim_id FROM claim_event e LEFT JOIN claim c ON c.id = e.claim_id WHERE c.id IS NULL ORDER BY e.id"),
    (lambda id, rid: f"event {id}: its resolution {rid} does not exist",
     "SELECT e.id, e.resolution_id FROM claim_event e LEFT JOIN resolution r ON r.id = e.resolution_id "
     "WHERE e.resolution_id IS NOT NULL AND r.id IS NULL ORDER BY e.id"),
    # Values are ones the ledger knows.
    (lambda id, value: f"claim {id}: unknown status {value!r}",
     f"SELECT id, status FROM claim WHERE status NOT IN ({_quoted(STATUSES)}) ORDER BY id"),
    (lambda id, value: f"claim {id}: unknown kind {value!r}",
     f"SELECT id, kind FROM claim WHERE kind NOT IN ({_quoted(KINDS)}) ORDER BY id"),
    (lambda id, value: f"resolution {id}: unknown outcome {value!r}",
     f"SELECT id, outcome FROM resolution WHERE outcome NOT IN ({_quoted(OUTCOMES)}) ORDER BY id"),
    (lambda id, value: f"event {id}: unknown kind {value!r}",
     f"SELECT id, kind FROM claim_event WHERE kind NOT IN ({_quoted(EVENT_KINDS)}) ORDER BY id"),
    # Spans point at the quote in the article's text (character offsets, end exclusive).
    (lambda id, start, end: f"claim {id}: span {start}..{end} does not hold its quote in the article text",
     "SELECT c.id, c.span_start, c.span_end FROM claim c JOIN article a ON a.id = c.article_id "
     "WHERE (c.span_start IS NULL) <> (c.span_end IS NULL) OR (c.span_start IS NOT NULL AND ("
     "c.span_start < 0 OR c.span_end < c.span_start OR "
     "substr(a.text, c.span_start + 1, c.span_end - c.span_start) <> c.quote)) ORDER BY c.id"),
    # Each claim's resolutions form one line: one first answer, each answer superseded at most once,
    # by an answer to the same claim, every answer reachable from the first (no cycles, no strays).
    (lambda cid, n: f"claim {cid}: {n} first resolutions (a chain has one)",
     "SELECT claim_id, count(*) FROM resolution WHERE supersedes_id IS NULL GROUP BY claim_id HAVING count(*) > 1 ORDER BY claim_id"),
    (lambda rid, n: f"resolution {rid}: superseded by {n} resolutions (a fork in the chain)",
     "SELECT supersedes_id, count(*) FROM resolution WHERE supersedes_id IS NOT NULL GROUP BY supersedes_id HAVING count(*) > 1 ORDER BY supersedes_id"),
    (lambda id, cid, sid: f"resolution {id} (claim {cid}): supersedes resolution {sid}, which is missing or answers another claim",
     "SELECT r.id, r.claim_id, r.supersedes_id FROM resolution r LEFT JOIN resolution p ON p.id = r.supersedes_id "
     "WHERE r.supersedes_id IS NOT NULL AND (p.id IS NULL OR p.claim_id <> r.claim_id) ORDER BY r.id"),
    (lambda id, cid: f"resolution {id} (claim {cid}): not reachable from the claim's first resolution (a cycle or a stray)",
     _REACHABLE + "SELECT r.id, r.claim_id FROM resolution r WHERE r.id NOT IN (SELECT id FROM chain) ORDER BY r.id"),
    # A claim's status agrees with its history.
    (lambda id, status, rid, outcome: f"claim {id}: status {status!r} but its current resolution {rid} says {outcome!r}",
     f"SELECT c.id, c.status, r.id, r.outcome FROM claim c JOIN resolution r ON r.claim_id = c.id WHERE {_CURRENT} "
     "AND c.status <> CASE WHEN r.outcome = 'void' THEN 'void' ELSE 'resolved' END ORDER BY c.id"),
    (lambda id, status: f"claim {id}: status {status!r} but it has no resolution",
     "SELECT c.id, c.status FROM claim c WHERE c.status IN ('resolved', 'void') "
     "AND NOT EXISTS (SELECT 1 FROM resolution r WHERE r.claim_id = c.id) ORDER BY c.id"),
    (lambda id: f"claim {id}: status 'due' but no event flagged it due",
     "SELECT c.id FROM claim c WHERE c.status = 'due' AND NOT EXISTS "
     "(SELECT 1 FROM claim_event e WHERE e.claim_id = c.id AND e.kind = 'flagged_due') ORDER BY c.id"),
    (lambda id: f"claim {id}: status 'rejected' but no event rejected it",
     "SELECT c.id FROM claim c WHERE c.status = 'rejected' AND NOT EXISTS "
     "(SELECT 1 FROM claim_event e WHERE e.claim_id = c.id AND e.kind = 'rejected') ORDER BY c.id"),
    (lambda id: f"claim {id}: no 'created' event (who added it, and when, is unknown)",
     "SELECT c.id FROM claim c WHERE NOT EXISTS "
     "(SELECT 1 FROM claim_event e WHERE e.claim_id = c.id AND e.kind = 'created') ORDER BY c.id"),
    (lambda id, cid: f"resolution {id} (claim {cid}): no event records who resolved it",
     "SELECT r.id, r.claim_id FROM resolution r WHERE NOT EXISTS "
     "(SELECT 1 FROM claim_event e WHERE e.resolution_id = r.id) ORDER BY r.id"),
]
