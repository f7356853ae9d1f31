"""Running a ledger command in a child process and killing it with SIGKILL at a chosen moment.

The child is forked from the test process, which has already imported the
ledger, so a run starts in milliseconds instead of the second a fresh
interpreter takes: that is what makes a hundred kills affordable. The child
opens its own database connections (the parent disposes its engines before
forking) and leaves with os._exit, so it never touches the parent's.
"""

from __future__ import annotations

import os
import sys
import signal
import time
from dataclasses import dataclass


def _write_to(fd: int) -> None:
    """Point the child's stdout and stderr at `fd`, at both levels: pytest's capture replaces sys.stdout."""
    import sys

    os.dup2(fd, 1)
    os.dup2(fd, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)


@dataclass(frozen=True)
class Run:
    exit_code: int | None  # None: killed
    seconds: float


def cli_in_child(
    args: list[str], *, kill_after: float | None = None, kill_when=None, stdin: str | None = None
) -> Run:
    """Run `ledger ARGS` in a forked child; SIGKILL it `kill_after` seconds after it starts, or after
    `kill_when()` (polled) first returns true, if it is still running then."""
    from ledger.cli import app  # imported before the fork, so the child starts warm

    read_end, write_end = os.pipe() if stdin is not None else (None, None)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            _write_to(os.open(os.devnull, os.O_WRONLY))
            if read_end is not None:
                os.dup2(read_end, 0)
                # pytest replaced sys.stdin with a guard; the child reads the real pipe, as a shell would give it
                sys.stdin = open(0, encoding="utf-8", closefd=False)
            try:
                app(args, standalone_mode=True)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            os._exit(code)
    if stdin is not None:
        os.close(read_end)
        os.write(write_end, stdin.encode())
        os.close(write_end)
    if kill_when is not None:
        while not kill_when():
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return Run(os.waitstatus_to_exitcode(status), time.monotonic() - started)
            time.sleep(0.003)
        started = time.monotonic()
    if kill_after is not None:
        deadline = started + kill_after
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return Run(os.waitstatus_to_exitcode(status), time.monotonic() - started)
            time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return Run(None if code == -signal.SIGKILL else code, time.monotonic() - started)


@dataclass(frozen=True)
class Finished:
    exit_code: int
    output: str  # stdout and stderr together


def race(jobs: list, out_dir) -> list[Finished]:
    """Run each job (`ledger` arguments, or a callable) in its own forked process, all released at the
    same instant once every process is up, and wait for them all."""
    from pathlib import Path

    from ledger.cli import app

    gate_read, gate_write = os.pipe()
    children = []
    for number, job in enumerate(jobs):
        output = Path(out_dir) / f"process-{number}.out"
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                os.close(gate_write)
                sink = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                _write_to(sink)
                os.read(gate_read, 1)  # wait for the starting gun
                try:
                    if callable(job):
                        job()
                    else:
                        app(list(job), standalone_mode=True)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    code = 71
            finally:
                try:
                    import sys

                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        children.append((pid, output))
    os.close(gate_read)
    time.sleep(0.05)  # let every child reach the gate
    os.write(gate_write, b"x" * len(jobs))
    os.close(gate_write)
    results = []
    for pid, output in children:
        _, status = os.waitpid(pid, 0)
        results.append(Finished(os.waitstatus_to_exitcode(status), Path(output).read_text(errors="replace")))
    return results
