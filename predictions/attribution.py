"""Whose claim is it: the publication's, or a named source's ("Gartner predicts", "..., said Koval")?

Sources are given by their full name: a surname or a pronoun is resolved to the
person named earlier in the article. A press release's own claims belong to the firm
that issued it, not to the wire service that carried it.
"""

from __future__ import annotations

import functools
import re

from .modality import letter_words

PUBLICATION = "publication"

_TITLES = {
    "president", "premier", "prime", "minister", "chancellor", "governor", "senator", "councillor", "councilor", "mayor",
    "secretary", "chairman", "chairwoman", "chair", "chief", "executive", "officer", "director", "dr", "mr", "mrs", "ms",
    "professor", "prof", "judge", "justice", "coach", "manager", "ceo", "cfo", "cto", "coo", "analyst", "economist",
    "founder", "head", "sir", "dame", "lord", "lady", "general", "commissioner", "captain", "rep", "sen", "gov",
    "superintendent", "inspector", "deputy", "vice", "strategist", "editor", "columnist", "spokesperson", "spokesman",
    "spokeswoman", "leader", "boss", "striker", "midfielder", "defender", "goalkeeper", "owner",
}
_FUNCTION = {
    "the", "a", "an", "in", "on", "at", "when", "if", "but", "and", "for", "as", "by", "after", "before", "while",
    "since", "our", "we", "i", "it", "this", "that", "these", "those", "its", "his", "her", "their", "with", "from",
    "to", "of", "under", "over", "during", "according", "longer", "so", "then", "also", "only", "even", "although",
    "though", "because", "whether", "why", "how", "what", "who", "where", "meanwhile", "however", "yet", "still",
    "my", "your", "last", "next", "term", "here", "there", "now", "today", "asked", "former",
}
_SOURCE_VERB = re.compile(
    r"(?i)\b(?:expects?|predicts?|forecasts?|projects?|anticipates?|believes?|thinks?|reckons?|estimates?|argues?|"
    r"says|said|told|tells|puts|put|gives|give|sees|see|warns?|warned|insists?|insisted|claims?|claimed|"
    r"wrote|writes|added|adds|predicted|projected|forecast|estimated|reckoned|argued)\b")
# The same words for lower-cased ASCII text, which the matcher scans several times faster than with (?i)
_SOURCE_VERB_LOWER = re.compile(_SOURCE_VERB.pattern.removeprefix("(?i)"))
# The words _SOURCE_VERB matches (a set lookup before the scan) and the verbs without which _SAID_TAIL cannot match
_SOURCE_VERB_WORDS = frozenset("""expect expects predict predicts forecast forecasts project projects anticipate anticipates
believe believes think thinks reckon reckons estimate estimates argue argues says said told tells puts put gives give
sees see warn warns warned insist insists insisted claim claims claimed wrote writes added adds predicted projected
estimated reckoned argued""".split())
_SAID_VERBS = ("said", "says", "adde", "adds", "wrote", "writes", "argued", "predicted")
_NOT_SPEECH = re.compile(r"(?i)\b(?:will|would|could|can|may|might|shall|should|must|to|['’]ll)\s+(?:\w+\s+)?$")
_ODDS_VERBS = {"puts", "put", "gives", "give", "sees", "see"}
_ODDS_OBJECT = re.compile(r"(?i)\s+(?:(?:it|this|that|them|him|her|the\s+\w+|\w+)\s+)?(?:a|an|the|its|his|her|their|our|"
                          r"odds|chances?|probability|likelihood|[$£€]?\d|(?:\w+[\s-]+){0,3}(?:chance|odds|shot|probability))")
_APPOSITIVE_OPEN = re.compile(r",\s*(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*$")
_AUX_WORDS = {"has", "have", "had", "also", "now", "still", "further", "again", "publicly", "previously", "repeatedly",
              "recently", "is", "are", "was", "were", "does", "did", "firmly", "confidently"}
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+(?P<who>[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|de|van|von|&))*)")
_SAID_TAIL = re.compile(
    r"(?:[\"”’],?\s*|,\s*)(?:said|says|added|adds|wrote|writes|argued|predicted)\s+(?:[a-z]+\s+){0,4}?(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
    r"(?=\s*(?:[,.;!]|$))|(?P<who2>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+(?:said|says|added)[.,]?\s*$")
