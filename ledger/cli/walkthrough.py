"""`ledger resolve` with no answer given: walk the due claims one by one at the terminal.

Each claim is shown in context, answered with one key, summarised, and saved at once in
its own transaction. Ctrl-C or end of input while a claim is on screen saves nothing for
that claim and ends the walk with a count of what was saved.
"""

from __future__ import annotations

from datetime import date

import typer
from rich.rule import Rule
from rich.text import Text

from ledger.cli.claim_card import article_rows, card, probability_text
from ledger.cli.output import console
from ledger.cli.prompts import Choice, EndOfInput, Prompter
from ledger.errors import LedgerError
from ledger.queries import ClaimStory
from ledger.resolving import Answer, checked_url
from ledger.walkthrough import Action, Queue, Tally, load, save, still_due

CHOICES = [
    Choice("c", "correct", "it came true as claimed (evidence URL required)"),
    Choice("i", "incorrect", "it did not come true (evidence URL required)"),
    Choice("p", "partial", "it partly came true (evidence URL required)"),
    Choice("v", "void", "its condition was not met or the question was annulled: not scored"),
    Choice("e", "extend", "too early to tell: give a new deadline and a reason; it comes due again after it"),
    Choice("r", "reject", "not actually a claim: kept with your reason, left out of scoring"),
    Choice("s", "skip", "leave it due; it comes up again next time"),
    Choice("b", "back", "the previous claim in this walk"),
    Choice("q", "quit", "stop here; every answer given so far is already saved"),
]
OUTCOME_KEYS = {"c": "correct", "i": "incorrect", "p": "partial", "v": "void"}
INTERRUPTED = 130


class Walk:
    def __init__(self, engine, queue: Queue, *, actor: str, today: date, amend: bool = False, filters: dict | None = None):
        self.engine, self.queue, self.actor, self.today = engine, queue, actor, today
        self.amend, self.filters = amend, filters or {}
        self.out = console()
        self.ask = Prompter(self.out)
        self.tally = Tally()
        self.last_evidence: str | None = None  # one source often settles several claims in a row

    def run(self) -> int:
        """Walk the queue; returns the exit status (0, or 130 after Ctrl-C)."""
        ids = self.queue.claim_ids
        if not ids:
            self.out.print("Nothing is due. New claims come due the day after their deadline.", markup=False)
            return 0
        shown = f"; walking the {len(ids)} with the oldest deadlines" if len(ids) < self.queue.total_due else ""
        self.out.print(f"{self.queue.total_due} due{shown}. One key per answer; ? explains the keys.", markup=False)
        status, index = 0, 0
        try:
            while index < len(ids):
                step = self.one(ids[index], index)
                if step == "quit":
                    break
                if step == "back" and index == 0:
                    self.out.print("This is the first claim of the walk.", style="yellow")
                elif step == "back":
                    index -= 1
                else:
                    index += 1
        except EndOfInput:
            self.out.print("\nEnd of input: nothing saved for the claim on screen.", markup=False)
        except KeyboardInterrupt:
            self.out.print("\nInterrupted: nothing saved for the claim on screen.", markup=False)
            status = INTERRUPTED
        self.summary()
        return status

    def one(self, claim_id: int, index: int) -> str:
        story = load(self.engine, claim_id)
        self.show(story, index)
        earlier = self.tally.last.get(claim_id)
        if story.claim.status not in ("due", "open") and earlier is None and not self.amend:
            self.out.print(f"Claim {claim_id} is {story.claim.status} now (changed meanwhile): moving on.", markup=False)
            return "next"
        while True:
            key = self.ask.choose(CHOICES)
            if key in ("s", "b", "q"):
                if key == "s" and claim_id not in self.tally.last:
                    self.tally.record(claim_id, "skipped", saved=False)
                return {"s": "next", "b": "back", "q": "quit"}[key]
            action = self.gather(key, story)
            self.out.print(self.describe(action, story, claim_id))
            if not self.ask.confirm("Save this?"):
                self.out.print("Not saved. Choose again.", style="yellow")
                continue
            try:
                what = save(self.engine, claim_id, action, actor=self.actor, today=self.today)
            except LedgerError as exc:
                self.out.print(f"error: {exc.format_message()}", style="red", markup=False)
                story = load(self.engine, claim_id)
                self.show(story, index)
                continue
            self.tally.record(claim_id, what, saved=True)
            self.out.print(f"Saved: claim {claim_id} {what}.", style="green", markup=False)
            return "next"

    def gather(self, key: str, story: ClaimStory) -> Action:
        if key in OUTCOME_KEYS:
            outcome = OUTCOME_KEYS[key]
            required = outcome != "void"
            if required:
                evidence = self.ask.checked("Evidence URL", lambda text: checked_url(text, required=True), default=self.last_evidence)
                self.last_evidence = evidence
            else:
                evidence = self.ask.checked("Evidence URL (optional, Enter to leave out)", lambda text: checked_url(text, required=False))
            note = self.ask.line("Note (optional)") or None
            answer = Answer(outcome, evidence, note, self.actor)
            current = story.current_resolution
            return Action("resolve", answer=answer, supersedes=current.id if current else None)
        if key == "e":
            deadline = self.ask.checked("New deadline (YYYY-MM-DD, or e.g. 'Q3 2027', 'within 6 months')", self.later_deadline)
            return Action("extend", deadline=deadline, reason=self.ask.checked("Reason (required)", _required))
        return Action("reject", reason=self.ask.checked("Why is it not a claim? (required)", _required))

    def later_deadline(self, text: str) -> date:
        from ledger.deadline_input import read_deadline

        deadline = read_deadline(text, self.today).value
        if deadline < self.today:
            raise LedgerError(f"{deadline.isoformat()} has already passed: give a date from {self.today.isoformat()} on")
        return deadline

    def describe(self, action: Action, story: ClaimStory, claim_id: int) -> Text:
        lines = [Text(f"Claim {claim_id}: ", style="bold")]
        if action.kind == "resolve":
            answer = action.answer
            lines[0].append(answer.outcome, style="bold")
            lines.append(Text(f"  evidence: {answer.evidence_url or '—'}"))
            lines.append(Text(f"  note: {answer.note or '—'}"))
            current = story.current_resolution
            if current is not None:
                lines.append(Text(f"  supersedes resolution #{current.id} ({current.outcome}, by {current.resolver})"))
        elif action.kind == "extend":
            lines[0].append(f"deadline {story.claim.deadline.isoformat()} → {action.deadline.isoformat()}", style="bold")
            lines.append(Text(f"  back to open; due again from {_day_after(action.deadline)}"))
            lines.append(Text(f"  reason: {action.reason}"))
        else:
            lines[0].append("rejected: not a claim", style="bold")
            lines.append(Text(f"  reason: {action.reason}"))
        lines.append(Text(f"  by: {self.actor}"))
        return Text("\n").join(lines)

    def show(self, story: ClaimStory, index: int) -> None:
        claim, article = story.claim, story.article
        self.out.print(Rule(f"{index + 1} of {len(self.queue.claim_ids)}", style="dim"))
        rows = article_rows(article, story.publication)
        rows.append(("deadline", _deadline_text(story, self.today)))
        if claim.condition:
            rows.append(("condition", claim.condition))
        if claim.probability is not None:
            rows.append(("probability", f"{probability_text(claim.probability)} (stated)"))
        elif claim.hedge:
            rows.append(("hedge", claim.hedge))
        if claim.attributed_to != "publication":
            rows.append(("attributed to", claim.attributed_to))
        rows.extend(_history_rows(story))
        done = self.tally.last.get(claim.id)
        if done:
            rows.append(("this walk", done))
        title = f"claim {claim.id} · {claim.kind} · {claim.status}"
        self.out.print(card(self.out, title=title, text=article.text, start=claim.span_start, end=claim.span_end,
                            quote=claim.quote, rows=rows))

    def summary(self) -> None:
        saved = self.tally.saved
        parts = ", ".join(f"{count} {what}" for what, count in sorted(saved.items()))
        text = f"Saved {self.tally.saved_count} answer{'s' if self.tally.saved_count != 1 else ''}"
        text += f" ({parts})" if parts else ""
        if self.tally.skipped:
            text += f"; skipped {self.tally.skipped}"
        left = still_due(self.engine, **self.filters)
        text += f"; {left} still due." + (" Run `ledger resolve` again to carry on." if left else "")
        self.out.print(text, markup=False)


