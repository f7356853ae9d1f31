"""Fetching pages and feeds over HTTP, politely and within limits.

One `Fetcher` (an httpx client shared by threads) per run. Every fetch names
the project and a contact URL in its User-Agent, follows a bounded number of
redirects, stops reading at `max_bytes`, refuses content types it cannot use
before reading their body, and retries 429/5xx/connection failures with
exponential backoff, honouring Retry-After. Failures are `FetchError`s with a
one-line message; `retryable` says whether trying later could help.
"""

from __future__ import annotations

import ipaddress
import random
import re
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterator
from urllib.parse import urlsplit

import httpx


HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/feed+json", "application/json",
}
# Servers often label feeds (and occasionally pages) text/plain or send no type at all: those
# are sniffed from the first bytes instead of refused outright.
SNIFFED_TYPES = {"", "text/plain", "application/octet-stream"}
RETRY_STATUSES = {429, 500, 502, 503, 504}
DEFAULT_CONTACT = "https://github.com/prediction-ledger/prediction-ledger"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prediction-ledger")
    except PackageNotFoundError:
        return "dev"


class FetchError(Exception):
    """A page that could not be fetched or is not what we asked for; `str()` is one line naming the URL."""

    def __init__(self, url: str, message: str, *, retryable: bool = False, status: int | None = None):
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message
        self.retryable = retryable
        self.status = status


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


@dataclass(frozen=True)
class FetchSettings:
    """config.toml's [fetch] section."""

    user_agent: str = f"prediction-ledger/{_version()}"
    contact: str = DEFAULT_CONTACT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    per_host_limit: int = 2
    workers: int = 8
    allow_private_addresses: bool = False

    @classmethod
    def from_config(cls, config) -> "FetchSettings":
        from ledger.config import ConfigError

        section = dict(config.section("fetch"))
        known = {name: type(value) for name, value in vars(cls()).items()}
        values = {}
        for key, value in section.items():
            if key not in known:
                raise ConfigError(f"{config.path}: [fetch] {key}: unknown setting (known: {', '.join(known)})")
            expected = known[key]
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
                raise ConfigError(f"{config.path}: [fetch] {key} must be {_KIND_NAMES[expected]}")
            if expected in (int, float) and value < 0:
                raise ConfigError(f"{config.path}: [fetch] {key} must not be negative")
            values[key] = value
        settings = cls(**values)
        for key in ("max_bytes", "per_host_limit", "workers"):
            if getattr(settings, key) < 1:
                raise ConfigError(f"{config.path}: [fetch] {key} must be at least 1")
        return settings

    @property
    def user_agent_header(self) -> str:
        # Site owners who see us in their logs should know who we are and how to reach us.
        return f"{self.user_agent} (+{self.contact})" if self.contact else self.user_agent


@dataclass(frozen=True)
class FetchedPage:
    """What a GET returned: the URL after redirects, the status, headers and body, and when."""

    url: str
    requested_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime
    redirects: tuple[str, ...] = ()

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return media_type(self.headers.get("content-type", ""))

    def utf8(self) -> bytes:
        """The body as UTF-8, whatever charset the server declared, for readers that expect UTF-8."""
        charset = _charset(self.headers.get("content-type", "")) or _meta_charset(self.content[:4096])
        if not charset or charset.replace("-", "").replace("_", "") == "utf8":
            return self.content
        try:
            return self.content.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            return self.content


