"""The scheduler, for real: APScheduler with its job store in the ledger, in-process and as `ledger scheduler run`."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ledger.config import load_config
from sample_ledger import fill
from smtp_server import SmtpServer
from test_email import ALICE, BOB, configure

LONDON = ZoneInfo("Europe/London")


def schedule(ledger, **cron: str) -> None:
    lines = "".join(f'{name} = "{expression}"\n' for name, expression in cron.items())
    with ledger.config_path.open("a", encoding="utf-8") as config:
        config.write(f"\n[schedule]\n{lines}")


def started(ledger):
    from ledger import scheduler as sched

    return sched.start(load_config(ledger.config_path), ledger.engine)


def wait_until(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.parametrize(
    "expression, weekdays",
    [("0 8 * * 1", "mon"), ("0 8 * * 0", "sun"), ("0 8 * * 7", "sun"), ("0 8 * * 1-5", "mon,tue,wed,thu,fri"),
     ("0 8 * * */2", "sun,tue,thu,sat"), ("0 8 * * mon", "mon"), ("30 0 8 * * sat", "sat")],
)
def test_cron_expressions_mean_what_crontab_means(expression, weekdays):
    from ledger.scheduler import cron_trigger

    trigger = cron_trigger(expression, LONDON)
    assert f"day_of_week='{weekdays}'" in str(trigger)
    first = trigger.get_next_fire_time(None, datetime(2026, 6, 1, 0, 0, tzinfo=LONDON))  # a Monday
    assert first.strftime("%a").lower()[:3] in weekdays


def test_a_bad_cron_expression_is_refused_at_start_naming_the_setting(ledger):
    schedule(ledger, weekly_email="0 8 * mon")
    result = ledger.run("scheduler", "jobs", expect_exit=1)
    assert "[schedule] weekly_email: '0 8 * mon' needs 5 fields" in result.stderr


def test_jobs_are_registered_once_with_fixed_ids_and_the_safe_options(ledger):
    schedule(ledger, flag_due="15 6 * * *", poll_feeds="*/30 * * * *", weekly_email="0 8 * * mon")
    from ledger import scheduler as sched

    for _ in range(3):
        scheduler, lock = started(ledger)
        weekly = scheduler.get_job("weekly_email")
        sched.stop(scheduler, lock)
    assert sorted(r[0] for r in ledger.rows("SELECT id FROM apscheduler_jobs")) == ["flag_due", "poll_feeds", "weekly_email"]
    assert weekly.func.__module__ == "ledger.jobs" and weekly.func.__name__ == "weekly_email_job"
    assert weekly.args == (str(ledger.config_path),)
    assert (weekly.coalesce, weekly.max_instances, weekly.misfire_grace_time) == (True, 1, 12 * 3600)
    assert weekly.next_run_time.weekday() == 0 and weekly.next_run_time.hour == 8

    config = ledger.config_path.read_text(encoding="utf-8")
    ledger.config_path.write_text(config.replace('poll_feeds = "*/30 * * * *"', 'poll_feeds = ""'), encoding="utf-8")
    scheduler, lock = started(ledger)
    sched.stop(scheduler, lock)
    assert sorted(r[0] for r in ledger.rows("SELECT id FROM apscheduler_jobs")) == ["flag_due", "weekly_email"]


def test_scheduler_jobs_lists_next_run_times(ledger):
    schedule(ledger, weekly_email="0 8 * * mon", poll_feeds="")
    with time_machine.travel(datetime(2026, 6, 3, 12, 0, tzinfo=LONDON), tick=False):
        out = ledger.run("scheduler", "jobs").stdout
    assert "2026-06-08T08:00:00+01:00" in out  # the next Monday, London summer time
    assert "2026-06-04T06:15:00+01:00" in out  # flag_due's default, tomorrow
    assert "off" in out and "no scheduler is running" in out


def test_a_run_missed_while_the_scheduler_was_down_happens_once_when_it_starts(ledger, tmp_path, caplog):
    from ledger import scheduler as sched

    with time_machine.travel(datetime(2026, 5, 31, 20, 0, tzinfo=LONDON), tick=True):
        fill(ledger, tmp_path / "articles", articles=1)
    with SmtpServer() as smtp:
        configure(ledger, smtp, [([ALICE, BOB], "*")])
        schedule(ledger, weekly_email="0 8 * * mon", flag_due="", poll_feeds="")
        with time_machine.travel(datetime(2026, 5, 31, 20, 0, tzinfo=LONDON), tick=True):  # Sunday evening
            scheduler, lock = started(ledger)
            assert scheduler.get_job("weekly_email").next_run_time == datetime(2026, 6, 1, 8, 0, tzinfo=LONDON)
            sched.stop(scheduler, lock)
        caplog.set_level(logging.INFO, logger="ledger")
        # Down over 08:00 on Monday; back at 09:30: the run happens once, for that week.
        with time_machine.travel(datetime(2026, 6, 1, 9, 30, tzinfo=LONDON), tick=True):
            scheduler, lock = started(ledger)
            try:
                assert wait_until(lambda: "job weekly_email done" in caplog.text)
            finally:
                sched.stop(scheduler, lock)
        assert sorted(r.rcpt for r in smtp.received) == [ALICE, BOB]
        assert "2026-W23: 2 sent" in caplog.text
        assert ledger.rows("SELECT DISTINCT iso_week FROM delivery") == [("2026-W23",)]
        # Started again the same morning: the next run is next Monday, nothing more goes out.
        with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=LONDON), tick=True):
            scheduler, lock = started(ledger)
            assert scheduler.get_job("weekly_email").next_run_time == datetime(2026, 6, 8, 8, 0, tzinfo=LONDON)
            sched.stop(scheduler, lock)
        assert len(smtp.received) == 2


def test_a_run_later_than_the_grace_is_skipped_with_a_log_line(ledger, caplog):
    from ledger import scheduler as sched

    schedule(ledger, weekly_email="0 8 * * mon", flag_due="", poll_feeds="")
    with time_machine.travel(datetime(2026, 5, 31, 20, 0, tzinfo=LONDON), tick=True):
        sched.stop(*started(ledger))
    caplog.set_level(logging.INFO, logger="ledger")
    with time_machine.travel(datetime(2026, 6, 1, 21, 0, tzinfo=LONDON), tick=True):  # 13 hours late
        scheduler, lock = started(ledger)
        try:
            assert wait_until(lambda: "job weekly_email missed its 2026-06-01T08:00:00+01:00 run" in caplog.text)
        finally:
            sched.stop(scheduler, lock)


def test_run_job_flags_due_claims_as_the_scheduler(ledger, tmp_path):
    from sample_ledger import write_articles

    paths = write_articles(tmp_path / "a", [1], year=2022)
    ledger.run("ingest", *paths, "--publication", "The Daily Ledger", "--published", "2021-06-01")
    open_before = ledger.scalar("SELECT count(*) FROM claim WHERE status = 'open'")

    result = ledger.run("scheduler", "run-job", "flag_due")

    assert f"flag_due: {open_before} claims newly due" in result.stdout
    assert ledger.scalar("SELECT count(*) FROM claim WHERE status = 'due'") == open_before
    assert ledger.rows("SELECT DISTINCT actor FROM claim_event WHERE kind = 'flagged_due'") == [("ledger scheduler",)]
    assert "0 claims newly due" in ledger.run("scheduler", "run-job", "flag-due").stdout


def test_run_job_polls_feeds_only_when_there_are_some(ledger):
    assert "poll_feeds: no feeds to poll" in ledger.run("scheduler", "run-job", "poll_feeds").stdout


def test_run_job_names_the_jobs_when_given_an_unknown_one(ledger):
    result = ledger.run("scheduler", "run-job", "backup", expect_exit=1)
    assert "no job named 'backup': the jobs are flag_due, poll_feeds, weekly_email" in result.stderr


def test_the_shipped_config_documents_every_schedule_and_email_setting():
    import tomllib
    from pathlib import Path

    from ledger.mail import KEYS, email_settings
    from ledger.scheduler import DEFAULT_CRON, schedule_settings

    path = Path(__file__).parent.parent / "config.toml"
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert set(raw["schedule"]) == set(DEFAULT_CRON) | {"timezone", "misfire_grace_hours"}
    assert set(raw["email"]) | {"subscriptions"} == set(KEYS)
    assert "[[email.subscriptions]]" in text
    config = load_config(path)
    assert schedule_settings(config).cron == DEFAULT_CRON
    assert email_settings(config).subscriptions == ()
