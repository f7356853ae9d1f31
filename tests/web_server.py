"""A real HTTP server on 127.0.0.1 for the fetch and feed tests: routes, and a record of what it saw.

    web.route("/a", Page(HTML))                      # 200 text/html
    web.route("/b", [Page(b"", status=503, headers={"Retry-After": "0"}), Page(HTML)])  # one per request, last repeats
    web.route("/feed", Conditional(RSS, etag='"v1"'))  # 304 when the client sends the validator back
    web.route("/big", Stream(20_000_000))             # streams until the client hangs up; records how far it got

`web.requests(path)` lists what clients sent (headers, time); `web.max_in_flight`
is the most requests handled at once, per Host header.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class Page:
    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: lets tests see concurrent requests overlap


@dataclass
class Conditional:
    """A resource with validators: a request that sends them back gets 304 and no body."""

    body: bytes | str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = "application/rss+xml; charset=utf-8"


@dataclass
class Stream:
    """`size` bytes of HTML written in chunks; `sent` and `finished` say how much a client actually took."""

    size: int
    declare_length: bool = False
    sent: int = 0
    finished: bool = False
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Seen:
    path: str
    headers: dict
    at: float


class _QuietServer(ThreadingHTTPServer):
    """A client that stops reading (a size cap, a refused binary) resets the connection: expected here.

    socketserver would print that traceback to sys.stderr, which in this process is the
    CLI runner's captured error output, and a test reading it would see a stranger's error.
    """

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class WebServer:
    def __init__(self):
        self._routes: dict[str, list] = {}
        self._seen: list[Seen] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, response) -> None:
        with self._lock:
            self._routes[path] = list(response) if isinstance(response, list) else [response]

    def requests(self, path: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self._seen if seen.path == path]

    def start(self) -> "WebServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self, path: str, headers: dict):
        with self._lock:
            self._seen.append(Seen(path, headers, time.monotonic()))
            queue = self._routes.get(path)
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _enter(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] = self._in_flight.get(host, 0) + 1
            self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), self._in_flight[host])

    def _leave(self, host: str) -> None:
        with self._lock:
            self._in_flight[host] -= 1


def _handler_for(web: WebServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            headers = {key.lower(): value for key, value in self.headers.items()}
            path = self.path.split("?", 1)[0]
            response = web._next(path, headers)
            host = headers.get("host", "").split(":")[0]
            web._enter(host)
            try:
                self._answer(response, headers)
            finally:
                web._leave(host)

        def _answer(self, response, headers) -> None:
            if response is None:
                return self._send(Page("<html><body>not here</body></html>", status=404))
            if isinstance(response, Page):
                time.sleep(response.delay)
                return self._send(response)
            if isinstance(response, Conditional):
                return self._conditional(response, headers)
            if isinstance(response, Stream):
                return self._stream(response)
            raise TypeError(response)

        def _send(self, page: Page) -> None:
            body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
            self.send_response(page.status)
            if page.content_type:
                self.send_header("Content-Type", page.content_type)
            for key, value in page.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _conditional(self, resource: Conditional, headers: dict) -> None:
            etag_matches = resource.etag and headers.get("if-none-match") == resource.etag
            date_matches = resource.last_modified and headers.get("if-modified-since") == resource.last_modified
            validators = {}
            if resource.etag:
                validators["ETag"] = resource.etag
            if resource.last_modified:
                validators["Last-Modified"] = resource.last_modified
            if etag_matches or (date_matches and "if-none-match" not in headers):
                return self._send(Page(b"", status=304, content_type=None, headers=validators))
            self._send(Page(resource.body, content_type=resource.content_type, headers=validators))

        def _stream(self, stream: Stream) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if stream.declare_length:
                self.send_header("Content-Length", str(stream.size))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"filler " * 9362 + b"</p>\n"  # 64 kB a write
            try:
                self.wfile.write(b"<!doctype html><html><body>")
                while stream.sent < stream.size:
                    self.wfile.write(chunk)
                    stream.sent += len(chunk)
                stream.finished = True
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                stream.done.set()

    return Handler


@pytest.fixture
def web():
    server = WebServer().start()
    yield server
    server.stop()


WEB_FIXTURES = Path(__file__).parent / "fixtures" / "web"

# Small limits and tiny waits so refusals and retries happen fast.
FETCH_CONFIG = """
[fetch]
contact = "https://ledger.test/about-our-crawler"
connect_timeout = 2
read_timeout = 5
total_timeout = 30
max_bytes = 1_000_000
max_redirects = 3
retries = 2
backoff = 0.01
max_wait = 2
per_host_limit = 2
workers = 4
# Every test page is on 127.0.0.1, feed entries included.
allow_private_addresses = true
"""


def fixture_page(name: str, web: WebServer, **replacements: str) -> str:
    """A page from tests/fixtures/web with {base} (and any {key} given) filled in."""
    text = (WEB_FIXTURES / name).read_text(encoding="utf-8").replace("{base}", web.url(""))
    for key, value in replacements.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.fixture
def web_ledger(ledger):
    """The `ledger` fixture with test-sized [fetch] settings."""
    ledger.config_path.write_text(ledger.config_path.read_text(encoding="utf-8") + FETCH_CONFIG, encoding="utf-8")
    return ledger
