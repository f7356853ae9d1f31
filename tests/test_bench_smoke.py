"""The benchmark machinery works end to end at tiny sizes. Timings are not asserted: benchmarks are not tests.

`make bench` runs the real sizes; this only proves that every generator, every
case and the report still run, so a broken benchmark is found by `make test`
rather than on the day someone needs the numbers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import articles, corpus
from benchmarks.ledgers import LedgerSpec, cached_ledger, counts

ROOT = Path(__file__).resolve().parent.parent
CASES = {"extraction", "ingest", "store", "due", "scorecards", "email", "help"}


def test_articles_are_seeded_and_shaped_like_newsletters():
    first, again, other = articles.article(11), articles.article(11), articles.article(12)
    assert first == again
    assert first.text != other.text
    assert 950 <= first.words <= 1300
    assert f"Published: {first.published.isoformat()}" in first.text
    assert "\n1. " in first.text and "**Our take:**" in first.text


def test_ledger_builder_fills_the_migrated_schema_and_reuses_its_cache(tmp_path):
    spec = LedgerSpec(publications=5, claims=300, resolved=120, seed=3)
    path = cached_ledger(spec, tmp_path)
    found = counts(path)
    assert found["publications"] == 5 and found["claims"] == 300
    assert 60 <= found["resolved"] <= 180  # drawn at random around the requested number
    built = path.stat().st_mtime_ns
    assert cached_ledger(spec, tmp_path) == path and path.stat().st_mtime_ns == built


def test_corpus_has_a_manifest_entry_per_article(tmp_path):
    folder, manifest = corpus.cached_corpus(seed=5, count=4, cache=tmp_path)
    files = sorted(folder.rglob("*.md"))
    assert len(files) == 4
    assert manifest.read_text(encoding="utf-8").count("[[article]]") == 4


def test_every_case_runs_at_a_tiny_scale(tmp_path):
    env = dict(os.environ, BENCH_SCALE="0.001", BENCH_CACHE=str(tmp_path / "cache"))
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--repeats", "1", "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    # 0 or 1: a missed target is a result, not a failure of the machinery.
    assert done.returncode in (0, 1), done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    errors = [r["measured"] for r in results if r["measured"].startswith("error")]
    assert not errors, done.stderr[-3000:]
    assert len(results) >= len(CASES)
    assert "prediction ledger benchmarks" in done.stdout
    if done.returncode == 1:
        assert any(r["ok"] is False for r in results)


def test_only_runs_the_named_case_and_rejects_unknown_ones(tmp_path):
    env = dict(os.environ, BENCH_CACHE=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "nonsense"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no such case" in done.stderr
