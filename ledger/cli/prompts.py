"""Asking an analyst at the terminal: single-key choices, lines of text, yes/no.

At a terminal a choice is one key press, read without Enter (cbreak mode, so Ctrl-C
still interrupts); typed-ahead keys are kept. Elsewhere (a pipe, a script) each answer
is a line, and a choice may be its key or its whole word. End of input (Ctrl-D, or a
pipe that runs dry) raises `EndOfInput`; Ctrl-C raises KeyboardInterrupt as usual.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, TypeVar

from rich.text import Text

T = TypeVar("T")
ENTER = "\n"


class EndOfInput(Exception):
    """The analyst closed the input; nothing half-answered should be saved."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    help: str = ""

    def menu_text(self) -> Text:
        if self.label.lower().startswith(self.key.lower()):
            return Text.assemble("[", (self.key, "bold"), "]", self.label[len(self.key):])
        return Text.assemble("[", (self.key, "bold"), "] ", self.label)


class Prompter:
    def __init__(self, console, stream=None):
        self.console = console
        self.stream = stream or sys.stdin
        try:
            self.fd = self.stream.fileno()
            self.tty = os.isatty(self.fd)
        except (AttributeError, OSError, ValueError):
            self.fd, self.tty = None, False
        self._line_editing = False

    def choose(self, choices: list[Choice], *, question: str = "", default: str | None = None) -> str:
        """One of the choices' keys; anything else re-asks with a one-line hint ('?' lists what each does)."""
        menu = Text(question + " " if question else "")
        menu.append(Text(" ").join(choice.menu_text() for choice in choices))
        if default is not None:
            menu.append(f" (Enter: {next(c.label for c in choices if c.key == default)})", style="dim")
        menu.append(" › ")
        keys = [choice.key for choice in choices]
        # The terminal goes into single-key mode before the menu is shown, so a key pressed the
        # moment the menu appears is read as a key, not buffered as the start of a line.
        with self._single_keys():
            while True:
                self.console.print(menu, end="")
                answer = self._key() if self.tty else self._word(choices)
                if answer == ENTER and default is not None:
                    answer = default
                chosen = next((choice for choice in choices if choice.key == answer), None)
                if chosen is not None:
                    self.console.print(chosen.label, style="bold")
                    return chosen.key
                self.console.print()
                if answer == "?":
                    for choice in choices:
                        self.console.print(Text.assemble("  ", choice.menu_text(), f"  {choice.help}" if choice.help else ""))
                    continue
                shown = "Enter" if answer == ENTER else repr(answer)
                self.console.print(
                    f"{shown} is not a choice: press one of {', '.join(keys)} (? explains each)", style="yellow", markup=False
                )

    def line(self, question: str, *, default: str | None = None) -> str:
        """A line of text, trimmed; Enter alone gives `default` (or "")."""
        shown = f"{question} [{default}]: " if default else f"{question}: "
        if self.tty:
            self._enable_line_editing()
            try:
                text = input(shown)
            except EOFError:
                raise EndOfInput from None
        else:
            self.console.print(shown, end="", markup=False)
            text = self.stream.readline()
            if not text:
                raise EndOfInput
            text = text.rstrip("\r\n")
            self.console.print(text, markup=False, highlight=False)
        text = text.strip()
        return text if text else (default or "")

    def checked(self, question: str, check: Callable[[str], T], *, default: str | None = None) -> T:
        """Ask until `check` accepts the answer; its error (a LedgerError) is the one-line hint."""
        from ledger.errors import LedgerError

        while True:
            answer = self.line(question, default=default)
            try:
                return check(answer)
            except LedgerError as exc:
                self.console.print(exc.format_message(), style="yellow", markup=False)

    def confirm(self, question: str, *, default: bool = True) -> bool:
        choices = [Choice("y", "yes"), Choice("n", "no")]
        return self.choose(choices, question=question, default="y" if default else "n") == "y"

    def _word(self, choices: list[Choice]) -> str:
        text = self.stream.readline()
        if not text:
            raise EndOfInput
        word = text.strip().lower()
        if not word:
            return ENTER
        for choice in choices:
            if word in (choice.key.lower(), choice.label.lower()):
                return choice.key
        return word

    @contextmanager
    def _single_keys(self) -> Iterator[None]:
        """cbreak mode (no echo, no line buffering; Ctrl-C still interrupts), restored however we leave."""
        if not self.tty:
            yield
            return
        import termios
        import tty

        old = termios.tcgetattr(self.fd)
        try:
            # TCSANOW, not the default TCSAFLUSH: keys typed ahead are answers, not noise.
            tty.setcbreak(self.fd, termios.TCSANOW)
            yield
        finally:
            termios.tcsetattr(self.fd, termios.TCSANOW, old)

    def _key(self) -> str:
        import select

        data = os.read(self.fd, 1)
        if data == b"\x1b" or (data and data[0] >= 0x80):
            # An arrow key or a non-ASCII letter: swallow the rest of its bytes.
            while select.select([self.fd], [], [], 0.05)[0]:
                data += os.read(self.fd, 16)
        # Ctrl-D arrives as itself in cbreak mode, or as NUL if it was typed while lines were being read.
        if data in (b"", b"\x04", b"\x00"):
            raise EndOfInput
        if data == b"\x03":
            raise KeyboardInterrupt
        if data in (b"\r", b"\n"):
            return ENTER
        return data.decode("utf-8", errors="replace")

    def _enable_line_editing(self) -> None:
        if not self._line_editing:
            try:
                import readline  # noqa: F401  (input() gains arrow keys and history)
            except ImportError:
                pass
            self._line_editing = True
