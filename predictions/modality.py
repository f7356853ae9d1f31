"""Does a sentence state an expectation about the future? Modal and forecast-verb grammar, no topic words.

A sentence counts when it carries a future marker ("will", "is set to", "expects X to",
"a 60% chance", "a target of 7,000", imperative "Expect ...") that is not cancelled by
what the sentence is doing instead: asking, prescribing ("should", "must"), stating
an intention ("we will publish"), recalling an old forecast ("predicted ... would"),
or describing a habit ("Every June I publish ...").
"""

from __future__ import annotations

import functools
import re

# Words without which none of the markers below can match: a set lookup rejects most sentences at once.
TRIGGER_WORDS = frozenset("""
will won't wont shall going set poised track course likely unlikely bound certain sure tipped favoured favored
destined primed expect expects expecting predict predicts forecast forecasts project projects anticipate anticipates
foresee foresees reckon reckons estimates bet bets betting chance chances probability probable odds likelihood
target targets risk shot look watch percent see sees tips tipping favourite favourites favorite favorites
surprised fifty coin toss-up toss
""".split())
TOKENS = re.compile(r"[a-z']+|%")


@functools.lru_cache(maxsize=4096)
def words(s: str) -> frozenset[str]:
    """The lower-cased words of `s` (apostrophes straightened; "we'll" also gives "'ll"): each check below asks this
    set first, so a sentence is lower-cased and tokenised once however many patterns look at it."""
    lowered = s.lower()
    if "’" in lowered:
        lowered = lowered.replace("’", "'")
    found = TOKENS.findall(lowered)
    if "'ll" in lowered:
        found.append("'ll")
    return frozenset(found)


_LETTERS = re.compile(r"[a-z]+")


def letter_words(s: str) -> frozenset[str]:
    """The runs of letters in lower-cased `s`: for an ASCII text, every word a case-insensitive `\\bword\\b` can match."""
    if "'" in s or "’" in s:
        return frozenset(_LETTERS.findall(s.lower()))
    return words(s)  # without apostrophes its words are the same runs, and it is usually cached already


def triggered(s: str) -> bool:
    """Whether `s` holds any word a future marker needs (cheap; True does not mean it is a claim)."""
    if len(s) > 400:  # a whole paragraph, asked once: no need to keep its words
        lowered = s.lower()
        return "'ll" in lowered or "’ll" in lowered or "%" in s or not TRIGGER_WORDS.isdisjoint(TOKENS.findall(lowered))
    w = words(s)
    return "'ll" in w or "%" in w or not TRIGGER_WORDS.isdisjoint(w) or "50-50" in s or "50/50" in s


_WILL = re.compile(r"(?i)\b(?:will|won['’]t|shall)\b|['’]ll\b")
_WILL_LOWER = re.compile(_WILL.pattern.removeprefix("(?i)"))
_WILL_NOUN = re.compile(r"(?i)\b(?:the|free|good|political|public|his|her|their|its|own|ill|a)\s+$")
_INTENT_SUBJECT = re.compile(r"(?i)(?:\b(?:I|we|you)\s*|\b(?:I|we|you))$")
_GOING_TO = re.compile(r"(?i)\b(?:is|are|am|['’]s|['’]re)\s+(?:not\s+)?going\s+to\s+[a-z]")
_SET_TO = re.compile(
    r"(?i)\b(?:is|are|['’]s|['’]re|remains?|looks?|seems?|appears?)\s+(?:now\s+|also\s+|still\s+|not\s+)?"
    r"(?:(?:very|highly|more|less|most|increasingly)\s+)?"
    r"(?:set|poised|on\s+track|on\s+course|likely|unlikely|bound|certain|sure|tipped|favou?red|destined|primed|"
    r"(?:the\s+)?(?:clear\s+|heavy\s+|strong\s+|big\s+)?favou?rites?)\s+to\s+[a-z]")
_FORECAST_VERB = re.compile(
    r"(?i)\b(?:expects?|predicts?|forecasts?|projects?|anticipates?|foresees?|reckons?|estimates?\s+that|"
    r"bets?\s+that|is\s+betting\s+that|are\s+betting\s+that|tips|tipping)\b")
