"""Applying a file of resolutions (JSON Lines), each matched to a claim by article and quote.

Each line: {"article": "<file or URL the article came from>", "quote_contains": "...",
"outcome": "...", "evidence": "...", "note": "...", "by": "...", "resolved_at": "YYYY-MM-DD"}.
Lines whose claim is already resolved are skipped, so applying a file twice changes nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timezone
from pathlib import Path

from sqlmodel import select

from ledger.cli.output import console
from ledger.db import transaction
from ledger.errors import Conflict, LedgerError
from ledger.models import Article, Claim
from ledger.resolving import Answer, resolve


def apply_file(app_state, path: Path, *, by: str | None) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerError(f"{path}: {exc}") from None
    out = console()
    counts = {"resolved": 0, "already": 0, "error": 0}
    engine = app_state.ready_engine()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            entry = json.loads(line)
            with transaction(engine) as session:
                claim_id = _find_claim(session, entry)
                answer = Answer(entry.get("outcome", ""), entry.get("evidence"), entry.get("note"), entry.get("by") or app_state.actor(by))
                resolve(session, claim_id, answer, today=app_state.today(), force=True, at=_when(entry))
            counts["resolved"] += 1
        except Conflict:
            counts["already"] += 1
        except (LedgerError, json.JSONDecodeError) as exc:
            counts["error"] += 1
            message = exc.format_message() if isinstance(exc, LedgerError) else f"not JSON ({exc})"
            console(stderr=True).print(f"error: {where}: {message}", markup=False)
    out.print(f"{counts['resolved']} resolved, {counts['already']} already resolved, {counts['error']} errors", markup=False)
    if counts["error"]:
        import typer

        raise typer.Exit(1)


def _find_claim(session, entry: dict) -> int:
    article_ref, fragment = entry.get("article"), entry.get("quote_contains")
    if not article_ref or not fragment:
        raise LedgerError("needs 'article' and 'quote_contains'")
    query = (
        select(Claim.id, Claim.quote, Article.source)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.quote.contains(fragment))
    )
    matches = [row.id for row in session.exec(query) if _same_article(row.source, article_ref)]
    if len(matches) != 1:
        found = "no claim" if not matches else f"{len(matches)} claims"
        raise LedgerError(f"{found} in {article_ref!r} quotes {fragment!r}")
    return matches[0]


def _same_article(source: str | None, reference: str) -> bool:
    return bool(source) and (source == reference or source.endswith("/" + reference.lstrip("/")))


def _when(entry: dict) -> datetime | None:
    value = entry.get("resolved_at")
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise LedgerError(f"resolved_at {value!r} is not a date") from None
    if parsed.tzinfo is None:
        parsed = datetime.combine(parsed.date(), time(12), timezone.utc) if len(value) == 10 else parsed.replace(tzinfo=timezone.utc)
    return parsed
