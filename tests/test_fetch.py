"""`ledger ingest URL`: pages fetched from a real HTTP server on 127.0.0.1, read, and stored like files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest

from web_server import Page, Stream, fixture_page, web, web_ledger  # noqa: F401 - fixtures

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" * 40


def flat(text: str) -> str:
    """Output with the console's line wrapping undone."""
    return " ".join(text.split())


def articles(ledger):
    return ledger.rows("SELECT id, url, source, title, CAST(published AS VARCHAR(10)), fetched_at, format FROM article ORDER BY id")


def test_an_article_page_is_fetched_read_and_stored_with_its_source_and_fetch_time(web, web_ledger):
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))
    url = web.url("/2026/03/ports-in-2027")

    result = web_ledger.run("ingest", url, "--publication", "Harbor Street Economics")

    assert "stored" in flat(result.stdout)
    [(article_id, stored_url, source, title, _published, fetched_at, fmt)] = articles(web_ledger)
    assert (stored_url, source, fmt) == (url, url, "html")
    assert title == "Ports in 2027: Where the Cranes Are Going"
    assert fetched_at is not None
    text = web_ledger.scalar("SELECT text FROM article")
    assert "Rotterdam and Antwerp both ran pilot programmes" in text
    assert "Accept all" not in text and "All rights reserved" not in text  # banner and footer left out
    quotes = [q for (q,) in web_ledger.rows("SELECT quote FROM claim ORDER BY span_start")]
    assert quotes == [
        "By 2027, Rotterdam will operate more remote-controlled cranes than any other port in Europe.",
        "By 2028, container freight rates between Shanghai and Rotterdam will fall below their 2019 average.",
    ]
    assert web_ledger.rows("SELECT CAST(deadline AS VARCHAR(10)) FROM claim ORDER BY span_start") == [("2027-12-31",), ("2028-12-31",)]
    [seen] = web.requests("/2026/03/ports-in-2027")
    assert seen.headers["user-agent"].startswith("prediction-ledger/")
    assert "https://ledger.test/about-our-crawler" in seen.headers["user-agent"]


def test_the_page_says_its_own_publication_date_author_and_publication(web, web_ledger):
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))
    web_ledger.run("ingest", web.url("/2026/03/ports-in-2027?utm_source=newsletter"))

    assert web_ledger.rows(
        "SELECT p.name, a.author, CAST(a.published AS VARCHAR(10)), a.url FROM article a JOIN publication p ON p.id = a.publication_id"
    ) == [("Harbor Street Economics", "Dana Whitfield", "2026-03-14", web.url("/2026/03/ports-in-2027"))]


def test_an_undated_page_is_dated_by_its_fetch_in_the_ledgers_time_zone_and_says_so(web, web_ledger):
    web.route("/notes/batteries", Page(fixture_page("undated-note.html", web)))

    result = web_ledger.run("ingest", web.url("/notes/batteries"))

    today_in_london = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    assert f"no date on the page: dated by its fetch, {today_in_london}" in flat(result.stdout)
    assert "filed under 127.0.0.1" in flat(result.stdout)  # no publication name on the page: its host
    assert web_ledger.rows("SELECT CAST(published AS VARCHAR(10)), published_precision FROM article") == [(today_in_london, "day")]
    assert web_ledger.scalar("SELECT count(*) FROM claim") == 2


def test_a_redirect_is_followed_and_the_article_kept_under_its_final_address(web, web_ledger):
    web.route("/old/ports", Page(b"", status=301, content_type=None, headers={"Location": "/2026/03/ports-in-2027"}))
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))

    web_ledger.run("ingest", web.url("/old/ports"), "--publication", "Harbor Street Economics")

    [(_, stored_url, source, *_rest)] = articles(web_ledger)
    assert (stored_url, source) == (web.url("/2026/03/ports-in-2027"), web.url("/old/ports"))


