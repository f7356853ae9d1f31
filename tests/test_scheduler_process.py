"""`ledger scheduler run` as a real process: one per ledger, clean stop on SIGTERM, SIGKILL loses and repeats nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sample_ledger import fill
from smtp_server import SmtpServer
from test_email import ALICE, BOB, CAROL, configure
from test_scheduler import schedule

LEDGER = str(Path(sys.executable).parent / "ledger")


class SchedulerProcess:
    """`ledger scheduler run` in a child process, its merged output collected line by line."""

    def __init__(self, ledger):
        self.process = subprocess.Popen(
            [LEDGER, "--config", str(ledger.config_path), "scheduler", "run"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def wait_for(self, text: str, *, times: int = 1, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count(text) < times:
            if self.process.poll() is not None:
                self._reader.join(5)
                if self.count(text) >= times:
                    return
                raise AssertionError(f"scheduler exited {self.process.returncode} before {text!r}:\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} within {timeout}s:\n{self.output}")
            time.sleep(0.05)

    def stop(self, signum=signal.SIGTERM, timeout: float = 60.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code


@pytest.fixture
def cleanup():
    started: list[SchedulerProcess] = []
    yield started
    for scheduler in started:
        if scheduler.process.poll() is None:
            scheduler.process.kill()
            scheduler.process.wait(10)


def test_a_second_scheduler_refuses_to_start_and_sigterm_stops_the_first(ledger, cleanup):
    schedule(ledger, flag_due="0 3 1 1 *", poll_feeds="", weekly_email="")
    first = SchedulerProcess(ledger)
    cleanup.append(first)
    first.wait_for("scheduler started")
    assert "job flag_due (flag claims whose deadline has passed) next run" in first.output

    second = subprocess.run([LEDGER, "--config", str(ledger.config_path), "scheduler", "run"], capture_output=True, text=True, timeout=120)

    assert second.returncode == 1
    assert "error: another scheduler is already running for this ledger: pid " f"{first.process.pid}" in second.stderr
    assert "only one may run at a time" in second.stderr
    assert f"scheduler running: pid {first.process.pid}" in ledger.run("scheduler", "jobs").stdout

    assert first.stop(signal.SIGTERM) == 0
    assert "SIGTERM received" in first.output and first.lines[-1].endswith("scheduler stopped")
    # Its lock died with it: a new scheduler starts, and Ctrl-C stops it just as cleanly.
    again = SchedulerProcess(ledger)
    cleanup.append(again)
    again.wait_for("scheduler started")
    assert again.stop(signal.SIGINT) == 0 and "SIGINT received" in again.output
    assert "Traceback" not in first.output + again.output


def test_a_scheduler_killed_mid_send_neither_loses_nor_repeats_a_message(ledger, tmp_path, cleanup):
    fill(ledger, tmp_path / "articles", articles=1)
    with SmtpServer() as smtp:
        configure(ledger, smtp, [([ALICE, BOB, CAROL], "*")])
        schedule(ledger, weekly_email="* * * * * *", flag_due="", poll_feeds="")  # every second
        release = threading.Event()
        smtp.handler.hold[BOB] = release  # Bob's DATA hangs until we say, then is refused: never accepted

        first = SchedulerProcess(ledger)
        cleanup.append(first)
        assert smtp.handler.holding.wait(60), first.output
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(30)
        release.set()
        assert [r.rcpt for r in smtp.received] == [ALICE]
        assert dict(ledger.rows("SELECT recipient, status FROM delivery")) == {ALICE: "sent", BOB: "sending"}

        second = SchedulerProcess(ledger)
        cleanup.append(second)
        second.wait_for("2 sent, 1 already sent")
        second.wait_for("0 sent, 3 already sent", times=2)  # and later runs send nothing more
        assert second.stop() == 0

    assert sorted(r.rcpt for r in smtp.received) == [ALICE, BOB, CAROL]
    assert ledger.rows("SELECT recipient, status FROM delivery ORDER BY recipient") == [(ALICE, "sent"), (BOB, "sent"), (CAROL, "sent")]
    assert f"{BOB}: an earlier send of" in second.output and "was interrupted" in second.output
    messages = {r.rcpt: r.message for r in smtp.received}
    assert len({m["Message-ID"] for m in messages.values()}) == 3
    assert "Traceback" not in second.output
    one_line_per_run = [line for line in second.lines if "job weekly_email" in line and "done" in line]
    assert all("INFO job weekly_email done in" in line for line in one_line_per_run)
