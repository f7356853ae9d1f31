"""Property tests: arbitrary text through the extractor and through ingest never crashes, and the ledger
stays consistent (`ledger db check` finds nothing)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.models import KINDS, PRECISIONS

FRAGMENTS = [
    "Acme Corp", "will", "won't", "could", "likely", "70%", "by 2025", "by the end of 2023", "next year", "in Q3",
    "by mid-2026", "within two years", "before 1899", "by 9999", "by 0000", "in the 2030s", "this summer",
    "Verdict:", "- ", "* ", "# ", "1. ", "said", "argued", "\"", "'", "“", "”", ".", "!", "?", ";", ",", "\n", "\n\n",
    "\r\n", "\t", "\u2028", "\u00a0", "{{ 7*7 }}", "'; DROP TABLE claim; --", "<b>", "</b>", "&amp;", "&#0;",
    "🙂", "مرحبا", "\u202e", "e\u0301", "ﬁ", "İ", "ß", "\x0b", "\x1c", "$", "1,000", "3.5", "%", "half", "Jan 5",
]
prose = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=60).map(" ".join)
any_text = st.text(max_size=400) | prose
PUBLISHED = date(2021, 6, 1)
EXAMPLES = 150


@settings(max_examples=300, deadline=None)
@given(text=any_text, published=st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 12, 31)))
def test_the_extractor_never_crashes_and_quotes_are_exact(text, published):
    from predictions import ExtractionOptions, extract_claims

    for claim in extract_claims(text, published, ExtractionOptions()):
        assert claim.kind in KINDS
        assert claim.precision in PRECISIONS
        assert isinstance(claim.deadline, date)
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.quote


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600) | any_text.map(lambda text: text.encode("utf-8")),
       name=st.sampled_from(["a.txt", "a.md", "a.html", "feed.xml"]))
def test_reading_any_bytes_gives_an_article_or_a_clear_refusal(data, name):
    from predictions import ArticleUnreadable, parse_feed, read_article

    try:
        drafts = parse_feed(data, source=name) if name.endswith(".xml") else [read_article(data, source=name)]
    except ArticleUnreadable as refused:
        assert refused.message and "\n" not in refused.message
        return
    for draft in drafts:
        assert isinstance(draft.text, str)


def test_ingesting_any_text_keeps_the_ledger_consistent(ledger):
    from ledger.ingest import Overrides, ingest_draft
    from ledger.integrity import check
    from predictions import ArticleDraft, ExtractionOptions

    numbers = itertools.count()
    outcomes: dict[str, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=any_text, publication=st.sampled_from(["The Daily Ledger", "Harbor Street"]) | st.text(max_size=40),
           fmt=st.sampled_from(["txt", "md", "feed"]))
    def ingest_one(text, publication, fmt):
        draft = ArticleDraft(text=text, format=fmt, source=f"hypothesis-{next(numbers)}.{fmt}")
        result = ingest_draft(
            ledger.engine, draft, overrides=Overrides(publication=publication, published=PUBLISHED),
            options=ExtractionOptions(), actor="hypothesis",
        )
        assert result.status in ("stored", "duplicate", "error")
        if result.status == "error":
            assert result.message and "\n" not in result.message
        outcomes[result.status] = outcomes.get(result.status, 0) + 1

    ingest_one()
    report = check(ledger.engine)
    assert report.ok, report.problems
    assert outcomes.get("stored", 0) > 0, outcomes
    # What was stored can be read back through the CLI, whatever it holds.
    ledger.run("claims", "list", "--json")
    ledger.run("due", "--today", "2030-01-01")
    ledger.run("db", "check")
