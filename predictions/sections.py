"""What a heading or a line label tells about the text under it: a verdict, a forecast list, page chrome, a look back.

Only the words that editors use for these slots ("Verdict", "Bottom line", "Related
articles", "Scorecard"), never words about any article's topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attribution import clean_org
from .modality import letter_words, words

VERDICT = re.compile(
    r"(?i)^(?:(?:the|our|my|[A-Z][\w ]{0,30}?)\s+)?(?:verdict|take|bottom\s+line|upshot|final\s+word|final\s+thoughts|"
    r"conclusion|assessment|judgement|judgment)\b|^(?:our|my)\s+(?:view|read)\b|\bverdict\b|^bottom\s+line\b|"
    r"^should\s+you\s+(?:buy|get|upgrade|switch|book|watch|read|try)\b")
_CHROME = re.compile(
    r"(?i)^(?:related|further\s+reading|read\s+(?:more|next|also)|more\s+(?:on|from|in|about|stories|coverage|like\s+this|"
    r"news|reviews|articles)|recommended|popular|most\s+(?:read|popular|viewed|shared)|trending|newsletter|sign\s+up|"
    r"subscribe|archives?|tags?|topics|related\s+topics|about\s+(?:us|the\s+authors?|[A-Z])|contacts?|media\s+contacts?|"
    r"share|comments?|advertisement|disclaimer|disclosures?|forward-looking\s+statements?|safe\s+harbou?r|you\s+(?:may|might)"
    r"\s+also\s+like|latest|sponsored|follow\s+us|editor['’]?s\s+picks|see\s+also|up\s+next|more\s+stories|"
    r"today['’]?s\s+(?:best\s+)?deals|pros|cons|specs|specifications|key\s+numbers|methodology|corrections?|"
    r"cookie|privacy|footnotes?|references|sources|about\s+this\s+(?:note|report))\b")
_LOOKING_BACK = re.compile(
    r"(?i)\b(?:scorecard|how\s+we\s+did|track\s+record|looking\s+back|last\s+time|in\s+review|what\s+happened|recap|"
    r"revisited|what\s+changed|how\s+did\s+we\s+do|report\s+card|previous\s+(?:calls|predictions)|graded|grading|"
    r"hits\s+and\s+misses|how\s+(?:we|our\b[\w\s]{0,30}?)\s+(?:did|fared|held\s+up|went|scored))\b")
_FORECAST_LIST = re.compile(
    r"(?i)\b(?:predictions?|forecasts?|our\s+calls|calls\s+for|outlook|what\s+to\s+expect|expectations|picks?|"
    r"what['’]?s\s+next|what\s+comes\s+next|timeline|prognosis|projections?|the\s+year\s+ahead|bets)\b")
_WORTHLESS_LABEL = re.compile(
    r"(?i)^(?:reasoning|rationale|why|background|note|notes|context|data\s+takeaway|takeaway|source|sources|tags?|"
    r"disclaimer|disclosure|update|correction|editor['’]?s\s+note|methodology|pros|cons|score|rating|price|"
    r"availability|specs?)$")
PREDICTION_LABEL = re.compile(
    r"(?i)^(?:(?:our|my|the|bold|final|top|key)\s+)?(?:prediction|forecast|pick|call|projection|bet|tip|expectation|"
    r"outlook|expect)s?(?:\s*(?:#\s*\d+|no\.\s*\d+|\d+))?$")
VERDICT_LABEL = re.compile(
    r"(?i)^(?:verdict|the\s+verdict|our\s+verdict|my\s+verdict|our\s+take|my\s+take|the\s+take|take|bottom\s+line|"
    r"the\s+bottom\s+line|our\s+view|my\s+view|upshot|the\s+upshot|final\s+word|conclusion|in\s+short|"
    r"final\s+verdict|our\s+conclusion|the\s+conclusion|overall)$")
PROBABILITY_LABEL = re.compile(r"(?i)^(?:likelihood|probability|odds|chance|chances|confidence|certainty)$")
TIME_LABEL = re.compile(r"(?i)^(?:timeframe|time\s+frame|deadline|by\s+when|when|due|horizon|timeline|target\s+date|"
                        r"resolution\s+date|date)$")
_OWNER = re.compile(r"^(?P<owner>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)['’]s?\s+(?:\w+\s+){0,4}"
                    r"(?:predictions?|forecasts?|calls|outlook|projections)\b")


@dataclass
class Section:
    """The heading a stretch of text sits under, and what that heading implies for the claims in it."""

    heading: str = ""
    kind: str = "body"  # body, verdict, forecast, chrome, past
    year: int | None = None
    owner: str | None = None  # "Acme's predictions for 2026": the claims are Acme's
    verdict_open: bool = False  # the first sentence under a verdict heading is the verdict
    rule: object = None  # a deadline stated once for the whole list
    claims: list = field(default_factory=list)


_INTERSTITIAL = re.compile(r"(?i)^(?:advertisement|sponsored(?:\s+content)?|ad|share(?:\s+this(?:\s+article)?)?|follow\s+us|"
                           r"skip\s+advert(?:isement)?|story\s+continues(?:\s+below)?|continue\s+reading)\W*$")


# Evaluative language: how a publication judges a decision, product or strategy (not any topic's words).
_EVALUATIVE = (r"(?:right|wrong|mistake|blunder|misjudge?ment|smart|shrewd|sensible|wise|unwise|brilliant|triumph|"
               r"success|failure|flop|gamble|bet|masterstroke|error|folly|fiasco|disaster|own\s+goal|worth|best|worst|"
               r"excellent|poor|disappointing|impressive|fair|unfair|bold|reckless|overpriced|bargain|recommend|"
               r"compromise|improvement|step\s+forward|step\s+backward|misstep|win|loss|call|move|choice)")
_EVALUATIVE_ADJECTIVE = (r"(?:inventive|consequential|important|impressive|ambitious|exciting|compelling|polished|"
                         r"accomplished|original|innovative|significant|sensible|reckless|overrated|underrated|"
                         r"disappointing|satisfying|enjoyable|elegant|useful|versatile|refined|capable|daring|thoughtful|"
                         r"misguided|shortsighted|short-sighted|cynical|courageous|foolish|wise|unwise|shrewd|smart|"
                         r"sound|prudent|rash|irresponsible|baffling|puzzling|welcome|overdue|premature|brave|timid|"
                         r"costly|indefensible|justified|unjustified|vindicated|wrong-headed|wrongheaded|mistaken|"
                         r"self-defeating|counterproductive|bold|right|wrong)")
# "Overall, the X is the best ...", "In short, it was a mistake": a conclusion in the writer's own voice
PROSE_VERDICT = re.compile(
    rf"(?i)^(?:overall|in\s+short|all\s+in\s+all|in\s+sum|in\s+the\s+end|on\s+balance|ultimately),\s+[^.;?]*?"
    rf"\b(?:is|was|are|were|remains|looks|seems)\s+(?:[\w-]+\s+){{0,3}}?{_EVALUATIVE}\b"
    # "X's decision to Y was the right call / a costly mistake"
    rf"|^[^.;?]{{0,80}}?\b(?:decision|choice|move|plan|bet|gamble|strategy)\s+to\s+[^.;?]{{3,120}}?\s+"
    rf"(?:is|was|looks|seems|remains)\s+(?:[\w-]+\s+){{0,4}}?{_EVALUATIVE}\b"
    # "The Zephyr 3 is the best e-bike you can buy for under $1,500", "X is the most inventive camera of the year"
    rf"|^[^.;?]{{0,80}}?\b(?:is|remains)\s+(?:simply\s+|easily\s+|still\s+|now\s+)?the\s+(?:best|worst|finest|"
    rf"most\s+{_EVALUATIVE_ADJECTIVE}|least\s+{_EVALUATIVE_ADJECTIVE})\s+[^.;?]{{0,60}}?"
    rf"(?:\byou\s+can\s+(?:buy|get|book|rent|own)|\bmoney\s+can\s+buy|\bon\s+the\s+market|\bof\s+the\s+(?:year|decade|season)|"
    rf"\bof\s+(?:19|20)\d\d|\bwe['’]ve\s+(?:tested|reviewed|seen|used|tried)|\bin\s+its\s+class|\bfor\s+(?:under|less\s+than)"
    rf"|\bavailable)"
    # "X's decision to Y is reckless": a bare evaluative adjective closing the judgement
    rf"|^[^.;?]{{0,80}}?\b(?:decision|choice|move|plan|bet|gamble|strategy|ruling|deal|merger|policy)\b[^.;?]{{0,120}}?\s+"
    rf"(?:is|was)\s+(?:(?:both|simply|plainly|clearly|deeply|profoundly|both|a)\s+)?(?:the\s+most\s+)?"
    rf"{_EVALUATIVE_ADJECTIVE}\b")


VERDICT_HINTS = frozenset("overall short all sum end balance ultimately decision choice move plan bet gamble "
                           "strategy ruling deal merger policy best worst finest most least".split())


def may_be_verdict(text: str) -> bool:
    return not VERDICT_HINTS.isdisjoint(words(text))


def prose_verdict(sentence: str) -> bool:
    """A judgement in the writer's own voice without a label ("Overall, X is the best ...")."""
    if not may_be_verdict(sentence):
        return False
    if sentence.isascii() and not _may_state_verdict(sentence):
        return False  # the scan tries every start of its lazy prefixes: rule it out by the words each form needs
    return bool(PROSE_VERDICT.search(sentence))


