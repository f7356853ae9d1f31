"""`ledger ingest --review`: the analyst accepts, edits or rejects each extracted claim before it is stored.

Edits meet the checks extraction's output meets (the quote must be in the article's text,
the deadline is read with the CLAIMS.md rules from the publication date, a probability is
0..1). Nothing of an article is stored until its review is finished; quitting, Ctrl-C or
end of input stores nothing more, and articles already reviewed stay stored.
"""

from __future__ import annotations

from dataclasses import replace

from rich.rule import Rule
from rich.text import Text

from ledger.claim_entry import checked_kind, locate_quote, read_probability
from ledger.cli.claim_card import card, probability_text
from ledger.cli.output import console
from ledger.cli.prompts import Choice, EndOfInput, Prompter
from ledger.deadline_input import read_deadline
from predictions import ClaimDraft

CHOICES = [
    Choice("a", "accept", "store this claim as shown"),
    Choice("e", "edit", "change its words, kind, deadline, condition, probability or attribution"),
    Choice("r", "reject", "not a claim: do not store it"),
    Choice("k", "keep the rest", "accept this claim and every later one in this article"),
    Choice("b", "back", "the previous claim of this article"),
    Choice("x", "leave out article", "store nothing from this article"),
    Choice("q", "quit", "store nothing more; articles already reviewed stay stored"),
]
CLEAR = "-"


class ReviewStopped(Exception):
    def __init__(self, message: str, *, interrupted: bool = False):
        super().__init__(message)
        self.message, self.interrupted = message, interrupted


class Reviewer:
    """The `review` callback for `ingest_paths`: Prepared in, Prepared (or None: store nothing) out."""

    def __init__(self, engine=None):
        self.engine = engine  # None in a dry run
        self.out = console()
        self.ask = Prompter(self.out)
        self.interrupted = False

    def __call__(self, prepared):
        try:
            return self.review(prepared)
        except EndOfInput:
            raise ReviewStopped("End of input: nothing stored from this article or any after it.") from None
        except KeyboardInterrupt:
            raise ReviewStopped("Interrupted: nothing stored from this article or any after it.", interrupted=True) from None

    def guard(self, results):
        """The ingest results, ending quietly (with the reason) when the analyst stops the review."""
        try:
            yield from results
        except ReviewStopped as stop:
            self.interrupted = stop.interrupted
            self.out.print(stop.message, markup=False)

    def review(self, prepared):
        draft = prepared.draft
        if self.already_stored(draft):
            return prepared  # storing finds it and reports the duplicate: nothing to review
        heading = f"{draft.title or draft.source or 'article'} — {prepared.publication}, {draft.published}"
        self.out.print(Rule(Text(heading, style="bold"), style="dim"))
        claims = list(prepared.claims)
        if not claims:
            self.out.print("No claims found in this article; it is stored so it is not read again.", markup=False)
            return prepared
        decisions: list[ClaimDraft | None] = [None] * len(claims)
        edited: set[int] = set()
        index = 0
        while index < len(claims):
            claim = claims[index]
            self.show(draft, claim, index, len(claims), prepared.publication)
            key = self.ask.choose(CHOICES)
            if key == "e":
                claims[index] = self.edit(draft, claim)
                edited.add(index)
                continue
            if key == "x":
                self.out.print("Left out: nothing stored from this article.", markup=False)
                return None
            if key == "q":
                raise ReviewStopped("Review ended: nothing stored from this article or any after it.")
            if key == "b":
                index = index - 1 if index else index
                continue
            if key == "k":
                decisions[index:] = claims[index:]
                break
            decisions[index] = claim if key == "a" else None
            index += 1
        kept = [claim for claim in decisions if claim is not None]
        changed = sum(1 for i in edited if decisions[i] is not None)
        self.out.print(
            f"Storing {len(kept)} of {len(claims)} claims ({changed} edited, {len(claims) - len(kept)} rejected).", markup=False
        )
        return replace(prepared, claims=kept)

    def already_stored(self, draft) -> bool:
        if self.engine is None:
            return False
        from ledger.db import reading
        from ledger.store import article_id_with_hash, content_hash

        with reading(self.engine) as session:
            return article_id_with_hash(session, content_hash(draft.text)) is not None

    def show(self, draft, claim: ClaimDraft, index: int, total: int, publication: str) -> None:
        rows = [("deadline", _deadline_text(claim))]
        if claim.condition:
            rows.append(("condition", claim.condition))
        if claim.probability is not None:
            rows.append(("probability", probability_text(claim.probability)))
        if claim.hedge:
            rows.append(("hedge", claim.hedge))
        rows.append(("attributed to", claim.attributed_to))
        title = f"claim {index + 1} of {total} · {claim.kind}"
        self.out.print(card(self.out, title=title, text=draft.text, start=claim.start, end=claim.end, quote=claim.quote, rows=rows))

    def edit(self, draft, claim: ClaimDraft) -> ClaimDraft:
        """Ask for each field in turn; Enter keeps it, '-' clears an optional one."""
        self.out.print("Edit: Enter keeps a field as it is; '-' clears condition or probability.", style="dim")
        text, published = draft.text, draft.published

        def quote(answer: str):
            if not answer:
                return claim.start, claim.end
            return locate_quote(text, answer)

        start, end = self.ask.checked(f"Quote [{_short(claim.quote)}]", quote)
        kind = self.ask.checked(f"Kind [{claim.kind}]", lambda answer: checked_kind(answer) if answer else claim.kind)
        deadline = self.ask.checked(
            f"Deadline [{_deadline_text(claim)}] (YYYY-MM-DD or e.g. 'by Q3 2027')",
            lambda answer: read_deadline(answer, published) if answer else None,
        )
        condition = self.ask.line(f"Condition [{claim.condition or '—'}]")
        probability = self.ask.checked(
            f"Probability [{probability_text(claim.probability) or '—'}] (0.7 or 70%)",
            lambda answer: _probability(answer, claim.probability),
        )
        attributed = self.ask.line(f"Attributed to [{claim.attributed_to}]")
        changes = {"quote": text[start:end], "start": start, "end": end, "kind": kind, "probability": probability}
        if deadline is not None:
            changes.update(deadline=deadline.value, precision=deadline.precision, deadline_expression=deadline.expression)
        if condition:
            changes["condition"] = None if condition == CLEAR else " ".join(condition.split())
        if attributed:
            changes["attributed_to"] = " ".join(attributed.split())
        return _noted(claim, replace(claim, **changes))


def _noted(before: ClaimDraft, after: ClaimDraft) -> ClaimDraft:
    """The edited draft, carrying what the analyst changed so the claim's `created` event tells it."""
    fields = ("quote", "kind", "deadline", "condition", "probability", "attributed_to")
    changed = [f"{name} {getattr(before, name)!s} → {getattr(after, name)!s}" for name in fields
               if getattr(before, name) != getattr(after, name)]
    if not changed:
        return after
    earlier = f"{before.note}; " if before.note else ""
    return replace(after, note=f"{earlier}edited at review: " + "; ".join(changed))


def _probability(answer: str, current: float | None) -> float | None:
    if not answer:
        return current
    if answer == CLEAR:
        return None
    return read_probability(answer)


def _deadline_text(claim: ClaimDraft) -> str:
    if claim.deadline_expression:
        return f"{claim.deadline.isoformat()} from {claim.deadline_expression!r} ({claim.precision})"
    return f"{claim.deadline.isoformat()} (no time given: the default horizon)"


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

