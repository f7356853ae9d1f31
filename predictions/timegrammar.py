"""The grammar of English time expressions: where they are in a text and what parts they name.

One compiled regex of named alternatives, longest forms first, so a scan of a ~1,000-word
article costs microseconds; `timex.py` turns a mention into a calendar period.
Month and weekday names must be capitalised (as English writes them), which keeps the
modal "may" and the verb "march" out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty": 40, "forty-eight": 48, "fifty": 50,
    "sixty": 60, "ninety": 90, "a couple of": 2, "a dozen": 12, "half a": 0.5, "a half": 0.5,
}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "new year's eve": (12, 31),
            "new year's day": (1, 1), "halloween": (10, 31), "independence day": (7, 4), "valentine's day": (2, 14)}
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = ("(?:\\d{1,3}(?:\\.5)?|(?i:a\\s+couple\\s+of|a\\s+dozen|half\\s+a|twenty-four|thirty-six|forty-eight|"
        "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
        "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|an|a))")
_UNIT = r"(?i:days?|weeks?|months?|quarters?|years?|decades?)"
_REL = r"(?i:this|next|last|coming|the\s+coming|the\s+current|the\s+previous|the\s+past|the\s+following|the\s+next)"
_YSPEC = (rf"(?:{_YEAR}|['’]\d\d\b|(?i:this|next|last|the\s+current|the\s+following|the\s+previous|the\s+same|the)"
          r"\s+(?i:year)\b)")
_YR2 = r"(?:['’]?\d\d\b)"

_ALTERNATIVES = [
    rf"(?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])\b)",
    rf"(?P<mdy>(?:{_WD},?\s+)?(?P<mdy_m>{_MON})\s+(?P<mdy_d>{_DAY})(?:\s*,\s*|\s+)(?P<mdy_y>{_YEAR})\b)",
    rf"(?P<dmy>(?:{_WD},?\s+)?\b(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MON}),?\s+(?P<dmy_y>{_YEAR})\b)",
    r"(?P<us>\b(?P<us_m>1[0-2]|0?[1-9])/(?P<us_d>3[01]|[12]\d|0?[1-9])/(?P<us_y>\d{4}|\d{2})\b)",
    rf"(?P<md>(?:{_WD},?\s+)?(?P<md_m>{_MON})\s+(?P<md_d>{_DAY})\b(?![.,]?\d))",
    rf"(?P<dm>(?:{_WD},?\s+)?\b(?:the\s+)?(?P<dm_d>{_DAY})\s+(?:of\s+)?(?P<dm_m>{_MON}))",
    rf"(?P<mp>(?P<mp_p>(?i:early|mid|late|the\s+end\s+of|end\s+of|the\s+start\s+of|the\s+beginning\s+of"
    rf"|the\s+middle\s+of))[\s-]+(?P<mp_m>{_MON})(?:,?\s+(?P<mp_y>{_YEAR}))?)",
    rf"(?P<my>(?P<my_m>{_MON}),?\s+(?:of\s+)?(?P<my_y>{_YSPEC}))",
    rf"(?P<qa>\b[Qq](?P<qa_q>[1-4])(?:(?:\s*(?:of\s+)?|\s*['’]?)(?P<qa_y>{_YEAR}|['’]\d\d)|\s+(?:of\s+)?(?P<qa_r>{_YSPEC}))?\b)",
    rf"(?P<qb>\b(?P<qb_q>[1-4])Q\s?['’]?(?P<qb_y>{_YEAR}|\d\d)\b)",
    rf"(?P<qc>(?i:the\s+)?(?P<qc_o>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+(?i:quarter)\b"
    rf"(?:\s+(?:of\s+)?(?P<qc_y>{_YSPEC}))?)",
    rf"(?P<qr>(?P<qr_r>{_REL})\s+(?i:quarter)\b)",
    rf"(?P<ha>\b[Hh](?P<ha_h>[12])(?:\s*(?:of\s+)?(?P<ha_y>{_YEAR}|['’]\d\d))?\b(?!-\w))",
    rf"(?P<hb>\b(?P<hb_h>[12])H\s?['’]?(?P<hb_y>{_YEAR}|\d\d)\b)",
    rf"(?P<hc>(?i:the\s+)?(?P<hc_o>(?i:first|second|1st|2nd|latter|back|front))[\s-]+(?i:half)\b"
    rf"(?:\s+of\s+(?P<hc_y>{_YSPEC}))?)",
    rf"(?P<se>(?:(?P<se_r>(?i:this|next|last|the\s+coming|coming|the\s+past|early|late|mid))[\s-]+)?"
    rf"(?P<se_s>(?i:spring|summer|autumn|winter|fall))\b(?:\s+(?:of\s+)?(?P<se_y>{_YEAR}|['’]\d\d))?)",
    rf"(?P<yp>(?P<yp_p>(?i:early|mid|late|the\s+end\s+of|end\s+of|the\s+start\s+of|start\s+of|the\s+beginning\s+of"
    rf"|beginning\s+of|the\s+middle\s+of|the\s+turn\s+of|end))[\s-]+(?P<yp_y>{_YSPEC})(?!s\b))",
    r"(?P<ye>\b(?i:year[\s-]end|end[\s-]of[\s-]year|year['’]s\s+end|(?:end|close|finish)\s+(?:the|this)\s+year)\b)",
    r"(?P<dc>(?:(?i:the\s+)?(?:(?P<dc_p>(?i:early|mid|late))[\s-]+)?(?P<dc_y>(?:1[89]|20)\d0)s|(?<![\w$£€])['’]?(?P<dc_s>[1-9]0)s)\b)",
    r"(?P<dr>(?P<dr_r>(?i:this|the\s+next|next|the\s+coming|the\s+past|the\s+last|the\s+previous|the\s+current"
    r"|the\s+end\s+of\s+the|the\s+end\s+of\s+this|end\s+of\s+the|the))\s+(?i:decade)\b)",
    r"(?P<dx>\b(?P<dx_w>(?i:today|tonight|tomorrow|yesterday|now|earlier\s+today|later\s+today|the\s+day"
    r"|this\s+morning|this\s+afternoon|this\s+evening))\b)",
    r"(?P<em>(?i:the\s+)?(?i:end|start|beginning|middle|close)\s+of\s+(?P<em_r>(?i:the|this|next|last))\s+(?i:month)\b)",
    rf"(?P<rm>(?P<rm_r>(?i:this|next|last|the\s+coming|coming|the\s+past))\s+(?P<rm_m>{_MON}))",
    rf"(?P<ru>(?P<ru_r>{_REL})\s+(?P<ru_u>(?i:year|month|week))\b)",
    rf"(?P<ago>(?P<ago_n>{_NUM})\s+(?P<ago_u>{_UNIT})\s+(?i:ago)\b)",
    rf"(?P<yr>(?<![\d$£€.,])(?P<yr_a>{_YEAR})\s*(?:-|–|—|/|\s(?i:or|to|and|through|until)\s)\s*(?P<yr_b>{_YEAR}|\d\d)\b(?![%\d]))",
    rf"(?P<du>(?<![\w$£€])(?P<du_n>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<du_n2>{_NUM}))?[\s-]+(?P<du_u>{_UNIT})\b(?:['’]s?\s+time\b|(?![-’']\w)))",
    rf"(?P<yy>(?<![\d$£€.,/#-])(?P<yy_y>{_YEAR})(?![\d%]|\s*(?:%|percent|per\s+cent)|,\d|s\b|\.\d|-\d))",
    r"(?P<ya>(?<![\w'’])['’](?P<ya_y>[0-9]\d)\b(?!s))",
    r"(?P<hol>\b(?P<hol_n>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+Eve|New\s+Year['’]s\s+Day"
    r"|Halloween|Independence\s+Day|Valentine['’]s\s+Day)\b)",
    rf"(?P<wd>\b(?P<wd_d>{_WD})\b)",
    rf"(?P<mo>\b(?P<mo_m>{_MON}))",
]
GRAMMAR = re.compile("|".join(_ALTERNATIVES))

# "May" and "fall" are also a modal and a verb: only a time when something time-like precedes them.
_TIME_PREP = re.compile(
    r"(?i:\b(?:in|by|since|until|till|from|of|before|after|through|during|last|next|this|early|late|mid|the|"
    r"until|between|and|to|or|every|each|coming|past|that|around|about|for|as\s+of)\s*-?)$")


@dataclass(frozen=True)
class Mention:
    """One time expression found in a text: where it is, and which alternative of the grammar matched."""

    start: int
    end: int
    text: str
    kind: str  # the name of the alternative (iso, mdy, qa, se, du, ...)
    parts: dict

    def get(self, name: str) -> str | None:
        return self.parts.get(f"{self.kind}_{name}")


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3]]


def number_value(word: str) -> float | None:
    word = " ".join(word.lower().split())
    if word.replace(".", "", 1).isdecimal():
        return float(word)
    return NUMBER_WORDS.get(word)


# Every time expression holds a digit or one of these words: one scan rules most sentences out.
_ANCHOR = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Christmas|New\s+Year|"
    r"Halloween|Independence|Valentine)|(?i:spring|summer|autumn|fall|winter|today|tonight|tomorrow|yesterday|\bnow\b|"
    r"year|month|week|\bdays?\b|quarter|decade|\bhalf\b|morning|afternoon|evening)")
_ALTERNATIVE = {re.match(r"\(\?P<(\w+)>", alt).group(1): re.compile(alt) for alt in _ALTERNATIVES}
_ORDER = list(_ALTERNATIVE)
_WORD = re.compile(r"(?<![\w'’])['’]?[\w]+")
_NUMBERS = set(NUMBER_WORDS) | {"a", "an", "half", "couple", "dozen"}
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                "dec"}


def _starters() -> dict[str, list[str]]:
    """Which alternatives can begin with a given first word: each position tries a handful, not all thirty."""
    table: dict[str, list[str]] = {}

    def add(words, kinds):
        for word in words:
            table.setdefault(word, []).extend(k for k in kinds if k not in table.get(word, []))

    add(WEEKDAYS, ["mdy", "dmy", "md", "dm", "wd"])
    add(_MONTH_WORDS, ["mdy", "md", "my", "mo"])
    add(["early", "mid", "late"], ["mp", "se", "yp", "dc"])
    add(["the"], ["dm", "mp", "qc", "qr", "hc", "se", "yp", "em", "dc", "dr", "dx", "rm", "ru"])
    add(["this", "next", "last", "coming"], ["qr", "se", "dr", "dx", "rm", "ru"])
    add(["end", "start", "beginning", "middle", "close"], ["mp", "yp", "ye", "dr", "em"])
    add(["year", "finish", "close"], ["ye"])
    add(["first", "second", "third", "fourth", "final", "1st", "2nd", "3rd", "4th"], ["qc", "hc"])
    add(["latter", "back", "front"], ["hc"])
    add(["spring", "summer", "autumn", "winter", "fall"], ["se"])
    add(["today", "tonight", "tomorrow", "yesterday", "now", "earlier", "later"], ["dx"])
    add(_NUMBERS, ["ago", "du"])
    add(["christmas", "new", "halloween", "independence", "valentine"], ["hol"])
    add(["q1", "q2", "q3", "q4"], ["qa"])
    add(["h1", "h2"], ["ha"])
    return table


_STARTERS = _starters()
_DIGIT_KINDS = ["iso", "dmy", "us", "dm", "qb", "hb", "dc", "yr", "ago", "du", "yy"]
_QUOTE_KINDS = ["dc", "ya"]
_YEAR_KINDS = ["iso", "yr", "dc", "yy"]
_CAPITALISED = set(WEEKDAYS) | _MONTH_WORDS | {"christmas", "new", "halloween", "independence", "valentine"}
_NEXT_WORD = re.compile(r"[\s-]+([\w'’]+)")
_UNIT_WORDS = {"day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years", "decade",
               "decades", "couple", "dozen", "half", "few"}
_THE_NEXT = {  # after "the", only these words can go on to make a time expression
    "end": ["mp", "yp", "em", "dr"], "start": ["mp", "yp", "em"], "beginning": ["mp", "yp", "em"],
    "middle": ["mp", "yp", "em"], "close": ["em"], "turn": ["yp"], "first": ["qc", "hc"], "second": ["qc", "hc"],
    "third": ["qc"], "fourth": ["qc"], "final": ["qc"], "last": ["qc", "qr", "dr"], "1st": ["qc", "hc"],
    "2nd": ["qc", "hc"], "3rd": ["qc"], "4th": ["qc"], "latter": ["hc"], "back": ["hc"], "front": ["hc"],
    "next": ["qr", "dr", "ru"], "coming": ["qr", "se", "dr", "rm", "ru"], "current": ["qr", "dr", "ru"],
    "previous": ["qr", "dr", "ru"], "past": ["qr", "se", "dr", "rm", "ru"], "following": ["qr", "ru"],
    "same": ["ru"], "day": ["dx"], "decade": ["dr"],
}
_NEEDS_NEXT = {"the"} | {w for w in NUMBER_WORDS if " " not in w} | {"a", "an"}


def _by_next_word(word: str, text: str, end: int, kinds: list[str]) -> list[str]:
    """ "the" and "a" start thousands of phrases and a handful of time expressions: the next word tells which."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return []
    nxt = following.group(1).lower()
    if nxt.endswith(("'s", "’s", "'", "’")):
        nxt = nxt.rstrip("s").rstrip("'’")  # "a year's time", "two years' time"
    if word == "the":
        if nxt[:1].isdecimal():
            return ["dm", "dc"]
        return _THE_NEXT.get(nxt, [])
    if nxt in _UNIT_WORDS or nxt in NUMBER_WORDS or nxt in ("to", "or", "and") or nxt[:1].isdecimal():
        return kinds  # "two years", "a couple of weeks", "two to three months"
    return []