_OPENERS = ("overall", "in", "all", "on", "ultimately")  # the first words of PROSE_VERDICT's first form
_JUDGED = frozenset("decision choice move plan bet gamble strategy ruling deal merger policy".split())
_COPULAS = frozenset("is was looks seems remains".split())
_SUPERLATIVES = frozenset("best worst finest most least".split())


def _may_state_verdict(sentence: str) -> bool:
    """False when no form of PROSE_VERDICT can match: each needs its words whole (ASCII text, so letters fold simply)."""
    if sentence[:10].lower().startswith(_OPENERS):
        return True
    found = letter_words(sentence)
    if _COPULAS.isdisjoint(found):
        return False
    if not _JUDGED.isdisjoint(found):
        return True
    if "the" not in found or ("is" not in found and "remains" not in found) or _SUPERLATIVES.isdisjoint(found):
        return False
    spaced = " ".join(sentence.lower().split())  # "the\s+best" with its whitespace as one space
    return any(phrase in spaced for phrase in _THE_SUPERLATIVE)


_THE_SUPERLATIVE = ("the best", "the worst", "the finest", "the most", "the least")


def interstitial(line: str) -> bool:
    """A one-line interruption mid-article ("Advertisement"): skipped, without ending the section it sits in."""
    return bool(_INTERSTITIAL.match(line.strip()))


