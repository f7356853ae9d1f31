"""`ledger extract`, `ledger eval`, `ledger eval-time`: what the extractor finds, and how well, storing nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ledger.cli.context import parse_date, state

CLAIM_FIELDS = ("kind", "quote", "deadline", "precision", "condition", "probability", "attributed_to", "start", "end",
                "deadline_expression", "hedge")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("eval")(evaluate)
    app.command("eval-time")(evaluate_time)


def extract(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="An article (.txt, .md, .html) or a feed (.xml, .rss, .atom)"),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD [default: read from the article]"),
    publication: Optional[str] = typer.Option(None, help="Publication name [default: read from the article]"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line: the article's metadata, then each claim"),
) -> None:
    """Print the claims an article would give the ledger, without storing anything.

    With --json the first line is the article ({title, author, publication, published, url}) and
    each further line a claim ({kind, quote, deadline, precision, condition, probability,
    attributed_to, start, end, deadline_expression, hedge}); a feed prints that for each item.

    Example: ledger extract outlook.md --published 2026-01-16 --json
    """
    from ledger.errors import LedgerError
    from ledger.ingest import Overrides, read_drafts, settle
    from predictions import ArticleUnreadable, ExtractionOptions, extract_claims

    config = state(ctx).config
    options = ExtractionOptions(config.default_horizon_days, config.verdict_horizon_days)
    overrides = Overrides(publication, parse_date(published, "--published"), None, None)
    try:
        drafts = read_drafts(file)
    except ArticleUnreadable as exc:
        raise LedgerError(str(exc)) from None
    for draft in drafts:
        draft = settle(draft, overrides)
        if draft.published is None:
            raise LedgerError(f"{draft.source or file}: no publication date found in the article: pass --published YYYY-MM-DD")
        claims = extract_claims(draft.text, draft.published, options, published_precision=draft.published_precision)
        meta = {"title": draft.title, "author": draft.author, "publication": publication or draft.publication,
                "published": draft.published.isoformat(), "url": draft.url}
        if as_json:
            typer.echo(json.dumps(meta, ensure_ascii=False))
            for claim in claims:
                typer.echo(json.dumps(claim_dict(claim), ensure_ascii=False))
        else:
            _print_claims(meta, claims)


def claim_dict(claim) -> dict:
    row = {name: getattr(claim, name) for name in CLAIM_FIELDS}
    row["deadline"] = claim.deadline.isoformat()
    return row


def _print_claims(meta: dict, claims) -> None:
    from rich.table import Table

    from ledger.cli.output import console

    out = console()
    out.print(f"{meta['title'] or '(untitled)'} · {meta['publication'] or '?'} · {meta['published']}")
    table = Table(show_lines=False)
    for column in ("kind", "deadline", "why", "by", "p", "condition", "quote"):
        table.add_column(column, overflow="fold", no_wrap=column in ("kind", "deadline"))
    for c in claims:
        why = f"{c.deadline_expression!r} ({c.precision})" if c.deadline_expression else c.precision
        p = f"{c.probability:.0%}" if c.probability is not None else (c.hedge or "")
        table.add_row(c.kind, c.deadline.isoformat(), why, c.attributed_to, p, c.condition or "", c.quote)
    out.print(table)
    out.print(f"{len(claims)} claims (nothing stored)")


def evaluate(
    corpus_dir: Path = typer.Argument(..., help="A folder with gold.jsonl and the articles it names"),
    as_json: bool = typer.Option(False, "--json", help="Print the whole score as one JSON object"),
) -> None:
    """Score the extractor against a gold corpus: P/R/F1 per kind, field and metadata accuracy, misses.

    Example: ledger eval corpus/dev
    """
    from ledger.errors import LedgerError
    from predictions.evaluate import evaluate_corpus

    if not (corpus_dir / "gold.jsonl").is_file():
        raise LedgerError(f"{corpus_dir}: no gold.jsonl there")
    score = evaluate_corpus(corpus_dir)
    if as_json:
        typer.echo(json.dumps(score.to_dict(), ensure_ascii=False, default=str))
        return
    typer.echo("claims        P      R      F1    (tp/fp/fn)")
    for kind, s in score.per_kind.items():
        typer.echo(f"{kind:<11} {s['precision']:.3f}  {s['recall']:.3f}  {s['f1']:.3f}  ({s['tp']}/{s['fp']}/{s['fn']})")
    typer.echo("\nmatched-claim accuracy")
    for name, s in score.fields.items():
        typer.echo(f"{name:<12} {_fmt(s)}")
    typer.echo("\nmetadata (HTML pages)")
    for name, s in score.metadata.items():
        typer.echo(f"{name:<12} {_fmt(s)}")
    for miss in score.misses:
        typer.echo(f"miss   {miss['id']} {miss['kind']}: {miss['quote']}")
    for found in score.false_finds:
        typer.echo(f"false  {found['id']} {found['kind']}: {found['quote']}")
    for wrong in score.field_errors:
        typer.echo(f"wrong  {wrong['id']} {wrong['field']}: got {wrong['got']!r}, want {wrong['want']!r}: {wrong['quote']}")
    for error in score.errors:
        typer.echo(f"error  {error}")


def evaluate_time(
    file: Path = typer.Argument(..., help="JSON lines of {dct, text, value, sentence} (TimeML values)"),
    as_json: bool = typer.Option(False, "--json", help='Print {"n", "correct", "accuracy"}'),
) -> None:
    """Score the time-expression normaliser: does each text, read against its dct, give the gold value?

    Example: ledger eval-time timex/meantime-dates.jsonl
    """
    from ledger.errors import LedgerError
    from predictions.evaluate import evaluate_timex

    if not file.is_file():
        raise LedgerError(f"{file}: no such file")
    try:
        score = evaluate_timex(file)
    except (ValueError, KeyError) as exc:
        raise LedgerError(f"{file}: not timex JSON lines ({exc})") from None
    if as_json:
        typer.echo(json.dumps({"n": score.n, "correct": score.correct, "accuracy": round(score.accuracy, 4)}))
        return
    for miss in score.misses:
        typer.echo(f"miss  {miss['dct']}  {miss['text']!r}: got {miss['got']}, want {miss['value']}")
    typer.echo(f"value accuracy {score.accuracy:.3f} ({score.correct}/{score.n})")


def _fmt(s: dict) -> str:
    return f"{s['accuracy']:.3f} ({s['correct']}/{s['n']})" if s["n"] else "n/a"