def test_a_redirect_loop_is_given_up_with_a_clear_message(web, web_ledger):
    web.route("/loop/a", Page(b"", status=302, content_type=None, headers={"Location": "/loop/b"}))
    web.route("/loop/b", Page(b"", status=302, content_type=None, headers={"Location": "/loop/a"}))

    result = web_ledger.run("ingest", web.url("/loop/a"), expect_exit=1)

    assert f"error: {web.url('/loop/a')}: too many redirects (more than 3)" in flat(result.stderr)
    assert articles(web_ledger) == []


def test_a_503_is_retried_after_the_retry_after_wait_and_then_stored(web, web_ledger):
    web.route("/busy", [
        Page("<html><body>Busy</body></html>", status=503, headers={"Retry-After": "1"}),
        Page(fixture_page("undated-note.html", web)),
    ])

    web_ledger.run("ingest", web.url("/busy"))

    first, second = web.requests("/busy")
    assert second.at - first.at >= 0.95  # the server asked for a second and got it
    assert len(articles(web_ledger)) == 1


def test_retries_give_up_after_the_configured_attempts(web, web_ledger):
    web.route("/down", Page("<html><body>Down</body></html>", status=503, headers={"Retry-After": "0"}))

    result = web_ledger.run("ingest", web.url("/down"), expect_exit=1)

    assert len(web.requests("/down")) == 3  # one try and two retries
    assert "gave up after 3 attempts: HTTP 503 Service Unavailable" in flat(result.stderr)
    assert articles(web_ledger) == []


def test_a_retry_after_longer_than_max_wait_is_not_waited_for_here(web, web_ledger):
    later = format_datetime(datetime.now(timezone.utc) + timedelta(hours=1), usegmt=True)
    web.route("/slow-down", Page("<html><body>Slow down</body></html>", status=429, headers={"Retry-After": later}))

    result = web_ledger.run("ingest", web.url("/slow-down"), expect_exit=1)

    assert len(web.requests("/slow-down")) == 1
    assert "HTTP 429 Too Many Requests; the server asks us to wait" in flat(result.stderr)
    assert "longer than [fetch] max_wait (2 s): try later" in flat(result.stderr)


def test_a_20_mb_page_is_refused_without_reading_it_all(web, web_ledger):
    huge = Stream(20_000_000)
    web.route("/huge", huge)

    result = web_ledger.run("ingest", web.url("/huge"), expect_exit=1)

    assert f"error: {web.url('/huge')}: larger than the 1 MB limit ([fetch] max_bytes)" in flat(result.stderr)
    assert huge.done.wait(10)
    assert not huge.finished and huge.sent < 10_000_000  # the client hung up; the rest was never sent
    assert articles(web_ledger) == []


def test_a_20_mb_page_that_says_so_is_refused_on_its_headers(web, web_ledger):
    huge = Stream(20_000_000, declare_length=True)
    web.route("/huge", huge)

    result = web_ledger.run("ingest", web.url("/huge"), expect_exit=1)

    assert "larger than the 1 MB limit ([fetch] max_bytes): 20 MB declared" in flat(result.stderr)
    assert huge.done.wait(10) and not huge.finished


def test_a_small_compressed_page_that_inflates_past_the_cap_is_refused(web, web_ledger):
    import gzip

    bomb = gzip.compress(b"<!doctype html><html><body><p>" + b"a" * 20_000_000 + b"</p></body></html>")
    web.route("/bomb", Page(bomb, headers={"Content-Encoding": "gzip"}))

    result = web_ledger.run("ingest", web.url("/bomb"), expect_exit=1)

    assert len(bomb) < 100_000
    assert f"error: {web.url('/bomb')}: larger than the 1 MB limit ([fetch] max_bytes)" in flat(result.stderr)


@pytest.mark.parametrize("content_type, message", [
    ("image/png", "not an HTML page (image/png)"),
    ("application/octet-stream", "not an HTML page (application/octet-stream, and the content is not markup)"),
])
def test_a_binary_file_is_refused_and_nothing_stored(web, web_ledger, content_type, message):
    web.route("/chart.png", Page(PNG, content_type=content_type))

    result = web_ledger.run("ingest", web.url("/chart.png"), expect_exit=1)

    assert f"error: {web.url('/chart.png')}: {message}" in flat(result.stderr)
    assert articles(web_ledger) == []


