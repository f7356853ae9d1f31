"""Driving the real `ledger` command through a pseudo-terminal, as an analyst at a keyboard would.

The command runs as its own process (the installed `ledger` script next to the test's
Python) with stdin a real TTY, so single-key reading, Ctrl-C and Ctrl-D behave as they
do for a person. TERM=dumb and a wide COLUMNS keep the screen plain and unwrapped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

LEDGER = Path(sys.executable).with_name("ledger")
PROMPT = "› "
# Starting the CLI imports SQLAlchemy and friends; on a busy shared machine that can take a while.
TIMEOUT = 90


class Terminal:
    def __init__(self, config_path: Path, *args: str):
        env = dict(os.environ, TERM="dumb", COLUMNS="200", LINES="60", LEDGER_CONFIG=str(config_path))
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(
            str(LEDGER), ["--config", str(config_path), *map(str, args)],
            env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(60, 200),
            # poll, not select: select() cannot watch descriptors numbered 1024 or more, which a long
            # test session (servers, pools, browsers) can reach
            use_poll=True,
        )
        self.seen: list[str] = []

    def expect(self, text: str) -> str:
        """Wait for `text`; returns everything shown since the last thing waited for, up to and including it."""
        self.child.expect_exact(text)
        shown = self.child.before + self.child.after
        self.seen.append(shown)
        return shown

    def key(self, key: str) -> str:
        """Wait for a choice prompt, then press one key (no Enter). Returns the screen before the prompt."""
        shown = self.expect(PROMPT)
        self.child.send(key)
        return shown

    def answer(self, prompt: str, text: str) -> str:
        shown = self.expect(prompt)
        self.child.sendline(text)
        return shown

    def interrupt(self) -> None:
        """Ctrl-C, and again only if the command shows nothing in reply: CPython's readline can lose a
        SIGINT that lands while it is setting up a line prompt (the flag is set, then it waits for a
        key without looking), which a loaded machine makes likely. A person would press it again."""
        for _attempt in range(3):
            self.child.sendintr()
            if self.child.expect([r"[\s\S]", pexpect.EOF, pexpect.TIMEOUT], timeout=10) != 2:
                after = self.child.after if isinstance(self.child.after, str) else ""
                self.seen.append(self.child.before + after)
                return

    def end_of_input(self) -> None:
        self.child.sendeof()

    def finish(self) -> int:
        """Wait for the command to end; returns its exit status."""
        self.child.expect(pexpect.EOF)
        self.seen.append(self.child.before)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else 128 + self.child.signalstatus

    @property
    def transcript(self) -> str:
        return "".join(self.seen)
