"""Finding claims in article text: walk the article's lines under their headings, keep what states an expectation.

    claims = extract_claims(article.text, date(2026, 5, 12))

Pure and total: any string in, a list of ClaimDrafts out, each quote == text[start:end].
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from . import clauses, deadlines, sections
from .attribution import PUBLICATION, People, press_release_issuer, source_of, speaker
from .deadlines import Deadline
from .layout import Block, blocks, header_end
from .modality import TOKENS, TRIGGER_WORDS, cancelled, future_cue, words
from .model import ClaimDraft, ExtractionOptions
from .probability import hedge, probability
from .sections import Section
from .sentences import split_sentences
from .timegrammar import find_mentions

_PAST_MARKERS = re.compile(r"(?i)\b(?:was|were|had|did|has\s+been|have\s+been|we\s+said|we\s+called)\b")
_FORECAST_TABLE = re.compile(r"(?i)\b(?:predictions?|forecasts?|probability|likelihood|chance|odds|confidence|calls?)\b")
_REPORTED = re.compile(r"(?i)\b(?:said|says|told|according\s+to|argued|argues|claimed|claims|wrote)\b")
_RISK_ONLY = re.compile(r"(?i)\b(?:could|may|might)\b")  # "X could happen" in a list is a risk, not a call
_QUESTION_LABEL = re.compile(r"(?i)^(?:q|question|interviewer)$")
_ANSWER_LABEL = re.compile(r"(?i)^(?:a|answer)$")
_INLINE_LABEL = re.compile(r"([A-Z][\w’' #]{0,30}?)\s*:\s+(?=\S)")
_TRAILING_PROBABILITY = re.compile(
    r"\s*(?:[:–—,]|\s-)\s*(?:\d{1,3}(?:\.\d+)?\s*%|(?i:\d{1,2}|one|two|three|four|five|six|seven|eight|nine)"
    r"[\s-]+in[\s-]+(?i:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten))\s*[.)]?\s*$")

_IN_WORD = re.compile(r"[\s-]in[\s-]")  # the "in" of "one in four": _TRAILING_PROBABILITY needs it or a "%"


class _Walk:
    """State while reading one article top to bottom."""

    def __init__(self, text: str, published: date, options: ExtractionOptions):
        self.text = text
        self.published = published
        self.options = options
        self.people = People(text)
        self.issuer = press_release_issuer(text)
        self.section = Section()
        self.rule: Deadline | None = None
        self.claims: list[ClaimDraft] = []
        self.table_header: str | None = None  # the header row of the table being read
        # who "we" and "I" are when not the publication: the firm issuing a press release, an interviewee answering
        self.voice: str | None = self.issuer
        self.header = 0

    # -- sections -------------------------------------------------------------------
    def heading(self, block: Block) -> None:
        line = self.text[block.start:block.end]
        if sections.interstitial(line):
            return
        kind = sections.classify_heading(line)
        parent = self.section
        lead_in = line.rstrip().endswith(":")
        if lead_in and kind == "body" and parent.kind in ("chrome", "past", "forecast"):
            kind = parent.kind
        year = deadlines.heading_year(line)
        if year is None and lead_in:
            year = parent.year
        owner = sections.list_owner(line) or (parent.owner if lead_in else None)
        self.section = Section(line, kind, year, owner, verdict_open=kind == "verdict")

    # -- claims ---------------------------------------------------------------------
    def add(self, kind: str, start: int, end: int, *, context: tuple[int, int] | None = None,
            listed: bool = False) -> ClaimDraft | None:
        text = self.text
        ctx_start, ctx_end = context or (start, end)
        qs, qe = clauses.trim_quote(text, start, end)
        tail = _TRAILING_PROBABILITY.search(text, qs, qe) if "%" in text[qs:qe] or _IN_WORD.search(text, qs, qe) else None
        if tail and tail.start() > qs:
            qe = tail.start()
        if qe - qs < 8 or any(c.start < qe and qs < c.end for c in self.claims):
            return None
        cond = clauses.condition(text, qs, qe) if kind == "prediction" else None
        sentence = text[ctx_start:ctx_end]
        prob = probability(sentence) if kind == "prediction" else None
        attributed_to = source_of(sentence, ctx_start, self.people, self.issuer, self.section.owner)
        if self.voice and attributed_to == PUBLICATION and kind == "prediction":
            attributed_to = self.voice
        found = self._deadline(kind, qs, qe, cond, listed)
        draft = ClaimDraft(
            kind=kind, quote=text[qs:qe], start=qs, end=qe,
            deadline=found.date, precision=found.precision, deadline_expression=found.expression,
            condition=text[cond[0]:cond[1]].strip().rstrip(".,;") if cond else None,
            probability=prob,
            hedge=hedge(text[qs:qe]) if kind == "prediction" and prob is None else None,
            attributed_to=attributed_to,
        )
        self.claims.append(draft)
        self.section.claims.append(draft)
        return draft

    def _deadline(self, kind: str, start: int, end: int, cond, listed: bool) -> Deadline:
        if kind == "verdict":
            return deadlines.default(self.published, self.options.verdict_horizon_days)
        holes = ([cond] if cond else []) + clauses.asides(self.text, start, end)
        blanked = clauses.without(self.text, start, end, holes)
        found = deadlines.deadline_in(blanked, self.published, default_year=self.section.year)
        if found is None and listed and self.rule is not None:
            found = self.rule
        if found is None and self.section.year is not None:
            found = Deadline(date(self.section.year, 12, 31), "year", self.section.heading.strip())
        if found is None:
            found = deadlines.default(self.published, self.options.default_horizon_days)
        return found

    def prediction(self, start: int, end: int, *, listed: bool = False) -> None:
        for a, b in clauses.split_compound(self.text, start, end):
            self.add("prediction", a, b, context=(start, end), listed=listed)

    def revise_last(self, **changes) -> None:
        """A "Likelihood:" or "Timeframe:" line under a claim belongs to that claim."""
        if not self.section.claims:
            return
        last = self.section.claims[-1]
        revised = replace(last, **changes)
        self.section.claims[-1] = revised
        self.claims[self.claims.index(last)] = revised

    # -- blocks ---------------------------------------------------------------------
    def block(self, block: Block) -> None:
        if block.kind == "heading":
            self.heading(block)
            return
        if block.kind == "table" and self.section.kind not in ("chrome", "past"):
            self.table_row(block)
            return
        self.table_header = None
        if block.kind in ("blank", "table") or self.section.kind == "chrome":
            return
        if block.label and self.labelled(block):
            return
        if self.section.kind == "past":
            return
        if self.section.verdict_open:
            self.section.verdict_open = False
            spans = split_sentences(self.text, block.content_start, block.end)
            if spans and future_cue(self.text[spans[0][0]:spans[0][1]]) is None:
                if not self.text[spans[0][0]:spans[0][1]].rstrip().endswith("?"):
                    self.add("verdict", *spans[0])
                spans = spans[1:]
            self.sentences(spans)
            return
        if block.kind == "item":
            self.item(block.start, block.end)
            return
        line = self.text[block.start:block.end]
        if ":" in line or len(line) > 400:
            if not _paragraph_may_claim(line):
                return  # nothing in the paragraph can make a claim: skip splitting it into sentences
            spans = split_sentences(self.text, block.start, block.end)
        else:
            # A paragraph's words are its sentences' words (no word spans the space after a full stop), and each
            # sentence is tokenised below anyway: asking them spares tokenising the whole paragraph first.
            spans = split_sentences(self.text, block.start, block.end)
            if "50-50" not in line and "50/50" not in line:
                self.gated_sentences(spans)
                return
        self.sentences(spans)

    def table_row(self, block: Block) -> None:
        """A forecast table ("| Prediction | Probability |"): each row's first cell is a claim."""
        row = self.text[block.start:block.end]
        if self.table_header is None:
            self.table_header = row
            return
        if not _FORECAST_TABLE.search(self.table_header) or set(row) <= set("|-: \t"):
            return
        cell = re.search(r"[^|\s][^|]*[^|\s]", row)
        if cell is None or cancelled(cell.group()) or _PAST_MARKERS.search(cell.group()):
            return
        start, end = block.start + cell.start(), block.start + cell.end()
        claim = self.add("prediction", start, end, context=(start, block.end), listed=True)
        if claim is None:
            return
        rest = row[cell.end():]
        found = deadlines.deadline_in(rest, self.published, default_year=self.section.year)
        if found and claim.precision == "default":
            self.revise_last(deadline=found.date, precision=found.precision, deadline_expression=found.expression)
        share = re.search(r"\|\s*(\d{1,3}(?:\.\d+)?)\s*%\s*(?=\|)", rest)  # a cell that is only a percentage
        if share and claim.probability is None and float(share.group(1)) <= 100:
            self.revise_last(probability=float(share.group(1)) / 100, hedge=None)

    def labelled(self, block: Block) -> bool:
        """Handle a "Label: value" line; False when the label says nothing and the line reads as plain text."""
        label, body = block.label, self.text[block.content_start:block.end]
        if sections.worthless_label(label) or sections.classify_heading(label) == "chrome":
            return True
        if _QUESTION_LABEL.match(label):
            return True  # the interviewer's question
        if sections.PROBABILITY_LABEL.match(label):
            prob = probability(self.text[block.start:block.end])
            self.revise_last(probability=prob, hedge=None if prob is not None else hedge(self.text[block.start:block.end]))
            return True
        if sections.TIME_LABEL.match(label):
            found = deadlines.deadline_in(body, self.published, default_year=self.section.year)
            if found:
                self.revise_last(deadline=found.date, precision=found.precision, deadline_expression=found.expression)
            return True
        if sections.VERDICT_LABEL.match(label):
            spans = split_sentences(self.text, block.content_start, block.end)
            if spans:
                self.add("verdict", block.start, spans[0][1], context=(block.start, spans[0][1]))
            self.section.verdict_open = False
            return True
        if sections.PREDICTION_LABEL.match(label):
            if self.section.kind != "past" and not body.rstrip().endswith("?"):
                self.prediction(block.start, block.end, listed=True)
            return True
        who = self.speaker(label)  # after the known labels: "Verdict:" is nobody
        if who is not None:
            saved, self.voice = self.voice, who
            self.sentences(split_sentences(self.text, block.content_start, block.end))
            self.voice = saved
            return True
        if find_mentions(label) and self.section.kind != "past":
            self.dated(block)
            return True
        return False

    def speaker(self, label: str) -> str | None:
        """Who answers after a transcript's label: "A:" is the interviewee the intro names, "Jane Roe:" is herself."""
        if _ANSWER_LABEL.match(label):
            return self.people.first_after(self.header)
        return speaker(label, self.people)

    def dated(self, block: Block) -> None:
        """ "H2 2023: growth recovers to 1.5%": a dated line is a forecast when its period is still ahead."""
        line = self.text[block.start:block.end]
        label_deadline = deadlines.deadline_in(block.label, self.published, default_year=self.section.year)
        ahead = label_deadline is not None and label_deadline.date >= self.published
        if future_cue(line) or (ahead and not _PAST_MARKERS.search(line) and not cancelled(line)):
            self.prediction(block.start, block.end, listed=True)

    def item(self, start: int, end: int) -> None:
        line = self.text[start:end]
        spans = split_sentences(self.text, start, end)
        cued = any(future_cue(self.text[a:b]) for a, b in spans[:1]) or (
            self.section.kind == "forecast" and not _PAST_MARKERS.search(line) and not cancelled(line)
            and not _RISK_ONLY.search(line))
        if cued:
            self.prediction(start, end, listed=True)
        else:
            self.sentences(spans)

    def gated_sentences(self, spans: list[tuple[int, int]]) -> None:
        """`sentences` for a paragraph of at most 400 characters without a colon or "50-50": each sentence is looked up
        once, and the paragraph is left when none holds a cue word (even if one opens with a quotation mark)."""
        text = self.text
        kept = []
        cued = False
        for a, b in spans:
            sentence = text[a:b]
            if not _CUES.isdisjoint(words(sentence)):
                cued = True
                kept.append((a, b, sentence))
            elif sentence[0] in _QUOTES:  # what `_sentence_may_claim` lets through besides cue words, here
                kept.append((a, b, sentence))
        if cued:
            for a, b, sentence in kept:
                self.sentence(a, b, sentence)

    def sentences(self, spans: list[tuple[int, int]]) -> None:
        for a, b in spans:
            sentence = self.text[a:b]
            if _sentence_may_claim(sentence):
                self.sentence(a, b, sentence)

    def sentence(self, a: int, b: int, sentence: str) -> None:
        """One sentence that `_sentence_may_claim` lets through: a verdict, a prediction or a list's deadline rule."""
        label = _INLINE_LABEL.match(sentence) if ":" in sentence else None
        if label and sections.VERDICT_LABEL.match(label.group(1)):
            self.add("verdict", a, b)  # "... by 40%. Verdict: the ruling is a sensible compromise."
        elif label and sections.PREDICTION_LABEL.match(label.group(1)) and not cancelled(sentence):
            self.prediction(a, b, listed=True)
        elif sections.prose_verdict(sentence) and not cancelled(sentence) and not _REPORTED.search(sentence):
            self.add("verdict", a, b)
        elif future_cue(sentence, first_person=self.voice is not None):
            self.prediction(a, b, listed=self.section.kind == "forecast")
        else:
            rule = deadlines.list_rule(sentence, self.published)
            if rule is not None:
                self.rule = rule


