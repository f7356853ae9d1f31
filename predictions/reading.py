"""Reading an article from bytes: plain text, Markdown or an HTML page. (Placeholder: deepened by the extraction work.)"""

from __future__ import annotations

from .model import ArticleDraft, ArticleUnreadable

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def format_for(name: str) -> str | None:
    lowered = name.lower()
    for suffix, fmt in FORMATS.items():
        if lowered.endswith(suffix):
            return fmt
    return None


def read_article(data: bytes, *, source: str, fmt: str | None = None) -> ArticleDraft:
    fmt = fmt or format_for(source) or "txt"
    if b"\x00" in data:
        raise ArticleUnreadable(source, "binary file, not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleUnreadable(source, f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ArticleUnreadable(source, "empty file")
    title = None
    if fmt == "html":
        import trafilatura

        doc = trafilatura.bare_extraction(text, with_metadata=True, as_dict=True)
        if not doc or not doc.get("text"):
            raise ArticleUnreadable(source, "no article text found in the page")
        title = doc.get("title")
        text = doc["text"]
    else:
        first = text.strip().splitlines()[0]
        title = first.lstrip("# ").strip() or None
    return ArticleDraft(text=text, format=fmt, source=source, title=title)
