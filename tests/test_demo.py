"""The sample set behind `make demo`: every article goes in and every sample resolution finds its claim."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_demo_data_ingests_and_every_sample_resolution_finds_its_claim(ledger):
    ingested = ledger.run("ingest", EXAMPLES / "articles", "--manifest", EXAMPLES / "publications.toml")
    assert "16 stored" in ingested.stdout and not ingested.stderr
    lines = sum(1 for line in (EXAMPLES / "resolutions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    resolved = ledger.run("resolve", "--file", EXAMPLES / "resolutions.jsonl")
    assert f"{lines} resolved, 0 already resolved, 0 errors" in resolved.stdout
    assert ledger.scalar("SELECT count(DISTINCT publication_id) FROM article") >= 4
    ledger.run("db", "check")
