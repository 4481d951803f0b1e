"""How a room stores its updates on SQLite, the embedded default: from the event loop itself,
when the database's write lock is free at once (docs/decisions/0040).

Through ``database_sync_to_async`` each keystroke paid for a hop to the database thread and
back, each side waiting for the GIL while the other held it, for an append that takes SQLite
0.28 ms at p50 and 0.47 ms at p99, measured (WAL with ``synchronous=NORMAL``: a commit writes
to the log file, it does not flush it). The hop cost more than the write: at 20 editors ×
100 updates/s, p99 6.5 ms against 4.5 ms from the loop, and three times the worker's CPU
(bench/coediting/README.md, session 24).

So the event loop has a SQLite connection of its own, opened as Django opens its connections
(same file, pragmas, foreign keys), and sends ``store.append_on_sqlite``'s statements on it, in
a transaction begun ``IMMEDIATE`` with no busy wait. Blocking the loop is acceptable only
because nothing here waits:

- **Another writer holds the lock** (a REST request committing, the other worker's room, a
  compaction): SQLite answers "busy" at once, the transaction is rolled back, and the append
  goes through the database thread as before, which waits for the lock with Django's timeout.
- **Checkpoints** (copying the WAL back into the database file, with an ``fsync``) would run
  inside whichever commit crosses SQLite's threshold. This connection never runs one
  (``wal_autocheckpoint=0``): every ``CHECKPOINT_EVERY`` commits it asks for a passive one on a
  connection of its own, in a thread, which does not block writers. That alone did not bound
  the WAL under back-to-back writes: the checkpoints were complete, but SQLite did not write the
  WAL from its start again (68 MB after 2 000 commits, ``test_coediting_sqlite_log``). So once
  it holds more than ``RESTART_AFTER_FRAMES``, the thread runs a ``RESTART`` checkpoint, after
  which the next writer starts the WAL over; it holds the write lock while it runs, so appends
  meanwhile find it taken (above).
- **A published or deleted draft** stores nothing: rolled back, and the database thread's
  append raises what ``store.append_updates`` raises.

One connection per event loop (a worker has one), opened by the first append and closed when
the worker's last room unloads (``close``), like the PostgreSQL one (``log_writer``).
"""

import asyncio
import logging
import sqlite3

from channels.db import database_sync_to_async
from django.db import DEFAULT_DB_ALIAS, connections

from . import store
from .per_loop import PerLoop

logger = logging.getLogger(__name__)

# Commits of the loop's connection between two checkpoints. A commit of one update adds about
# 8 pages to the WAL (the draft's row, the log's, their indexes): 100 commits are about SQLite's
# own threshold of 1 000 pages.
CHECKPOINT_EVERY = 100
# WAL frames (pages) past which a checkpoint holds writers off until it has caught up: four
# times SQLite's own threshold (about 16 MB with 4 KiB pages).
RESTART_AFTER_FRAMES = 4000
_BUSY, _LOCKED = sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED


def connection_params() -> dict:
    """Django's parameters for its SQLite connection (the test database's during tests)."""
    return connections[DEFAULT_DB_ALIAS].get_connection_params()


def _open() -> sqlite3.Connection:
    """A connection set up as Django sets up its own (``init_command``, foreign keys), in
    autocommit: transactions are begun here, explicitly. On a thread: Django refuses to open a
    connection from an event loop."""
    params = connection_params()  # also reads the init commands into this thread's wrapper
    raw = connections[DEFAULT_DB_ALIAS].get_new_connection(params)
    raw.isolation_level = None
    return raw


class _LoopLog:
    """The event loop's connection, its commits since the last checkpoint, the checkpoint."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # opening and closing (an append itself never waits)
        self.connection: sqlite3.Connection | None = None
        self.checkpointer: sqlite3.Connection | None = None
        self.commits = 0
        self.checkpoint: asyncio.Future | None = None

    async def open(self) -> sqlite3.Connection:
        if self.connection is not None:
            return self.connection
        async with self.lock:
            if self.connection is None:
                self.checkpointer = await asyncio.to_thread(_open)
                raw = await asyncio.to_thread(_open)
                raw.execute("PRAGMA busy_timeout = 0")
                raw.execute("PRAGMA wal_autocheckpoint = 0")
                self.connection = raw
        return self.connection

    def committed(self) -> None:
        self.commits += 1
        if self.commits >= CHECKPOINT_EVERY and (self.checkpoint is None or self.checkpoint.done()):
            self.commits = 0
            self.checkpoint = asyncio.ensure_future(asyncio.to_thread(_checkpoint, self))

    async def close(self) -> None:
        async with self.lock:
            if self.checkpoint is not None:
                await asyncio.gather(self.checkpoint, return_exceptions=True)
            for raw in (self.connection, self.checkpointer):
                if raw is not None:
                    raw.close()
            self.connection = self.checkpointer = None
            self.commits = 0


def _checkpoint(log: _LoopLog) -> None:
    try:
        passive = log.checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
        _busy, frames, _copied = passive.fetchone()
        if frames > RESTART_AFTER_FRAMES:
            log.checkpointer.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
    except sqlite3.Error:
        logger.exception("SQLite WAL not checkpointed (the next checkpoint will try again)")


_logs = PerLoop(_LoopLog)


async def append_updates(*, draft_id: int, updates: store.Updates) -> list[int]:
    """Store ``updates`` in order as ``store.append_updates`` does: their seqs."""
    log = _logs.get()
    seqs = _append_now(await log.open(), draft_id, updates)
    if seqs is None:
        return await database_sync_to_async(store.append_updates)(
            draft_id=draft_id, updates=updates
        )
    log.committed()
    return seqs


def _append_now(raw: sqlite3.Connection, draft_id: int, updates: store.Updates) -> list[int] | None:
    """The append, committed, if the write lock was free and the draft takes updates; None
    (and nothing stored) otherwise. Any other error is raised, nothing stored."""
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _lock_taken(error):
            return None
        raise
    try:
        seqs = store.append_on_sqlite(raw, draft_id, updates, qmark=True)
        if not seqs:
            _roll_back(raw)
            return None
        raw.execute("COMMIT")
    except sqlite3.OperationalError as error:
        _roll_back(raw)
        if _lock_taken(error):  # a shared-cache table lock (the tests' in-memory database)
            return None
        raise
    except BaseException:
        _roll_back(raw)
        raise
    return seqs


def _roll_back(raw: sqlite3.Connection) -> None:
    if raw.in_transaction:  # some errors end the transaction themselves
        raw.execute("ROLLBACK")


def _lock_taken(error: sqlite3.OperationalError) -> bool:
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (_BUSY, _LOCKED)


async def close() -> None:
    """Close this event loop's connections, if it has them (the worker's last room unloaded)."""
    log = _logs.existing()
    if log is not None:
        await log.close()
