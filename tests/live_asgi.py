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
