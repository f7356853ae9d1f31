"""`ledger feeds`: publications followed by RSS and Atom, polled from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from web_server import Conditional, Page, fixture_page, web, web_ledger  # noqa: F401 - fixtures

LAST_MODIFIED = "Sat, 14 Mar 2026 08:00:00 GMT"


def flat(text: str) -> str:
    return " ".join(text.split())


def serve_harbor(web, extra_items: str = "", **validators) -> None:
    web.route("/feed.rss", Conditional(fixture_page("harbor.rss", web, extra_items=extra_items), **validators))
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))
    web.route("/notes/batteries", Page(fixture_page("undated-note.html", web)))


def serve_northwind(web) -> None:
    web.route("/northwind.atom", Conditional(fixture_page("northwind.atom", web),
                                             content_type="application/atom+xml"))
    for path, title, year, subject in (
        ("/columns/wind-at-the-peak", "Wind at the winter peak", "2028", "offshore wind"),
        ("/columns/heat-pumps", "Heat pumps in the cold snap", "2030", "heat pumps with storage"),
    ):
        web.route(path, Page(fixture_page("column.html", web, path=path, title=title, year=year, subject=subject)))


def stored(ledger):
    return ledger.rows(
        "SELECT p.name, a.url, a.source, CAST(a.published AS VARCHAR(10)), a.title "
        "FROM article a JOIN publication p ON p.id = a.publication_id ORDER BY a.url"
    )


def test_an_rss_feed_is_polled_and_each_entry_stored_with_its_own_date_under_the_named_publication(web, web_ledger):
    serve_harbor(web, etag='"harbor-v1"', last_modified=LAST_MODIFIED)
    feed_url = web.url("/feed.rss")

    added = web_ledger.run("feeds", "add", feed_url, "--publication", "Harbor Street Economics")
    polled = web_ledger.run("feeds", "poll", "--all")

    assert "added feed 1" in flat(added.stdout) and "2 entries now" in flat(added.stdout)
    assert "2 stored, 0 already in the ledger" in flat(polled.stdout)
    assert stored(web_ledger) == [
        ("Harbor Street Economics", web.url("/2026/03/ports-in-2027"),
         web.url("/2026/03/ports-in-2027?utm_source=rss&utm_medium=feed"), "2026-03-14",
         "Ports in 2027: Where the Cranes Are Going"),
        # The page has no date; the entry's pubDate is P, not the day it was fetched.
        ("Harbor Street Economics", web.url("/notes/batteries"), web.url("/notes/batteries"), "2026-02-02",
         "A note on battery prices"),
    ]
    assert web_ledger.scalar("SELECT count(*) FROM claim") == 4
    assert web_ledger.scalar("SELECT count(*) FROM article WHERE fetched_at IS NULL") == 0
    assert web_ledger.rows("SELECT etag, last_modified FROM feed") == [('"harbor-v1"', LAST_MODIFIED)]


def test_the_second_poll_of_an_unchanged_feed_is_one_conditional_request_answered_304(web, web_ledger):
    serve_harbor(web, etag='"harbor-v1"', last_modified=LAST_MODIFIED)
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "poll", "--all")
    pages_fetched = len(web.requests("/2026/03/ports-in-2027")) + len(web.requests("/notes/batteries"))

    second = web_ledger.run("feeds", "poll", "--all")

    last = web.requests("/feed.rss")[-1]
    assert last.headers["if-none-match"] == '"harbor-v1"'
    assert last.headers["if-modified-since"] == LAST_MODIFIED
    assert "not-modified" in flat(second.stdout)
    assert len(web.requests("/2026/03/ports-in-2027")) + len(web.requests("/notes/batteries")) == pages_fetched
    assert web_ledger.scalar("SELECT count(*) FROM article") == 2
    assert web_ledger.scalar("SELECT last_status FROM feed").startswith("not-modified")


def test_a_feed_with_only_last_modified_is_polled_with_if_modified_since(web, web_ledger):
    serve_harbor(web, last_modified=LAST_MODIFIED)
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "poll", "--all")

    web_ledger.run("feeds", "poll", "1")

    last = web.requests("/feed.rss")[-1]
    assert last.headers["if-modified-since"] == LAST_MODIFIED and "if-none-match" not in last.headers
    assert web_ledger.scalar("SELECT last_status FROM feed").startswith("not-modified")


def test_a_changed_feed_fetches_only_its_new_entries(web, web_ledger):
    serve_harbor(web, etag='"harbor-v1"')
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "poll", "--all")
    new_item = f"""<item><title>Wind at the winter peak</title><link>{web.url('/columns/wind-at-the-peak')}</link>
      <pubDate>Tue, 17 Mar 2026 06:00:00 +0000</pubDate></item>"""
    serve_harbor(web, extra_items=new_item, etag='"harbor-v2"')
    serve_northwind(web)

    second = web_ledger.run("feeds", "poll", "--all")

    assert "1 stored, 2 already in the ledger" in flat(second.stdout)
    assert len(web.requests("/notes/batteries")) == 1  # seen entries are not fetched again
    assert web_ledger.rows(
        "SELECT p.name, CAST(a.published AS VARCHAR(10)) FROM article a JOIN publication p ON p.id = a.publication_id "
        "WHERE a.url LIKE '%wind-at-the-peak'"
    ) == [("Harbor Street Economics", "2026-03-17")]  # the feed's publication and the entry's date
    assert web_ledger.scalar("SELECT etag FROM feed") == '"harbor-v2"'


def test_an_atom_feed_is_named_by_its_title_and_its_entries_dated_by_published_or_updated(web, web_ledger):
    serve_northwind(web)

    added = web_ledger.run("feeds", "add", web.url("/northwind.atom"))
    web_ledger.run("feeds", "poll", "1")

    assert "(Northwind Energy Notes, 2 entries now)" in flat(added.stdout)
    assert [(name, published, title) for name, _url, _source, published, title in stored(web_ledger)] == [
        ("Northwind Energy Notes", "2025-12-08", "Heat pumps in the cold snap"),
        ("Northwind Energy Notes", "2026-01-20", "Wind at the winter peak"),
    ]
    assert web_ledger.rows("SELECT CAST(deadline AS VARCHAR(10)) FROM claim ORDER BY deadline") == [
        ("2028-12-31",), ("2030-12-31",)]


def test_an_entry_already_ingested_by_url_is_not_fetched_again(web, web_ledger):
    serve_harbor(web)
    web_ledger.run("ingest", web.url("/notes/batteries"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")

    polled = web_ledger.run("feeds", "poll", "--all")

    assert "1 stored, 1 already in the ledger" in flat(polled.stdout)
    assert len(web.requests("/notes/batteries")) == 1
    assert web_ledger.scalar("SELECT count(*) FROM article") == 2


def test_a_link_in_two_feeds_is_fetched_and_stored_once(web, web_ledger):
    serve_harbor(web)
    web.route("/mirror.rss", Conditional(fixture_page("harbor.rss", web, extra_items="")))
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "add", web.url("/mirror.rss"), "--publication", "Harbor Street Economics")

    web_ledger.run("feeds", "poll", "--all")

    assert len(web.requests("/notes/batteries")) == 1
    assert web_ledger.scalar("SELECT count(*) FROM article") == 2


def test_a_failing_entry_and_a_failing_feed_are_reported_and_the_rest_go_on(web, web_ledger):
    missing = f"""<item><title>Deleted story</title><link>{web.url('/2026/03/deleted')}</link>
      <pubDate>Wed, 18 Mar 2026 06:00:00 +0000</pubDate></item>"""
    serve_harbor(web, extra_items=missing, etag='"harbor-v1"')
    serve_northwind(web)
    web.route("/broken.rss", Page("<html><body>Our feed has moved</body></html>"))
    for path in ("/feed.rss", "/broken.rss", "/northwind.atom"):
        web_ledger.run("feeds", "add", web.url(path), "--publication", "Somebody", "--no-check")

    result = web_ledger.run("feeds", "poll", "--all", expect_exit=1)

    err = flat(result.stderr)
    assert f"error: {web.url('/broken.rss')}: not a feed (text/html)" in err
    assert f"error: {web.url('/2026/03/deleted')}: HTTP 404 Not Found" in err
    assert web_ledger.scalar("SELECT count(*) FROM article") == 4
    assert "3 feeds polled (0 unchanged, 1 failed); 4 articles stored, 1 entries failed" in flat(result.stdout)
    # A 404 will not heal: the feed's validators are kept, so the next poll is a cheap 304.
    assert web_ledger.scalar("SELECT etag FROM feed WHERE url = :u", u=web.url("/feed.rss")) == '"harbor-v1"'
    assert web_ledger.scalar("SELECT last_status FROM feed WHERE url = :u", u=web.url("/broken.rss")).startswith("error")


def test_an_entry_that_failed_for_a_passing_reason_is_retried_at_the_next_poll(web, web_ledger):
    serve_harbor(web, etag='"harbor-v1"')
    web.route("/notes/batteries", Page("<html><body>Overloaded</body></html>", status=503, headers={"Retry-After": "0"}))
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")

    web_ledger.run("feeds", "poll", "--all", expect_exit=1)
    assert web_ledger.scalar("SELECT etag FROM feed") is None  # so the next poll is not answered 304
    web.route("/notes/batteries", Page(fixture_page("undated-note.html", web)))
    second = web_ledger.run("feeds", "poll", "--all")

    assert "1 stored, 1 already in the ledger" in flat(second.stdout)
    assert web_ledger.scalar("SELECT count(*) FROM article") == 2
    assert web_ledger.scalar("SELECT etag FROM feed") == '"harbor-v1"'


def test_entries_are_fetched_concurrently_but_at_most_per_host_limit_at_once_per_host(web, web_ledger):
    items = []
    for number in range(6):
        path = f"/columns/slow-{number}"
        host = "127.0.0.1" if number % 2 else "localhost"
        web.route(path, Page(fixture_page("column.html", web, path=path, title=f"Column {number}", year="2029",
                                          subject=f"grid scheme {number}"), delay=0.4))
        items.append(f"<item><title>Column {number}</title><link>{web.url(path, host=host)}</link>"
                     f"<pubDate>Sun, 01 Mar 2026 0{number}:00:00 +0000</pubDate></item>")
    serve_harbor(web, extra_items="\n".join(items))
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")

    web_ledger.run("feeds", "poll", "--all")

    assert web.max_in_flight == {"127.0.0.1": 2, "localhost": 2}  # per_host_limit = 2, workers = 4
    assert web_ledger.scalar("SELECT count(*) FROM article") == 8


def test_poll_all_is_what_the_scheduler_calls_and_reports_progress(web, web_ledger):
    from ledger.config import load_config
    from ledger.feeds import PollReport, poll_all

    serve_harbor(web)
    serve_northwind(web)
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web_ledger.run("feeds", "add", web.url("/northwind.atom"))
    seen = []

    report = poll_all(web_ledger.engine, load_config(web_ledger.config_path), actor="scheduler",
                      progress=lambda done, total, label: seen.append((done, total)))

    assert isinstance(report, PollReport) and report.ok and report.stored == 4
    assert seen[-1] == (6, 6)  # two feeds, four entries
    assert web_ledger.rows("SELECT DISTINCT created_by FROM article") == [("scheduler",)]


def test_feeds_list_remove_and_restore_keep_the_history(web, web_ledger):
    serve_northwind(web)
    web_ledger.run("feeds", "add", web.url("/northwind.atom"), "--by", "ana")

    listed = web_ledger.run("feeds", "list")
    removed = web_ledger.run("feeds", "remove", web.url("/northwind.atom"), "--by", "ben")
    after = web_ledger.run("feeds", "list")
    everything = [json.loads(line) for line in web_ledger.run("feeds", "list", "--all", "--json").stdout.splitlines()]
    polled = web_ledger.run("feeds", "poll", "--all")
    refused = web_ledger.run("feeds", "poll", "1", expect_exit=1)

    assert "Northwind Energy Notes" in listed.stdout and "never" in listed.stdout
    assert "removed feed 1" in flat(removed.stdout)
    assert "Northwind" not in after.stdout and "no feeds yet" in after.stdout
    assert [(feed["publication"], feed["created_by"], feed["removed_by"]) for feed in everything] == [
        ("Northwind Energy Notes", "ana", "ben")]
    assert "0 feeds polled" in flat(polled.stdout)
    assert len(web.requests("/northwind.atom")) == 1  # only the check at `feeds add`
    assert "was removed" in flat(refused.stderr)
    assert web_ledger.rows("SELECT created_by, removed_by FROM feed") == [("ana", "ben")]

    restored = web_ledger.run("feeds", "add", web.url("/northwind.atom"), "--by", "cy")

    assert "restored feed 1" in flat(restored.stdout)
    assert web_ledger.rows("SELECT created_by, removed_at, removed_by FROM feed") == [("ana", None, None)]
    assert "removed by ben" in web_ledger.scalar("SELECT last_status FROM feed")


@pytest.mark.parametrize("args, message", [
    (("feeds", "add", "ftp://example.org/feed"), "ftp://example.org/feed: a feed is an http:// or https:// URL"),
    (("feeds", "poll"), "name the feeds to poll (id or URL), or pass --all"),
    (("feeds", "remove", "42"), "no feed '42': `ledger feeds list` shows them"),
])
def test_mistakes_get_one_line_errors(web_ledger, args, message):
    result = web_ledger.run(*args, expect_exit=1)

    assert result.stderr.strip() == f"error: {message}"


def test_adding_something_that_is_not_a_feed_is_refused(web, web_ledger):
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))

    result = web_ledger.run("feeds", "add", web.url("/2026/03/ports-in-2027"), expect_exit=1)

    assert flat(result.stderr) == f"error: {web.url('/2026/03/ports-in-2027')}: not a feed (text/html)"
    assert web_ledger.scalar("SELECT count(*) FROM feed") == 0


def test_adding_a_followed_feed_again_with_a_publication_renames_it_for_future_entries(web, web_ledger):
    serve_harbor(web)
    web.route("/2026/03/ports-in-2027", Page("<html><body>Try later</body></html>", status=404))
    web_ledger.run("feeds", "add", web.url("/feed.rss"))
    web_ledger.run("feeds", "poll", "--all", expect_exit=1)

    renamed = web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")
    web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web)))
    web_ledger.run("feeds", "poll", "--all")

    assert "entries from now on go under Harbor Street Economics" in flat(renamed.stdout)
    assert [(name, title) for name, _url, _source, _published, title in stored(web_ledger)] == [
        ("Harbor Street Economics", "Ports in 2027: Where the Cranes Are Going"),
        ("Harbor Street Economics — latest", "A note on battery prices"),  # stored before: keeps its name
    ]


def test_a_feed_entry_may_not_lead_into_the_local_network_unless_allowed(web, web_ledger):
    serve_harbor(web)
    config = web_ledger.config_path.read_text(encoding="utf-8")
    web_ledger.config_path.write_text(config.replace("allow_private_addresses = true", ""), encoding="utf-8")
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")  # typed: allowed

    result = web_ledger.run("feeds", "poll", "--all", expect_exit=1)

    assert "127.0.0.1 is a private or local address (127.0.0.1); feeds may not point there" in flat(result.stderr)
    assert web.requests("/notes/batteries") == [] and web.requests("/2026/03/ports-in-2027") == []
    assert web_ledger.scalar("SELECT count(*) FROM article") == 0


def test_the_schedulers_feed_job_polls_every_feed(web, web_ledger):
    from ledger.jobs import ACTOR

    serve_harbor(web)
    web_ledger.run("feeds", "add", web.url("/feed.rss"), "--publication", "Harbor Street Economics")

    result = web_ledger.run("scheduler", "run-job", "poll_feeds")

    assert "1 feeds polled (0 unchanged, 0 failed); 2 articles stored, 0 entries failed" in flat(result.stdout)
    assert web_ledger.rows("SELECT DISTINCT created_by FROM article") == [(ACTOR,)]
