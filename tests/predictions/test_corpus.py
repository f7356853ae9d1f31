"""The extractor against the dev gold corpus (corpus/README.md scoring), with the issue's targets."""

from pathlib import Path

from predictions.evaluate import evaluate_corpus, overlaps

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus-dev"


def test_overlap_counts_half_of_the_gold_words():
    gold = "Halcyon will ship its 1,000th unit before 2027"
    assert overlaps("Halcyon will ship its 1,000th unit", gold)
    assert not overlaps("Halcyon will", gold)


def test_dev_corpus_meets_the_targets():
    score = evaluate_corpus(CORPUS)
    assert not score.errors
    assert score.per_kind["prediction"]["f1"] >= 0.90, score.misses + score.false_finds
    assert score.per_kind["verdict"]["f1"] >= 0.85, score.misses + score.false_finds
    assert score.fields["deadline"]["accuracy"] >= 0.95, score.field_errors
    for name in ("condition", "probability", "attribution"):
        assert score.fields[name]["accuracy"] >= 0.90, score.field_errors
    for name in ("date", "title"):
        assert score.metadata[name]["accuracy"] >= 0.95