# "Tom Vey of Brume Capital": a name after of/at/from is where someone works, not who "he" is
_AFFILIATION = re.compile(r"\b(?:of|at|from|for|with|in|on|by|to)\s+(?:the\s+)?$")
_PRONOUN_TAIL = re.compile(r"[,.!?][\"”’']\s*(?:he|she)\s+(?:said|says|added|adds|told\s+\w+|wrote|writes)\b")
_FIRST_PERSON = re.compile(r"(?i)^(?:(?:i|we)(?:['’](?:d|ll|ve|m|re))?|our\b.*|my\b.*|us|"
                           r"the\s+(?:model|forecast|team|desk|editors?|board|paper))$")
_PRONOUN = re.compile(r"(?i)^(?:he|she|they)$")
# A capitalised word, initials ("J.", "C.C.") or an abbreviation ("Co.", "Mrs."), tried in that order. Written to start
# with [A-Z] (each abbreviation then checks its first letter behind it), so that the matcher jumps from capital to
# capital: as `(?:(?:[A-Z]\.)+|(?:Co|Inc|Corp|...)\.|[A-Z][\w'’-]*)` it tried the alternatives at every character.
_ABBREVIATED = ("Co", "Inc", "Corp", "Ltd", "Jr", "Sr", "St", "Dr", "Mr", "Mrs", "Ms")
_NAME_WORD = (r"(?:[A-Z](?:\.(?:[A-Z]\.)*|" + "|".join(f"(?<={a[0]}){a[1:]}\\." for a in _ABBREVIATED)
              + r"|[\w'’-]*))")
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|van|von|da|del|bin|al))*")
_NAME_RUNS = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|van|von|da|del|bin|al))+")  # two words or more
_CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                   "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_CORPORATE_TAIL = re.compile(r",\s*(?:Inc|Ltd|LLC|Corp|Corporation|plc|PLC|GmbH|AG|SA|S\.A|N\.V)\.?$")
_WIRE = re.compile(r"--\s*\(?[A-Z][A-Z &]*(?:WIRE|NEWSWIRE|PRESS)[A-Z &]*\)?\s*--|\((?:BUSINESS WIRE|PR NEWSWIRE|"
                   r"GLOBE NEWSWIRE|ACCESSWIRE)\)")
_ISSUER = re.compile(r"--\s*(?P<firm>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)(?:,\s*(?:Inc|Ltd|LLC|Corp)\.?)?[,\s]")


class People:
    """The full names an article mentions, so "Koval" and "he" can be traced back to "Renata Koval"."""

    def __init__(self, text: str):
        self.text = text
        self._mentions: list[tuple[int, str]] | None = None

    @property
    def mentions(self) -> list[tuple[int, str]]:
        """(position, full name) in order; found on first use, as most articles never need them."""
        if self._mentions is None:
            self._mentions = []
            for match in _NAME_RUNS.finditer(self.text):
                name = clean_name(match.group())
                if name and len(name.split()) >= 2 and not _AFFILIATION.search(self.text, max(0, match.start() - 12), match.start()):
                    self._mentions.append((match.start(), name))
        return self._mentions

    def full_name(self, name: str) -> str:
        if len(name.split()) >= 2:
            return name
        for _, full in self.mentions:
            if full.split()[-1] == name and _looks_personal(full):
                return full
        # An organisation keeps the name the sentence gives it ("Tessera expects", after "Tessera Cloud"
        # in the headline, is "Tessera"): the annotation convention of the gold corpus, where only
        # people are traced back to their full name.
        return name

    def first_after(self, position: int) -> str | None:
        """The first person the article names after `position` (an interview's intro names its interviewee)."""
        for match in _NAME_RUNS.finditer(self.text, position):
            name = clean_name(match.group())  # "We sat down with Jane Roe": here a name after "with" is who
            if name and _looks_personal(name):
                return name
        return None

    def last_before(self, position: int) -> str | None:
        candidates = [name for at, name in self.mentions if at < position and _looks_personal(name)]
        return candidates[-1] if candidates else None


