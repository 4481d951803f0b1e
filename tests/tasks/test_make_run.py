"""What ``make run`` starts (the Procfile under honcho) serves a request and runs its task.

The processes are real: uvicorn, ``db_worker`` and ``run_scheduler``, on the test database, with
the database queue. A request creates a space; the page's search-index update is enqueued
(modelsearch's task, or the drain of pending index updates with a backend that queues its
writes: docs/decisions/0020); the worker started beside the server runs it, with nothing else
started.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from rest_framework.authtoken.models import Token

from search.models import PendingIndexUpdate

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
STARTUP_SECONDS = 90  # three Django processes on a loaded 2-core CI machine
SEARCH_TASK = "search.tasks.index_object"
DRAIN_TASK = "search.tasks.drain_index_writes"


def test_make_run_starts_the_procfile_under_honcho():
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "honcho start -f Procfile -p $(PORT)" in recipe
    processes = dict(
        line.split(":", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(processes) == {"web", "worker", "scheduler"}
    assert "uvicorn config.asgi:application" in processes["web"]
    assert "manage.py db_worker" in processes["worker"]
    assert "manage.py run_scheduler" in processes["scheduler"]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, what: str, *, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} not seen in {STARTUP_SECONDS} s; honcho's output:\n{log.read_text()}")


def _post(url: str, token: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (loopback URL built here)
        url,
        data=json.dumps(payload).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def test_a_task_enqueued_by_a_request_runs_with_only_make_run_started(animator, rennes, tmp_path):
    token = Token.objects.create(user=animator).key
    port = _free_port()
    log = tmp_path / "honcho.log"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "database",
        "DATA_DIR": str(tmp_path / "data"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    with log.open("wb") as output:
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start", "-f", "Procfile", "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(lambda: "Uvicorn running" in log.read_text(), "the server", log=log)
        _wait_for(lambda: "Starting worker" in log.read_text(), "the worker", log=log)
        assert "scheduler.1 started" in log.read_text()

        status, body = _post(
            f"http://127.0.0.1:{port}/api/v1/spaces/",
            token,
            {"title": "Cantines", "members": [{"collectivite": rennes.pk, "role": "editor"}]},
        )
        assert status == 201, body

        def search_update_ran() -> bool:
            # The processes run the platform's settings, whose backend may queue its writes
            # (then one drain applies them) or not (then modelsearch's task per object).
            drained = DBTaskResult.objects.filter(
                task_path=DRAIN_TASK, status=TaskResultStatus.SUCCESSFUL
            ).exists()
            if drained and not PendingIndexUpdate.objects.exists():
                return True
            runs = DBTaskResult.objects.filter(
                task_path=SEARCH_TASK, status=TaskResultStatus.SUCCESSFUL
            ).values_list("args_kwargs", flat=True)
            return any(run["args"][-1] == str(body["id"]) for run in runs)

        _wait_for(search_update_ran, "the request's task, run by the worker", log=log)
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        try:
            honcho.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
