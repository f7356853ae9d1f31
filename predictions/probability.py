"""Stated probabilities ("a 60% chance", "Likelihood: 70%", "a one-in-four chance") and hedge phrases as written.

Hedge words are never turned into numbers here (HEDGES.md: the scorecard maps them,
from config); only a number the author wrote becomes `probability`.
"""

from __future__ import annotations

import re

from .timegrammar import number_value

_TENS = r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_PCT = rf"(?P<n>\d{{1,3}}(?:\.\d+)?|{_TENS}|a\s+hundred|one\s+hundred)\s*(?:%|percent|per\s*cent)"
_CHANCE_WORD = r"(?:chance|probability|likelihood|odds|risk|likely|certain|shot|probable)"
_FRACTION = (r"(?P<a>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+in[\s-]+"
             r"(?P<b>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|a\s+hundred)")
_PATTERNS = [
    re.compile(rf"(?i)\b{_PCT}\s+{_CHANCE_WORD}\b"),
    re.compile(rf"(?i)\b{_CHANCE_WORD}s?\b[^.;?]{{0,100}}?\b(?:at|is|of|to\s+be|as|stands\s+at)\s+"
               rf"(?:about\s+|around\s+|roughly\s+|just\s+)?{_PCT}"),
    re.compile(rf"(?i)\b(?:likelihood|probability|odds|chance|confidence)\s*:\s*{_PCT}"),
    re.compile(rf"(?i)(?:[:–—]|\s-)\s*{_PCT}\s*[.)]?\s*$"),
    re.compile(rf"(?i)(?:[:,–—]|\s-)\s*{_FRACTION}\s*[.)]?\s*$"),
    re.compile(rf"(?i)\b{_CHANCE_WORD}s?\b[^.;?]{{0,100}}?\bat\s+(?:about\s+|around\s+)?{_FRACTION}\b"),
    re.compile(rf"(?i)\b{_FRACTION}\s+{_CHANCE_WORD}\b"),
    re.compile(rf"(?i)\b(?:chances?|odds|probability|likelihood)\s+(?:are|is|of)\s+(?:about\s+)?{_FRACTION}\b"),
]
# _PATTERNS for lower-cased ASCII text: their letters are all lower-case, and no ASCII letter folds to another one
_PATTERNS_LOWER = [re.compile(pattern.pattern.removeprefix("(?i)")) for pattern in _PATTERNS]
_FIFTY = re.compile(r"(?i)\b(?:50-50|fifty-fifty)\b")
_HEDGES = [
    "almost certainly not", "almost certainly", "almost certain", "virtually certain", "highly unlikely",
    "very unlikely", "highly likely", "very likely", "more likely than not", "better than even", "about even",
    "even chance", "realistic possibility", "very good chance", "good chance", "little chance", "remote chance",
    "almost no chance", "probably not", "probably", "improbable", "probable", "unlikely", "likely", "possibly",
    "perhaps", "a toss-up", "a coin flip",
]
_HEDGE = re.compile(r"(?i)\b(?:" + "|".join(re.escape(h) for h in _HEDGES) + r")\b")
_HEDGE_LOWER = re.compile(_HEDGE.pattern.removeprefix("(?i)"))  # for lower-cased ASCII: the phrases are lower-case
_HEDGE_LABEL = re.compile(r"(?i)\b(?:likelihood|probability|confidence|odds|chance)\s*:\s*(?:high|low|medium|moderate|"
                          r"very\s+high|very\s+low|strong|weak|even)\b")


