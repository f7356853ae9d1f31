"""Sanity checks for the sample set (run: python examples/check_samples.py).

- every file listed in publications.toml exists, and every article is listed;
- the header of each .txt/.md file and the <meta> tags of each .html page agree
  with publications.toml;
- each article's body is 300-900 words of plain text;
- every resolution's quote_contains occurs exactly once in the plain text of
  its article, is 4-10 words long, and the resolution fields are well formed.

Plain text here is a rough approximation made with the standard library only
(tags and <head>/<script>/<style>/<nav>/<footer> removed for HTML, emphasis,
link and heading markup removed for Markdown); it is not the project's reader.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tomllib
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
TODAY = date(2026, 11, 25)


def html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(head|script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?is)<(br|p|li|h\d|div|tr|td|th|ul|ol|section|aside|article|header|footer|nav)\b[^>]*>", "\n", raw)
    raw = re.sub(r"(?s)<[^>]+>", "", raw)
    return html.unescape(raw)


def html_body_text(raw: str) -> str:
    m = re.search(r"(?is)<article\b.*?</article>", raw)
    return html_text(m.group(0) if m else raw)


def md_text(raw: str) -> str:
    raw = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    raw = re.sub(r"(?m)^#{1,6}\s*", "", raw)
    raw = re.sub(r"(?m)^\s*(?:[-*+]|\d+\.)\s+", "", raw)
    raw = raw.replace("**", "").replace("__", "").replace("`", "")
    raw = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)", r"\1", raw)
    return raw


def plain(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return html_text(raw)
    if path.suffix == ".md":
        return md_text(raw)
    return raw


def text_header(path: Path) -> dict:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = {"title": lines[0].lstrip("# ").strip()}
    for line in lines[1:8]:
        if line.startswith("By "):
            head["author"] = line[3:].strip()
        elif line.startswith("Published: "):
            head["published"] = line.split(":", 1)[1].strip()
        elif line.startswith("Publication: "):
            head["publication"] = line.split(":", 1)[1].strip()
    return head


def html_header(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")

    def meta(attr: str, name: str) -> str | None:
        m = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', raw)
        return html.unescape(m.group(1)) if m else None

    canon = re.search(r'<link rel="canonical" href="([^"]+)"', raw)
    return {
        "publication": meta("property", "og:site_name"),
        "author": meta("name", "author"),
        "published": (meta("property", "article:published_time") or "")[:10],
        "url": canon.group(1) if canon else None,
        "has_jsonld": '"@type": "NewsArticle"' in raw or '"@type":"NewsArticle"' in raw,
    }


def main() -> int:
    problems: list[str] = []
    meta = tomllib.loads((HERE / "publications.toml").read_text(encoding="utf-8"))["article"]
    listed = {a["file"] for a in meta}
    on_disk = {p.relative_to(ARTICLES).as_posix() for p in ARTICLES.rglob("*") if p.is_file()}
    for missing in sorted(listed - on_disk):
        problems.append(f"publications.toml lists a missing file: {missing}")
    for unlisted in sorted(on_disk - listed):
        problems.append(f"article not in publications.toml: {unlisted}")

    for a in meta:
        path = ARTICLES / a["file"]
        if not path.exists():
            continue
        if path.suffix == ".html":
            head = html_header(path)
            if a["url"] != head["url"]:
                problems.append(f"{a['file']}: canonical {head['url']} != toml url")
            if not head["has_jsonld"]:
                problems.append(f"{a['file']}: no NewsArticle JSON-LD")
            body = html_body_text(path.read_text(encoding="utf-8"))
        else:
            head = text_header(path)
            body = "\n".join(plain(path).splitlines()[4:])
        for key in ("publication", "author", "published"):
            if head.get(key) != a[key]:
                problems.append(f"{a['file']}: {key} {head.get(key)!r} != toml {a[key]!r}")
        words = len(body.split())
        if not 300 <= words <= 900:
            problems.append(f"{a['file']}: body has {words} words")
        print(f"{words:4d} words  {a['file']}")

    texts = {f: plain(ARTICLES / f) for f in listed if (ARTICLES / f).exists()}
    outcomes: dict[str, int] = {}
    for n, line in enumerate((HERE / "resolutions.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        r = json.loads(line)
        where = f"resolutions.jsonl:{n}"
        if r["article"] not in texts:
            problems.append(f"{where}: unknown article {r['article']}")
            continue
        count = texts[r["article"]].count(r["quote_contains"])
        if count != 1:
            problems.append(f"{where}: quote_contains found {count} times: {r['quote_contains']!r}")
        if not 4 <= len(r["quote_contains"].split()) <= 10:
            problems.append(f"{where}: quote_contains should be 4-10 words")
        if r["outcome"] not in {"correct", "incorrect", "partial", "void"}:
            problems.append(f"{where}: bad outcome {r['outcome']}")
        if not re.match(r"https://[^/]+\.example/", r["evidence"]):
            problems.append(f"{where}: evidence should be an https .example URL")
        if date.fromisoformat(r["resolved_at"]) >= TODAY:
            problems.append(f"{where}: resolved_at is not in the past")
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    print("resolutions by outcome:", outcomes)

    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
