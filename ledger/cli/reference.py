"""The command reference in docs/cli.md, generated from the commands' own --help.

    python -m ledger.cli.reference > docs/cli.md

tests/test_docs.py fails when the file and the commands disagree, so the
reference never goes stale and no command goes undocumented.
"""

from __future__ import annotations

WIDTH = 100


def command_paths(command, prefix=()) -> list[tuple[str, ...]]:
    """Every command and subcommand, depth first, in the order --help lists them."""
    paths = [prefix]
    subcommands = getattr(command, "commands", None) or {}
    for name in command.list_commands(None) if subcommands else []:
        paths.extend(command_paths(subcommands[name], (*prefix, name)))
    return paths


def help_text(path: tuple[str, ...]) -> str:
    from typer.testing import CliRunner

    from ledger.cli import app

    result = CliRunner().invoke(app, [*path, "--help"], prog_name="ledger", terminal_width=WIDTH, env={"COLUMNS": str(WIDTH)})
    return result.stdout.rstrip()


def reference() -> str:
    import typer

    from ledger.cli import app

    root = typer.main.get_command(app)
    parts = ["# Command reference", "", "Generated from `--help` by `python -m ledger.cli.reference`; do not edit by hand.", ""]
    for path in command_paths(root):
        title = " ".join(("ledger", *path))
        parts += [f"## {title}", "", "```", help_text(path), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
