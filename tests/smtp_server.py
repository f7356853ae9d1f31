"""A real SMTP server on loopback (aiosmtpd) that records what it accepts and misbehaves on request.

`SmtpServer` runs in a thread of the test process. Knobs:
- `temporary_refusals[rcpt] = n`: answer the first n DATA commands for rcpt with 451.
- `permanent[rcpt] = "550 ..."`: refuse rcpt at RCPT TO for good.
- `hold[rcpt]`: a threading.Event; DATA for rcpt waits until it is set (or the
  client goes away), then answers 451: the server never accepted it.
- `credentials`: (user, password) to require AUTH with; every AUTH attempt's
  login is kept in `logins` (never the password).
Messages are recorded only when the server answers 250, as a real relay would.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt: str
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    temporary_refusals: dict[str, int] = field(default_factory=dict)
    permanent: dict[str, str] = field(default_factory=dict)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    holding: threading.Event = field(default_factory=threading.Event)
    data_attempts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.permanent:
            return self.permanent[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            with self.lock:
                self.data_attempts[rcpt] = self.data_attempts.get(rcpt, 0) + 1
                if self.temporary_refusals.get(rcpt, 0) > 0:
                    self.temporary_refusals[rcpt] -= 1
                    return "451 4.3.0 try again later"
            release = self.hold.pop(rcpt, None)
            if release is not None:
                self.holding.set()
                while not release.is_set():
                    await asyncio.sleep(0.02)
                return "451 4.3.0 held and never accepted"
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append(Received(envelope.mail_from, rcpt, bytes(envelope.original_content or envelope.content)))
        return "250 2.0.0 accepted"


class Authenticator:
    def __init__(self, user: str, password: str):
        self.user, self.password = user, password
        self.logins: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        self.logins.append(login)
        ok = login == self.user and auth_data.password.decode() == self.password
        return AuthResult(success=ok, handled=False)


class SmtpServer:
    def __init__(self, *, credentials: tuple[str, str] | None = None, tls_context: ssl.SSLContext | None = None, implicit_tls: bool = False):
        self.handler = Handler()
        self.port = free_port()
        self.authenticator = Authenticator(*credentials) if credentials else None
        kwargs = {}
        if self.authenticator:
            # With implicit TLS aiosmtpd cannot tell the socket is encrypted, so it must not insist on STARTTLS first.
            kwargs.update(authenticator=self.authenticator, auth_require_tls=tls_context is not None and not implicit_tls, auth_required=True)
        if tls_context is not None and not implicit_tls:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        self.controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            ssl_context=tls_context if implicit_tls else None,
            **kwargs,
        )

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, rcpt: str) -> list[Received]:
        return [r for r in self.received if r.rcpt == rcpt]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received) < count:
            time.sleep(0.02)
        return self.received

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        for event in self.handler.hold.values():
            event.set()
        self.controller.stop()

    def config(self, *, security: str = "none", extra: str = "") -> str:
        """An [email] section pointing at this server, with tiny backoffs so tests take milliseconds."""
        return (
            "[email]\n"
            'host = "127.0.0.1"\n'
            f"port = {self.port}\n"
            f'security = "{security}"\n'
            'from = "Prediction ledger <scorecards@ledger.test>"\n'
            "timeout_seconds = 5\n"
            "max_attempts = 3\n"
            "backoff_seconds = 0.05\n"
            "backoff_max_seconds = 0.2\n"
            f"{extra}\n"
        )
