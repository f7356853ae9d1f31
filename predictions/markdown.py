"""Markdown to the stored text: markup characters out, headings and list items kept as their own lines.

Claims quote the stored text, and CLAIMS.md wants quotes without markup, so emphasis,
links and heading marks go; bullets become "•" so a list still reads as a list.
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$", re.M)
_ATX = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT = re.compile(r"^(?P<text>[^\n]+)\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+", re.M)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_REF_DEF = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]+\S+.*$", re.M)
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1")
# The delimiter comes first and the "not after a word or *" test after it: a pattern that opens with a
# lookbehind is tried at every character, one that opens with a character class only where it can match.
_EM = re.compile(r"([*_])(?<![\w*].)(?=\S)(?P<text>.+?)(?<=\S)\1(?![\w*])")
_UNDERLINE = re.compile(r"\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
_CODE = re.compile(r"`+(?P<text>[^`]+)`+")
_ESCAPE = re.compile(r"\\(?P<char>[\\`*_{}\[\]()#+\-.!>|~])")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style front matter's simple `key: value` fields, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {m.group("key").lower(): m.group("value").strip().strip("\"'") for m in _FIELD.finditer(match.group("body"))}
    return fields, text[match.end():]


def to_text(markdown: str) -> str:
    """The article as plain lines: what a reader sees, without the characters that format it.

    Each rewrite runs only when the character it needs is in the text: most articles use a few
    kinds of markup, and scanning for the others cost most of the time spent reading an article.
    """
    text = markdown
    if _UNDERLINE.search(text):
        text = _SETEXT.sub(lambda m: m.group("text"), text)
    if "#" in text:
        text = _ATX.sub(lambda m: m.group("text"), text)
    text = _RULE.sub("", text)
    if "]:" in text:
        text = _REF_DEF.sub("", text)
    if ">" in text:
        text = _QUOTE.sub("", text)
    text = _BULLET.sub(lambda m: m.group("indent") + "• ", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = _AUTOLINK.sub(lambda m: m.group("url"), text)
    text = _TAG.sub("", text)
    if "`" in text:
        text = _CODE.sub(lambda m: m.group("text"), text)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        if "*" not in text and "_" not in text:
            break
        text = _STRONG.sub(lambda m: m.group("text"), text)
        text = _EM.sub(lambda m: m.group("text"), text)
    text = _ESCAPE.sub(lambda m: m.group("char"), text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def first_heading(markdown: str) -> str | None:
    match = _ATX.search(markdown)
    return to_text(match.group("text")).strip() if match else None