def media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _charset(header: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", header, re.I)
    return match.group(1).lower() if match else None


def _meta_charset(head: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", head, re.I)
    return match.group(1).decode("ascii").lower() if match else None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_web_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


class Fetcher:
    """An httpx client with the ledger's manners; safe to share between threads.

    At most `per_host_limit` requests run against one host at a time, however many
    threads use the fetcher.
    """

    def __init__(self, settings: FetchSettings, *, sleep=time.sleep):
        self.settings = settings
        self._sleep = sleep
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent_header, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=False,  # followed by hand: each hop checked, no redirect body read
            limits=httpx.Limits(max_connections=max(settings.workers, settings.per_host_limit) * 2),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def page(self, url: str, *, untrusted: bool = False) -> FetchedPage:
        """An HTML page. Raises FetchError."""
        return self.get(url, accept=HTML_TYPES, kind="an HTML page", untrusted=untrusted)

    def feed(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchedPage:
        """A feed, conditionally: status 304 (no body) when unchanged since `etag`/`last_modified`."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self.get(url, accept=FEED_TYPES, kind="a feed", headers=headers)

    def get(self, url: str, *, accept: set[str], kind: str, headers: dict | None = None,
            untrusted: bool = False) -> FetchedPage:
        """GET with retries: 429, 5xx and connection failures are tried again after a wait.

        `untrusted`: the URL came from someone else's content (a feed entry), so it and every
        redirect must lead to public addresses.
        """
        if not is_web_url(url):
            raise FetchError(url, "not an http:// or https:// URL")
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                with self._host_slot(url):
                    return self._get_once(url, accept, kind, headers or {}, untrusted)
            except FetchError as exc:
                if not exc.retryable or attempt == attempts - 1:
                    if exc.retryable and attempts > 1:
                        raise FetchError(url, f"gave up after {attempts} attempts: {exc.message}",
                                         retryable=True, status=exc.status) from None
                    raise
                wait = self._wait_before_retry(exc, attempt)
                if wait > self.settings.max_wait:
                    raise FetchError(
                        url, f"{exc.message}; the server asks us to wait {wait:.0f} s, longer than "
                        f"[fetch] max_wait ({self.settings.max_wait:.0f} s): try later",
                        retryable=True, status=exc.status,
                    ) from None
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _wait_before_retry(self, exc: FetchError, attempt: int) -> float:
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return retry_after
        # Jitter keeps many clients that failed together from retrying together.
        base = self.settings.backoff * (2 ** attempt)
        return min(base * random.uniform(0.8, 1.2), self.settings.max_wait)

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        host = host_of(url)
        with self._hosts_lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self.settings.per_host_limit))
        with slot:
            yield

    def _get_once(self, url: str, accept: set[str], kind: str, headers: dict, untrusted: bool) -> FetchedPage:
        try:
            request = self._client.build_request("GET", url, headers=headers)
            hops: list[str] = []
            while True:
                if untrusted:
                    self._refuse_private(url, request.url)
                response = self._client.send(request, stream=True, follow_redirects=False)
                try:
                    if response.next_request is None:
                        return self._take(url, response, accept, kind, tuple(hops))
                    # A redirect's own body is never read: it could be as large as it likes.
                    if len(hops) >= self.settings.max_redirects:
                        raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})")
                    hops.append(str(response.url))
                    request = response.next_request
                finally:
                    response.close()
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})", retryable=True) from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, f"redirected to an unsupported address ({exc})") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            message = str(exc) or type(exc).__name__
            raise FetchError(url, f"connection failed ({message})", retryable=True) from None

    def _take(self, url: str, response: httpx.Response, accept: set[str], kind: str, hops: tuple[str, ...]) -> FetchedPage:
        fetched_at = datetime.now(timezone.utc)
        self._check_status(url, response)
        if response.status_code == 304:
            return _page(url, response, b"", fetched_at, hops)
        declared = media_type(response.headers.get("content-type", ""))
        if declared not in accept and declared not in SNIFFED_TYPES:
            hint = "; `ledger feeds add URL` follows a feed" if declared in FEED_TYPES - {"application/json"} else ""
            raise FetchError(url, f"not {kind} ({declared or 'no content type'}){hint}")
        body = self._read_capped(url, response)
        if declared not in accept and not _looks_like(body, kind):
            raise FetchError(url, f"not {kind} ({declared or 'no content type'}, and the content is not markup)")
        return _page(url, response, body, fetched_at, hops)

    def _refuse_private(self, url: str, target: httpx.URL) -> None:
        """Links from feeds are other people's words: they may not send us into our own network.

        Checked at every hop of a redirect. (A host whose DNS answer changes between this check
        and the connection can still slip through; a proxy that enforces it is the full answer.)
        """
        if self.settings.allow_private_addresses:
            return
        try:
            infos = socket.getaddrinfo(target.host, target.port or (443 if target.scheme == "https" else 80),
                                       type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return  # the connection attempt will report it
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not address.is_global:
                raise FetchError(url, f"{target.host} is a private or local address ({address}); "
                                      "feeds may not point there unless [fetch] allow_private_addresses = true")

    def _check_status(self, url: str, response: httpx.Response) -> None:
        status = response.status_code
        if status == 304 or 200 <= status < 300:
            return
        reason = f"HTTP {status} {response.reason_phrase}".strip()
        error = FetchError(url, reason, retryable=status in RETRY_STATUSES, status=status)
        error.retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise error

    def _read_capped(self, url: str, response: httpx.Response) -> bytes:
        limit = self.settings.max_bytes
        too_big = f"larger than the {_size(limit)} limit ([fetch] max_bytes)"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"{too_big}: {_size(int(declared))} declared")
        deadline = time.monotonic() + self.settings.total_timeout
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                # Leaving the stream here closes the connection: the rest is never downloaded.
                raise FetchError(url, too_big)
            if time.monotonic() > deadline:
                raise FetchError(url, f"took longer than [fetch] total_timeout ({self.settings.total_timeout:.0f} s)",
                                 retryable=True)
            chunks.append(chunk)
        return b"".join(chunks)


def _page(url: str, response: httpx.Response, body: bytes, fetched_at: datetime, hops: tuple[str, ...]) -> FetchedPage:
    return FetchedPage(
        url=str(response.url), requested_url=url, status=response.status_code,
        headers={key.lower(): value for key, value in response.headers.items()},
        content=body, fetched_at=fetched_at, redirects=hops,
    )


def _looks_like(body: bytes, kind: str) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"\x00" in body[:1024]:
        return False
    if kind.endswith("feed"):
        return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf", b"{"))
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<body" in head


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date (None if absent or garbled)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    if count >= 1_000:
        return f"{count / 1_000:g} kB"
    return f"{count} bytes"
