"""`ledger extract`, `ledger eval` and `ledger eval-time` through the real CLI (typer's runner), storing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus-dev"
runner = CliRunner()

ARTICLE = """Harbour Board Outlook

By Nell Brandt

The harbour handled 4 million containers last year.

If the dredging finishes on time, the port will handle 5 million containers by the end of 2027.
Harbour master Tom Ekberg expects a second terminal to open within 18 months.
"""


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    """A config file of its own: extraction needs no database, only the [extraction] horizons."""
    path = tmp_path / "config.toml"
    path.write_text("[extraction]\ndefault_horizon_days = 365\nverdict_horizon_days = 180\n")
    monkeypatch.setenv("LEDGER_CONFIG", str(path))
    return path


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_extract_uses_the_configured_verdict_horizon(tmp_path):
    path = tmp_path / "review.txt"
    path.write_text("Ferry review\n\nThe verdict\n\nThe new ferry timetable is a clear improvement for commuters.\n")
    lines = [json.loads(line) for line in run("extract", str(path), "--published", "2026-01-01", "--json").output.splitlines()]
    assert [(c["kind"], c["deadline"]) for c in lines[1:]] == [("verdict", "2026-06-30")]


def test_extract_json_prints_metadata_then_one_claim_per_line(tmp_path):
    path = tmp_path / "outlook.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--published", "2026-03-02", "--publication", "Harbour Weekly", "--json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0] == {"title": "Harbour Board Outlook", "author": "Nell Brandt", "publication": "Harbour Weekly",
                        "published": "2026-03-02", "url": None}
    first, second = lines[1:]
    assert first == {
        "kind": "prediction",
        "quote": "If the dredging finishes on time, the port will handle 5 million containers by the end of 2027.",
        "deadline": "2027-12-31", "precision": "year", "condition": "the dredging finishes on time",
        "probability": None, "attributed_to": "publication", "start": first["start"], "end": first["end"],
        "deadline_expression": "by the end of 2027", "hedge": None,
    }
    assert ARTICLE[first["start"]:first["end"]] == first["quote"]
    assert (second["attributed_to"], second["deadline"], second["precision"]) == ("Tom Ekberg", "2027-09-02", "relative")


def test_extract_table_without_json(tmp_path):
    path = tmp_path / "outlook.txt"
    path.write_text(ARTICLE)
    result = run("extract", str(path), "--published", "2026-03-02")
    assert result.exit_code == 0
    assert "2 claims (nothing stored)" in result.output
    assert "2027-12-31" in result.output


def test_extract_a_feed_prints_each_item_with_its_own_date():
    result = run("extract", str(CORPUS / "d12.xml"), "--json")
    metas = [json.loads(line) for line in result.output.splitlines() if "kind" not in json.loads(line)]
    assert [m["published"] for m in metas] == ["2026-09-29", "2026-10-06", "2026-10-13"]


def test_extract_without_a_date_says_what_to_pass(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Title\n\nThe mill will close next year, its owners said in a statement on the matter.\n")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "--published" in result.output


def test_extract_an_unreadable_file_is_one_line_error(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02\x03")
    result = runner.invoke(app, ["extract", str(path), "--published", "2026-01-01"])
    assert result.exit_code == 1
    assert "binary" in result.output


def test_eval_reports_scores_and_json():
    result = run("eval", str(CORPUS))
    assert result.exit_code == 0
    assert "prediction" in result.output and "deadline" in result.output and "metadata" in result.output
    score = json.loads(run("eval", str(CORPUS), "--json").output)
    assert score["per_kind"]["prediction"]["f1"] >= 0.9
    assert set(score["fields"]) == {"deadline", "precision", "condition", "probability", "attribution"}


def test_eval_time_json():
    score = json.loads(run("eval-time", str(FIXTURES / "timex" / "meantime-dates.jsonl"), "--json").output)
    assert set(score) == {"n", "correct", "accuracy"}
    assert score["n"] == 221 and score["accuracy"] >= 0.9


def test_eval_time_lists_each_miss(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"dct": "2026-01-05", "text": "next month", "value": "2026-03", "sentence": ""}) + "\n")
    result = run("eval-time", str(path))
    assert "'next month': got 2026-02, want 2026-03" in result.output
    assert "value accuracy 0.000 (0/1)" in result.output