_FORECAST_VERB_LOWER = re.compile(_FORECAST_VERB.pattern.removeprefix("(?i)"))  # for lower-cased ASCII: faster
# "We see the index at 6,000 by June": "see" forecasts only with a level or a direction after it
_SEE = re.compile(r"(?i)\b(?:I|we|[A-Z][\w&.-]*)\s+(?:now\s+|still\s+)?sees?\s+[^.;?]{0,60}?\b(?:at|reaching|rising|falling|"
                  r"hitting|near|around|above|below|topping|ending)\s+(?:about\s+|around\s+)?[$£€]?\d")
_FORECAST_AFTER = re.compile(r"(?i)^(?:that\b|[^.;?]{0,80}?\b(?:within|by|before|next|in\s+(?:the\s+)?(?:next|coming|first|"
                             r"second|third|fourth|early|late|mid|(?:19|20)\d\d))\b|[^.;?]{0,120}?\bto\s+[a-z]|[^.;?]{0,60}?\b(?:of|at|near|around|to)\s+(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|almost\s+|just\s+)?[$£€]?\d)")
_IMPERATIVE = re.compile(r"^(?:And\s+|So\s+)?(?:Expect|Look\s+for|Watch\s+for|(?:Don['’]t|Do\s+not)\s+be\s+surprised\s+"
                         r"(?:if|when|to))\s+\S")
_TARGET = re.compile(r"(?i)\btarget\s+(?:of|for|at)\s+[^.;]{0,40}?\d|\b(?:price|year-end|end-year)\s+target\b")
# A probability stated as a number or a set phrase; each alternative runs only when the words it needs are there.
_CHANCE_NUMBER = re.compile(  # "a 60% chance", "one-in-four odds"
    r"(?i)(?:\b\d{1,3}(?:\.\d+)?\s*(?:%|percent|per\s+cent)|\bone[\s-]in[\s-]\w+|\b\w+[\s-]in[\s-](?:two|three|four|five|"
    r"ten|\d+))\s+(?:chance|probability|likelihood|odds|risk|likely|shot)\b")
_CHANCE_AT = re.compile(  # "puts the chance at 40%", "odds at one in three"
    r"(?i)\b(?:chance|probability|odds|likelihood)"
    r"\b[^.;?]{0,100}?\bat\s+(?:about\s+|around\s+|roughly\s+)?(?:\d{1,3}(?:\.\d+)?\s*(?:%|percent|per\s+cent)|"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine)[\s-]+in[\s-]+\w+)")
_CHANCE_TRAILING = re.compile(r"(?:[:–—]|\s-)\s*\d{1,3}\s*%\s*[.)]?\s*$")  # "Acme ships in Q3 — 70%"
# "It is fifty-fifty whether ...", "eighty percent likely": a probability written in words
_CHANCE_EVEN = re.compile(r"(?i)\b(?:fifty[\s-]fifty|50[-/]50|a\s+coin[\s-](?:flip|toss)|a\s+toss-up)\s+(?:whether|that|if)\b")
_CHANCE_WORDS = re.compile(
    r"(?i)\b(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]\w+)?\s+(?:percent|per\s+cent)\s+"
    r"(?:chance|probability|likelihood|odds|risk|likely|sure|certain)\b")
_CHANCE = re.compile("|".join(p.pattern.removeprefix("(?i)") for p in (
    _CHANCE_NUMBER, _CHANCE_AT, _CHANCE_TRAILING, _CHANCE_EVEN, _CHANCE_WORDS)), re.IGNORECASE)


def _states_chance(s: str) -> bool:
    """Whether `s` states a probability (`_CHANCE`), asking each alternative only when its words are present."""
    if not s.isascii():
        return bool(_CHANCE.search(s))  # case folding beyond ASCII ("ſ" is "s"): the one full pattern decides
    lowered = s.lower()
    if ("chance" in lowered or "probab" in lowered or "likel" in lowered or "odds" in lowered or "risk" in lowered
            or "shot" in lowered) and ("%" in s or "cent" in lowered or _IN_WORD.search(lowered)) and (
            _CHANCE_NUMBER.search(s) or _CHANCE_AT.search(s)):  # both need a percentage or "one in four"
        return True
    if "%" in s and _ends_in_percent(s) and _CHANCE_TRAILING.search(s):
        return True
    if ("fifty" in lowered or "50" in s or "coin" in lowered or "toss" in lowered) and _CHANCE_EVEN.search(s):
        return True
    return "cent" in lowered and bool(_CHANCE_WORDS.search(s))


