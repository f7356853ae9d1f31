"""Hostile input: each refused with a clear one-line error naming the file or field, nothing stored half-way,
and what is stored is stored verbatim (never run as SQL or as a template)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sample_ledger import article_text, write_articles

GOOD = "Acme Corp will open a factory in Lisbon by the end of 2022.\n"


def ingest(ledger, *paths, publication="The Daily Ledger", published="2021-06-01", expect_exit=1):
    args = ["ingest", *map(str, paths)]
    if publication is not None:
        args += ["--publication", publication]
    if published is not None:
        args += ["--published", published]
    return ledger.run(*args, expect_exit=expect_exit)


def assert_one_line_error(result, *fragments: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def assert_nothing_stored(ledger) -> None:
    for table in ("publication", "article", "claim", "claim_event"):
        assert ledger.scalar(f"SELECT count(*) FROM {table}") == 0, table


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "binary"),
        ("latin1.txt", "Le café will open by 2022.\n".encode("latin-1"), "UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n\t \n", "empty"),
        ("late-nul.txt", (GOOD * 400).encode() + b"\x00 and more will follow by 2023.\n", ""),
    ],
    ids=["binary", "invalid-utf8", "empty", "whitespace-only", "nul-after-8k"],
)
def test_unreadable_files_are_named_and_nothing_is_stored(ledger, tmp_path, name, data, expected):
    path = write(tmp_path, name, data)
    line = assert_one_line_error(ingest(ledger, path), str(path), expected)
    del line
    assert_nothing_stored(ledger)


def test_a_50_megabyte_text_is_refused(ledger, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(GOOD) + 1):
            handle.write(GOOD)
    assert path.stat().st_size >= 50 * 1024 * 1024
    assert_one_line_error(ingest(ledger, path), str(path), "too large")
    assert_nothing_stored(ledger)


def test_html_nested_ten_thousand_deep(ledger, tmp_path):
    """Either the text is read and stored whole, or the page is refused in one line: never a crash."""
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * 10_000
            + "<p>Acme Corp will open a factory in Lisbon by the end of 2022.</p>" + "</div>" * 10_000 + "</body></html>")
    path = write(tmp_path, "deep.html", page.encode())
    result = ingest(ledger, path, expect_exit=None)
    if result.exit_code == 1:
        assert_one_line_error(result, str(path))
        assert_nothing_stored(ledger)
    else:
        assert result.exit_code == 0, result.output
        assert ledger.scalar("SELECT count(*) FROM article") == 1
        ledger.run("db", "check")


def test_billion_laughs_feed(ledger, tmp_path):
    entities = "".join(f'<!ENTITY lol{n} "{"&lol%d;" % (n - 1) * 10}">' for n in range(1, 10))
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{entities}]>'
            '<rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title>'
            "<pubDate>Tue, 01 Jun 2021 09:00:00 GMT</pubDate><description>&lol9; will happen by 2022.</description>"
            "</item></channel></rss>")
    path = write(tmp_path, "laughs.xml", feed.encode())
    assert_one_line_error(ingest(ledger, path, published=None), str(path), "entit")
    assert_nothing_stored(ledger)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("0000-00-00", "--published: '0000-00-00' is not a date"),
        ("2021-02-30", "--published: '2021-02-30' is not a date"),
        ("9999-12-31", "published 9999-12-31"),
        ("0001-01-01", "published 0001-01-01"),
    ],
)
def test_impossible_publication_dates(ledger, tmp_path, published, expected):
    path = write_articles(tmp_path, [1])[0]
    assert_one_line_error(ingest(ledger, path, published=published), expected)
    assert_nothing_stored(ledger)


def test_deadlines_before_1900_are_stored_exactly(ledger, tmp_path):
    path = write(tmp_path, "railway.txt", b"The Railway Gazette\n\nThe Great Western line will reach Penzance by 1875.\n")
    ingest(ledger, path, publication="The Railway Gazette", published="1870-03-01", expect_exit=0)
    claims = json.loads(ledger.run("claims", "list", "--json").stdout)
    assert [(claim["deadline"], claim["status"]) for claim in claims] == [("1875-12-31", "open")]
    ledger.run("due", "--today", "1880-01-01")
    assert ledger.rows("SELECT deadline, status FROM claim")[0][1] == "due"
    assert str(ledger.rows("SELECT deadline FROM claim")[0][0]) == "1875-12-31"
    ledger.run("db", "check")


def test_sql_and_template_syntax_are_stored_verbatim(ledger, tmp_path):
    sentences = [
        "Robert'); DROP TABLE claim; -- will resign as chair by the end of 2022.",
        "The index {{ 7*7 }} will double by 2023.",
        "Acme Corp will pay {% for x in range(9) %}{{ x }}{% endfor %} dividends by 2022.",
        "Zenith Bank will lose 1' OR '1'='1 customers by 2022.",
    ]
    path = write(tmp_path, "inject.txt", ("Hostile words\n\n" + "\n\n".join(sentences) + "\n").encode())
    ingest(ledger, path, publication="Bobby Tables'; DROP TABLE publication; --", expect_exit=0)
    quotes = {row[0] for row in ledger.rows("SELECT quote FROM claim")}
    assert any("DROP TABLE claim; --" in quote for quote in quotes)
    assert any("{{ 7*7 }}" in quote for quote in quotes)
    assert not any("49" in quote for quote in quotes)
    assert ledger.scalar("SELECT name FROM publication") == "Bobby Tables'; DROP TABLE publication; --"
    listed = json.loads(ledger.run("claims", "list", "--json").stdout)
    assert any("{{ 7*7 }}" in claim["quote"] for claim in listed)
    ledger.run("db", "check")


@pytest.mark.parametrize("name", [
    "The Daily\r\nBcc: everyone@example.com",
    "The Daily\nSubject: you won",
    "The Daily\rX-Injected: 1",
])
def test_publication_names_cannot_carry_header_injection(ledger, tmp_path, name):
    """A line break in a name could add a header to the weekly email: the name is kept on one line or refused."""
    path = write_articles(tmp_path, [1])[0]
    result = ingest(ledger, path, publication=name, expect_exit=None)
    if result.exit_code == 1:
        assert_one_line_error(result, "publication")
        assert_nothing_stored(ledger)
    else:
        assert result.exit_code == 0
        stored = ledger.scalar("SELECT name FROM publication")
        assert "\r" not in stored and "\n" not in stored
        assert stored.startswith("The Daily")


@pytest.mark.parametrize(("name", "expected"), [
    ("The Daily\x00", "publication"),
    ("The Daily\x1b[31m", "publication"),
    ("P" * 301, "publication"),
    ("   ", "publication"),
])
def test_unusable_publication_names_are_refused(ledger, tmp_path, name, expected):
    path = write_articles(tmp_path, [1])[0]
    assert_one_line_error(ingest(ledger, path, publication=name), expected)
    assert_nothing_stored(ledger)


def test_hostile_metadata_from_the_page_itself(ledger, tmp_path):
    """A page's own title, author and site name are untrusted: kept on one line and within the column sizes."""
    page = ("<html><head><title>" + "Long title " * 300 + "</title>"
            '<meta name="author" content="Eve\r\nBcc: all@example.com">'
            '<meta property="og:site_name" content="Site\r\nBcc: all@example.com"></head>'
            "<body><article><h1>Outlook</h1><p>" + article_text(5).replace("\n", " ") + "</p></article></body></html>")
    path = write(tmp_path, "meta.html", page.encode())
    result = ingest(ledger, path, publication=None, expect_exit=None)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert_one_line_error(result, str(path))
        assert_nothing_stored(ledger)
        return
    for name, title, author in ledger.rows("SELECT p.name, a.title, a.author FROM article a JOIN publication p ON p.id = a.publication_id"):
        for value, limit in ((name, 300), (title, 1000), (author, 300)):
            assert value is None or ("\r" not in value and "\n" not in value and len(value) <= limit)
    ledger.run("db", "check")


def test_one_bad_file_does_not_stop_the_batch(ledger, tmp_path):
    good = write_articles(tmp_path / "good", [1, 2])
    bad = write(tmp_path, "bad.txt", b"\xff\xfe\x00binary")
    result = ingest(ledger, good[0], bad, good[1], expect_exit=1)
    assert_one_line_error(result, str(bad))
    assert ledger.scalar("SELECT count(*) FROM article") == 2
    ledger.run("db", "check")