# Every word a claim, a verdict or a list rule needs (future markers, evaluative hints, "each"/"unless"):
# most sentences hold none, and one set lookup lets them skip every pattern below.
_CUES = TRIGGER_WORDS | sections.VERDICT_HINTS | deadlines.RULE_WORDS | {"'ll", "%"}
_QUOTES = "\"“‘'"


def _sentence_may_claim(sentence: str) -> bool:
    """False only when no branch of `_Walk.sentences` could act on the sentence (a gate, never a verdict)."""
    if ":" in sentence or len(sentence) > 400 or sentence[0] in _QUOTES or "50-50" in sentence or "50/50" in sentence:
        return True  # labels, long runs and quoted openings take the full path
    return not _CUES.isdisjoint(words(sentence))


def _paragraph_may_claim(line: str) -> bool:
    """Whether any sentence of the paragraph may matter: the line is tokenised once, never cached when long."""
    if ":" in line:
        return True
    if len(line) <= 400:
        w = words(line)
        return not _CUES.isdisjoint(w) or "50-50" in line or "50/50" in line
    lowered = line.lower()
    if "'ll" in lowered or "’ll" in lowered or "%" in line:
        return True
    tokens = TOKENS.findall(lowered)
    if not TRIGGER_WORDS.isdisjoint(tokens):
        return True
    if "’" in lowered:  # the rule and verdict words are looked up with apostrophes straightened, as `words` does
        tokens = TOKENS.findall(lowered.replace("’", "'"))
    return not (sections.VERDICT_HINTS.isdisjoint(tokens) and deadlines.RULE_WORDS.isdisjoint(tokens))


def _title_section(text: str, items: list[Block], header: int) -> Section:
    """A title such as "Predictions for 2026" gives its year to claims that name none, like a heading does."""
    title = next((b for b in items if b.kind != "blank"), None)
    if title is None or title.end > header:
        return Section()
    line = text[title.start:title.end]
    year = deadlines.heading_year(line)
    if year is None or sections.classify_heading(line) != "forecast":
        return Section()
    return Section(line, "forecast", year)


def extract_claims(text: str, published: date, options: ExtractionOptions | None = None, *,
                   published_precision: str = "day") -> list[ClaimDraft]:
    """The predictions and verdicts in `text`, with deadlines counted from `published` (CLAIMS.md)."""
    options = options or ExtractionOptions()
    if published_precision == "month":
        published = published.replace(day=1)  # only the month is known: P is its first day
    walk = _Walk(text, published, options)
    items = blocks(text)
    skip_to = header_end(text, items)
    walk.header = skip_to
    walk.section = _title_section(text, items, skip_to)
    for block in items:
        if block.end <= skip_to:
            continue
        walk.block(block)
    return sorted(walk.claims, key=lambda c: c.start)

