"""Email: settings from [email], building the MIME message, and handing it to an SMTP server.

Render, then build, then send: the scorecard content is rendered elsewhere
(reports.email); here a rendered email becomes a message (text and HTML
alternatives, charts as inline PNGs by Content-ID) and goes out over smtplib with
retries on temporary failures. The password is read from the environment variable
named in config at connection time and is scrubbed from every error we report.
"""

from __future__ import annotations

import base64
import hashlib
import os
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from ledger.errors import LedgerError

SECURITY = ("none", "starttls", "tls")
KEYS = (
    "host", "port", "security", "username", "password_env", "ca_file", "from", "reply_to", "report_base_url",
    "timeout_seconds", "max_attempts", "backoff_seconds", "backoff_max_seconds", "subscriptions",
)
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}


@dataclass(frozen=True)
class Subscription:
    recipient: str
    publications: tuple[str, ...] | None  # None: every publication

    @property
    def key(self) -> str:
        """The delivery key: sorted names joined by newlines, or "*" for all."""
        return "*" if self.publications is None else "\n".join(sorted(self.publications))

    def describe(self) -> str:
        return "all publications" if self.publications is None else ", ".join(sorted(self.publications))


@dataclass(frozen=True)
class EmailSettings:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password_env: str = "LEDGER_SMTP_PASSWORD"
    sender: str = ""
    reply_to: str = ""
    report_base_url: str = ""
    timeout_seconds: float = 30.0
    max_attempts: int = 4
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 600.0
    ca_file: str = ""
    subscriptions: tuple[Subscription, ...] = field(default_factory=tuple)

    def password(self) -> str | None:
        """Read at the moment of use, never kept on the settings object (which gets printed and logged)."""
        if not self.username:
            return None
        value = os.environ.get(self.password_env)
        if not value:
            raise MailError(
                f"[email] username is set but the environment variable {self.password_env} "
                "(named by [email] password_env) is empty or not set",
                temporary=False,
                fatal=True,
            )
        return value


def email_settings(config) -> EmailSettings:
    """[email] from config.toml, checked field by field; errors name the file and field."""
    raw = config.section("email")
    where = f"{config.path}: [email]"

    def text(key: str, default: str = "") -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            raise LedgerError(f"{where} {key} must be a string")
        return value.strip()

    def number(key: str, default: float, *, whole: bool = False, minimum: float = 0) -> float:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum or (whole and not isinstance(value, int)):
            kind = "a whole number" if whole else "a number"
            raise LedgerError(f"{where} {key} must be {kind} of at least {minimum}")
        return value

    if "password" in raw:
        raise LedgerError(f"{where} password must not be stored in the file: put it in an environment variable and name that variable in password_env")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise LedgerError(f"{where} unknown setting {unknown[0]!r} (settings: {', '.join(KEYS)})")
    security = text("security", "starttls").lower()
    if security not in SECURITY:
        raise LedgerError(f"{where} security must be one of {', '.join(SECURITY)}, not {security!r}")
    sender = text("from")
    if sender:
        _check_address(sender, f"{where} from")
    reply_to = text("reply_to")
    if reply_to:
        _check_address(reply_to, f"{where} reply_to")
    port = raw.get("port", DEFAULT_PORTS[security])
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise LedgerError(f"{where} port must be a port number (1-65535)")
    return EmailSettings(
        host=text("host", "localhost") or "localhost",
        port=port,
        security=security,
        username=text("username"),
        password_env=text("password_env", "LEDGER_SMTP_PASSWORD") or "LEDGER_SMTP_PASSWORD",
        sender=sender,
        reply_to=reply_to,
        report_base_url=text("report_base_url"),
        timeout_seconds=number("timeout_seconds", 30.0, minimum=0.1),
        max_attempts=int(number("max_attempts", 4, whole=True, minimum=1)),
        backoff_seconds=number("backoff_seconds", 30.0),
        backoff_max_seconds=number("backoff_max_seconds", 600.0),
        ca_file=str(config.relative_path(text("ca_file"))) if text("ca_file") else "",
        subscriptions=_subscriptions(raw.get("subscriptions", []), where),
    )