def test_a_page_without_article_text_is_refused_and_the_rest_of_the_batch_goes_on(web, web_ledger):
    web.route("/shipping", Page(fixture_page("section-front.html", web)))
    web.route("/notes/batteries", Page(fixture_page("undated-note.html", web)))
    web.route("/gone", Page("<html><body>Not found</body></html>", status=404))

    result = web_ledger.run("ingest", web.url("/shipping"), web.url("/gone"), web.url("/notes/batteries"), expect_exit=1)

    assert f"error: {web.url('/shipping')}: not an article: no main text" in flat(result.stderr)
    assert f"error: {web.url('/gone')}: HTTP 404 Not Found" in flat(result.stderr)
    assert [row[2] for row in articles(web_ledger)] == [web.url("/notes/batteries")]


def test_a_server_that_is_not_there_is_a_one_line_error(web, web_ledger):
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"

    result = web_ledger.run("ingest", url, expect_exit=1)

    assert flat(result.stderr).startswith(f"error: {url}: gave up after 3 attempts: connection failed")


def test_a_changed_page_is_a_new_article_and_the_old_claims_stay(web, web_ledger):
    first = fixture_page("undated-note.html", web)
    changed = first.replace("every European market", "every European market except Poland").replace(
        "</article>", "<p>By 2030, Britain will have 20 GW of grid batteries connected.</p></article>")
    web.route("/notes/batteries", [Page(first), Page(first), Page(changed)])
    url = web.url("/notes/batteries")

    web_ledger.run("ingest", url)
    again = web_ledger.run("ingest", url)
    after_change = web_ledger.run("ingest", url)

    assert "duplicate" in flat(again.stdout)
    assert "new version of article 1 (the page changed; earlier claims kept)" in flat(after_change.stdout)
    assert [(row[0], row[1]) for row in articles(web_ledger)] == [(1, url), (2, url)]
    assert web_ledger.rows("SELECT article_id, count(*) FROM claim GROUP BY article_id ORDER BY article_id") == [(1, 2), (2, 3)]
    assert web_ledger.scalar("SELECT count(*) FROM claim WHERE quote LIKE '%every European market.'") == 1


def test_a_page_in_a_declared_legacy_charset_is_read_correctly(web, web_ledger):
    html = fixture_page("undated-note.html", web).replace("Lithium carbonate", "Zürich's lithium carbonate")
    web.route("/latin1", Page(html.encode("iso-8859-1"), content_type="text/html; charset=ISO-8859-1"))

    web_ledger.run("ingest", web.url("/latin1"))

    assert "Zürich's lithium carbonate" in web_ledger.scalar("SELECT text FROM article")


def test_a_dry_run_fetches_but_stores_nothing(web, web_ledger):
    web.route("/notes/batteries", Page(fixture_page("undated-note.html", web)))

    result = web_ledger.run("ingest", "--dry-run", web.url("/notes/batteries"))

    assert "dry-run" in flat(result.stdout) and articles(web_ledger) == []


def test_a_bad_fetch_setting_is_named(web, web_ledger):
    web_ledger.config_path.write_text(
        web_ledger.config_path.read_text().replace("max_bytes = 1_000_000", 'max_bytes = "lots"'))

    result = web_ledger.run("ingest", web.url("/anything"), expect_exit=1)

    assert result.stderr.strip() == f"error: {web_ledger.config_path}: [fetch] max_bytes must be a whole number"


def test_a_feed_given_to_ingest_is_refused_with_a_pointer_to_feeds_add(web, web_ledger):
    web.route("/feed.rss", Page(fixture_page("harbor.rss", web, extra_items=""), content_type="application/rss+xml"))

    result = web_ledger.run("ingest", web.url("/feed.rss"), expect_exit=1)

    assert flat(result.stderr) == (
        f"error: {web.url('/feed.rss')}: not an HTML page (application/rss+xml); `ledger feeds add URL` follows a feed")