_IN_WORD = re.compile(r"[\s-]in[\s-]")


def _ends_in_percent(s: str) -> bool:
    """ "... 70%", "... 70%." : how `_CHANCE_TRAILING` ends (`%\\s*[.)]?\\s*$`)."""
    tail = s.rstrip()
    if tail.endswith((".", ")")):
        tail = tail[:-1].rstrip()
    return tail.endswith("%")


_NORMATIVE = re.compile(
    r"(?i)\b(?:should|must|ought\s+to|needs?\s+to|has\s+to|have\s+to|had\s+better|is\s+time\s+to)\b")
_HABITUAL = re.compile(r"(?i)^(?:every|each)\s+(?:day|week|month|year|spring|summer|autumn|fall|winter|quarter|"
                       r"January|February|March|April|May|June|July|August|September|October|November|December)\b")
_EMBEDDED_QUESTION = re.compile(
    r"(?i)\b(?:whether|how\s+(?:many|much|quickly|soon|long|far|fast)|what|if\s+and\s+when|when\s+or\s+whether)\b"
    r"[^,.;]*$")
_UNNAMED_SOURCE = re.compile(
    r"(?i)\b(?:analysts?|economists?|sources?|experts?|officials?|observers?|people|insiders?|critics?|some|many|"
    r"investors|traders|markets?|pundits|commentators|scientists|researchers|forecasters|meteorologists|doctors|"
    r"strategists|executives|managers|bankers|campaigners|residents|voters|fans|bookmakers|insiders|diplomats|"
    r"historians|scholars|engineers|officers|aides|allies|rivals|critics|supporters|opponents|bosses|coaches|"
    r"players|teams|clubs|firms|companies|lenders|brokers|consultants)\b"
    r"(?:,[^,]*,|\s+(?:(?:familiar|close|briefed|speaking)\s+)?(?:at|from|in|of|with|for|on|to)\s+[^,.;]{0,40}?)?"
    r"\s+(?:who\s+[^,]*\s+)?"
    r"(?:said|say|says|expect|predict|forecast|believe|think|warn|reckon|told)\b")


# Sentences about the article itself, fixtures and set phrases: "will" without a checkable forecast.
_NOT_A_FORECAST = re.compile(
    # ("the series will" and "the report will" are left alone: a play-off series, a government report)
    r"(?i)\b(?:this|our|next)\s+(?:article|piece|post|guide|column|series|newsletter|page|section|episode|podcast|"
    r"list|report|review|note|briefing)\s+will\b|"
    r"\bthe\s+(?:article|piece|post|guide|column|newsletter|page|section|episode|podcast)\s+will\b|"
    r"\btime\s+will\s+tell\b|\bremains\s+to\s+be\s+seen\b|"
    r"\bwill\s+be\s+(?:held|hosted|staged|played|broadcast|televised|streamed|livestreamed)\s+(?:on|at|in)\b|"
    # page chrome that slipped past boilerplate removal: consent banners, sign-up boxes, paywalls
    # (as phrases a page says to its reader: "subscriptions will rise by 2027" is a forecast)
    r"\b(?:we|this\s+site)\s+uses?\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b|\bcookie\s+(?:settings|policy|preferences)\b|"
    r"\b(?:our|the|this)\s+newsletter\b|\bsubscribe\s+(?:now|today|to|for|and)\b|\bsubscribers?\s+(?:only|can|get)\b|"
    r"\bsign\s+up\b|\bprivacy\s+(?:policy|notice)\b|"
    r"\bterms\s+of\s+(?:use|service)\b|\byour\s+(?:inbox|browser|account)\b|\bclick\s+(?:here|below)\b|"
    # logistics of a release or an event: calls, webcasts, replays, materials posted
    r"\b(?:conference\s+call|earnings\s+call|webcast|replay|dial-in|live\s?stream)\b|"
    r"\bwill\s+(?:also\s+)?be\s+(?:available|archived|accessible|posted|published)\s+(?:on|at|via|through|for|from|in)\b|"
    # a scheduled fact reported as confirmed: "The ministry confirmed on Wednesday that the subsidy will end"
    r"\b(?:confirmed|announced|has\s+confirmed|have\s+confirmed|has\s+announced)\s+(?:on\s+\w+\s+|"
    r"(?:earlier\s+)?(?:today|yesterday|this\s+week|last\s+week)\s+)?that\b")


