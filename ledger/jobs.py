"""The scheduler's jobs: module-level functions with plain arguments.

APScheduler pickles a job as a reference to its function plus its arguments, so
these names and signatures must never move: a job that cannot be unpickled is
silently dropped from the job store. Each job loads the config afresh (edits to
config.toml apply at the next run), does its work in its own transactions, and
returns a one-line summary that the scheduler logs.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from pathlib import Path

log = logging.getLogger("ledger.jobs")

# Set when the scheduler is asked to stop: long jobs (mail retries) give up waiting.
STOPPING = threading.Event()

ACTOR = "ledger scheduler"

# Seconds the last run of each job took, for the scheduler's one log line per run.
DURATIONS: dict[str, float] = {}


def _timed(job):
    # Timed inside the job's own thread: APScheduler's "submitted" event can arrive after the job ended.
    @functools.wraps(job)
    def run(config_path: str) -> str:
        started = time.monotonic()
        try:
            return job(config_path)
        finally:
            DURATIONS[job.__name__.removesuffix("_job")] = time.monotonic() - started

    return run


@_timed
def flag_due_job(config_path: str) -> str:
    from ledger.db import transaction
    from ledger.due import flag_due

    config, engine = _open(config_path)
    try:
        today = config.today()
        with transaction(engine) as session:
            flagged = flag_due(session, today=today, actor=ACTOR)
        return f"{flagged} claims newly due as of {today.isoformat()}"
    finally:
        engine.dispose()


@_timed
def poll_feeds_job(config_path: str) -> str:
    try:
        from ledger.feeds import poll_all
    except ImportError:
        return "no feeds: feed polling is not part of this installation"
    from sqlmodel import func, select

    from ledger.db import reading
    from ledger.models import Feed

    config, engine = _open(config_path)
    try:
        with reading(engine) as session:
            active = session.exec(select(func.count()).select_from(Feed).where(Feed.removed_at.is_(None))).one()
        if not active:
            return "no feeds to poll"
        report = poll_all(engine, config, actor=ACTOR)
        for problem in report.problems():
            log.warning("feed poll: %s", problem)
        return report.summary()
    finally:
        engine.dispose()


@_timed
def weekly_email_job(config_path: str) -> str:
    from ledger.weekly_email import iso_week, send_weekly, summary

    config, engine = _open(config_path)
    try:
        today = config.today()
        week = iso_week(today)
        outcomes = send_weekly(config, engine, week=week, today=today, stop=STOPPING, log=log.warning)
        if not outcomes:
            return f"{week}: no subscriptions in [email]"
        for outcome in outcomes:
            if outcome.status in ("failed", "deferred"):
                log.warning("%s %s", week, outcome.line())
        return f"{week}: {summary(outcomes)}"
    finally:
        engine.dispose()


JOBS = {
    "flag_due": flag_due_job,
    "poll_feeds": poll_feeds_job,
    "weekly_email": weekly_email_job,
}


def _open(config_path: str):
    from ledger.config import load_config
    from ledger.db import make_engine

    config = load_config(Path(config_path) if config_path else None)
    return config, make_engine(config.database_url)
