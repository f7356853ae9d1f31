"""The weekly scorecard email against a real SMTP server on loopback: content, exactly once, retries, secrets."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
import time_machine

from sample_ledger import PUBLICATIONS, fill
from smtp_server import SmtpServer

MONDAY = "2026-06-01 08:00:00+01:00"  # ISO week 2026-W23, London summer time
WEEK = "2026-W23"
ALICE, BOB, CAROL = "alice@example.org", "bob@example.org", "carol@example.org"


def subscriptions(*groups: tuple[list[str], object]) -> str:
    lines = []
    for recipients, publications in groups:
        pubs = '"*"' if publications == "*" else "[" + ", ".join(f'"{p}"' for p in publications) + "]"
        lines.append("[[email.subscriptions]]\nto = [" + ", ".join(f'"{r}"' for r in recipients) + f"]\npublications = {pubs}\n")
    return "\n".join(lines)


def configure(ledger, server: SmtpServer, groups, *, extra: str = "", security: str = "none") -> None:
    with ledger.config_path.open("a", encoding="utf-8") as config:
        config.write("\n" + server.config(security=security, extra=extra) + "\n" + subscriptions(*groups))


@pytest.fixture
def filled(ledger, tmp_path):
    with time_machine.travel(MONDAY, tick=True):
        fill(ledger, tmp_path / "articles", articles=1)
    return ledger


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def run_weekly(ledger, *, expect_exit: int = 0):
    with time_machine.travel(MONDAY, tick=True):
        return ledger.run("scheduler", "run-job", "weekly_email", expect_exit=expect_exit)


def deliveries(ledger) -> dict[str, tuple]:
    rows = ledger.rows("SELECT recipient, status, attempts, error, iso_week FROM delivery ORDER BY recipient")
    return {row[0]: row[1:] for row in rows}


def parts(message):
    return [(part.get_content_type(), part) for part in message.walk()]


def expected_headline(ledger, publications: list[str] | None) -> tuple[int, int]:
    """Accuracy in whole percent and the count scored, from the current resolutions, computed here by hand."""
    rows = ledger.rows(
        "SELECT r.outcome, p.name FROM resolution r JOIN claim c ON c.id = r.claim_id "
        "JOIN article a ON a.id = c.article_id JOIN publication p ON p.id = a.publication_id "
        "WHERE NOT EXISTS (SELECT 1 FROM resolution s WHERE s.supersedes_id = r.id)"
    )
    outcomes = [o for o, name in rows if publications is None or name in publications]
    scored = [o for o in outcomes if o in ("correct", "incorrect", "partial")]
    points = sum(1.0 if o == "correct" else 0.5 if o == "partial" else 0.0 for o in scored)
    return round(100 * points / len(scored)), len(scored)


def test_weekly_job_sends_each_recipient_one_message_with_text_html_and_inline_charts(filled, smtp):
    configure(filled, smtp, [([ALICE, BOB], "*"), ([CAROL], [PUBLICATIONS[0]])], extra='report_base_url = "https://example.org/scorecards/"')

    result = run_weekly(filled)

    assert "weekly_email: 2026-W23: 3 sent, 0 already sent" in result.stdout
    received = smtp.received
    assert sorted(r.rcpt for r in received) == [ALICE, BOB, CAROL]
    for item in received:
        message = item.message
        assert message.get_content_type() == "multipart/alternative"
        kinds = [kind for kind, _ in parts(message)]
        assert kinds[:4] == ["multipart/alternative", "text/plain", "multipart/related", "text/html"]
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        images = [part for kind, part in parts(message) if kind == "image/png"]
        assert images, "charts travel as PNG parts"
        for image in images:
            cid = image["Content-ID"].strip("<>")
            assert f"cid:{cid}" in html, "every PNG is referenced from the HTML by its Content-ID"
            assert image.get_content().startswith(b"\x89PNG\r\n\x1a\n")
        assert "<svg" not in html.lower() and "<style" not in html.lower()
        assert WEEK in message["Subject"]
        assert message["X-Ledger-Week"] == WEEK
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["From"] == "Prediction ledger <scorecards@ledger.test>"
        assert text.strip() and "newly due" in text.lower()
        assert 'href="https://example.org/scorecards/' in html, "links to the full report"

    awaiting = [quote for (quote,) in filled.rows("SELECT quote FROM claim WHERE status = 'due' ORDER BY id")]
    assert awaiting
    alice_text = " ".join(smtp.to(ALICE)[0].message.get_body(("plain",)).get_content().split())
    for quote in awaiting:
        assert " ".join(quote.split())[:40] in alice_text, "claims that came due this week are listed"

    everything = expected_headline(filled, None)
    daily = expected_headline(filled, [PUBLICATIONS[0]])
    for rcpt, (percent, scored) in ((ALICE, everything), (BOB, everything), (CAROL, daily)):
        subject = smtp.to(rcpt)[0].message["Subject"]
        assert f"{percent}% accurate ({scored} scored)" in subject, subject
    assert PUBLICATIONS[0] in smtp.to(CAROL)[0].message["Subject"]
    assert PUBLICATIONS[1] not in smtp.to(CAROL)[0].message.get_body(("plain",)).get_content()
    assert {r: d[0] for r, d in deliveries(filled).items()} == {ALICE: "sent", BOB: "sent", CAROL: "sent"}
    assert {d[3] for d in deliveries(filled).values()} == {WEEK}


def test_running_the_job_again_in_the_same_week_sends_nothing(filled, smtp):
    configure(filled, smtp, [([ALICE, BOB], "*")])
    run_weekly(filled)
    assert len(smtp.received) == 2

    again = run_weekly(filled)

    assert "0 sent, 2 already sent" in again.stdout
    assert len(smtp.received) == 2
    manual = filled.run("email", "send", "--week", WEEK)
    assert manual.stdout.count("already sent") >= 2
    assert len(smtp.received) == 2
    assert filled.scalar("SELECT count(*) FROM delivery") == 2


def test_a_temporary_refusal_is_retried_with_backoff_and_delivered(filled, smtp):
    configure(filled, smtp, [([ALICE, BOB], "*")])
    smtp.handler.temporary_refusals[ALICE] = 2  # 451 twice, then accepted (max_attempts = 3)

    result = run_weekly(filled)

    assert "2 sent" in result.stdout
    assert [r.rcpt for r in smtp.received].count(ALICE) == 1
    assert smtp.handler.data_attempts[ALICE] == 3
    assert deliveries(filled)[ALICE][:2] == ("sent", 3)
    assert "temporary failure" in result.stderr and "451" in result.stderr


def test_temporary_failures_past_the_last_attempt_wait_for_the_next_run(filled, smtp):
    configure(filled, smtp, [([ALICE, BOB], "*")])
    smtp.handler.temporary_refusals[ALICE] = 3

    first = run_weekly(filled)

    assert "1 sent" in first.stdout and "1 deferred" in first.stdout
    status, attempts, error, _ = deliveries(filled)[ALICE]
    assert (status, attempts) == ("deferred", 3) and "451" in error
    run_weekly(filled)
    assert [r.rcpt for r in smtp.received].count(ALICE) == 1
    assert [r.rcpt for r in smtp.received].count(BOB) == 1
    assert deliveries(filled)[ALICE][:2] == ("sent", 4)


def test_a_permanent_refusal_is_recorded_and_does_not_block_the_others(filled, smtp):
    configure(filled, smtp, [([ALICE, BOB, CAROL], "*")])
    smtp.handler.permanent[BOB] = "550 5.1.1 no such mailbox"

    result = run_weekly(filled)

    assert sorted(r.rcpt for r in smtp.received) == [ALICE, CAROL]
    status, attempts, error, _ = deliveries(filled)[BOB]
    assert (status, attempts) == ("failed", 1), "a 5xx is not retried"
    assert "550" in error and "no such mailbox" in error
    assert "2 sent" in result.stdout and "1 failed" in result.stdout
    # The scheduler leaves a refused address alone for the rest of the week ...
    again = run_weekly(filled)
    assert "1 skipped" in again.stdout and smtp.handler.data_attempts.get(BOB) is None
    # ... and `ledger email send` tries it again once the address is fixed on the server.
    del smtp.handler.permanent[BOB]
    with time_machine.travel(MONDAY, tick=True):
        manual = filled.run("email", "send", "--to", BOB)
    assert "sent" in manual.stdout
    assert [r.rcpt for r in smtp.received].count(BOB) == 1
    assert deliveries(filled)[BOB][:2] == ("sent", 2)


def test_email_send_exits_1_when_a_delivery_fails(filled, smtp):
    configure(filled, smtp, [([ALICE], "*")])
    smtp.handler.permanent[ALICE] = "550 5.1.1 no such mailbox"
    with time_machine.travel(MONDAY, tick=True):
        result = filled.run("email", "send", expect_exit=1)
    assert "failed" in result.stdout and "error: 1 of 1 not delivered" in result.stderr


def test_the_smtp_password_never_reaches_logs_errors_or_the_database(filled, monkeypatch):
    secret = "pa55-w0rd-Zq9!"
    with SmtpServer(credentials=("ledger", secret)) as server:
        configure(filled, server, [([ALICE], "*")], extra='username = "ledger"\npassword_env = "TEST_SMTP_SECRET"')
        monkeypatch.setenv("TEST_SMTP_SECRET", secret)
        good = run_weekly(filled)
        assert len(server.received) == 1 and server.authenticator.logins == ["ledger"]

        monkeypatch.setenv("TEST_SMTP_SECRET", secret + "-wrong")
        filled.run("email", "send", "--to", ALICE, "--week", "2026-W22", expect_exit=1)
        with time_machine.travel(MONDAY, tick=True):
            bad = filled.run("email", "send", "--week", "2026-W22", expect_exit=1)
        assert "login as ledger refused: 535" in bad.stdout

        monkeypatch.delenv("TEST_SMTP_SECRET")
        missing = filled.run("email", "send", "--week", "2026-W21", expect_exit=1)
        assert "TEST_SMTP_SECRET" in missing.stdout

    everything = [good.stdout, good.stderr, bad.stdout, bad.stderr, missing.stdout, missing.stderr]
    everything += [repr(row) for row in filled.rows("SELECT * FROM delivery")]
    everything.append(filled.config_path.read_text(encoding="utf-8"))
    for text in everything:
        assert secret not in text
    assert filled.scalar("SELECT count(*) FROM delivery WHERE status = 'deferred'") >= 1


def test_a_password_in_the_config_file_is_refused(ledger):
    with ledger.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[email]\nfrom = "a@b.org"\npassword = "hunter2"\n')
    result = ledger.run("email", "send", "--dry-run", expect_exit=1)
    assert "password must not be stored in the file" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout


def test_dry_run_writes_eml_files_and_sends_and_records_nothing(filled, smtp, tmp_path):
    configure(filled, smtp, [([ALICE], "*"), ([BOB], [PUBLICATIONS[1]])])
    out = tmp_path / "preview"

    with time_machine.travel(MONDAY, tick=True):
        result = filled.run("email", "send", "--dry-run", "--out", out)

    files = sorted(out.glob("*.eml"))
    assert len(files) == 2 and "2 written" in result.stdout
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Subject"].startswith(f"Scorecard {WEEK}")
        assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    assert smtp.received == [] and filled.scalar("SELECT count(*) FROM delivery") == 0


def test_week_and_address_options_are_checked(filled, smtp):
    configure(filled, smtp, [([ALICE], "*")])
    assert "not an ISO week" in filled.run("email", "send", "--week", "2026-22", expect_exit=1).stderr
    assert "has no subscription" in filled.run("email", "send", "--to", "nobody@example.org", expect_exit=1).stderr
    with time_machine.travel(MONDAY, tick=True):
        assert "has not started yet" in filled.run("email", "send", "--week", "2026-W30", expect_exit=1).stderr


def test_bad_email_settings_name_the_field(ledger):
    with ledger.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[email]\nsecurity = "ssl3"\n')
    assert re.search(r"\[email\] security must be one of none, starttls, tls", ledger.run("email", "send", expect_exit=1).stderr)
    text = ledger.config_path.read_text(encoding="utf-8")
    ledger.config_path.write_text(text.replace('security = "ssl3"', 'pasword_env = "SMTP_PASS"'), encoding="utf-8")
    assert "[email] unknown setting 'pasword_env'" in ledger.run("email", "send", expect_exit=1).stderr