def cancelled(sentence: str) -> bool:
    """A question, a prescription, a habit or a nameless source: not a claim whatever its verbs say."""
    s = sentence.strip().lstrip("\"“‘'")
    if not s or s.rstrip("\"”’' )").endswith("?") or _HABITUAL.match(s) or _unnamed_source(s):
        return True
    w = words(s)
    if not _NOT_A_FORECAST_WORDS.isdisjoint(w) and _NOT_A_FORECAST.search(s):
        return True
    if _NORMATIVE_WORDS.isdisjoint(w):
        return False
    return bool(_NORMATIVE.search(s)) and not (_maybe_chance(s) and _states_chance(s)) and not _will_before_normative(s)


def future_cue(sentence: str, first_person: bool = False) -> str | None:
    """The kind of future marker the sentence carries as a claim, or None.

    `first_person`: "we"/"I" is a source the ledger tracks (an interviewee's answer, a firm's own press release),
    so "We'll start production in Q4" is a claim, not the publication announcing its own plans.
    """
    s = sentence.strip().lstrip("\"“‘'")
    if not s or not triggered(s):
        return None  # most sentences carry no marker at all: one scan decides
    probability = _maybe_chance(s) and _states_chance(s)
    cue = "probability" if probability else _marker(s, first_person)
    if cue is None or cancelled(s):
        return None
    return cue


def _maybe_chance(s: str) -> bool:
    lowered = s.lower()  # one test after another: a generator over the words cost more than the tests
    return ("chance" in lowered or "probab" in lowered or "odds" in lowered or "likel" in lowered or "risk" in lowered
            or "shot" in lowered or "%" in lowered or "percent" in lowered or "per cent" in lowered
            or "fifty" in lowered or "50-50" in lowered or "50/50" in lowered or "coin" in lowered
            or "toss-up" in lowered)


# The words each marker needs: a set lookup decides before its pattern runs.
_WILL_WORDS = frozenset({"will", "won't", "wont", "shall", "'ll"})
_PERIPHRASTIC_WORDS = frozenset("""going set poised track course likely unlikely bound certain sure tipped favoured favored
destined primed favourite favourites favorite favorites""".split())
_FORECAST_WORDS = frozenset("""expect expects predict predicts forecast forecasts project projects anticipate anticipates
foresee foresees reckon reckons estimates bet bets betting tips tipping""".split())
_NOT_A_FORECAST_WORDS = frozenset("""article piece post guide column series newsletter page section episode podcast list
report review note briefing tell seen held hosted staged played broadcast televised streamed livestreamed cookie cookies
subscribe subscription subscriber subscribers sign privacy terms your click conference earnings webcast replay dial
livestream live available archived accessible posted published confirmed announced""".split())
_NORMATIVE_WORDS = frozenset("should must ought need needs has have had better time".split())


def _marker(s: str, first_person: bool = False) -> str | None:
    w = words(s)
    if _IMPERATIVE.match(s):
        return "imperative"
    if not _WILL_WORDS.isdisjoint(w) and _will_cue(s, first_person):
        return "will"
    if ("going" in w and _GOING_TO.search(s)) or (not _PERIPHRASTIC_WORDS.isdisjoint(w) and _SET_TO.search(s)):
        return "periphrastic"
    if (not _FORECAST_WORDS.isdisjoint(w) and _forecast_verb(s)) or (("see" in w or "sees" in w) and _SEE.search(s)):
        return "forecast"
    if ("target" in w or "targets" in w) and _TARGET.search(s):
        return "target"
    return None