_SMALL_KINDS = ["dmy", "us", "dm", "ago", "du"]
_SUFFIXED_KINDS = {"s": ["dc"], "st": ["dmy", "dm", "qc", "hc"], "nd": ["dmy", "dm", "qc", "hc"],
                   "rd": ["dmy", "dm", "qc"], "th": ["dmy", "dm", "qc"]}
_LEADING_DIGITS = re.compile(r"\d+")


def _digit_kinds(word: str, text: str, end: int) -> list[str]:
    """Which forms a number can start: most numbers in an article (21%, $4.5bn, 2,300) start none."""
    leading = _LEADING_DIGITS.match(word)
    if leading is None:
        return []
    digits = leading.group()
    rest = word[len(digits):]
    if rest:
        if rest[0] in "QH" and len(digits) == 1:
            return ["qb"] if rest[0] == "Q" else ["hb"]
        return _SUFFIXED_KINDS.get(rest.lower(), [])
    after = text[end:end + 2]
    if after[:1] == "%" or (after[:1] in ".," and after[1:2].isdigit()):
        return []  # a percentage, a decimal or a thousands separator
    if len(digits) == 4:
        return _YEAR_KINDS if digits[:2] in ("18", "19", "20", "21") else []
    if len(digits) <= 2:
        return _SMALL_KINDS
    return ["ago", "du"] if len(digits) == 3 else []


