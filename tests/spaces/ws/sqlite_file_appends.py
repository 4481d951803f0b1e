"""Appends through ``log_writer`` on a SQLite *file*, in a process of its own.

Run by ``test_coediting_sqlite_log``: the tests' SQLite database is in memory, where there is no
WAL and a lock held by another connection fails at once instead of being waited for, so what
the loop's connection does about both (ADR 0040) can only be seen on a file, as in production.
Prints one JSON object: what the test asserts on.

    python sqlite_file_appends.py lock|checkpoint DRAFT_ID   (DATABASE_URL=sqlite:///FILE)
"""

import asyncio
import json
import os
import sqlite3
import sys
import threading
import time

import django

LOCK_SECONDS = 0.5


async def lock_held_elsewhere(draft_id: int, database: str) -> dict:
    """Another connection (a REST request committing, the other worker) holds the write lock
    for LOCK_SECONDS while a room appends; the event loop keeps turning meanwhile."""
    from spaces.coedit import log_writer

    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait()
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    await asyncio.to_thread(locked.wait)
    asyncio.get_running_loop().call_later(LOCK_SECONDS, release.set)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.ensure_future(tick())
    started = time.monotonic()
    seqs = await log_writer.append_updates(draft_id=draft_id, updates=[(None, b"\x00")])
    waited = time.monotonic() - started
    ticker.cancel()
    await log_writer.close()
    holder.join()
    return {"seqs": seqs, "waited": waited, "ticks": ticks, "lock_seconds": LOCK_SECONDS}


async def many_commits(draft_id: int, database: str) -> dict:
    """30 × CHECKPOINT_EVERY appends of one update each: the WAL's largest size, and the size
    of one period's (it would reach 30 times that unbounded)."""
    from spaces.coedit import log_writer, sqlite_log

    every = sqlite_log.CHECKPOINT_EVERY
    wal = f"{database}-wal"
    largest = 0
    for count in range(1, 30 * every + 1):
        await log_writer.append_updates(draft_id=draft_id, updates=[(None, b"\x00" * 200)])
        if count == every:
            first_period = os.path.getsize(wal)
        largest = max(largest, os.path.getsize(wal))
        # A thousand commits a second, ten times one busy draft's (bench/coediting): the
        # checkpoints' thread must keep up with that, not with writes back to back.
        await asyncio.sleep(0.001)
    await log_writer.close()
    page_size = sqlite3.connect(database).execute("PRAGMA page_size").fetchone()[0]
    return {
        "largest": largest,
        "first_period": first_period,
        "periods": 30,
        "restart_after": sqlite_log.RESTART_AFTER_FRAMES * page_size,
        "every": every,
    }


def main() -> None:
    case, draft_id = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    database = connection.settings_dict["NAME"]
    run = {"lock": lock_held_elsewhere, "checkpoint": many_commits}[case]
    result = asyncio.run(run(draft_id, database))
    from spaces.models import DraftUpdate

    result["stored"] = list(
        DraftUpdate.objects.filter(draft_id=draft_id).order_by("seq").values_list("seq", flat=True)
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