# " in " alone is in most sentences: only a number before it can start "one in four"
_MAYBE = re.compile(r"(?i)%|percent|per\s*cent|chance|odds|probab|likel|risk|shot|certain|50-50|fifty|confidence|"
                    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+in[\s-]")
# For ASCII text: _MAYBE matches only when one of these is in the lower-cased text, or "in" as a word ("one in four")
_MAYBE_WORDS = ("%", "percent", "cent", "chance", "odds", "probab", "likel", "risk", "shot", "certain", "50-50", "fifty",
                "confidence")
_IN_WORD = re.compile(r"[\s-]in[\s-]")
_HEDGE_WORDS = frozenset("certain certainly likely unlikely probably probable improbable possibly perhaps even chance "
                         "possibility toss-up coin likelihood probability confidence odds".split())
_TOKENS = re.compile(r"[a-z-]+")


_CHANCE_WORDS = ("chance", "probab", "likel", "odds", "risk", "certain", "shot", "confidence")
# What each of _PATTERNS needs in the lower-cased text: a chance word, a percentage ("%", "per cent"), the "in" of
# "one in four", or the text ending in a percentage
_NEEDS = [("chance", "percent"), ("chance", "percent"), ("chance", "percent"), ("ends in percent",), ("in",),
          ("chance", "in"), ("chance", "in"), ("chance", "in")]


def probability(text: str) -> float | None:
    """The probability the text states as a number, 0..1, or None."""
    if text.isascii():
        lowered = text.lower()
        if not any(w in lowered for w in _MAYBE_WORDS) and not (_IN_WORD.search(lowered) and _MAYBE.search(text)):
            return None  # most claims state none: substring checks instead of eight scans
        tail = lowered.rstrip()
        if tail.endswith((".", ")")):
            tail = tail[:-1].rstrip()  # `\s*[.)]?\s*$` after the number
        present = {"chance": any(w in lowered for w in _CHANCE_WORDS), "percent": "%" in text or "cent" in lowered,
                   "in": bool(_IN_WORD.search(lowered)), "ends in percent": tail.endswith(("%", "cent"))}
        # scanned lower-cased by the case-sensitive forms, about half the cost of a (?i) scan: lower-casing ASCII
        # keeps every position, so the numbers are read from the text as written
        scanned, patterns = lowered, _PATTERNS_LOWER
    else:  # case folding beyond ASCII: every pattern runs
        if not _MAYBE.search(text):
            return None
        present = {"chance": True, "percent": True, "in": True, "ends in percent": True}
        scanned, patterns = text, _PATTERNS
    for pattern, needs in zip(patterns, _NEEDS):
        if not all(present[need] for need in needs):
            continue  # it cannot match without those words
        match = pattern.search(scanned)
        if not match:
            continue
        groups = {name: text[match.start(name):match.end(name)] if match.start(name) >= 0 else None
                  for name in pattern.groupindex}
        if groups.get("n"):
            value = _percent_value(groups["n"]) / 100
        else:
            a, b = number_value(groups["a"]), number_value(groups["b"].replace("a hundred", "hundred"))
            b = 100 if groups["b"].endswith("hundred") else b
            if not a or not b:
                continue
            value = a / b
        if 0 <= value <= 1:
            return round(value, 4)
    # ASCII text needs one of these for the pattern to match; other text folds more letters ("ı" is "i"): scanned
    if (not text.isascii() or "50-50" in text or "fifty" in text.lower()) and _FIFTY.search(text):
        return 0.5
    return None


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TENS_VALUE = {"ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90}


def _percent_value(written: str) -> float:
    """ "70", "seventy", "eighty-five", "a hundred" as a number."""
    if written[0].isdigit():
        return float(written)
    parts = re.split(r"[\s-]+", written.lower())
    if parts[-1] == "hundred":
        return 100.0
    return float(_TENS_VALUE[parts[0]] + (_UNITS[parts[1]] if len(parts) > 1 else 0))


def hedge(text: str) -> str | None:
    """The hedge phrase as written ("likely", "Likelihood: high"), or None."""
    lowered = text.lower()
    if _HEDGE_WORDS.isdisjoint(_TOKENS.findall(lowered)):
        return None
    label = _HEDGE_LABEL.search(text) if ":" in text else None  # every form of the label has its colon
    if label:
        return label.group()
    if not text.isascii():
        match = _HEDGE.search(text)
        return match.group() if match else None
    # lower-casing ASCII keeps every position: the case-sensitive scan finds the phrase, returned as written
    match = _HEDGE_LOWER.search(lowered)
    return text[match.start():match.end()] if match else None
