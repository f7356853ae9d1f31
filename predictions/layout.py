"""The shape of an article's text: headings, list items, labelled lines, paragraphs and the header block.

Works on plain text (Markdown and HTML are read into lines first), so headings can
scope the list items under them whatever format the article came in.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ITEM = re.compile(r"[ \t]*(?:[-*•‣◦▪–+]|\d{1,2}[.)]|\(?[a-zA-Z][.)]|[✅❌⏳✔✗✘☐☑⬜🟢🔴🟡]+)[ \t]+")
_LABEL = re.compile(r"([A-Z][\w’'&/ .#-]{0,30}?)\s*:\s+(?=\S)")
_HEADING_MAX_WORDS = 14
_HEADING_MAX_CHARS = 110
_BYLINE = re.compile(r"^(?:By|BY|Words by|Written by)\s+[A-Z]")
_DATE_LINE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?.{0,12}\b(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b")


class Block(NamedTuple):
    """One line of the article: what it is, and the span of its content (list markers left out).

    A named tuple: every line of every article makes one, and a frozen dataclass took several times as long to build.
    """

    kind: str  # heading, item, para, table, blank
    start: int
    end: int
    label: str | None = None  # "Likelihood" in "Likelihood: 35%"
    body_start: int | None = None  # where the text after the label begins

    @property
    def content_start(self) -> int:
        return self.body_start if self.body_start is not None else self.start


# Block(...) runs the named tuple's __new__, written in Python; this builds the same tuple in C (a block per line)
_new = tuple.__new__


def blocks(text: str) -> list[Block]:
    """Every line of `text` as a block, in order."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line == "\n":  # about half the lines of an article: nothing to strip or classify
            out.append(_new(Block, ("blank", offset, offset, None, None)))
            offset += 1
            continue
        out.append(_block(line.rstrip("\r\n"), offset))
        offset += len(line)
    return out


def _block(line: str, start: int) -> Block:
    """The block of `line`, which starts at `start` in the text (its line break left out)."""
    stripped = line.strip()
    if not stripped:
        return _new(Block, ("blank", start, start + len(line), None, None))
    lead = 0 if line.startswith(stripped) else len(line) - len(line.lstrip())  # most lines start with their text
    if "|" in stripped and stripped.count("|") >= 2:
        return _new(Block, ("table", start + lead, start + len(line), None, None))
    head = stripped[:2] if not lead or lead == len(line) - len(line.lstrip(" \t")) else ""
    # two letters in front cannot be a list marker (a bullet, "1.", "a)", "(b)"): most lines are prose
    item = None if head.isalpha() and len(head) == 2 else _ITEM.match(line)
    kind = "para"
    if item and item.end() < len(line):
        kind, start = "item", start + item.end()
        line = line[item.end():]
        end = start + len(line.rstrip())
    else:
        start += lead
        line = stripped
        end = start + len(line)
    label = _LABEL.match(line) if ":" in line else None  # most lines have no colon, which a label needs
    if label and len(label.group(1).split()) <= 4:
        if not (kind == "para" and is_heading_text(line) and not known_label(label.group(1))):
            return _new(Block, (kind, start, end, label.group(1).strip(), start + label.end()))
    # (a line longer than any heading is not asked: most lines are paragraphs)
    if kind == "para" and len(line) <= _HEADING_MAX_CHARS and is_heading_text(line):
        kind = "heading"
    return _new(Block, (kind, start, end, None, None))


def known_label(label: str) -> bool:
    """Labels that introduce a claim's parts ("Likelihood:", "Prediction:"), as opposed to a "Topic: subtitle" heading."""
    from . import sections

    return any(p.match(label.strip()) for p in (sections.PREDICTION_LABEL, sections.VERDICT_LABEL,
                                                 sections.PROBABILITY_LABEL, sections.TIME_LABEL)) or \
        sections.worthless_label(label)


def is_heading_text(line: str) -> bool:
    """A short line without a sentence's closing punctuation reads as a heading or a list's lead-in."""
    if len(line) > _HEADING_MAX_CHARS:
        return False  # before splitting: most lines are paragraphs far longer than any heading
    words = line.split()
    if not words or len(words) > _HEADING_MAX_WORDS:
        return False
    if line.rstrip().endswith((".", "!", ";", ",", '"', "”")):
        return False
    if line.rstrip().endswith("?") and len(words) > 10:
        return False  # a short question on its own line is a heading ("Should you buy it?"); a long one is prose
    first = line.lstrip("#*_ \"“'‘")[:1]
    return first.isupper() or first.isdigit()


def header_end(text: str, items: list[Block]) -> int:
    """Where the article's own text starts: after its title, dateline and byline.

    The first line is the title when more text follows it; a byline or dateline in the
    first few lines closes the header there (a headline below the publication name is
    part of it).
    """
    nonblank = [b for b in items if b.kind != "blank"]
    if len(nonblank) < 2:
        return 0
    first = text[nonblank[0].start:nonblank[0].end]
    cut = nonblank[0].end if len(first.split()) <= 20 and not first.rstrip().endswith(".") else 0
    for block in nonblank[:8]:
        line = text[block.start:block.end].strip()
        if block.kind == "item" or len(line.split()) > 30:
            break
        # both forms of _DATE_LINE hold a year starting "19" or "20": the search tries every character otherwise
        dateline = len(line.split()) <= 8 and not line.endswith(".") and ("20" in line or "19" in line) and \
            _DATE_LINE.search(line)
        if _BYLINE.match(line) or dateline:
            cut = block.end
    return cut
