"""The scheduler: APScheduler 3.x with its job store in the ledger database, one per ledger.

Jobs come from [schedule] in config.toml and are re-registered at every start with
fixed ids and replace_existing=True (no copies pile up). A job whose run was
missed while the scheduler was down keeps its stored next run time across the
re-registration, so with coalesce=True and a misfire grace of hours it runs once
when the scheduler comes back (Monday's email still goes out at 09:30 if the
machine was off at 08:00). Only one scheduler may run per ledger: `start()` takes
the "scheduler" process lock first (ledger.locks).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from ledger.errors import LedgerError
from ledger.jobs import JOBS
from ledger.locks import LockHeld, ProcessLock

log = logging.getLogger("ledger.scheduler")

DEFAULT_CRON = {"flag_due": "15 6 * * *", "poll_feeds": "*/30 * * * *", "weekly_email": "0 8 * * mon"}
DESCRIPTIONS = {
    "flag_due": "flag claims whose deadline has passed",
    "poll_feeds": "poll every feed for new articles",
    "weekly_email": "send this week's scorecard to each subscription, once",
}
TABLE = "apscheduler_jobs"
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


@dataclass(frozen=True)
class ScheduleSettings:
    timezone: ZoneInfo
    misfire_grace_seconds: int
    cron: dict[str, str]  # job name -> expression, only the jobs that are on


def schedule_settings(config) -> ScheduleSettings:
    raw = config.section("schedule")
    where = f"{config.path}: [schedule]"
    unknown = set(raw) - set(DEFAULT_CRON) - {"timezone", "misfire_grace_hours"}
    if unknown:
        raise LedgerError(f"{where} unknown setting {sorted(unknown)[0]!r} (jobs: {', '.join(DEFAULT_CRON)})")
    tz_name = raw.get("timezone") or ""
    try:
        tz = ZoneInfo(tz_name) if tz_name else config.timezone
    except (ZoneInfoNotFoundError, ValueError):
        raise LedgerError(f"{where} timezone: unknown time zone {tz_name!r}") from None
    grace = raw.get("misfire_grace_hours", 12)
    if isinstance(grace, bool) or not isinstance(grace, (int, float)) or grace <= 0:
        raise LedgerError(f"{where} misfire_grace_hours must be a positive number of hours")
    cron = {}
    for name, default in DEFAULT_CRON.items():
        expression = raw.get(name, default)
        if not isinstance(expression, str):
            raise LedgerError(f"{where} {name} must be a cron expression in quotes, or \"\" to turn the job off")
        if expression.strip():
            cron_trigger(expression, tz, f"{where} {name}")  # checked now, not at 08:00 on Monday
            cron[name] = expression.strip()
    return ScheduleSettings(timezone=tz, misfire_grace_seconds=int(grace * 3600), cron=cron)


def cron_trigger(expression: str, tz: ZoneInfo, where: str = "cron"):
    """A crontab expression with crontab's meaning (0 and 7 are Sunday), optionally with seconds first.

    APScheduler 3's own from_crontab counts 0 as Monday; weekday numbers are
    translated to names here so "0 8 * * 1" means Monday as every crontab reader expects.
    """
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) not in (5, 6):
        raise LedgerError(f"{where}: {expression!r} needs 5 fields (minute hour day month weekday), or 6 with seconds first")
    second = fields.pop(0) if len(fields) == 6 else "0"
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            second=second, minute=minute, hour=hour, day=day, month=month,
            day_of_week=_crontab_weekdays(weekday), timezone=tz,
        )
    except ValueError as exc:
        raise LedgerError(f"{where}: {expression!r}: {exc}") from None


def _crontab_weekdays(field: str) -> str:
    if field in ("*", "?"):
        return "*"
    parts = []
    for part in field.lower().split(","):
        match = re.fullmatch(r"(\*|\d+)(?:-(\d+))?(?:/(\d+))?", part)
        if not match:
            parts.append(part)  # names (mon-fri) mean the same to both
            continue
        start, end, step = match.groups()
        if start == "*":
            low, high = 0, 6
        else:
            low = int(start)
            high = int(end) if end is not None else (7 if step else low)
        if not (0 <= low <= 7 and 0 <= high <= 7 and low <= high):
            raise ValueError(f"weekday {part!r} is outside 0-7")
        days = range(low, high + 1, int(step or 1))
        parts.extend(dict.fromkeys(DAY_NAMES[d % 7] for d in days))
    return ",".join(dict.fromkeys(parts))


def build_scheduler(config, engine: sa.Engine, *, blocking: bool = False):
    """A scheduler (not started) whose job store is the ledger database."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    settings = schedule_settings(config)
    if blocking:
        from apscheduler.schedulers.blocking import BlockingScheduler as Scheduler
    else:
        from apscheduler.schedulers.background import BackgroundScheduler as Scheduler
    store_engine = engine.execution_options(sqlite_begin="IMMEDIATE")  # writers take the lock up front
    return Scheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=store_engine, tablename=TABLE)},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": settings.misfire_grace_seconds},
        timezone=settings.timezone,
    ), settings


