"""The line and heading classifiers' fast paths agree with the plain readings they stand in for."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from predictions import sections
from predictions.layout import (_BYLINE, _DATE_LINE, _ITEM, _LABEL, Block, blocks, header_end, is_heading_text,
                                known_label)


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


def _plain_classify(heading):
    """classify_heading as first written: the four patterns in order, on every heading."""
    h = heading.strip().strip("#*: ")
    for pattern, kind in ((sections._CHROME.match, "chrome"), (sections._LOOKING_BACK.search, "past"),
                          (sections.VERDICT.search, "verdict"), (sections._FORECAST_LIST.search, "forecast")):
        if pattern(h):
            return kind
    return "body"


# Every word of the heading patterns, in several cases, among other words, digits, underscores and folded letters
HEADING_WORDS = st.sampled_from(
    "scorecard how we did track record looking back last time in review what happened recap revisited changed "
    "report card previous calls predictions graded grading hits and misses our forecasts fared held up went scored "
    "verdict take bottom line upshot final word thoughts conclusion assessment judgement judgment my view read the "
    "should you buy prediction forecast outlook to expect expectations pick picks what's whats next comes timeline "
    "prognosis projection projections year ahead bets Acme 2026 _ ſ \u212a \u0130".split()).map(
    lambda w: w).flatmap(lambda w: st.sampled_from([w, w.upper(), w.title(), w + "s", "x" + w]))
HEADING = st.lists(st.one_of(HEADING_WORDS, st.sampled_from([" ", "  ", "-", "'", "’", ":", "#", "*", "2025"]),
                             st.text(max_size=2)), max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(HEADING)
@example("Our take")
@example("What's next for Acme")
@example("How our 2025 calls held up")
def test_classify_heading_is_the_plain_classification(heading):
    assert sections.classify_heading(heading) == _plain_classify(heading)


def _plain_header_end(text, items):
    """header_end as first written: the dateline pattern searched on every short header line."""
    nonblank = [b for b in items if b.kind != "blank"]
    if len(nonblank) < 2:
        return 0
    first = text[nonblank[0].start:nonblank[0].end]
    cut = nonblank[0].end if len(first.split()) <= 20 and not first.rstrip().endswith(".") else 0
    for block in nonblank[:8]:
        line = text[block.start:block.end].strip()
        if block.kind == "item" or len(line.split()) > 30:
            break
        dateline = len(line.split()) <= 8 and not line.endswith(".") and _DATE_LINE.search(line)
        if _BYLINE.match(line) or dateline:
            cut = block.end
    return cut


HEADER_LINE = st.lists(st.sampled_from(["By Jane Roe", "March", "Mar.", "12", "2024", "1999", "2024-04-11", "19", "20",
                                        "Published:", "Title", " ", ".", "\n", "- ", "x"]), max_size=8).map(" ".join)
HEADER = st.lists(st.one_of(HEADER_LINE, st.text(max_size=6)), max_size=6).map("\n".join)


@settings(max_examples=1000, deadline=None)
@given(HEADER)
def test_header_end_is_the_plain_header_end(text):
    items = blocks(text)
    assert header_end(text, items) == _plain_header_end(text, items)
