"""How figures read on a page, in an email and in plain text; one place so they always agree."""

from __future__ import annotations

from datetime import date, datetime

DASH = "\u2014"
OUTCOME_LABELS = {"correct": "Correct", "incorrect": "Incorrect", "partial": "Partly right", "void": "Void"}
STATUS_LABELS = {"open": "Open", "due": "Due", "overdue": "Overdue", "resolved": "Resolved"}


def pct(value: float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    return f"{value * 100:.{digits}f}%"


def score(value: float | None, digits: int = 3) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def count(value: int) -> str:
    return f"{value:,}"


def day(value: date | datetime | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value:%b %Y}"


def stamp(value: datetime) -> str:
    return f"{value.day} {value:%b %Y, %H:%M %Z}".strip()


def source_label(source: str) -> str:
    return "The publication itself" if source == "publication" else source


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", outcome or DASH)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def shorten(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def px(value: float) -> str:
    """A coordinate for SVG: one decimal is finer than any screen needs."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def safe_href(url: str | None) -> str | None:
    """Only http(s) links are made clickable: an article's URL is untrusted (javascript: and data: stay text)."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else None


FILTERS = {
    "px": px, "safe_href": safe_href,
    "pct": pct, "score": score, "count": count, "day": day, "stamp": stamp, "source_label": source_label,
    "outcome_label": outcome_label, "status_label": status_label, "shorten": shorten,
}
