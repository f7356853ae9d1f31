"""Printing one claim's whole story: quote in context, article, deadline derivation, history."""

from __future__ import annotations

from rich.text import Text

from ledger.cli.output import console
from ledger.queries import ClaimStory, paragraph_around


def quote_in_paragraph(story: ClaimStory) -> Text:
    claim = story.claim
    paragraph, start, end = paragraph_around(story.article.text, claim.span_start, claim.span_end)
    if not paragraph:
        return Text(claim.quote, style="bold")
    text = Text(paragraph)
    text.stylize("bold reverse", start, end)
    return text


def deadline_line(claim, events=()) -> str:
    """The deadline and where it came from: the article's words, or the extension that moved it."""
    changes = [event for event in events if event.kind == "deadline_changed"]
    if changes:
        first, last = changes[0], changes[-1]
        return (
            f"{claim.deadline.isoformat()} (extended on {last.at:%Y-%m-%d} by {last.actor}: {last.reason}; "
            f"originally {first.old_value}, {_derivation(claim)})"
        )
    return f"{claim.deadline.isoformat()} {_derivation(claim)}"


def _derivation(claim) -> str:
    if claim.deadline_expression:
        return f"because {claim.deadline_expression!r} (precision: {claim.precision})"
    return f"(precision: {claim.precision}: no time given, default horizon)"


def print_story(story: ClaimStory) -> None:
    out = console()
    claim, article = story.claim, story.article
    out.print(f"Claim {claim.id} · {claim.kind} · {claim.status}", style="bold", markup=False)
    out.print(quote_in_paragraph(story))
    out.print()
    facts = [
        ("article", f"{article.title or '(untitled)'} [id {article.id}]"),
        ("publication", story.publication),
        ("author", article.author or "—"),
        ("published", article.published.isoformat() if article.published else "—"),
        ("url", article.url or article.source or "—"),
        ("deadline", deadline_line(claim, story.events)),
        ("condition", claim.condition or "—"),
        ("probability", f"{claim.probability:.0%}" if claim.probability is not None else "—"),
        ("hedge", claim.hedge or "—"),
        ("attributed to", claim.attributed_to),
    ]
    for label, value in facts:
        out.print(Text.assemble((f"{label:>13}: ", "dim"), value))
    out.print()
    out.print("History", style="bold")
    for event in story.events:
        change = f" {event.old_value} → {event.new_value}" if event.new_value else ""
        reason = f" — {event.reason}" if event.reason else ""
        out.print(f"  {event.at:%Y-%m-%d %H:%M} {event.kind}{change} by {event.actor}{reason}", markup=False)
    if story.resolutions:
        out.print("Resolutions (oldest first; the last is current)", style="bold")
        for number, resolution in enumerate(story.resolutions, start=1):
            supersedes = f", supersedes #{resolution.supersedes_id}" if resolution.supersedes_id else ""
            out.print(
                f"  #{resolution.id} {resolution.outcome} by {resolution.resolver} at {resolution.resolved_at:%Y-%m-%d %H:%M}"
                f"{supersedes} — evidence {resolution.evidence_url or '—'}" + (f" — {resolution.note}" if resolution.note else ""),
                markup=False,
            )
