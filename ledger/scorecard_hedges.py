"""Hedge words to probabilities, for the "confidence implied by wording" view.

The mapping lives in config.toml `[hedges]` (with its source) so an analyst can
change it; the defaults below are the same survey medians (../shared/HEDGES.md)
and apply when the config has no such section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLAIN = "will"  # a claim with neither a probability nor a hedge states its outcome outright

DEFAULT_SOURCE = (
    "CAPphrase survey medians (github.com/adamkucharski/CAPphrase, data/absolute_judgements.csv, "
    "5,174 respondents); \u201cprobably not\u201d from Sherman Kent, Words of Estimative Probability (1964)"
)
DEFAULT_PHRASES = {
    "almost certain": 0.95, "almost certainly": 0.95, "highly likely": 0.90, "very likely": 0.90,
    "very good chance": 0.80, "likely": 0.75, "probable": 0.75, "probably": 0.75,
    "realistic possibility": 0.60, "better than even": 0.60, "about even": 0.50,
    "may": 0.40, "might": 0.40, "could": 0.40, "probably not": 0.30, "unlikely": 0.20,
    "improbable": 0.10, "little chance": 0.10, "highly unlikely": 0.05, "almost certainly not": 0.05,
    "remote chance": 0.05, "almost no chance": 0.02, "will": 1.0,
}
DEFAULT_UNINFORMATIVE = ("may", "might", "could")

_WORDS = re.compile(r"[^a-z0-9]+")


class HedgeConfigError(ValueError):
    pass


def _normal(text: str) -> str:
    return " ".join(_WORDS.sub(" ", text.casefold()).split())


@dataclass(frozen=True)
class HedgeMapping:
    phrases: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PHRASES))
    uninformative: frozenset[str] = frozenset(DEFAULT_UNINFORMATIVE)
    source: str = DEFAULT_SOURCE

    def phrase_for(self, wording: str | None) -> str | None:
        """The mapped phrase a wording contains (the longest, so "highly unlikely" beats "likely"), or None."""
        if wording is None or not wording.strip():
            return PLAIN if PLAIN in self.phrases else None
        text = f" {_normal(wording)} "
        matches = [p for p in self.phrases if f" {_normal(p)} " in text]
        return max(matches, key=lambda p: (len(p), p)) if matches else None


def mapping_from_config(section: dict, where: str = "config.toml") -> HedgeMapping:
    """Read `[hedges]`: `source`, `uninformative` (a list) and `[hedges.phrases]` (phrase = probability 0..1)."""
    if not section:
        return HedgeMapping()
    phrases = section.get("phrases", DEFAULT_PHRASES)
    if not isinstance(phrases, dict):
        raise HedgeConfigError(f"{where}: [hedges.phrases] must be a table of phrase = probability")
    checked = {}
    for phrase, value in phrases.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise HedgeConfigError(f"{where}: [hedges.phrases] {phrase!r} must be a probability from 0 to 1")
        checked[str(phrase).strip().casefold()] = float(value)
    uninformative = section.get("uninformative", list(DEFAULT_UNINFORMATIVE))
    if not isinstance(uninformative, list) or not all(isinstance(p, str) for p in uninformative):
        raise HedgeConfigError(f"{where}: [hedges] uninformative must be a list of phrases")
    source = section.get("source", "")
    if not isinstance(source, str):
        raise HedgeConfigError(f"{where}: [hedges] source must be text")
    return HedgeMapping(checked, frozenset(p.strip().casefold() for p in uninformative), source)
