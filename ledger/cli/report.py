"""`ledger report`: the HTML scorecards (an index and one page per publication), or their figures as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ledger.cli.context import parse_date, state


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    ctx: typer.Context,
    publication: Optional[List[str]] = typer.Option(None, "--publication", help="Only this publication (repeatable)"),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the HTML files [default: config [reports] out_dir]"),
    since: Optional[str] = typer.Option(None, help="Only claims from articles published on or after YYYY-MM-DD"),
    until: Optional[str] = typer.Option(None, help="Only claims from articles published on or before YYYY-MM-DD"),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object instead of writing pages"),
    today: Optional[str] = typer.Option(None, "--today", help="Compute statuses as of this day [default: today]"),
) -> None:
    """Write the scorecards: index.html (a league table of publications) and a page per publication.

    Every figure on the pages is also printed by --json, under the same names.

    Example: ledger report --since 2025-01-01 --out public/scorecards
    """
    import json

    from ledger.db import reading
    from ledger.errors import LedgerError
    from ledger.scorecard import build_report, settings_from_config

    app_state = state(ctx)
    config = app_state.config
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and start > end:
        raise LedgerError(f"--since {start} is after --until {end}")
    settings = settings_from_config(config)
    engine = app_state.ready_engine()
    with reading(engine) as session:
        result = build_report(
            session, settings=settings, today=app_state.today(parse_date(today, "--today")),
            publications=list(publication) if publication else None, since=start, until=end,
            generated_at=config.now(),
        )
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _write_pages(result, out or config.relative_path(config.section("reports").get("out_dir", "reports-out")))


def _write_pages(result, out_dir: Path) -> None:
    from reports.pages import write_report

    paths = write_report(result, out_dir)
    # Plain echo, not rich: paths must never be wrapped or they cannot be copied.
    typer.echo(f"wrote {len(paths)} scorecard pages to {out_dir.resolve()}")
    for path, card in zip(paths, [None, *result.publications]):
        label = "league table of publications" if card is None else _summary(card)
        typer.echo(f"  {path}  ({label})")


def _summary(card) -> str:
    from reports.formatting import pct

    totals = card.totals
    return f"{card.name}: {totals.claims} claims, {totals.resolved} resolved, accuracy {pct(totals.accuracy)}"
