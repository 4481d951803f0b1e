"""SQLite's way from the event loop (``spaces.coedit.sqlite_log``, ADR 0040), on a file.

A room stores from the loop only when the write lock is free at once; otherwise through the
database thread, which waits for it. And the loop's connection never checkpoints: a thread
does, every ``CHECKPOINT_EVERY`` commits, holding writers off when the WAL is too long. Both
need a SQLite file (the tests' database is in memory: no WAL, and a held lock fails at once),
so the test database is copied to one and the appends run in a process of their own
(``sqlite_file_appends.py``). The store's rules on the loop's
connection are tested in ``test_coediting_log_writer``.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).with_name("sqlite_file_appends.py")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sqlite_file(tmp_path, draft):
    """The test database (with this test's draft), copied to a file in WAL mode."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own way from the loop")
    path = tmp_path / "e-partage.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return path


def _appends(case: str, draft_id: int, database: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DATA_DIR": str(database.parent),
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT), case, str(draft_id)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_write_lock_held_elsewhere_is_waited_for_without_blocking_the_loop(sqlite_file, draft):
    result = _appends("lock", draft.pk, sqlite_file)
    assert result["seqs"] == [1] and result["stored"] == [1]
    # It waited for the lock (through the database thread)...
    assert result["waited"] >= result["lock_seconds"] * 0.8
    # ...while the loop went on turning: at 10 ms a tick, most of the half second's ticks.
    assert result["ticks"] >= 25, result


def test_the_wal_stays_bounded_while_only_the_loop_writes(sqlite_file, draft):
    result = _appends("checkpoint", draft.pk, sqlite_file)
    assert result["stored"] == list(range(1, result["periods"] * result["every"] + 1))
    unbounded = result["periods"] * result["first_period"]
    # The restart checkpoint's threshold, and a few periods for its thread to come round.
    bound = result["restart_after"] + 5 * result["first_period"]
    assert result["largest"] <= bound < unbounded / 2, result
