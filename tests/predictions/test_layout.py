"""The line classifier's fast paths agree with the plain per-line reading they stand in for."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from predictions.layout import _ITEM, _LABEL, Block, blocks, is_heading_text, known_label


def _plain_block(text, start, end):
    """A line as first classified: sliced from the text, every strip and pattern run."""
    line = text[start:end]
    stripped = line.strip()
    if not stripped:
        return Block("blank", start, end)
    lead = len(line) - len(line.lstrip())
    if stripped.count("|") >= 2:
        return Block("table", start + lead, end)
    head = stripped[:2] if lead == len(line) - len(line.lstrip(" \t")) else ""
    item = None if head.isalpha() and len(head) == 2 else _ITEM.match(line)
    kind = "para"
    if item and item.end() < len(line):
        kind, start = "item", start + item.end()
        line = text[start:end]
    else:
        start += lead
        line = stripped
    end = start + len(line.rstrip())
    label = _LABEL.match(line) if ":" in line else None
    if label and len(label.group(1).split()) <= 4:
        if not (kind == "para" and is_heading_text(line) and not known_label(label.group(1))):
            return Block(kind, start, end, label.group(1).strip(), start + label.end())
    if kind == "para" and is_heading_text(line):
        kind = "heading"
    return Block(kind, start, end)


def _plain_blocks(text):
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        out.append(_plain_block(text, offset, offset + len(line.rstrip("\r\n"))))
        offset += len(line)
    return out


PIECES = st.sampled_from(["\n", "\r\n", "\r", "\x0c", "\u2028", "\x85", " ", "  ", "\t", "\u00a0", "|", "- ", "* ",
                          "• ", "1. ", "12) ", "a) ", "(b) ", "✅ ", "## ", "**", "Ab", "The", "Likelihood: ",
                          "Verdict: ", "Q: ", "Note: ", "Acme Corp: ", ":", ".", "?", "!", "\"", "”", "x" * 120,
                          "Prices rose.", "What 2026 holds", "2025"])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
@example("\n\n  \n - a\n| a | b |\nTitle\n")
@example("1. If rates fall, Acme will rise.  \n  indented text\n\tLabel: value\n")
def test_blocks_are_the_plain_reading(text):
    found = blocks(text)
    assert found == _plain_blocks(text)
    assert all(type(block) is Block for block in found)