def classify_heading(heading: str) -> str:
    h = heading.strip().strip("#*: ")
    if _CHROME.match(h):
        return "chrome"
    # The three searches below try a (?i) alternation at every character; in ASCII text each form needs one of its
    # words whole (a run of letters), so a heading without any is ruled out by set lookups.
    found = frozenset(_LETTER_RUNS.findall(h.lower())) if h.isascii() else None
    if (found is None or not _LOOKING_BACK_WORDS.isdisjoint(found)) and _LOOKING_BACK.search(h):
        return "past"
    if (found is None or not _VERDICT_WORDS.isdisjoint(found)) and VERDICT.search(h):
        return "verdict"
    if (found is None or not _FORECAST_LIST_WORDS.isdisjoint(found)) and _FORECAST_LIST.search(h):
        return "forecast"
    return "body"


_LETTER_RUNS = re.compile(r"[a-z]+")
# For each pattern, one word every form of it needs, as a whole run of letters (the least common one of a phrase)
_LOOKING_BACK_WORDS = frozenset("scorecard did record back last review happened recap revisited changed card previous "
                                "graded grading misses how".split())
_VERDICT_WORDS = frozenset("verdict take bottom upshot final conclusion assessment judgement judgment our my "
                           "should".split())
_FORECAST_LIST_WORDS = frozenset("prediction predictions forecast forecasts calls outlook expect expectations pick "
                                 "picks next timeline prognosis projection projections ahead bets".split())


def list_owner(heading: str) -> str | None:
    """ "Strata Research's top strategic predictions for 2025": the list belongs to Strata Research."""
    match = _OWNER.match(heading.strip())
    if not match:
        return None
    owner = match.group("owner")
    if owner.split()[0].lower() in ("our", "my", "the", "this", "these", "what", "top"):
        return None
    return clean_org(owner)


def worthless_label(label: str) -> bool:
    return bool(_WORTHLESS_LABEL.match(label.strip()))
