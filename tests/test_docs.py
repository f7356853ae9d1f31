"""Documentation that cannot go stale: the command reference is the commands' own --help."""

from __future__ import annotations

from pathlib import Path

import typer

from ledger.cli import app
from ledger.cli.reference import command_paths, help_text, reference

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_reference_matches_the_commands():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/cli.md is stale: run `uv run python -m ledger.cli.reference > docs/cli.md`"


def test_every_command_shows_an_example_in_its_help():
    root = typer.main.get_command(app)
    leaves = [path for path in command_paths(root) if path and not getattr(_command(root, path), "commands", None)]
    assert len(leaves) > 15
    missing = [" ".join(path) for path in leaves if "example" not in help_text(path).lower()]
    assert missing == []


def test_the_readme_points_at_the_reference_and_names_every_command_group():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md" in readme
    root = typer.main.get_command(app)
    for name in root.list_commands(None):
        assert f"ledger {name}" in readme, name


def _command(root, path):
    command = root
    for name in path:
        command = command.commands[name]
    return command
