"""A claim on screen, the way an analyst judges it: the quote lit up in its paragraph, then the facts.

Used by the resolve walk-through and by `ingest --review`. Without colour (a plain
terminal, NO_COLOR, TERM=dumb) the quote is marked with » « so it still stands out.
"""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from ledger.queries import paragraph_around

# A paragraph longer than this is cut around the quote: an HTML page's text may have no blank lines at all.
CONTEXT_CHARS = 320


def quote_in_context(console, text: str, start: int | None, end: int | None, quote: str) -> Text:
    paragraph, qstart, qend = paragraph_around(text, start, end)
    if not paragraph:
        return Text(quote, style="bold")
    cut_start = max(0, qstart - CONTEXT_CHARS)
    cut_end = min(len(paragraph), qend + CONTEXT_CHARS)
    before = ("…" if cut_start else "") + paragraph[cut_start:qstart]
    after = paragraph[qend:cut_end].rstrip() + ("…" if cut_end < len(paragraph) else "")
    plain = console.color_system is None
    return Text.assemble(
        before, ("»" if plain else "", ""), (paragraph[qstart:qend], "bold reverse"), ("«" if plain else "", ""), after
    )


def facts(rows: list[tuple[str, str]]) -> Text:
    width = max(len(label) for label, _ in rows)
    lines = [Text.assemble((f"{label:>{width}}: ", "dim"), value) for label, value in rows]
    return Text("\n").join(lines)


def card(console, *, title: str, text: str, start: int | None, end: int | None, quote: str, rows: list[tuple[str, str]]) -> Panel:
    body = Group(quote_in_context(console, text, start, end, quote), Text(""), facts(rows))
    return Panel(body, title=Text(title, style="bold"), title_align="left", expand=True)


def probability_text(probability: float | None) -> str:
    return f"{probability:.0%}" if probability is not None else ""


def article_rows(article, publication: str) -> list[tuple[str, str]]:
    byline = " · ".join(part for part in (publication, article.author, article.published and article.published.isoformat()) if part)
    return [
        ("article", f"{article.title or '(untitled)'} [article {article.id}]"),
        ("from", byline),
        ("url", article.url) if article.url else ("source", article.source or "—"),
    ]
