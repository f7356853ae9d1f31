"""Every generated page opened in real headless Chromium: no console errors, no requests, not blank, nothing injected runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.reports.known_data import TODAY, known_ledger  # noqa: F401 (a fixture)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

EVIL_ARTICLE = """Five calls "you" won't <b>believe</b> </title><script>document.title="pwned"</script>
By Mallory "Quotes" O'Hara
Published: 2023-02-01

Predictions for 2024

1. By the end of 2024, Acme will ship a chip named <script>window.__pwned = 1; document.title = "pwned";</script> to "every" customer' onmouseover='window.__pwned=2'.
2. By June 2024, Zed Corp will sell <img src=x onerror="window.__pwned=3"> a million "units" and </textarea><svg onload="window.__pwned=4">.
"""
EVIL_PUBLICATION = '<Evil> & "Quoted" Times</title><script>window.__pwned=5</script>'


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class PageProblems:
    """Console errors, page errors, failed requests and any request that is not the file itself."""

    def __init__(self, page, own_url: str):
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"failed request: {r.url}"))
        page.on("request", lambda r: r.url != own_url and self.errors.append(f"network request: {r.url}"))


def assert_not_blank(png: bytes, path: Path) -> None:
    from PIL import Image

    path.write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 20, f"{path} looks blank ({len(colours or [])} colours)"


def open_page(browser, path: Path, *, width: int = 1280, javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    url = path.resolve().as_uri()
    problems = PageProblems(page, url)
    page.goto(url, wait_until="load")
    return context, page, problems


def test_every_page_opens_cleanly_and_is_not_blank(known_ledger, browser, tmp_path):
    out = tmp_path / "site"
    known_ledger.run("report", "--out", out, "--today", TODAY.isoformat())
    shots = tmp_path / "screenshots"
    shots.mkdir()
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 4
    for path in pages:
        for width in (1280, 390):
            context, page, problems = open_page(browser, path, width=width)
            png = page.screenshot(full_page=True)
            assert problems.errors == [], f"{path.name} at {width}px: {problems.errors}"
            assert_not_blank(png, shots / f"{path.stem}-{width}.png")
            # readable on a phone: wide tables scroll inside their box, the page itself does not
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path.name} is {overflow}px wider than a {width}px screen"
            assert page.evaluate("document.documentElement.lang") == "en"
            context.close()


def test_publication_page_shows_figures_charts_and_lists(known_ledger, browser, tmp_path):
    out = tmp_path / "site"
    known_ledger.run("report", "--out", out, "--today", TODAY.isoformat())
    context, page, problems = open_page(browser, out / "alpha-weekly.html")
    assert page.title().startswith("Alpha Weekly")
    figures = page.locator(".figure").all_inner_texts()
    assert any("59%" in f and "11 scored" in f for f in figures), figures  # 6.5 / 11
    assert any("0.127" in f for f in figures), figures  # Brier 0.7618 / 6
    charts = page.locator("svg[role=img]")
    assert charts.count() == 2
    for i in range(2):
        assert charts.nth(i).get_attribute("aria-label")
        assert charts.nth(i).locator("title").count() >= 1 and charts.nth(i).locator("desc").count() == 1
    assert page.locator("#claim-%d" % known_ledger.ids["c3"]).locator("a.evidence").get_attribute("href") == "https://evidence.example/c3/0"
    assert "Resolver c3" in page.locator("#claim-%d" % known_ledger.ids["c3"]).inner_text()
    assert page.locator("th[scope=col]").count() > 20
    assert problems.errors == []
    context.close()

    context, page, problems = open_page(browser, out / "gamma-gazette.html")
    assert "No resolved claims yet" in page.inner_text("main")
    assert "waiting for an analyst" in page.inner_text("main")
    context.close()


def test_league_table_is_ordered_without_javascript_and_sorts_with_it(known_ledger, browser, tmp_path):
    out = tmp_path / "site"
    known_ledger.run("report", "--out", out, "--today", TODAY.isoformat())
    names = "#league tbody th"
    context, page, problems = open_page(browser, out / "index.html", javascript=False)
    assert page.locator(names).all_inner_texts() == ["Beta Review", "Alpha Weekly", "Gamma Gazette"]
    assert page.locator("#league thead button").count() == 0
    context.close()

    context, page, problems = open_page(browser, out / "index.html")
    claims_header = page.locator("#league thead th", has_text="Claims")
    claims_header.locator("button").click()
    assert page.locator(names).all_inner_texts() == ["Alpha Weekly", "Beta Review", "Gamma Gazette"]
    assert claims_header.get_attribute("aria-sort") == "descending"
    claims_header.locator("button").click()
    assert page.locator(names).all_inner_texts()[0] in ("Beta Review", "Gamma Gazette")
    assert claims_header.get_attribute("aria-sort") == "ascending"
    assert problems.errors == []
    context.close()


def test_article_text_with_script_and_quotes_is_shown_escaped_and_never_runs(ledger, browser, tmp_path):
    article = tmp_path / "evil.txt"
    article.write_text(EVIL_ARTICLE, encoding="utf-8")
    ledger.run("ingest", article, "--publication", EVIL_PUBLICATION, "--author", 'A. "Quote" <i>Author</i>',
               "--url", "javascript:window.__pwned=6")
    ids = [row[0] for row in ledger.rows("SELECT id FROM claim ORDER BY id")]
    assert len(ids) == 2
    ledger.run("resolve", ids[0], "--outcome", "incorrect", "--by", '<script>window.__pwned=7</script>',
               "--evidence", 'https://evidence.example/?q="><script>window.__pwned=8</script>',
               "--note", '</p><script>window.__pwned=9</script> "noted"', "--force")
    out = tmp_path / "site"
    ledger.run("report", "--out", out)
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2
    for path in pages:
        context, page, problems = open_page(browser, path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path.name
        expected_title = "Publication scorecards" if path.name == "index.html" else f"{EVIL_PUBLICATION} \u2014 scorecard"
        assert page.title().startswith(expected_title)  # the article's script would have set it to "pwned"
        assert page.locator("script").count() == 1  # only the page's own sort script
        assert page.locator("img, iframe, object, embed, [onmouseover], [onerror], [onload]").count() == 0
        page.locator("body").hover()
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert problems.errors == [], problems.errors
        text = page.inner_text("body")
        assert EVIL_PUBLICATION in text
        if path.name != "index.html":
            assert "<script>window.__pwned = 1; document.title = \"pwned\";</script>" in text
            assert '<img src=x onerror="window.__pwned=3">' in text
            assert "</p><script>window.__pwned=9</script> \"noted\"" in text
            assert page.locator("a[href^=javascript]").count() == 0
            evidence = page.locator("a.evidence").get_attribute("href")
            assert evidence == 'https://evidence.example/?q="><script>window.__pwned=8</script>'
        context.close()
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "&lt;script&gt;window.__pwned = 1;" in html
    assert "<script>window" not in html