_TOKEN = re.compile(r"['’]?\w+")


def _trie(words: list[str]) -> str:
    """An alternation nested by first letter: the matcher rules out a word start after a few letter tests."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    alternatives = []
    for first, rests in sorted(by_first.items()):
        longer = [rest for rest in rests if rest]
        if not longer:
            alternatives.append(re.escape(first))
        else:
            alternatives.append(f"{re.escape(first)}(?:{_trie(longer)}){'?' if '' in rests else ''}")
    return "|".join(alternatives)


# The tokens of an ASCII text that can start a mention: a number ('2025, 3rd, 12) or a starter word, each a
# whole \w run with the quote before it (as _TOKEN splits them). Scanned in the lower-cased text, so a
# starter is a case-sensitive literal; the words of a sentence that start nothing are never visited.
_CANDIDATE = re.compile(r"(?:'|\b)(?:[0-9]\w*|(?:"
                        + _trie([w for w in _STARTERS if w[0].isalpha() and w.isalnum()]) + r")\b)")


@functools.lru_cache(maxsize=4096)
def find_mentions(text: str) -> list[Mention]:
    """Every time expression in `text`, left to right, without overlaps (cached: callers ask again per clause)."""
    if text.isascii():
        spans = [match.span() for match in _CANDIDATE.finditer(text.lower())]
    else:  # str.lower() can fold a letter outside ASCII into a starter ("\u212a" is "k"): every token
        spans = [match.span() for match in _TOKEN.finditer(text)]
    return _mentions(text, spans)


def _mentions(text: str, spans: list[tuple[int, int]]) -> list[Mention]:
    """The mentions starting at the tokens text[a:b] of `spans`, left to right, each after the one before."""
    found = []
    cursor = 0
    for pos, end in spans:
        if pos < cursor:
            continue
        for kind in _token_kinds(text[pos:end], text, pos, end):
            match = _ALTERNATIVE[kind].match(text, pos)
            if match is None or match.end() == pos or not _plausible(match, kind, text):
                continue
            parts = {name: value for name, value in match.groupdict().items() if value is not None}
            found.append(Mention(match.start(), match.end(), match.group(), kind, parts))
            cursor = match.end()
            break
    return found


def _token_kinds(word: str, text: str, pos: int, end: int) -> list[str]:
    """The alternatives the token text[pos:end] can start, in order; none for most tokens."""
    first = word[0]
    if first.isdecimal():
        kinds = _digit_kinds(word, text, end)
        if not kinds:
            return kinds
    elif first in "'’":
        if not word[1:2].isdigit():
            return []
        kinds = _QUOTE_KINDS
    else:
        lowered = word.lower()
        kinds = _STARTERS.get(lowered)
        if not kinds:
            return []
        if lowered in _CAPITALISED and not first.isupper():
            return []  # "may", "march", "new": months, weekdays and holidays are capitalised
        if lowered in _NEEDS_NEXT:
            kinds = _by_next_word(lowered, text, end, kinds)
            if not kinds:
                return kinds
    if pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
        return []  # inside a word ("2025Q3" splits oddly; "B2B" is not a year)
    return kinds


_FALL_VERB = re.compile(r"(?i)\s+(?:below|above|to|by|back|further|short|sharply|steeply|slightly|again|behind|apart|off|"
                        r"out|through|into|under|from|as|more|less|away|foul|flat|in\s+line|for|[$£€]?\d)\b")


_RATE_BEFORE = re.compile(r"(?i:\b(?:per|every|each|once|twice|times))\s*$")  # compiled once: per duration mention


def _plausible(match: re.Match, kind: str, text: str) -> bool:
    before = text[max(0, match.start() - 14):match.start()]
    if kind == "mo":
        name = match.group("mo_m")
        if name.rstrip(".") in ("May", "Mar", "Jan", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Feb", "Apr",
                                "Sept"):
            return name == "May" and bool(_TIME_PREP.search(before)) or (name != "May" and name.endswith("."))
        return True
    if kind == "se" and match.group("se_s").lower() == "fall":
        if not match.group("se_y") and _FALL_VERB.match(text, match.end()):
            return False  # "expects the deficit to fall below 3%": the verb, not the season
        return bool(match.group("se_r") or match.group("se_y") or _TIME_PREP.search(before))
    if kind == "du":
        # "a year" in "$2bn a year" is a rate, not a span
        return not _RATE_BEFORE.search(before)
    if kind == "ha" and not match.group("ha_y"):
        return not text[match.end():match.end() + 1].isalnum()
    if kind in ("md", "dm"):
        return True
    return True
