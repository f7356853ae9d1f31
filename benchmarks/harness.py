"""What every case shares: the scale, the cache, timing, and the one table of results."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

SCALE_ENV = "BENCH_SCALE"
CACHE_ENV = "BENCH_CACHE"
# Bumped whenever the generators change what they produce, so stale cached ledgers are rebuilt.
GENERATOR_VERSION = 1

console = Console(stderr=True)


def bench_scale() -> float:
    raw = os.environ.get(SCALE_ENV, "1")
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"error: {SCALE_ENV}={raw!r} is not a number (try 1 or 0.1)") from None
    if value <= 0:
        raise SystemExit(f"error: {SCALE_ENV}={raw!r} must be greater than 0")
    return value


def cache_root() -> Path:
    """Generated corpora and ledgers live here between runs (they take minutes to build at full size)."""
    root = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "prediction-ledger-bench")
    root.mkdir(parents=True, exist_ok=True)
    return root


@dataclass
class Context:
    scale: float
    seed: int
    cache: Path
    work: Path  # scratch space for this run, removed at the end
    postgres_url: str | None = None
    repeats: int = 3

    def size(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))


@dataclass
class Result:
    """One row of the table. `ok` is None for a case without a target."""

    case: str
    measured: str
    target: str = "—"
    baseline: str = "—"
    ratio: str = "—"
    ok: bool | None = None
    notes: list[str] = field(default_factory=list)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of a few runs: the machine is shared, and noise only ever adds time."""
    return min(timed(fn)[0] for _ in range(max(1, repeats)))


def progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
    )


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def rate(count: float, elapsed: float, unit: str) -> str:
    return f"{count / elapsed:,.0f} {unit}/s" if elapsed > 0 else f"∞ {unit}/s"


def results_table(results: list[Result], scale: float) -> Table:
    table = Table(title=f"prediction ledger benchmarks (BENCH_SCALE={scale:g})", title_justify="left")
    for name in ("case", "measured", "target", "baseline", "ratio"):
        table.add_column(name, overflow="fold", justify="left" if name == "case" else "right")
    table.add_column("met", justify="center")
    for result in results:
        mark = {True: "[green]yes[/]", False: "[red]NO[/]", None: "—"}[result.ok]
        table.add_row(result.case, result.measured, result.target, result.baseline, result.ratio, mark)
    return table


def print_results(results: list[Result], scale: float) -> None:
    # Piped to a file or CI log, rich would wrap the table at 80 columns; give it room instead.
    out = Console(width=None if sys.stdout.isatty() else 200)
    out.print(results_table(results, scale))
    for result in results:
        for note in result.notes:
            out.print(f"- {result.case}: {note}", markup=False, highlight=False)


def write_json(results: list[Result], scale: float, path: Path) -> None:
    """The table as data, for tracking numbers across runs (and for the smoke test)."""
    rows = [vars(result) for result in results]
    path.write_text(json.dumps({"scale": scale, "results": rows}, indent=2, ensure_ascii=False), encoding="utf-8")
