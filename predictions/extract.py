"""Finding claims in article text. (Placeholder: deepened by the extraction work.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .model import ClaimDraft, ExtractionOptions

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_BY_YEAR = re.compile(r"\bby (?:the end of )?(\d{4})\b", re.I)


def extract_claims(text: str, published: date, options: ExtractionOptions | None = None, *, published_precision: str = "day") -> list[ClaimDraft]:
    options = options or ExtractionOptions()
    drafts = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if not sentence:
            continue
        start = text.index(sentence, match.start())
        end = start + len(sentence)
        if sentence.lower().startswith("verdict:"):
            quote = sentence[len("verdict:"):].strip()
            qstart = text.index(quote, start)
            drafts.append(ClaimDraft(kind="verdict", quote=quote, start=qstart, end=qstart + len(quote),
                                     deadline=published + timedelta(days=options.verdict_horizon_days),
                                     precision="default"))
            continue
        if " will " not in f" {sentence.lower()} ":
            continue
        year = _BY_YEAR.search(sentence)
        if year:
            deadline, precision, expr = date(int(year.group(1)), 12, 31), "year", year.group(0)
        else:
            deadline, precision, expr = published + timedelta(days=options.default_horizon_days), "default", None
        drafts.append(ClaimDraft(kind="prediction", quote=sentence, start=start, end=end,
                                 deadline=deadline, precision=precision, deadline_expression=expr))
    return drafts
