"""Clause surgery on a claim's span: its condition, the quote's edges, asides that carry other dates.

Every function takes and returns character spans into the article text, so a quote
always stays an exact substring of what the ledger stores.
"""

from __future__ import annotations

import re

from . import sections

_COND_WORDS = r"(?:if|provided(?:\s+that)?|providing|as\s+long\s+as|so\s+long\s+as|assuming(?:\s+that)?|unless|in\s+the\s+event\s+that|on\s+condition\s+that)"
_LEADING_CONDITION = re.compile(
    rf"^(?:(?:But|And|So|Yet|However|Still|Even\s+so),?\s+)?(?i:{_COND_WORDS})\s+(?P<cond>[^,]+?),\s+(?=\S)")
_TRAILING_CONDITION = re.compile(
    rf"(?<!\beven)(?<!\bas)(?<!\bwhat)(?<!\bonly)(?:,\s*|\s+)(?i:{_COND_WORDS})\s+(?P<cond>(?!any\b|not\b|anything\b|ever\b)"
    r"[^;]+?)\s*[.!]?[\"”’']*\s*$")
_COND_STEMS = ("if", "provid", "long", "assuming", "unless", "event", "condition")  # one in each of _COND_WORDS
_SURPRISED = re.compile(r"(?i)\bsurprised\s+(?:if|when)\b")
# Asides whose dates are not the claim's deadline: "which starts on 2 January", "up from 19% in 2024".
_ASIDE = re.compile(
    r"(?i),\s+(?:which|who|whom|whose|since|as|because|up|down|from|compared|versus|after|according|roughly|driven|"
    r"led|giving|citing|following|so|than|while|where|having|with)\b[^,;]*"
    r"|\b(?:up|down)\s+from\b[^,;]*|\bsince\s+(?:\w+\s+)?(?:19|20)\d\d\b|\bthan\s+(?:in\s+)?[^,;]*?\b(?:19|20)\d\d\b"
    r"|\bfrom\s+[^,;]*?\s+(?:today|now|last\s+\w+)\b")
_ASIDE_LOWER = re.compile(_ASIDE.pattern.removeprefix("(?i)"))  # for lower-cased ASCII: its letters are lower-case
_TAIL = re.compile(
    r"(?i),\s+(?:according\s+to|so\s+(?:that\s+)?(?=[a-z])|since\s|because\s|driven\s+by|giving\s|citing\s|"
    r"thanks\s+to|which\s+means|meaning\s)[^\"”]*$")
_SPEECH_TAIL = re.compile(
    r"[,.]?[\"”’']?\s*,?\s*(?:(?:said|says|added|adds|wrote|writes|argued|argues|predicted|predicts|told\s+\w+)\s+"
    r"(?:(?:[a-z]+\s+){0,3}[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|he|she|they)(?:,[^\"“]*)?"
    r"|[\"”’']\s*(?:he|she|they|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:said|says|added|adds|wrote|writes))"
    r"[.!]?\s*$")
_SPEECH_VERBS = ("said", "says", "adde", "adds", "wrote", "writes", "argue", "predict", "told")  # _SPEECH_TAIL needs one
_LABEL = re.compile(r"^(?P<label>[A-Z][\w’'&/ #]{0,30}?)\s*:\s+(?=\S)")
_LIST_CLAUSE = re.compile(
    r",\s+and\s+(?=(?:it|they|he|she|we|this|that|the\s+\w+|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s+"
    r"(?:\w+\s+){0,2}(?:will|won['’]t|is\s+set\s+to|is\s+likely\s+to)\b)|;\s+(?=\S)")


def condition(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the claim's "if ..." part, or None."""
    span = text[start:end]
    ascii_span = span.isascii()
    # the (?i) scan tries every character; ASCII text without the word cannot match ("ſ" folds to "s" outside ASCII)
    if (not ascii_span or "surprised" in span.lower()) and _SURPRISED.search(span):
        return None  # "Don't be surprised if X": X is the forecast, not its condition
    lead = _LEADING_CONDITION.match(span)
    if lead:
        return start + lead.start("cond"), start + lead.end("cond")
    if ascii_span and not any(word in span.lower() for word in _COND_STEMS):
        return None  # no conditional word: the scan below cannot match
    trail = _TRAILING_CONDITION.search(span)
    if trail:
        return start + trail.start("cond"), start + trail.end("cond")
    return None


def without(text: str, start: int, end: int, holes: list[tuple[int, int]]) -> str:
    """The claim's text with the holes blanked out (same length, so positions still match)."""
    chars = list(text[start:end])
    for a, b in holes:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


def asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of comparisons and relative clauses, whose dates are not when the claim comes due."""
    span = text[start:end]
    if not span.isascii():
        return [(start + m.start(), start + m.end()) for m in _ASIDE.finditer(span)]
    lowered = span.lower()
    if "," not in span and "from" not in lowered and "since" not in lowered and "than" not in lowered:
        return []  # every form of _ASIDE needs a comma or one of these words
    # lower-casing ASCII keeps every position, and the case-sensitive scan costs about half of the (?i) one
    return [(start + m.start(), start + m.end()) for m in _ASIDE_LOWER.finditer(lowered)]


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """The shortest span stating the claim: no label, no quotation marks, no trailing attribution or reason."""
    label = _LABEL.match(text[start:end])
    if label:
        name = label.group("label")
        # "H2 2023: growth recovers" keeps its dated prefix; "Prediction #3:" and "Our take:" go
        if sections.PREDICTION_LABEL.match(name) or sections.VERDICT_LABEL.match(name) or (
                not re.search(r"\d", name) and len(name.split()) <= 4):
            start += label.end()
    span = text[start:end]
    speech = _SPEECH_TAIL.search(text, start, end) if any(verb in span for verb in _SPEECH_VERBS) else None
    if speech and speech.start() > start:
        end = speech.start()
    tail = _TAIL.search(text, start, end)
    if tail and tail.start() > start + 20:
        end = tail.start()
    while start < end and text[start] in "\"“‘'( ":
        start += 1
    while end > start and text[end - 1] in " ,;:\"”’)" and not (text[end - 1] == ")" and "(" in text[start:end]):
        end -= 1
    return start, end


def split_compound(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "X will ... in late 2026, and it will ... in 2027": two checkable claims, when each part has its own date."""
    from .timegrammar import find_mentions

    parts, cursor = [], start
    for match in _LIST_CLAUSE.finditer(text, start, end):
        parts.append((cursor, match.start()))
        cursor = match.end()
    parts.append((cursor, end))
    if len(parts) < 2 or not all(find_mentions(text[a:b]) for a, b in parts):
        return [(start, end)]
    return parts