def _deadline_text(story: ClaimStory, today: date) -> str:
    claim = story.claim
    if claim.deadline_expression:
        text = f"{claim.deadline.isoformat()} (from {claim.deadline_expression!r}, precision {claim.precision})"
    else:
        text = f"{claim.deadline.isoformat()} (no time given: the default horizon)"
    if claim.deadline < today:
        days = (today - claim.deadline).days
        text += f", passed {days} day{'s' if days != 1 else ''} ago"
    return text


def _history_rows(story: ClaimStory) -> list[tuple[str, str]]:
    rows = []
    for event in story.events:
        if event.kind == "deadline_changed":
            rows.append(("extended", f"{event.old_value} → {event.new_value} by {event.actor} on {event.at:%Y-%m-%d}: {event.reason}"))
    for number, resolution in enumerate(story.resolutions, start=1):
        current = " (current)" if number == len(story.resolutions) else ""
        note = f" — {resolution.note}" if resolution.note else ""
        rows.append((
            f"resolution {number}",
            f"{resolution.outcome}{current} by {resolution.resolver} on {resolution.resolved_at:%Y-%m-%d}, "
            f"evidence {resolution.evidence_url or '—'}{note}",
        ))
    return rows


def _day_after(day: date) -> str:
    from datetime import timedelta

    return (day + timedelta(days=1)).isoformat()


def _required(text: str) -> str:
    if not text.strip():
        raise LedgerError("a reason is required (it is kept in the claim's history)")
    return text


def walk(engine, queue: Queue, *, actor: str, today: date, amend: bool = False, filters: dict | None = None) -> None:
    status = Walk(engine, queue, actor=actor, today=today, amend=amend, filters=filters).run()
    if status:
        raise typer.Exit(status)
