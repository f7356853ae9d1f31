"""The weekly email's rendering from a real ledger: parts, subject, newly due claims, cid PNGs, inline styles, escaping."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pytest
from PIL import Image

from ledger.db import reading, transaction
from ledger.scorecard import Settings, weekly_email_data
from reports.email import render_weekly_email
from tests.reports.known_data import TODAY, Spec, known_ledger, store_publication  # noqa: F401 (a fixture)

WEEK = "2026-W24"  # Monday 8 June to Sunday 14 June 2026; TODAY (15 June) is the Monday after


def flag_due_at(ledger, when: datetime, today: date) -> None:
    import time_machine

    from ledger.due import flag_due

    with time_machine.travel(when, tick=False), transaction(ledger.engine) as session:
        flag_due(session, today=today, actor="scheduler")


def email_for(ledger, publications=None, base_url="https://scores.example/reports/"):
    with reading(ledger.engine) as session:
        data = weekly_email_data(session, publications=publications, week=WEEK, today=TODAY, report_base_url=base_url)
    return data, render_weekly_email(data)


def test_newly_due_are_the_claims_flagged_during_the_week(known_ledger):
    # Flagged the week before: not newly due this week. c14 (deadline 10 June) is flagged on Thursday 11 June.
    flag_due_at(known_ledger, datetime(2026, 6, 3, 8, tzinfo=timezone.utc), date(2026, 6, 3))
    flag_due_at(known_ledger, datetime(2026, 6, 11, 8, tzinfo=timezone.utc), date(2026, 6, 11))
    data, _ = email_for(known_ledger)
    assert [item.id for item in data.newly_due.items] == [known_ledger.ids["c14"]]
    assert data.week_start == date(2026, 6, 8) and data.week_end == date(2026, 6, 14)
    data, _ = email_for(known_ledger, publications=["Beta Review"])
    assert data.newly_due.total == 0 and [c.name for c in data.scorecards] == ["Beta Review"]


def test_parts_subject_and_figures(known_ledger):
    flag_due_at(known_ledger, datetime(2026, 6, 11, 8, tzinfo=timezone.utc), date(2026, 6, 11))
    data, email = email_for(known_ledger, publications=["Alpha Weekly"])
    # Alpha: (6 + 0.5) / 11 = 59%
    assert email.subject == "Scorecard 2026-W24: Alpha Weekly: 59% accurate (11 scored) \u00b7 2 newly due"
    assert "59%" in email.text and "59%" in email.html
    assert "https://scores.example/reports/alpha-weekly.html" in email.text
    assert 'href="https://scores.example/reports/alpha-weekly.html"' in email.html
    assert 'href="https://scores.example/reports/index.html"' in email.html
    assert "Claim c14 will come true" in email.text and "Claim c14 will come true" in email.html
    _, no_link = email_for(known_ledger, base_url=None)
    assert "https://" not in no_link.text.replace("https://news.example", "")
    assert "Open the full scorecards" not in no_link.html


def test_images_are_png_referenced_by_cid_and_html_has_only_inline_styles(known_ledger):
    _, email = email_for(known_ledger)
    assert len(email.images) == 2
    for cid, png in email.images:
        assert "<" not in cid and ">" not in cid
        assert f'src="cid:{cid}"' in email.html
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width >= 560
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(99)) > 10  # a drawn chart, not blank
    assert "<style" not in email.html.lower() and "<link" not in email.html.lower()
    assert "<script" not in email.html.lower()
    assert 'style="' in email.html
    referenced = set(re.findall(r'src="cid:([^"]+)"', email.html))
    assert referenced == {cid for cid, _ in email.images}


def test_article_text_is_escaped_in_the_html_part(ledger):
    evil = '<script>alert("x")</script> & "quotes"'
    store_publication(ledger.engine, 'Evil <b>"Times"</b>', [Spec("e1", date(2026, 6, 10))],
                      published=date(2026, 1, 5), author="X", title="t", quote=lambda s: f"Acme will ship {evil} soon.")
    flag_due_at(ledger, datetime(2026, 6, 11, 8, tzinfo=timezone.utc), date(2026, 6, 11))
    data, email = email_for(ledger)
    assert data.newly_due.total == 1
    assert "<script>" not in email.html and "<b>" not in email.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in email.html
    assert evil in email.text  # plain text carries it as written
    assert 'Evil <b>"Times"</b>' in email.subject  # a header, not HTML: the mail builder encodes it


def test_email_with_no_resolutions_says_so(ledger):
    store_publication(ledger.engine, "Quiet Quarterly", [Spec("q1", date(2027, 1, 1))], published=date(2026, 1, 5),
                      author="Q", title="t")
    data, email = email_for(ledger)
    assert email.subject == "Scorecard 2026-W24: Quiet Quarterly: no claims scored yet \u00b7 0 newly due"
    assert "Nothing came due this week." in email.text


def test_bad_week_is_a_clear_error(known_ledger):
    from ledger.errors import LedgerError

    with reading(known_ledger.engine) as session, pytest.raises(LedgerError, match="2026-22"):
        weekly_email_data(session, publications=None, week="2026-22", today=TODAY, report_base_url=None,
                          settings=Settings())
