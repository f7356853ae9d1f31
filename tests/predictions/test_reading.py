"""Reading articles: plain text, Markdown, HTML pages and feeds, and refusing what is not an article."""

from datetime import date
from pathlib import Path

import pytest

from predictions import ArticleUnreadable, extract_claims, parse_feed, read_article
from predictions.reading import MAX_BYTES

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus-dev"


@pytest.mark.parametrize("data, source, message", [
    (b"", "empty.txt", "empty"),
    (b" \n\t\n", "blank.md", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.txt", "binary"),
    (b"caf\xe9 au lait will be dearer", "latin1.txt", "UTF-8"),
    (b"<html><body><nav><a href='/'>Home</a></nav><p>Hi</p></body></html>", "empty.html", "no article text"),
])
def test_what_is_not_an_article_is_refused_with_a_reason(data, source, message):
    with pytest.raises(ArticleUnreadable) as raised:
        read_article(data, source=source)
    assert message in raised.value.message
    assert raised.value.source == source


def test_input_over_the_size_cap_is_refused():
    with pytest.raises(ArticleUnreadable, match="too large"):
        read_article(b"a" * (MAX_BYTES + 1), source="huge.txt")


def test_deeply_nested_html_is_read_not_crashed_on():
    body = "<div>" * 10_000 + "<p>The harbour authority will finish the new quay by the end of 2027, its board said.</p>" \
        + "</div>" * 10_000
    article = read_article(f"<html><body>{body}</body></html>".encode(), source="deep.html")
    assert "new quay" in article.text


def test_markdown_is_stored_without_markup_but_keeps_its_lines():
    data = (b"---\ntitle: \"Season preview\"\nauthor: Ana Ruiz\ndate: 2026-08-01\n---\n\n"
            b"## What we expect in 2027\n\n- **Prediction:** the *club* will win the [cup](https://x.example) by May.\n"
            b"- Attendance will rise.\n")
    article = read_article(data, source="preview.md")
    assert (article.title, article.author, article.published) == ("Season preview", "Ana Ruiz", date(2026, 8, 1))
    assert "What we expect in 2027\n" in article.text
    assert not any(mark in article.text for mark in ("**", "##", "](", "*club*"))
    quotes = [c.quote for c in extract_claims(article.text, article.published)]
    assert quotes == ["the club will win the cup by May.", "Attendance will rise."]


def test_plain_text_header_gives_title_author_and_date():
    data = b"WEEKLY NOTE | Fenmoor Capital\nFriday, March 6, 2026\nBy Ola Berg, strategist\n\nCopper's long wait\n\n" \
           b"Copper will trade above $11,000 a tonne by the end of June, supported by low inventories.\n"
    article = read_article(data, source="note.txt")
    assert (article.title, article.author, article.published) == ("Copper's long wait", "Ola Berg", date(2026, 3, 6))


def test_a_month_alone_is_a_month_precise_publication_date():
    article = read_article(b"Outlook\n\nJune 2026\n\nThe mill will close within a year, its owners say.\n",
                           source="outlook.txt")
    assert (article.published, article.published_precision) == (date(2026, 6, 1), "month")


def test_html_metadata_prefers_what_the_reader_sees():
    html = b"""<html><head><title>Dam report | The Valley Post</title>
    <meta property="og:title" content="The dam will hold, engineers say">
    <meta property="og:site_name" content="The Valley Post">
    <meta name="author" content="Iris Kowal">
    <meta property="article:published_time" content="2026-04-02T09:00:00+02:00">
    <link rel="canonical" href="https://valleypost.example/dam">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "A different headline for search",
     "datePublished": "2026-04-02"}</script></head>
    <body><article><h1>The dam will hold, engineers say</h1>
    <p>Engineers inspected the dam on Tuesday after a week of heavy rain in the upper valley and the surrounding hills.</p>
    <p>The water authority expects the reservoir to fall back to normal levels within two weeks.</p>
    </article></body></html>"""
    article = read_article(html, source="dam.html")
    assert (article.title, article.author, article.publication, article.published, article.url) == (
        "The dam will hold, engineers say", "Iris Kowal", "The Valley Post", date(2026, 4, 2),
        "https://valleypost.example/dam")


def test_a_review_box_verdict_survives_boilerplate_removal():
    article = read_article((CORPUS / "d07.html").read_bytes(), source="d07.html")
    verdicts = [c for c in extract_claims(article.text, article.published) if c.kind == "verdict"]
    assert [v.quote for v in verdicts] == [
        "The Lumora Fold 3 is the first foldable we\u2019d recommend to someone who has never owned one."]
    assert "cookies" not in article.text and "Related reviews" not in article.text


def test_feed_items_are_articles_with_their_own_dates():
    items = parse_feed((CORPUS / "d12.xml").read_bytes(), source="d12.xml")
    assert [i.published for i in items] == [date(2026, 9, 29), date(2026, 10, 6), date(2026, 10, 13)]
    assert {i.publication for i in items} == {"Gridline Energy Brief"}
    assert "<p>" not in items[1].text and "&amp;" not in items[1].text


def test_a_feed_that_declares_entities_is_refused_not_expanded():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<rss version="2.0"><channel><title>&c;</title>'
            b"<item><title>x</title><description>&c;</description></item></channel></rss>")
    with pytest.raises(ArticleUnreadable, match="entit"):
        parse_feed(bomb, source="bomb.xml")


def test_a_file_that_is_not_a_feed_is_refused():
    with pytest.raises(ArticleUnreadable):
        parse_feed(b"just some words, not a feed at all", source="notes.xml")


def test_a_nul_byte_anywhere_means_binary():
    with pytest.raises(ArticleUnreadable, match="binary"):
        read_article(b"The mill will close by 2027.\n" * 1000 + b"\x00", source="late-nul.txt")


def test_metadata_from_the_page_is_kept_to_one_clean_line():
    page = ("<html><head><title>" + "Long title " * 300 + "</title>"
            '<meta name="author" content="Eve\r\nBcc: all@example.com">'
            '<meta property="og:site_name" content="Site\r\nX-Injected: 1"></head>'
            "<body><article><h1>Outlook</h1><p>The harbour will reopen by the end of the summer, the port authority "
            "said in a statement on its website.</p></article></body></html>")
    article = read_article(page.encode(), source="meta.html")
    for value in (article.title, article.author, article.publication):
        assert value is None or ("\n" not in value and "\r" not in value and len(value) <= 1000)


def test_the_headline_of_a_page_is_not_one_of_its_claims():
    html = b"""<html><head><meta property="og:title" content="Why the Hornets will win the league"></head><body>
    <article><p class="kicker">Preview</p><h1>Why the Hornets will win the league</h1>
    <p>The Hornets have signed three defenders this summer and kept their manager, who has won two titles already.</p>
    <p>We expect them to finish at least ten points clear of second place by the end of the season in May.</p>
    </article></body></html>"""
    article = read_article(html, source="preview.html")
    found = extract_claims(article.text, date(2026, 8, 1))
    assert [c.quote for c in found] == [
        "We expect them to finish at least ten points clear of second place by the end of the season in May."]
