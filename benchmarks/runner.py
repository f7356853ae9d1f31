"""Choosing the cases, running them, and turning their results into the table and the exit status."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

from benchmarks import cases_intake, cases_ledger
from benchmarks.harness import Context, Result, bench_scale, cache_root, console, print_results, write_json

Case = Callable[[Context], list[Result]]

CASES: dict[str, tuple[str, Case]] = {
    "extraction": ("extraction speed against dateparser", cases_intake.extraction),
    "ingest": ("ingest 10,000 article files end to end", cases_intake.ingest),
    "store": ("store 100,000 claims against plain sqlite3", cases_intake.store),
    "due": ("flag due among 1,000,000 claims against one UPDATE", cases_ledger.flag_due),
    "scorecards": ("every scorecard as HTML, time and peak memory", cases_ledger.scorecards),
    "email": ("one weekly email rendered", cases_ledger.weekly_email),
    "help": ("ledger --help against python -c pass", cases_ledger.help_command),
}
POSTGRES_CASES = {"ingest", "store"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks with targets. BENCH_SCALE=0.1 runs every case at a tenth of the size; "
        "generated data is cached (BENCH_CACHE, default a folder in the temp dir).",
    )
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help=f"run only this case (repeatable, or comma-separated): {', '.join(CASES)}")
    parser.add_argument("--postgres", metavar="URL",
                        help="also run ingest and store on this PostgreSQL server (fresh databases; needs CREATEDB)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated articles and ledgers")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of the short cases (the best is kept)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    return parser.parse_args(argv)


def selected(only: list[str]) -> list[str]:
    names = [n.strip() for item in only for n in item.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        raise SystemExit(f"error: --only {', '.join(unknown)}: no such case (cases: {', '.join(CASES)})")
    return names or list(CASES)


def run_case(name: str, case: Case, ctx: Context, label: str | None = None) -> list[Result]:
    console.rule(f"{name}{f' ({label})' if label else ''}")
    try:
        return case(ctx)
    except Exception as exc:  # one broken case must not hide the others' numbers
        console.print(traceback.format_exc(), markup=False)
        return [Result(name + (f" ({label})" if label else ""), f"error: {type(exc).__name__}: {exc}"[:120], ok=False)]


def postgres_case(name: str):
    from benchmarks.postgres import fresh_database

    def case(ctx: Context) -> list[Result]:
        with fresh_database(ctx.postgres_url) as url:
            return CASES[name][1](ctx, url=url, label="PostgreSQL")

    return case


def _cache_bytecode(cache: Path) -> None:
    # This machine sets PYTHONDONTWRITEBYTECODE, so every import would be compiled afresh and the
    # harness would time the compiler; keep byte-code in the bench cache instead (never in the tree).
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(cache / "pycache")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.list:
        for name, (description, _) in CASES.items():
            print(f"{name:12} {description}")
        return 0
    names = selected(args.only)
    scale, cache = bench_scale(), cache_root()
    _cache_bytecode(cache)
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    ctx = Context(scale=scale, seed=args.seed, cache=cache, work=work, postgres_url=args.postgres,
                  repeats=max(1, args.repeats))
    results: list[Result] = []
    try:
        for name in names:
            results += run_case(name, CASES[name][1], ctx)
            if args.postgres and name in POSTGRES_CASES:
                results += run_case(name, postgres_case(name), ctx, "PostgreSQL")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_results(results, scale)
    if args.json:
        write_json(results, scale, args.json)
    missed = [r.case for r in results if r.ok is False]
    if missed:
        console.print(f"[red]missed: {'; '.join(missed)}[/]")
        return 1
    return 0
