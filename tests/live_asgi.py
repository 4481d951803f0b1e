"""Real server processes (uvicorn running ``config.asgi``) on the test database.

Node Yjs clients and multi-worker tests need the platform as it runs in production: separate
processes, each with its own in-memory rooms, sharing the database and (when ``REDIS_URL`` is
set) the Redis channel layer. The test database must be reachable from another process, so on
SQLite the test database is a file (see ``tests/conftest.py``); data a test wants the servers
to see must be committed (``django_db(transaction=True)``).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """A DATABASE_URL for the database the tests are using right now."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if name.startswith("file:") or name == ":memory:":
            raise RuntimeError(
                "The SQLite test database is in memory; other processes need a file."
            )
        return f"sqlite:///{name}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(f"{url}/api/v1/auth/csrf/", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


def _ws_max_size() -> int:
    """Above the consumer's own limit, so that it (not uvicorn) refuses with its close code."""
    return getattr(settings, "COEDIT_MAX_MESSAGE_BYTES", 2 * 1024 * 1024) * 8


# The WebSocket protocol class production runs (Procfile, platform/): "going away" on SIGTERM.
WS_PROTOCOL = "config.uvicorn_ws:GoingAwayWebSocketProtocol"


def _options(port: int) -> list[str]:
    return [
        *("--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"),
        *("--ws", WS_PROTOCOL),
        *("--ws-max-size", str(_ws_max_size()), "--ws-per-message-deflate", "false"),
    ]


@contextmanager
def asgi_servers(count: int) -> Iterator[list[str]]:
    """Start ``count`` uvicorn processes; yield their base URLs (http://127.0.0.1:PORT)."""
    env = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "1",  # plain HTTP, no HTTPS redirect
        "CONN_MAX_AGE": "0",
    }
    processes: list[subprocess.Popen] = []
    urls: list[str] = []
    try:
        for _ in range(count):
            port = _free_port()
            log = ROOT / "test-results" / f"asgi-{port}.log"
            log.parent.mkdir(exist_ok=True)
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "config.asgi:application", *_options(port)],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class ServerProcess:
    """One production-like server process (the Procfile's command), to stop or kill in a test.

    ``redis_url`` empty: the in-memory channel layer (one process only). ``env`` adds to or
    overrides the environment (``DEBUG``, ``DATA_DIR``...). The log is in test-results/.
    """

    def __init__(self, redis_url: str = "", *, name: str = "server", env: dict | None = None):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"ws://127.0.0.1:{self.port}/ws/drafts"
        self.log = ROOT / "test-results" / f"{name}-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        full_env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "CONN_MAX_AGE": "0",
            "TASKS_BACKEND": "database",  # production's: compaction waits for a task worker
            "REDIS_URL": redis_url,
            **(env or {}),
        }
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", *_options(self.port)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server exited:\n{self.tail()}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"server did not start within {timeout} s:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL, as the OOM killer or a crashed host would: no cleanup of any kind."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