def register_jobs(scheduler, config, settings: ScheduleSettings) -> None:
    """Put the configured jobs in the (started, paused) scheduler; drop those turned off or unknown."""
    from apscheduler.util import undefined

    config_path = str(config.path) if config.path else ""
    for stale in scheduler.get_jobs():
        if stale.id not in settings.cron:
            scheduler.remove_job(stale.id)
    for name, expression in settings.cron.items():
        trigger = cron_trigger(expression, settings.timezone)
        existing = scheduler.get_job(name)
        keep = undefined
        if existing is not None and existing.next_run_time is not None and str(existing.trigger) == str(trigger):
            keep = existing.next_run_time  # a run missed while we were down still happens (within the grace)
        scheduler.add_job(
            JOBS[name],
            trigger,
            args=[config_path],
            id=name,
            name=name,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=settings.misfire_grace_seconds,
            next_run_time=keep,
        )


def start(config, engine: sa.Engine):
    """Take the lock, start a background scheduler with the configured jobs; returns (scheduler, lock)."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED

    from ledger import jobs

    scheduler, settings = build_scheduler(config, engine)
    if "weekly_email" in settings.cron:
        from ledger.mail import email_settings

        email_settings(config)  # a mistake in [email] stops the start, not Monday's run
    try:
        lock = ProcessLock(engine, "scheduler").acquire()
    except LockHeld as exc:
        raise LedgerError(f"another scheduler is already running for this ledger: {exc}; only one may run at a time") from None
    try:
        jobs.STOPPING.clear()
        scheduler.add_listener(_log_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        scheduler.start(paused=True)
        register_jobs(scheduler, config, settings)
        scheduler.resume()
    except BaseException:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        lock.release()
        raise
    return scheduler, lock


def stop(scheduler, lock) -> None:
    """Let running jobs finish (mail retries stop waiting), then drop the lock."""
    from ledger import jobs

    jobs.STOPPING.set()
    try:
        if scheduler.running:
            # Paused first: APScheduler 3's shutdown closes the executors while its own thread
            # may still wake up and submit a due job to them ("cannot schedule new futures").
            scheduler.pause()
            scheduler.shutdown(wait=True)
    finally:
        lock.release()


def job_rows(config, engine: sa.Engine) -> list[dict]:
    """Each configured job with its schedule and next run time, without starting a scheduler."""
    settings = schedule_settings(config)
    stored = _stored_next_runs(engine)
    now = datetime.now(settings.timezone)
    rows = []
    for name in DEFAULT_CRON:
        expression = settings.cron.get(name)
        if expression is None:
            rows.append({"name": name, "cron": "off", "next_run": None, "description": DESCRIPTIONS[name]})
            continue
        upcoming = cron_trigger(expression, settings.timezone).get_next_fire_time(None, now)
        if name in stored and stored[name] is not None:
            upcoming = datetime.fromtimestamp(stored[name], settings.timezone)
        rows.append({"name": name, "cron": expression, "next_run": upcoming, "description": DESCRIPTIONS[name]})
    return rows


def _stored_next_runs(engine: sa.Engine) -> dict[str, float | None]:
    if not sa.inspect(engine).has_table(TABLE):
        return {}
    with engine.connect() as connection:
        return dict(connection.execute(sa.text(f"SELECT id, next_run_time FROM {TABLE}")).all())


def _log_event(event) -> None:
    """One line per job run (APScheduler's own chatter is turned down by the CLI)."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED

    from ledger.jobs import DURATIONS

    if event.code == EVENT_JOB_EXECUTED:
        log.info("job %s done in %.1fs: %s", event.job_id, DURATIONS.get(event.job_id, 0.0), event.retval)
    elif event.code == EVENT_JOB_ERROR:
        log.error("job %s failed after %.1fs: %s: %s", event.job_id, DURATIONS.get(event.job_id, 0.0), type(event.exception).__name__, event.exception)
    elif event.code == EVENT_JOB_MISSED:
        log.warning("job %s missed its %s run (more than misfire_grace_hours late)", event.job_id, event.scheduled_run_time.isoformat())
    else:
        when = ", ".join(t.isoformat() for t in event.scheduled_run_times)
        log.warning("job %s skipped its %s run: the previous run is still going", event.job_id, when)

