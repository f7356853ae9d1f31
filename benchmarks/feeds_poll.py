"""Polling feeds against a local HTTP server: a first poll, an unchanged poll (304s), and the size cap.

    python -m benchmarks.feeds_poll                  # 5 feeds x 40 entries, 50 ms per page
    BENCH_SCALE=0.2 python -m benchmarks.feeds_poll  # fewer entries, for a quick look

Prints one line per measurement. The server answers each article page after
a fixed delay, standing in for a real site's latency, so the numbers show what
concurrency (within the per-host limit) buys over fetching one page at a time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's local web server

PAGE_DELAY_S = 0.05
FEEDS = 5
ENTRIES_PER_FEED = 40


def main() -> None:
    from web_server import Conditional, Page, Stream, WebServer, fixture_page

    scale = float(os.environ.get("BENCH_SCALE", "1"))
    entries = max(2, round(ENTRIES_PER_FEED * scale))
    web = WebServer().start()
    try:
        for feed in range(FEEDS):
            items = []
            for number in range(entries):
                path = f"/f{feed}/column-{number}"
                web.route(path, Page(fixture_page("column.html", web, path=path, title=f"Column {feed}.{number}",
                                                  year=str(2027 + number % 5), subject=f"scheme {feed}-{number}"),
                                     delay=PAGE_DELAY_S))
                items.append(f"<item><title>Column {feed}.{number}</title><link>{web.url(path)}</link>"
                             f"<pubDate>Sun, 01 Mar 2026 08:{number % 60:02d}:00 +0000</pubDate></item>")
            web.route(f"/f{feed}.rss", Conditional(fixture_page("harbor.rss", web, extra_items="\n".join(items)),
                                                   etag=f'"feed-{feed}"'))
        total = FEEDS * (entries + 2)  # each feed also links the two Harbor Street pages (stored once)
        web.route("/2026/03/ports-in-2027", Page(fixture_page("harbor-outlook.html", web), delay=PAGE_DELAY_S))
        web.route("/notes/batteries", Page(fixture_page("undated-note.html", web), delay=PAGE_DELAY_S))
        print(f"{FEEDS} feeds, {total} entries ({FEEDS * entries + 2} distinct pages), {PAGE_DELAY_S * 1000:.0f} ms a page")
        for label, limits in (("one at a time", "per_host_limit = 1\nworkers = 1"),
                              ("default limits", "per_host_limit = 2\nworkers = 8"),
                              ("per_host_limit 8", "per_host_limit = 8\nworkers = 8")):
            _poll_twice(web, label, limits)
        _size_cap(web, Stream)
    finally:
        web.stop()


def _poll_twice(web, label: str, limits: str) -> None:
    from ledger.config import load_config
    from ledger.db import make_engine
    from ledger.feeds import poll_all, subscribe
    from ledger.db import transaction
    from ledger.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        config_path = Path(folder) / "config.toml"
        config_path.write_text(f'[database]\nurl = "sqlite:///{folder}/ledger.db"\n\n[fetch]\n{limits}\nallow_private_addresses = true\n',
                               encoding="utf-8")
        config = load_config(config_path)
        engine = make_engine(config.database_url)
        upgrade(engine)
        with transaction(engine) as session:
            for feed in range(FEEDS):
                subscribe(session, url=web.url(f"/f{feed}.rss"), publication="Bench", actor="bench")
        before = len(web._seen)
        start = time.perf_counter()
        first = poll_all(engine, config, actor="bench")
        cold = time.perf_counter() - start
        requests_cold = len(web._seen) - before
        before = len(web._seen)
        start = time.perf_counter()
        second = poll_all(engine, config, actor="bench")
        warm = time.perf_counter() - start
        requests_warm = len(web._seen) - before
        engine.dispose()
    assert first.ok and second.ok, first.problems() + second.problems()
    print(f"{label:>17}: first poll {cold:6.2f} s ({first.stored} stored, {first.stored / cold:5.1f} articles/s, "
          f"{requests_cold} requests); unchanged poll {warm * 1000:6.1f} ms ({requests_warm} requests, all 304)")


def _size_cap(web, Stream) -> None:
    from ledger.fetch import Fetcher, FetchError, FetchSettings

    huge = Stream(20_000_000)
    web.route("/huge", huge)
    start = time.perf_counter()
    with Fetcher(FetchSettings()) as fetcher:
        try:
            fetcher.page(web.url("/huge"))
        except FetchError:
            pass
    elapsed = time.perf_counter() - start
    huge.done.wait(10)
    print(f"20 MB page, 10 MB cap: refused in {elapsed * 1000:.0f} ms; the server got to send "
          f"{huge.sent / 1_000_000:.1f} MB before the client hung up")


if __name__ == "__main__":
    main()
