"""The SMTP password never reaches an export, a table, a log line or an error message, even when the mail
server itself echoes it back in its refusal."""

from __future__ import annotations

import base64
import logging

from aiosmtpd.smtp import AuthResult, LoginPassword

from sample_ledger import fill
from smtp_server import SmtpServer

SECRET = "Zq9-s3cret-pa55/w0rd"
RECIPIENT = "editor@example.org"


class EchoingAuthenticator:
    """A badly behaved server: it refuses the login and quotes the password back in its reply."""

    def __init__(self):
        self.passwords_seen: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        password = auth_data.password.decode()
        self.passwords_seen.append(password)
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 login {auth_data.login.decode()}/{password} refused")


def secret_forms() -> list[str]:
    return [SECRET, base64.b64encode(SECRET.encode()).decode(), base64.b64encode(f"\0ledger\0{SECRET}".encode()).decode()]


def test_the_smtp_password_is_in_no_export_table_log_or_error(ledger, tmp_path, monkeypatch, caplog):
    fill(ledger, tmp_path / "articles", articles=1)
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("TEST_LEDGER_SMTP_SECRET", SECRET)
    server = SmtpServer(credentials=("ledger", "not-the-secret"))
    echoing = EchoingAuthenticator()
    server.controller.SMTP_kwargs["authenticator"] = echoing
    with server:
        with ledger.config_path.open("a", encoding="utf-8") as config:
            config.write("\n" + server.config(extra='username = "ledger"\npassword_env = "TEST_LEDGER_SMTP_SECRET"'))
            config.write(f'\n[[email.subscriptions]]\nto = ["{RECIPIENT}"]\npublications = "*"\n')
        sent = ledger.run("email", "send", expect_exit=1)
        job = ledger.run("scheduler", "run-job", "weekly_email", expect_exit=None)
    assert SECRET in echoing.passwords_seen, ("the password was never sent, so this test proves nothing", sent.stdout, sent.stderr)
    assert server.received == []

    backup = tmp_path / "backup.jsonl"
    ledger.run("export", "--out", backup)
    printed_export = ledger.run("export").stdout
    tables = [repr(ledger.rows(f"SELECT * FROM {table}")) for table in
              ("publication", "article", "claim", "resolution", "claim_event", "feed", "delivery")]
    assert ledger.scalar("SELECT count(*) FROM delivery") >= 1  # the failure was recorded, so the table was written
    places = {
        "email send output": sent.stdout + sent.stderr,
        "scheduler job output": job.stdout + job.stderr,
        # The ledger's log records (the loopback server's own logger, mail.log, is the server talking).
        "log records": "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("mail.log")),
        "export file": backup.read_text(encoding="utf-8"),
        "export on stdout": printed_export,
        "database": "\n".join(tables),
        "config file": ledger.config_path.read_text(encoding="utf-8"),
    }
    for place, text in places.items():
        for form in secret_forms():
            assert form not in text, f"the SMTP password appears in the {place}"
