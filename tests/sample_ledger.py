"""Articles and a filled ledger for the robustness tests (integrity, backup, migrations, crashes).

The articles are plain text with predictions an extractor cannot miss: a named
actor, "will", and a year. Each article's words differ, so none is a duplicate.
"""

from __future__ import annotations

import json
from pathlib import Path

COMPANIES = ("Northwind Airlines", "Harbor Bank", "Gridline Power", "Quillon Semiconductors", "Pellucid Labs")
ACTIONS = (
    "will open a factory in Lisbon by the end of {year}",
    "will cut its workforce by a tenth by {year}",
    "will launch a budget product line by {year}",
    "will double its dividend by the end of {year}",
)
PUBLICATIONS = ("The Daily Ledger", "Harbor Street Economics", "Kilobyte Courier")


def article_text(number: int, *, year: int = 2022) -> str:
    """An article with three predictions; `number` makes its words unique."""
    company = COMPANIES[number % len(COMPANIES)]
    lines = [f"Outlook number {number} for {company}", ""]
    for offset in range(3):
        action = ACTIONS[(number + offset) % len(ACTIONS)].format(year=year + offset % 2)
        lines.append(f"Our analyst number {number}-{offset} says {company} {action}.")
        lines.append("")
    return "\n".join(lines)


def write_articles(folder: Path, numbers, *, year: int = 2022) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"article-{number:04d}.txt"
        path.write_text(article_text(number, year=year), encoding="utf-8")
        paths.append(path)
    return paths


def fill(ledger, folder: Path, *, articles: int = 3) -> dict:
    """Ingest articles for several publications, flag due, resolve some, amend one, void one.

    Returns what was done, for tests to compare against.
    """
    for index, publication in enumerate(PUBLICATIONS):
        numbers = range(index * articles, (index + 1) * articles)
        paths = write_articles(folder / f"pub-{index}", numbers)
        ledger.run("ingest", *paths, "--publication", publication, "--published", "2021-06-01", "--by", "loader")
    # One article whose claims are still open (deadlines far ahead).
    future = write_articles(folder / "future", [9000], year=2090)
    ledger.run("ingest", *future, "--publication", PUBLICATIONS[0], "--published", "2021-06-01", "--by", "loader")
    ledger.run("due", "--today", "2026-01-01", "--by", "scheduler")
    due = [row[0] for row in ledger.rows("SELECT id FROM claim WHERE status = 'due' ORDER BY id")]
    evidence = "https://example.com/evidence"
    ledger.run("resolve", due[0], "--outcome", "correct", "--evidence", evidence, "--note", "it happened", "--by", "ana")
    ledger.run("resolve", due[1], "--outcome", "incorrect", "--evidence", evidence, "--by", "ana")
    ledger.run("resolve", due[1], "--outcome", "partial", "--evidence", evidence, "--note", "half of it", "--amend", "--by", "ben")
    ledger.run("resolve", due[2], "--outcome", "void", "--note", "the company folded", "--by", "ben")
    return {"due": due, "resolved": due[:3]}


def resolutions_file(path: Path, entries: list[dict]) -> Path:
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries), encoding="utf-8")
    return path


def claims_per_article(paths: list[Path], publication: str = PUBLICATIONS[0]) -> dict[str, int]:
    """How many claims each article must have once stored (content hash → count), from the real extractor."""
    from datetime import date

    from ledger.ingest import Overrides, prepare, read_drafts
    from ledger.store import content_hash
    from predictions import ExtractionOptions

    overrides = Overrides(publication=publication, published=date(2021, 6, 1))
    expected = {}
    for path in paths:
        for draft in read_drafts(path):
            prepared = prepare(draft, overrides, ExtractionOptions())
            expected[content_hash(prepared.draft.text)] = len(prepared.claims)
    return expected
