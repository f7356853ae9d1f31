"""Realistic ~1,000-word articles from templates, seeded: the input every intake benchmark reads.

Each article looks like the newsletters and columns the ledger is built for: a
"By / Published / Publication" header, scene-setting prose about the past,
a numbered list of predictions under a heading, predictions in running prose
with their time expressions ("by Q3 2027", "within 18 months"), claims
attributed to named sources, a verdict paragraph, and plenty of text that is
not a claim at all (history, questions, risks, housekeeping). The mix, not the
wording, is what the extractor's speed depends on, so the templates vary
sentence length and structure rather than aiming for prose anyone would read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

PUBLICATIONS = [
    "Kilobyte Courier", "Harbor Street Economics", "Gridwatch Quarterly", "Meridian Rate Review",
    "Ward and Pulse", "Baseline Dispatch", "The Ledger Line", "Northgate Analyst", "Copper Wire Weekly",
    "Tidewater Markets", "The Spire Review", "Fieldnote Energy", "Pinecrest Health Letter", "Orbit & Lane",
    "Causeway Policy", "The Quarry Report", "Lamplight Finance", "Signal Hill Tech", "Foundry Notes",
    "Riverbend Sports Desk", "The Arbour Brief", "Keystone Retail Watch", "Westmarch Transport",
    "Halcyon Climate", "Stonebridge Politics",
]
FIRST = ["Marisol", "Tobias", "Priya", "Jonah", "Ingrid", "Kwame", "Elena", "Rafael", "Sunniva", "Declan",
         "Amara", "Hiroshi", "Beatriz", "Oskar", "Leila", "Matteo", "Yusuf", "Greta", "Callum", "Noor"]
LAST = ["Quenby", "Hallorann", "Okafor", "Lindqvist", "Castellanos", "Mbeki", "Vance", "Takeda", "Morrow",
        "Fairweather", "Adeyemi", "Novak", "Rosales", "Whitcombe", "Haddad", "Ferreira", "Kowalski", "Brandt"]
COMPANIES = ["Quillon Semiconductor", "Pellucid", "Helix Cloud", "Vantor", "Brasswick", "Corvid Motors",
             "Tessellate Bank", "Ashgrove Energy", "Lumen Freight", "Marrowby Pharma", "Skerry Wind",
             "Orrin Retail", "Palisade Telecom", "Juniper Grid", "Kestrel Airlines", "Nimbus Health",
             "Aldmark Mining", "Ferro Steelworks", "Calder Media", "Zephyr Batteries"]
FIRMS = ["Gartner", "IDC", "Moody's", "the central bank", "the IMF", "Fitch", "the OECD", "Forrester",
         "the energy regulator", "the finance ministry"]
ROLES = ["chief executive", "CFO", "chief economist", "head of research", "senior analyst", "minister",
         "portfolio manager", "founder"]
THINGS = ["a custom AI chip", "a foldable handset", "a budget electric hatchback", "a paid subscription tier",
          "a satellite messaging service", "its first offshore wind farm", "a stablecoin", "a rapid test",
          "a four-day week for all staff", "a grid-scale battery plant", "a same-day delivery service"]
METRICS = ["revenue", "market share", "headcount", "operating margin", "subscriber numbers", "output",
           "waiting lists", "inflation", "unemployment", "house prices", "fares", "capacity"]
MOVES = ["rise above {n}%", "fall below {n}%", "double", "shrink by at least {n}%", "grow by more than {n}%",
         "return to pre-pandemic levels", "hit a record high", "stay flat"]
EVENTS = ["announce layoffs of at least {n}% of staff", "be acquired", "cut prices by ${p}",
          "launch {thing}", "file for an IPO", "miss its delivery target", "close {n} stores",
          "raise ${p} million in new funding", "lose its CEO", "win the licence",
          "open a factory in Europe", "exit the UK market", "delay {thing}"]
# One generator for the module, reseeded per article: the same seed always gives the same text.
_rng = random.Random()

SECTORS = ["chips", "cloud", "housing", "energy", "rail", "retail", "health", "banking", "media", "sport"]


def deadline_phrases(year: int) -> list[str]:
    """Time expressions of every kind CLAIMS.md lists, around the publication year."""
    y1, y2 = year + 1, year + 2
    return [
        f"by Q{_rng.randint(1, 4)} {y1}", "within 18 months", f"in the second half of {year}",
        f"by the end of {y1}", f"before {y2}", f"by mid-{y1}", f"in {y1}", f"by March {y1}",
        "within two years", "next year", "by the end of the decade", f"in early {y1}",
        f"by summer {y1}", "over the next 12 to 18 months", f"by June 30, {y1}", "this year",
        f"in the fourth quarter of {y1}", "within six months", f"by {y2}", f"in H1 {y1}",
        "within the next three years", f"by autumn {year}", "before the decade is out", "next quarter",
    ]


def _person() -> str:
    return f"{_rng.choice(FIRST)} {_rng.choice(LAST)}"


def _fill(template: str, before: int = 2024) -> str:
    """A template with names and numbers filled in; years mentioned as history are no later than `before`."""
    text = template.format(
        n=_rng.choice([3, 5, 8, 10, 12, 15, 20, 25, 40]), p=_rng.choice([50, 120, 200, 450, 900]),
        thing=_rng.choice(THINGS), co=_rng.choice(COMPANIES), co2=_rng.choice(COMPANIES),
        firm=_rng.choice(FIRMS), metric=_rng.choice(METRICS), sector=_rng.choice(SECTORS),
        person=_person(), role=_rng.choice(ROLES), year=_rng.randint(before - 12, before),
    )
    return text


def _outcome() -> str:
    if _rng.random() < 0.5:
        return _fill(_rng.choice(EVENTS))
    return f"see its {_rng.choice(METRICS)} " + _fill(_rng.choice(MOVES))


def prediction(year: int) -> str:
    when = _rng.choice(deadline_phrases(year) + [""])
    co = _rng.choice(COMPANIES)
    shapes = [
        f"{co} will {_outcome()} {when}",
        f"{when.capitalize() or 'Eventually'}, {co} will {_outcome()}",
        f"We expect {co} to {_outcome()} {when}",
        f"{co} is likely to {_outcome()} {when}",
        f"There is a {_rng.choice([55, 60, 70, 75, 80, 90])}% chance that {co} will {_outcome()} {when}",
        f"If rates keep falling, {co} will {_outcome()} {when}",
        f"Expect {co} to {_outcome()} {when}",
    ]
    return " ".join(_rng.choice(shapes).split()) + "."


def attributed(year: int) -> str:
    person, role, co = _person(), _rng.choice(ROLES), _rng.choice(COMPANIES)
    when = _rng.choice(deadline_phrases(year))
    shapes = [
        f"{_rng.choice(FIRMS).capitalize()} predicts that {_rng.choice(METRICS)} will {_fill(_rng.choice(MOVES))} {when}.",
        f"{person}, {role} at {co}, expects the company to {_outcome()} {when}.",
        f"\"We will {_outcome().replace('see its', 'see our')} {when},\" said {person}, {co}'s {role}.",
        f"According to {person}, {_rng.choice(FIRMS)} now forecasts that {co} will {_outcome()} {when}.",
    ]
    return _rng.choice(shapes)


def verdict() -> str:
    co = _rng.choice(COMPANIES)
    judgement = _rng.choice(["a brilliant, high-risk move", "a short-sighted mistake", "the right call, made too late",
                               "an expensive distraction", "a bet that will age well", "a costly retreat"])
    decision = _rng.choice(["decision to " + _fill(_rng.choice(EVENTS)).replace(" be ", " get "),
                              "pivot to " + _rng.choice(SECTORS), "new pricing", "bet on " + _rng.choice(THINGS)])
    return f"{co}'s {decision} is {judgement}."


FILLER = [
    "In {year} the {sector} market looked very different: {co} was still a challenger and {co2} had barely started.",
    "{co}'s {metric} was flat last quarter, which surprised nobody who had read the filings.",
    "We spoke to {person}, a {role} who has watched {sector} for two decades, about what changed.",
    "Readers have asked why we keep coming back to {co}.",
    "The short answer is that it is where the money went, and where most of it was lost.",
    "Last year {co} reported {metric} up {n}%, helped by one large contract that has since ended.",
    "What happens when a hype cycle runs into a budget cycle?",
    "Nobody we asked could say for certain, and the ones who sounded sure were usually selling something.",
    "If costs keep climbing, {co} could be forced into deeper cuts, but that is a risk rather than a forecast.",
    "The numbers below come from company filings, {firm} releases and our own reporting.",
    "{person} put it bluntly when we met in March: the easy money in {sector} is gone.",
    "Two of us think the gap is closing; the other two think it is not, and we argued about it for an hour.",
    "Our records go back to {year}, and the pattern has been the same every cycle since.",
    "{co2} declined to comment for this piece.",
    "Anyone who runs a {sector} business should read their contracts this week, not next quarter.",
    "The regulator fined {co} ${p} million in {year} for misreporting {metric}.",
    "That fine was small next to the cost of the recall that followed.",
    "Meanwhile {co2} has quietly hired {n} engineers from its rivals.",
    "Is this a bubble? Maybe, but calling the top has never paid our bills.",
    "Thank you to everyone who wrote in after last week's issue; we read every reply.",
    "The chart in our archive shows {metric} falling in every one of the last {n} quarters.",
    "{firm} revised its outlook twice in {year}, both times downwards.",
    "None of this was obvious at the time, and we said so.",
    "Prices at {co} rose {n}% over the summer while volumes fell.",
    "When we last looked at {sector}, in {year}, three firms held most of the market; today it is five.",
    "It is worth remembering how quickly the mood turned.",
    "{person} left {co} in {year} to found a rival, taking half the {sector} team along.",
    "Our {year} review gave {co} the benefit of the doubt, and we were wrong to.",
    "You can find every past call, right or wrong, in the archive linked below.",
    "{co2}'s shareholders approved the merger by a narrow margin.",
    "The board met twice in April; the minutes say little, which says a lot.",
    "Analysts at {firm} count {n} new entrants since {year}.",
    "Should investors worry? Not yet.",
    "Demand for {thing} has been lumpy, strong in the cities and weak everywhere else.",
    "That is the background; now for the part you opened this email for.",
    "In a note to clients, {firm} said {metric} at {co} were the weakest since {year}.",
]
HEADINGS = ["Our predictions for {year}", "What we expect in {year}", "Calls for the year ahead",
            "Where {sector} goes next", "Our forecasts"]
VERDICT_HEADINGS = ["Verdict", "Bottom line", "Our take", "The verdict"]


def _paragraph(sentences: int, year: int) -> str:
    sentences = (_fill(_rng.choice(FILLER), year) for _ in range(sentences))
    return " ".join(s[0].upper() + s[1:] for s in sentences)


@dataclass(frozen=True)
class GeneratedArticle:
    title: str
    publication: str
    author: str
    published: date
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


def article(rng_seed: int, *, words: int = 1000, publications: list[str] | None = None) -> GeneratedArticle:
    """One article, the same for the same seed."""
    _rng.seed(rng_seed)
    return _article(words, publications or PUBLICATIONS)


def _article(words: int, publications: list[str]) -> GeneratedArticle:
    published = date(2016, 1, 1) + timedelta(days=_rng.randrange(365 * 10))
    year = published.year
    publication, author = _rng.choice(publications), _person()
    title = f"{_rng.choice(COMPANIES)}, {_rng.choice(SECTORS)} and {_rng.choice(THINGS)}: what {year} holds"
    header = f"# {title}\n\nBy {author}\nPublished: {published.isoformat()}\nPublication: {publication}\n"
    items = [prediction(year) for _ in range(_rng.randint(3, 5))]
    listing = "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))
    blocks = [
        header, _paragraph(5, year), _paragraph(4, year),
        f"## {_rng.choice(HEADINGS).format(year=year + 1, sector=_rng.choice(SECTORS))}\n\n{listing}",
        _paragraph(4, year) + " " + prediction(year) + " " + _paragraph(2, year),
        _paragraph(3, year) + " " + attributed(year),
    ]
    tail = [f"## {_rng.choice(VERDICT_HEADINGS)}\n\n**Our take:** {verdict()}\n\n{_paragraph(3, year)}", _paragraph(2, year)]
    body_words = sum(len(b.split()) for b in blocks + tail)
    while body_words < words:  # pad with non-claim prose to the requested length
        extra = _paragraph(4, year)
        blocks.append(extra)
        body_words += len(extra.split())
    return GeneratedArticle(title, publication, author, published, "\n\n".join(blocks + tail) + "\n")