@functools.lru_cache(maxsize=4096)
def clean_name(run: str) -> str | None:
    """ "Chief executive Tomasz Reyes" is "Tomasz Reyes"; "When Premier Elena Varga" is "Elena Varga"."""
    raw = run.split()
    # "Solenne's Hannelore Vick": whatever owns the person (a firm, a team) is not part of the name
    owner = max((i for i, w in enumerate(raw[:-1]) if w.endswith(("'s", "’s"))), default=-1)
    words = [_bare(w) for w in raw[owner + 1:]]
    while words and (words[0].lower() in _FUNCTION or words[0].lower() in _TITLES):
        words.pop(0)
    while words and words[-1].lower() in _TITLES:
        words.pop()
    # "Finance Minister Jane Roe", "Chief Financial Officer Jane Roe": a title phrase ends at its last title word
    last_title = max((i for i, w in enumerate(words) if w.lower() in _TITLES), default=-1)
    if last_title >= 0 and _looks_personal(" ".join(words[last_title + 1:])):
        words = words[last_title + 1:]
    # "Hydrologist Ingrid Holm": an occupation in front of a first name and surname
    if len(words) == 3 and _OCCUPATION.search(words[0]) and _looks_personal(" ".join(words)):
        words = words[1:]
    if not words or any(not w[:1].isupper() and w not in _NAME_LINKS for w in words) or words[-1] in _NAME_LINKS:
        return None
    return " ".join(words)


_OCCUPATION = re.compile(r"(?:ist|ian|ologist|eer|ant|ent|man|woman|[^aeiou]er|or)$")
_NAME_LINKS = {"of", "for", "the", "de", "van", "von", "da", "del", "bin", "al", "and", "&"}
_KEEP_DOT = {"co", "inc", "corp", "ltd", "jr", "sr", "st", "bros", "plc"}


# Compiled once: re.search(pattern_string) looks its pattern up in re's cache on every call (once per claim)
_RELATIVE_OPEN = re.compile(r"(?i)\s*(?:who|which|whose|whom|where|when|speaking|writing|asked)\b")
_LAST_COMMA = re.compile(r",[^,]*$")
_CLAUSE_BREAK = re.compile(r"[,;:\"“”]|\b(?:that|and|but|because)\s")
_SUBJECT_PRONOUN = re.compile(r"(?i)(?:I|we|he|she|they)")
_OUR_VOICE = re.compile(r"(?i)(?:our|my|the\s+(?:model|forecast))\b")
_INITIALS_ONLY = re.compile(r"(?:[A-Z]\.)+")


def _bare(word: str) -> str:
    word = word.rstrip(",’'").removesuffix("’s").removesuffix("'s")
    if word.endswith(".") and word[:-1].lower() not in _KEEP_DOT and not _INITIALS_ONLY.fullmatch(word):
        word = word.rstrip(".")
    return word


def _looks_personal(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() and w.lower() not in _CALENDAR_WORDS
                                        for w in words)


def speaker(label: str, people: People) -> str | None:
    """A transcript's speaker label ("Jane Roe", "Roe", "Dr. Roe") as the person's full name, or None."""
    name = clean_name(label.strip())
    if not name or len(name.split()) > 3:
        return None
    full = people.full_name(name)
    return full if _looks_personal(full) else None


def press_release_issuer(text: str) -> str | None:
    """The firm that issued a wire-carried press release ("BOSTON--(X NEWSWIRE)--Oct. 22--Acme, Inc. today ...")."""
    head = text[:3000]
    if "--" not in head and "WIRE)" not in head:
        return None  # each form of _WIRE needs one of these: a substring check instead of a scan of every article
    wire = _WIRE.search(head)
    if not wire:
        return None
    after = text[wire.end():wire.end() + 300]
    after = re.sub(r"^[^-]{0,40}?\d{4}\s*--\s*", "", after)  # the dateline's date
    firm = re.match(r"\s*(?P<firm>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*)", after)
    return clean_org(firm.group("firm")) if firm else None


def clean_org(name: str) -> str:
    return _CORPORATE_TAIL.sub("", name.strip().rstrip(",")).strip()