def _subscriptions(entries, where: str) -> tuple[Subscription, ...]:
    if not isinstance(entries, list):
        raise LedgerError(f"{where} subscriptions must be a list of tables ([[email.subscriptions]])")
    found: list[Subscription] = []
    for number, entry in enumerate(entries, 1):
        here = f"{where} subscriptions #{number}"
        if not isinstance(entry, dict):
            raise LedgerError(f"{here} must be a table with `to` and `publications`")
        recipients = entry.get("to")
        recipients = [recipients] if isinstance(recipients, str) else recipients
        if not recipients or not all(isinstance(r, str) and r.strip() for r in recipients):
            raise LedgerError(f"{here} to must be an address or a list of addresses")
        publications = entry.get("publications", "*")
        if publications == "*" or publications == ["*"]:
            chosen = None
        elif isinstance(publications, list) and publications and all(isinstance(p, str) and p.strip() for p in publications):
            chosen = tuple(sorted({p.strip() for p in publications}))
        else:
            raise LedgerError(f'{here} publications must be "*" (all) or a list of publication names')
        for recipient in recipients:
            _check_address(recipient.strip(), f"{here} to")
            found.append(Subscription(recipient.strip(), chosen))
    return tuple(dict.fromkeys(found))  # the same line twice is one subscription


def _check_address(value: str, where: str) -> None:
    if "\r" in value or "\n" in value:
        raise LedgerError(f"{where}: an address must not contain line breaks")
    parsed = getaddresses([value])
    if len(parsed) != 1 or "@" not in parsed[0][1] or " " in parsed[0][1]:
        raise LedgerError(f"{where}: {value!r} is not an email address")


# --- building ---------------------------------------------------------------------


def message_id(recipient: str, key: str, week: str, sender: str) -> str:
    """The same Message-ID for every attempt at one delivery, so a duplicate after a crash is recognisable."""
    digest = hashlib.sha256(f"{recipient}\n{key}\n{week}".encode()).hexdigest()[:24]
    domain = getaddresses([sender])[0][1].rpartition("@")[2] or "prediction-ledger.invalid"
    return f"<scorecard.{week}.{digest}@{domain}>"


