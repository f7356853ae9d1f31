"""`ledger ingest`: articles from files and folders into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ledger.cli.context import parse_date, state

STATUS_STYLE = {"stored": "green", "duplicate": "yellow", "error": "red", "dry-run": "cyan", "skipped": "magenta"}


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)


def ingest(
    ctx: typer.Context,
    paths: List[str] = typer.Argument(..., help="Files (.txt, .md, .html, RSS/Atom .xml), folders of them, or http(s):// URLs of article pages"),
    publication: Optional[str] = typer.Option(None, help="Publication name for every article (else read from each article)"),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for every article"),
    author: Optional[str] = typer.Option(None, help="Author for every article"),
    url: Optional[str] = typer.Option(None, help="Canonical URL (for a single article)"),
    manifest: Optional[Path] = typer.Option(None, help="TOML file of [[article]] file/publication/published/author/url"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be stored; store nothing"),
    by: Optional[str] = typer.Option(None, "--by", help="Who is ingesting [default: config resolver, then OS user]"),
    review: bool = typer.Option(False, "--review", help="Accept, edit or reject each extracted claim before it is stored"),
    workers: Optional[int] = typer.Option(
        None, min=1, help="Processes that read and extract [default: one per CPU for 64 files or more, else 1]"
    ),
) -> None:
    """Extract claims from articles and store them, each article whole or not at all.

    The same article twice adds nothing. A file that cannot be read is named and
    the rest still go in; the exit status is 1 if any failed. A batch is committed
    a few dozen articles at a time, and an article is listed as stored only once
    it is committed: after Ctrl-C or a crash, run the same command again.

    \b
    Examples:
      ledger ingest articles/ --publication "Harbor Street Economics"
      ledger ingest examples/articles --manifest examples/publications.toml
      ledger ingest https://example.com/2026/05/outlook
    """
    from itertools import chain

    from ledger.fetch import is_web_url
    from ledger.ingest import Overrides, ingest_paths, load_manifest
    from ledger.pages import ingest_urls
    from predictions import ExtractionOptions

    app_state = state(ctx)
    config = app_state.config
    overrides = Overrides(publication, parse_date(published, "--published"), author, url)
    options = ExtractionOptions(config.default_horizon_days, config.verdict_horizon_days)
    engine = None if dry_run else app_state.ready_engine()
    reviewer = None
    if review:
        from ledger.cli.review import Reviewer

        reviewer = Reviewer(engine)
    urls = [p for p in paths if is_web_url(p)]
    paths = [Path(p) for p in paths if not is_web_url(p)]
    results = ingest_paths(
        engine, list(paths), overrides=overrides, manifest=load_manifest(manifest) if manifest else None,
        options=options, actor=app_state.actor(by), review=reviewer, workers=workers,
    )
    if urls:  # pages are fetched, then read and stored like files
        results = chain(results, ingest_urls(engine, urls, config=config, overrides=overrides,
                                             options=options, actor=app_state.actor(by), review=reviewer))
    try:
        counts = report_results(reviewer.guard(results) if reviewer else results)
    except KeyboardInterrupt:
        from ledger.cli.output import console

        # The articles listed are stored; so may be a few more whose group committed as Ctrl-C came.
        console(stderr=True).print(
            "Interrupted: every article is in the ledger whole or not at all; run the same command "
            "again to store the rest (those already stored are skipped).", markup=False)
        raise typer.Exit(130) from None
    if reviewer and reviewer.interrupted:
        raise typer.Exit(130)
    if counts.get("error"):
        raise typer.Exit(1)


def report_results(results) -> dict[str, int]:
    """Print each article's outcome and its claims as they come; returns counts by status."""
    from ledger.cli.output import console, short

    out, err = console(), console(stderr=True)
    counts: dict[str, int] = {}
    claims_total = 0
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "error":
            err.print(f"error: {result.source}: {result.message}", markup=False)
            continue
        style = STATUS_STYLE[result.status]
        out.print(f"[{style}]{result.status}[/] {result.source} — {result.publication}, {result.published} — {result.message}")
        if result.status != "duplicate":
            claims_total += len(result.claims)
            out.print(_claims_table(result.claims))
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to ingest"
    out.print(f"{summary}; {claims_total} claims", markup=False)
    return counts


def _claims_table(claims):
    from rich.table import Table

    from ledger.cli.output import short

    table = Table(show_edge=False, pad_edge=False, box=None)
    for column in ("kind", "deadline", "precision", "attributed to", "quote"):
        table.add_column(column, overflow="fold")
    for claim in claims:
        table.add_row(claim.kind, claim.deadline.isoformat(), claim.precision, claim.attributed_to, short(claim.quote, 80))
    return table
