"""A throwaway PostgreSQL server for the test suite, started by the suite itself.

`make test` on a fresh machine needs only Debian's `postgresql` package: this
module finds its binaries, runs initdb and pg_ctl (as the `postgres` OS user
when the tests run as root, since initdb refuses root) on a data folder in a
temporary directory, listens on 127.0.0.1 on a free port, and stops and removes
the cluster at the end of the session. Each test gets a database of its own.

Set LEDGER_TEST_POSTGRES_URL (a URL of a role that may CREATE DATABASE, e.g.
postgresql+psycopg://ledger:secret@db.example/postgres) to use an existing
server instead.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_ENV = "LEDGER_TEST_POSTGRES_URL"
MISSING_BINARIES = (
    "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PATH). "
    "The test suite runs every database test on PostgreSQL too: install Debian's package "
    "(`apt-get install -y postgresql`), set LEDGER_TEST_POSTGRES_URL to a server you own, "
    "or run only the SQLite half with `pytest --db=sqlite`."
)
# Durability is pointless for a cluster deleted at the end of the run; turning it off
# makes CREATE DATABASE and every commit far cheaper. Client crash tests kill the
# client, never the server, so they are unaffected.
SPEED_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")


class PostgresUnavailable(RuntimeError):
    pass


def find_bin_dir() -> Path:
    """The newest installed PostgreSQL's bin folder (Debian keeps them per version)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    raise PostgresUnavailable(MISSING_BINARIES)


def _version_key(path: str) -> tuple:
    version = Path(path).parent.parent.name
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    """A server the tests may create databases on. `admin_url` is a SQLAlchemy URL with psycopg."""

    admin_url: str
    cluster: "Cluster | None" = None
    _names: itertools.count = field(default_factory=itertools.count)

    def create_database(self) -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        import sqlalchemy as sa

        name = f"ledger_test_{os.getpid()}_{next(self._names)}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        import sqlalchemy as sa

        name = sa.engine.make_url(url).database
        with self._admin() as connection:
            # FORCE: a test that forgot to dispose an engine must not keep its database alive.
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self):
        import psycopg
        import sqlalchemy as sa

        url = sa.engine.make_url(self.admin_url)
        return psycopg.connect(
            host=url.host, port=url.port, user=url.username, password=url.password,
            dbname=url.database or "postgres", autocommit=True,
        )

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


@dataclass
class Cluster:
    """A cluster in a temporary folder, owned by the OS user that runs the server."""

    bin_dir: Path
    root: Path
    port: int
    as_postgres: bool
    stopped: bool = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailable(
                f"{tool} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}\n{log}"
            )
        return result

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                 "--locale=C", "--no-sync", "--no-instructions")

    def start(self) -> None:
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-c unix_socket_directories={self.root}",
            *(f"-c {setting}" for setting in SPEED_SETTINGS),
        ])
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start")

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        except (PostgresUnavailable, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.root, ignore_errors=True)


PREFIX = "ledger-test-pg-"
OWNER = "owner.pid"  # the test session's process; when it is gone, so is any use for the cluster


def _remove_abandoned(bin_dir: Path, as_postgres: bool) -> None:
    """Clusters whose test session was killed (SIGKILL skips atexit) are stopped and removed."""
    for root in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((root / OWNER).read_text())
            os.kill(owner, 0)
            continue  # its session is still running
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (unreadable, or being created right now)
        Cluster(bin_dir=bin_dir, root=root, port=0, as_postgres=as_postgres).stop()


def start_server() -> PostgresServer:
    """The server named by LEDGER_TEST_POSTGRES_URL, or a new throwaway cluster."""
    if os.environ.get(SERVER_ENV):
        return PostgresServer(admin_url=os.environ[SERVER_ENV])
    bin_dir = find_bin_dir()
    as_postgres = os.geteuid() == 0
    _remove_abandoned(bin_dir, as_postgres)
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER).write_text(str(os.getpid()))
    if as_postgres:
        import pwd

        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(bin_dir=bin_dir, root=root, port=_free_port(), as_postgres=as_postgres)
    try:
        cluster.init()
        for attempt in range(3):
            try:
                cluster.start()
                break
            except PostgresUnavailable:
                # Another program may have taken the port between our probe and the start.
                if attempt == 2:
                    raise
                cluster.port = _free_port()
                time.sleep(0.2)
    except BaseException:
        cluster.stop()
        raise
    atexit.register(cluster.stop)  # an interrupted session still removes its cluster
    return PostgresServer(admin_url=f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/postgres", cluster=cluster)
