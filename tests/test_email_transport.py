"""Building and sending one message: MIME structure, header safety, STARTTLS and TLS against a real server."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from dataclasses import dataclass

import pytest

from smtp_server import SmtpServer
from test_email import ALICE, configure


@dataclass
class Rendered:  # the shape of reports.model.RenderedEmail
    subject: str
    text: str
    html: str
    images: list


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def test_a_message_is_text_or_html_with_pngs_related_to_the_html_by_cid():
    from ledger.mail import build_message

    rendered = Rendered(
        subject="Scorecard 2026-W23: The\r\nBcc: victim@example.org Daily: 50% accurate",
        text="plain words",
        html='<p>chart <img src="cid:chart@scorecard" alt="chart"></p>',
        images=[("chart@scorecard", PNG), ("<other@scorecard>", PNG)],
    )
    message = build_message(rendered, sender="Ledger <l@ledger.test>", recipient=ALICE, msg_id="<m@ledger.test>", week="2026-W23")

    assert message["Subject"] == "Scorecard 2026-W23: The Bcc: victim@example.org Daily: 50% accurate"
    assert "Bcc" not in message.keys() and b"\nBcc:" not in message.as_bytes()
    structure = [part.get_content_type() for part in message.walk()]
    assert structure == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png", "image/png"]
    pngs = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert [p["Content-ID"] for p in pngs] == ["<chart@scorecard>", "<other@scorecard>"]
    assert all(p.get_content_disposition() == "inline" and p.get_content() == PNG for p in pngs)


def test_the_message_id_is_the_same_for_every_attempt_at_one_delivery():
    from ledger.mail import message_id

    first = message_id(ALICE, "*", "2026-W23", "Ledger <l@ledger.test>")
    assert first == message_id(ALICE, "*", "2026-W23", "l@ledger.test")
    assert first.endswith("@ledger.test>") and first != message_id(ALICE, "*", "2026-W24", "l@ledger.test")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made with the openssl command line."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("the TLS tests need the openssl command (Debian package openssl)", pytrace=False)
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_tls_verify_the_server_and_log_in(ledger, certificate, monkeypatch, security):
    cert, context = certificate
    monkeypatch.setenv("SMTP_SECRET_FOR_TEST", "s3cret-for-tls")
    with SmtpServer(credentials=("ledger", "s3cret-for-tls"), tls_context=context, implicit_tls=security == "tls") as smtp:
        configure(
            ledger, smtp, [([ALICE], "*")], security=security,
            extra=f'username = "ledger"\npassword_env = "SMTP_SECRET_FOR_TEST"\nca_file = "{cert}"',
        )
        result = ledger.run("email", "send")
    assert "1 sent" in result.stdout
    assert [r.rcpt for r in smtp.received] == [ALICE] and smtp.authenticator.logins == ["ledger"]


def test_a_server_certificate_nobody_vouches_for_stops_the_run_and_is_retried_later(ledger, certificate):
    cert, context = certificate
    with SmtpServer(tls_context=context) as smtp:
        configure(ledger, smtp, [([ALICE], "*")], security="starttls")
        result = ledger.run("email", "send", expect_exit=1)
    assert "certificate verify failed" in result.stdout
    assert smtp.received == []
    assert ledger.rows("SELECT status FROM delivery") == [("deferred",)]


def test_an_unknown_publication_in_a_subscription_is_reported_not_mailed(ledger):
    with SmtpServer() as smtp:
        configure(ledger, smtp, [([ALICE], ["The Daly Ledger"])])
        result = ledger.run("email", "send", expect_exit=1)
    assert "a publication the ledger does not have: 'The Daly Ledger'" in result.stdout
    assert smtp.received == []


def test_email_deliveries_lists_what_went_out(ledger):
    with SmtpServer() as smtp:
        configure(ledger, smtp, [([ALICE], "*")])
        smtp.handler.permanent[ALICE] = "550 5.1.1 no such mailbox"
        ledger.run("email", "send", expect_exit=1)
    out = ledger.run("email", "deliveries").stdout
    assert ALICE in out and "failed" in out and "550" in out
    assert "no deliveries recorded for 2020-W01" in ledger.run("email", "deliveries", "--week", "2020-W01").stdout