def source_of(sentence: str, position: int, people: People, issuer: str | None = None,
              owner: str | None = None) -> str:
    """Who the sentence's claim belongs to; `owner` is whose list the sentence sits in, if a heading says."""
    s = sentence.strip()
    said = any(verb in s for verb in _SAID_VERBS)
    if _pronoun_tail(s, said):
        return people.last_before(position) or issuer or PUBLICATION
    tail = _SAID_TAIL.search(s) if said else None
    if tail:
        who = clean_name(tail.group("who") or tail.group("who2"))
        if who:
            return people.full_name(who)
    according = _ACCORDING.search(s) if "ccording" in s else None
    if according:
        who = clean_name(according.group("who"))
        if who:
            return people.full_name(who)
    if s.isascii() and _SOURCE_VERB_WORDS.isdisjoint(letter_words(s)):
        return owner or issuer or PUBLICATION  # no verb that could report a source
    verbs = _SOURCE_VERB_LOWER.finditer(s.lower()) if s.isascii() else _SOURCE_VERB.finditer(s)
    for verb in verbs:  # lower-casing ASCII keeps every position, and the verb is compared lower-cased
        if _NOT_SPEECH.search(s, max(0, verb.start() - 12), verb.start()):
            continue  # "Northern Europe will see record heat": a modal's verb states the claim, it does not report one
        if verb.group().lower() in _ODDS_VERBS and not _ODDS_OBJECT.match(s, verb.end()):
            continue  # "puts"/"gives" report a source only with odds after them ("puts the chance at 40%")
        subject = _subject_before(s[:verb.start()])
        if subject is None:
            continue
        if _FIRST_PERSON.match(subject):
            break
        if _PRONOUN.match(subject):
            named = people.last_before(position)
            return named or issuer or PUBLICATION
        name = clean_name(subject)
        if name:
            return people.full_name(name)
        break
    return owner or issuer or PUBLICATION


def _pronoun_tail(s: str, said: bool) -> bool:
    """`_PRONOUN_TAIL.search(s)`, given whether `s` holds one of _SAID_VERBS. Both tails are case-sensitive and need a
    verb of speech as written ("added" holds "adde"): the substring checks spare a scan that opens with a character
    class, and so is tried at every character."""
    return (said or "told" in s) and _PRONOUN_TAIL.search(s) is not None


def _subject_before(before: str) -> str | None:
    """The subject of the verb that follows `before`: its last clause, appositives and auxiliaries dropped."""
    words = before.rstrip().split(" ")
    while words and words[-1].lower() in _AUX_WORDS:
        words.pop()
    before = " ".join(words)
    while before.endswith(","):
        # "Dr. Ingrid Holm of the Nordic Institute, who reviewed the data, expects": the relative clause goes
        head, _, last = before.rstrip(",").rpartition(",")
        if not head or not _RELATIVE_OPEN.match(last):
            break
        before = head.rstrip() + ("," if _LAST_COMMA.search(head) and _APPOSITIVE_OPEN.search(head) else "")
    if before.endswith(","):
        # "Irene Kask, director of Northline Research, expects" or "Its chief medical officer, Dr. Paul Okafor,
        # said": of the subject and its appositive, the part that holds a person's name
        parts = before.rstrip(",").rsplit(",", 2)
        pair = parts[-2:] if len(parts) >= 2 else parts
        named = [p for p in pair if any(_looks_personal(clean_name(r.group()) or "") for r in _NAME_RUN.finditer(p))]
        before = (named or pair)[0]
    clause = _CLAUSE_BREAK.split(before)[-1].strip()
    if not clause or len(clause.split()) > 8:
        return None
    if _SUBJECT_PRONOUN.fullmatch(clause):
        return clause
    if _OUR_VOICE.match(clause):
        return "our"
    found = list(_NAME_RUN.finditer(clause))
    if not found:
        return None
    for i, run in enumerate(found[:-1]):
        link = clause[run.end():found[i + 1].start()]
        if not _LINK.fullmatch(link):
            continue
        cleaned = clean_name(run.group())
        if cleaned and cleaned.split()[-1].lower() in _ORG_HEADS:
            return clause[run.start():]  # "The State Department of Health": one organisation's name
        if cleaned and (_looks_personal(cleaned) or _has_title(run.group())):
            return run.group()  # "Dr. Ingrid Holm of the Nordic Institute": the person, not where she works
        return clause[run.start():]  # "The State Department of Health": one organisation's name
    return found[-1].group() if clean_name(found[-1].group()) else None


# Head nouns of organisations' names ("Bank of England", "Ministry of Finance"): a name linked by "of" continues
_ORG_HEADS = set("""department ministry bank university institute office agency council board bureau commission authority
service fund association centre center school college society court party union federation committee museum foundation
trust group corporation company academy administration organisation organization league chamber house""".split())
_LINK = re.compile(r"\s+(?:of|at|from|for|with)\s+(?:the\s+)?")


def _has_title(run: str) -> bool:
    return any(_bare(w).lower() in _TITLES for w in run.split()[:-1])
