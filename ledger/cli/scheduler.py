"""`ledger scheduler`: run the periodic jobs (flag due claims, poll feeds, weekly email) in the foreground."""

from __future__ import annotations

import typer

from ledger.cli.context import state

scheduler_app = typer.Typer(
    help="Run the periodic jobs from [schedule] in config.toml: flag due claims, poll feeds, send the weekly scorecard.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(scheduler_app, name="scheduler")


@scheduler_app.command("run")
def run(ctx: typer.Context) -> None:
    """Run the scheduler in the foreground until SIGTERM or Ctrl-C; one log line per job run (on stderr).

    Only one scheduler may run per ledger; a second one refuses to start. Keep it
    alive with a service manager (systemd, supervisord) or nohup.

    Example: nohup ledger scheduler run >> scheduler.log 2>&1 &
    """
    import logging
    import os
    import signal
    import threading
    from datetime import datetime, timezone

    from ledger import scheduler as sched
    from ledger.cli.db import _display_url

    app_state = state(ctx)
    engine = app_state.ready_engine()
    _configure_logging()
    log = logging.getLogger("ledger.scheduler")
    stop_requested = threading.Event()
    received: list[str] = []

    def on_signal(signum, _frame):
        received.append(signal.Signals(signum).name)
        stop_requested.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler, lock = sched.start(app_state.config, engine)
        try:
            now = datetime.now(timezone.utc)
            for job in scheduler.get_jobs():
                due = job.next_run_time
                when = f"was due {_when(due)} while stopped: runs now if within misfire_grace_hours" if due and due < now else f"next run {_when(due)}"
                log.info("job %s (%s) %s", job.id, sched.DESCRIPTIONS[job.id], when)
            log.info("scheduler started (pid %d) for %s", os.getpid(), _display_url(app_state.config.database_url))
            while not stop_requested.wait(1.0):
                pass
            log.info("%s received: stopping after running jobs finish", received[0] if received else "stop")
        finally:
            sched.stop(scheduler, lock)
        log.info("scheduler stopped")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@scheduler_app.command("jobs")
def jobs(ctx: typer.Context) -> None:
    """List the scheduled jobs, their cron expressions and next run times, and whether a scheduler is running.

    Example: ledger scheduler jobs
    """
    from ledger import scheduler as sched
    from ledger.locks import ProcessLock

    app_state = state(ctx)
    engine = app_state.ready_engine()
    rows = sched.job_rows(app_state.config, engine)
    # Plain aligned lines, never wrapped: times stay greppable in narrow terminals and logs.
    table = [("job", "cron", "next run", "what it does")]
    table += [(r["name"], r["cron"], _when(r["next_run"]), r["description"]) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    holder = ProcessLock(engine, "scheduler").is_held_elsewhere()
    typer.echo(f"scheduler running: {holder}" if holder else "no scheduler is running: start one with `ledger scheduler run`")


@scheduler_app.command("run-job")
def run_job(ctx: typer.Context, name: str = typer.Argument(..., help="flag_due, poll_feeds or weekly_email")) -> None:
    """Run one job now, in this process, and print its one-line result.

    Example: ledger scheduler run-job weekly_email
    """
    from ledger.errors import LedgerError
    from ledger.jobs import JOBS

    app_state = state(ctx)
    app_state.ready_engine()
    key = name.replace("-", "_")
    if key not in JOBS:
        raise LedgerError(f"no job named {name!r}: the jobs are {', '.join(JOBS)}")
    _configure_logging()
    config_path = str(app_state.config.path) if app_state.config.path else ""
    typer.echo(f"{key}: {JOBS[key](config_path)}")


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


def _configure_logging() -> None:
    import logging
    import sys

    class CurrentStderr(logging.StreamHandler):
        # Look stderr up at each line: test runners and daemonisers swap it.
        def emit(self, record):
            self.stream = sys.stderr
            super().emit(record)

    handler = CurrentStderr(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    root = logging.getLogger("ledger")
    if not any(getattr(h, "_ledger_cli", False) for h in root.handlers):
        handler._ledger_cli = True
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # APScheduler logs "Running job", "executed successfully", missed and skipped runs;
    # ours is the one line per run (skips and misses included), so only its errors show.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