_DETERMINERS = {"some", "many", "most", "the", "another", "other", "several", "few", "a", "an", "these", "those",
                "two", "three", "four", "both", "all", "independent", "outside", "industry", "market"}


_SPEECH_WORDS = frozenset("said say says expect predict forecast believe think warn reckon told".split())
# The nouns of _UNNAMED_SOURCE: without one of them it cannot match
_SOURCE_NOUNS = frozenset("""analyst analysts economist economists source sources expert experts official officials
observer observers people insider insiders critic critics some many investors traders market markets pundits
commentators scientists researchers forecasters meteorologists doctors strategists executives managers bankers
campaigners residents voters fans bookmakers diplomats historians scholars engineers officers aides allies rivals
supporters opponents bosses coaches players teams clubs firms companies lenders brokers consultants""".split())


# Compiled once: re.search(pattern_string) looks its pattern up in re's cache on every call
_NAMED_AFTER = re.compile(r"\b(?:at|from|of|with|for|on)\s+(?:the\s+)?[A-Z]")
_WILL_NEED_TO = re.compile(r"(?i)\b(?:will|['’]ll)\s+(?:\w+\s+)?(?:need|have)\s+to\b")
_COMPARISON_BEFORE = re.compile(r"(?i)\b(?:than|as|what|if|how|whatever)\s+(?:\w+\s+){0,2}$")


def _unnamed_source(s: str) -> bool:
    """ "Analysts expect", "sources said": nobody the ledger could hold to account ("Goldman analysts" is named)."""
    w = words(s)
    if _SPEECH_WORDS.isdisjoint(w) or _SOURCE_NOUNS.isdisjoint(w):
        return False
    for match in _UNNAMED_SOURCE.finditer(s):
        if _NAMED_AFTER.search(match.group()):
            continue  # "Analysts at Brightwater Capital predict": named after all
        previous = s[:match.start()].split()
        if not previous or not previous[-1][:1].isupper() or previous[-1].lower() in _DETERMINERS:
            return True
    return False


def _will_before_normative(s: str) -> bool:
    """ "will need to" and "will have to" predict; they do not prescribe."""
    return bool(_WILL_NEED_TO.search(s))


def _will_cue(s: str, first_person: bool = False) -> bool:
    # lower-casing ASCII keeps every position, and the marker is compared lower-cased
    markers = _WILL_LOWER.finditer(s.lower()) if s.isascii() else _WILL.finditer(s)
    for match in markers:
        before = s[max(0, match.start() - 160):match.start()]  # the words in front decide; keep the scans short
        # Each pattern below is anchored at the end: start its scan where a match could begin, not at every character
        stem = len(before.rstrip())  # where the trailing whitespace starts
        if stem < len(before) and _WILL_NOUN.search(before, max(0, stem - 9)) and match.group().lower() == "will":
            continue  # a noun of at most nine letters, then whitespace
        if not first_person and _INTENT_SUBJECT.search(before, max(0, stem - 3)):
            continue  # "we will publish", "I'll be watching": intentions, not forecasts
        clause = max(before.rfind(","), before.rfind("."), before.rfind(";")) + 1  # no [,.;] after the question word
        if _EMBEDDED_QUESTION.search(before, clause):
            continue  # "whether it will", "how many drivers will": not asserted
        return True
    return False


_NOUN_BEFORE = re.compile(r"(?i)\b(?:its|the|a|an|our|their|his|her|this|that|these|those|\d{4})$")


def _forecast_verb(s: str) -> bool:
    matches = _FORECAST_VERB_LOWER.finditer(s.lower()) if s.isascii() else _FORECAST_VERB.finditer(s)
    for match in matches:  # lower-casing ASCII keeps every position; only positions are used
        before = s[:match.start()].rstrip()
        if _NOUN_BEFORE.search(before, max(0, len(before) - 5)):  # the longest form is five letters
            continue  # "cut its 2026 forecast": the noun, reported, not a forecast made here
        if _COMPARISON_BEFORE.search(before + " "):
            continue  # "sooner than we expect", "as analysts expect": a comparison, not a forecast
        if _FORECAST_AFTER.search(s[match.end():].lstrip()):
            return True
    return False
