"""Scoring the extractor against a gold corpus (corpus/README.md) and the normaliser against TimeML values.

A found claim matches a gold claim when their texts share at least half of the gold
quote's words; each gold claim matches at most once. Field accuracies are over
matched claims; metadata accuracy is over HTML pages, where the extractor finds the
date, title and author on its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .extract import extract_claims
from .feeds import parse_feed
from .model import ArticleUnreadable, ExtractionOptions
from .reading import read_article
from .timex import normalise

_WORD = re.compile(r"[\w'’$%.,-]+")
FIELDS = ("deadline", "precision", "condition", "probability", "attribution")


@dataclass
class CorpusScore:
    per_kind: dict = field(default_factory=dict)  # kind -> {tp, fp, fn, precision, recall, f1}
    fields: dict = field(default_factory=dict)  # field -> {n, correct, accuracy}
    metadata: dict = field(default_factory=dict)  # date/title/author -> {n, correct, accuracy}
    misses: list = field(default_factory=list)
    false_finds: list = field(default_factory=list)
    field_errors: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"per_kind": self.per_kind, "fields": self.fields, "metadata": self.metadata, "misses": self.misses,
                "false_finds": self.false_finds, "field_errors": self.field_errors, "errors": self.errors}


@dataclass
class TimexScore:
    n: int = 0
    correct: int = 0
    misses: list = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def to_dict(self) -> dict:
        return {"n": self.n, "correct": self.correct, "accuracy": round(self.accuracy, 4), "misses": self.misses}


def _words(text: str) -> list[str]:
    return [w.strip(".,").lower().replace("’", "'") for w in _WORD.findall(text) if w.strip(".,")]


def overlaps(found: str, gold: str) -> bool:
    """At least half of the gold quote's words appear in the found text."""
    gold_words = _words(gold)
    if not gold_words:
        return False
    pool = {}
    for w in _words(found):
        pool[w] = pool.get(w, 0) + 1
    shared = 0
    for w in gold_words:
        if pool.get(w):
            pool[w] -= 1
            shared += 1
    return shared * 2 >= len(gold_words)


def _ratio(correct: int, n: int) -> dict:
    return {"n": n, "correct": correct, "accuracy": round(correct / n, 4) if n else None}


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _articles(corpus_dir: Path, gold_lines: list[dict]):
    """Each gold line with the article text the extractor sees (feed items found by their link)."""
    feeds: dict[str, dict] = {}
    for gold in gold_lines:
        path = corpus_dir / gold["file"]
        data = path.read_bytes()
        if gold.get("item"):
            if gold["file"] not in feeds:
                feeds[gold["file"]] = {a.url: a for a in parse_feed(data, source=str(path))}
            yield gold, feeds[gold["file"]].get(gold["item"])
        else:
            fmt = {"rss": None, "atom": None}.get(gold.get("format"), gold.get("format"))
            yield gold, read_article(data, source=str(path), fmt=fmt)


def evaluate_corpus(corpus_dir: Path, options: ExtractionOptions | None = None) -> CorpusScore:
    corpus_dir = Path(corpus_dir)
    gold_lines = [json.loads(line) for line in (corpus_dir / "gold.jsonl").read_text().splitlines() if line.strip()]
    score = CorpusScore()
    counts: dict[str, list[int]] = {}
    field_counts = {f: [0, 0] for f in FIELDS}
    meta_counts = {m: [0, 0] for m in ("date", "title", "author")}
    try:
        articles = list(_articles(corpus_dir, gold_lines))
    except ArticleUnreadable as exc:
        score.errors.append(str(exc))
        return score
    for gold, article in articles:
        if article is None:
            score.errors.append(f"{gold['id']}: item {gold.get('item')} not found in {gold['file']}")
            continue
        published, precision = _gold_date(gold["published"])
        found = extract_claims(article.text, published, options, published_precision=precision)
        _score_claims(gold, found, counts, field_counts, score)
        if gold.get("format") == "html":
            _score_metadata(gold, article, meta_counts)
    score.per_kind = {k: _prf(*v) for k, v in sorted(counts.items())}
    score.fields = {f: _ratio(c, n) for f, (c, n) in field_counts.items()}
    score.metadata = {m: _ratio(c, n) for m, (c, n) in meta_counts.items()}
    return score


def _gold_date(value: str) -> tuple[date, str]:
    """ "2026-05-12", or "2026-05" when only the month of publication is known."""
    if len(value) == 7:
        return date.fromisoformat(value + "-01"), "month"
    return date.fromisoformat(value), "day"


def _score_claims(gold: dict, found: list, counts: dict, field_counts: dict, score: CorpusScore) -> None:
    used: set[int] = set()
    matched = set()
    for claim in found:
        hit = next((i for i, g in enumerate(gold["claims"])
                    if i not in used and g["kind"] == claim.kind and overlaps(claim.quote, g["quote"])), None)
        tally = counts.setdefault(claim.kind, [0, 0, 0])
        if hit is None:
            tally[1] += 1
            score.false_finds.append({"id": gold["id"], "kind": claim.kind, "quote": claim.quote})
            continue
        used.add(hit)
        matched.add(hit)
        tally[0] += 1
        _score_fields(gold["id"], gold["claims"][hit], claim, field_counts, score)
    for i, g in enumerate(gold["claims"]):
        if i not in matched:
            counts.setdefault(g["kind"], [0, 0, 0])[2] += 1
            score.misses.append({"id": gold["id"], "kind": g["kind"], "quote": g["quote"]})


def _score_fields(article_id: str, gold: dict, claim, field_counts: dict, score: CorpusScore) -> None:
    checks = {
        "deadline": (claim.deadline.isoformat(), gold["deadline"]),
        "precision": (claim.precision, gold["precision"]),
        "condition": (claim.condition is not None, gold.get("condition") is not None),
        "probability": (claim.probability, gold.get("probability")),
        "attribution": (claim.attributed_to, gold.get("attributed_to", "publication")),
    }
    for name, (got, want) in checks.items():
        if name == "probability" and got is not None and want is not None:
            ok = abs(got - want) < 1e-6
        else:
            ok = got == want
        field_counts[name][1] += 1
        field_counts[name][0] += ok
        if not ok:
            score.field_errors.append({"id": article_id, "field": name, "got": got, "want": want,
                                       "quote": gold["quote"]})


def _score_metadata(gold: dict, article, meta_counts: dict) -> None:
    pairs = {"date": (article.published.isoformat() if article.published else None, gold.get("published")),
             "title": (article.title, gold.get("title")), "author": (article.author, gold.get("author"))}
    for name, (got, want) in pairs.items():
        if want is None and name == "author":
            continue
        meta_counts[name][1] += 1
        meta_counts[name][0] += _same(got, want)


def _same(a: str | None, b: str | None) -> bool:
    norm = lambda s: " ".join((s or "").replace("’", "'").split()).lower()  # noqa: E731
    return norm(a) == norm(b)


def evaluate_timex(jsonl: Path) -> TimexScore:
    score = TimexScore()
    for line in Path(jsonl).read_text().splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        score.n += 1
        period = normalise(item["text"], date.fromisoformat(item["dct"]), item.get("sentence"))
        got = period.timeml if period else None
        if got == item["value"]:
            score.correct += 1
        else:
            score.misses.append({"text": item["text"], "dct": item["dct"], "value": item["value"], "got": got,
                                 "sentence": item.get("sentence")})
    return score