def build_message(rendered, *, sender: str, recipient: str, msg_id: str, reply_to: str = "", week: str = "", now: datetime | None = None) -> EmailMessage:
    """multipart/alternative: text/plain, then multipart/related (HTML + PNGs the HTML names by cid:)."""
    message = EmailMessage()
    message["Subject"] = one_line(rendered.subject)
    message["From"] = sender
    message["To"] = recipient
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(now or datetime.now(timezone.utc))
    message["Message-ID"] = msg_id
    # RFC 3834: vacation responders and out-of-office robots should not answer a report.
    message["Auto-Submitted"] = "auto-generated"
    if week:
        message["X-Ledger-Week"] = week
    message.set_content(rendered.text, subtype="plain", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", cte="quoted-printable")
    html_part = message.get_payload()[1]
    for cid, png in rendered.images:
        bare = cid.strip().strip("<>")
        html_part.add_related(png, maintype="image", subtype="png", cid=f"<{bare}>", disposition="inline", filename=f"{bare}.png")
    return message


def one_line(text: str, limit: int = 200) -> str:
    """Header text: line breaks would let a publication's name inject headers."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- sending ----------------------------------------------------------------------


class MailError(Exception):
    """A send that failed; `temporary` says whether trying again later may succeed."""

    def __init__(self, message: str, *, temporary: bool, code: int | None = None, fatal: bool = False):
        super().__init__(message)
        self.temporary = temporary
        self.code = code
        # fatal: the session itself is refused (login, TLS, missing password), the same for every recipient.
        self.fatal = fatal
        self.attempts = 1


class SmtpConnection:
    """One SMTP session, opened lazily and reopened after a dropped connection."""

    def __init__(self, settings: EmailSettings):
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._secrets: tuple[str, ...] = ()

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Returns once the server has accepted the message; raises MailError otherwise."""
        try:
            smtp = self._open()
            refused = smtp.send_message(message, from_addr=_bare(message["From"]), to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise self._error(f"{recipient} refused: {code} {_text(reply)}", code) from None
        except smtplib.SMTPResponseException as exc:
            if isinstance(exc, smtplib.SMTPAuthenticationError):
                self.close()
                raise MailError(self.scrub(f"login as {self.settings.username} refused: {exc.smtp_code} {_text(exc.smtp_error)}"), temporary=False, code=exc.smtp_code, fatal=True) from None
            self._reset()
            raise self._error(f"{exc.smtp_code} {_text(exc.smtp_error)}", exc.smtp_code) from None
        except smtplib.SMTPNotSupportedError as exc:
            self.close()
            raise MailError(self.scrub(f"{self.settings.host}: {exc}"), temporary=False, fatal=True) from None
        except ssl.SSLError as exc:
            self.close()
            raise MailError(self.scrub(f"TLS with {self.settings.host}:{self.settings.port} failed: {exc}"), temporary=False, fatal=True) from None
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPException, OSError) as exc:
            self.close()
            raise MailError(self.scrub(f"connection to {self.settings.host}:{self.settings.port} failed: {exc or type(exc).__name__}"), temporary=True) from None
        if refused:
            code, reply = next(iter(refused.values()))
            raise self._error(f"{recipient} refused: {code} {_text(reply)}", code)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[password]")
        return text

    def _open(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file or None)
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        try:
            if s.security == "starttls":
                smtp.starttls(context=context)
            password = s.password()
            if password is not None:
                self._secrets = _secret_forms(s.username, password)
                smtp.login(s.username, password)
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return smtp

    def _reset(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.rset()
            except (smtplib.SMTPException, OSError):
                self.close()

    def _error(self, text: str, code: int | None) -> MailError:
        # 4xx: the server asks us to come back later; 5xx: it will never take this message.
        return MailError(self.scrub(text), temporary=code is None or 400 <= code < 500, code=code)


def send_with_retry(connection: SmtpConnection, message: EmailMessage, recipient: str, *, stop: threading.Event | None = None, log=None) -> int:
    """Send, retrying temporary failures with exponential backoff; returns the number of attempts used.

    Raises MailError (with `.attempts`) when the failure is permanent, when the attempts
    are used up, or when `stop` is set while waiting to retry.
    """
    s = connection.settings
    for attempt in range(1, s.max_attempts + 1):
        try:
            connection.send(message, recipient)
            return attempt
        except MailError as exc:
            exc.attempts = attempt
            if not exc.temporary or exc.fatal or attempt == s.max_attempts:
                raise
            delay = min(s.backoff_seconds * 2 ** (attempt - 1), s.backoff_max_seconds)
            if log:
                log(f"{recipient}: temporary failure ({exc}); attempt {attempt + 1} of {s.max_attempts} in {delay:g}s")
            if stop is not None and stop.wait(delay):
                raise
            if stop is None:
                time.sleep(delay)
    raise AssertionError("unreachable")


def _secret_forms(username: str, password: str) -> tuple[str, ...]:
    """The password and the encodings AUTH PLAIN/LOGIN put on the wire, in case a server echoes them."""
    forms = {password, base64.b64encode(password.encode()).decode(), base64.b64encode(f"\0{username}\0{password}".encode()).decode()}
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def _bare(address: str) -> str:
    return getaddresses([address])[0][1]


def _text(reply) -> str:
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return one_line(reply, 300)

