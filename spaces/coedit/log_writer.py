"""How a room stores its updates: on PostgreSQL from the event loop itself (docs/decisions/0035).

Every accepted keystroke waits for its append before anyone else sees it. Through
``database_sync_to_async`` that wait also paid for things that store nothing:

- a hop to the database thread and back, each side waiting for the GIL while the other thread
  holds it (the loop is busy forwarding exactly when edits come fast);
- channels' ``close_old_connections`` around every call, which with ``CONN_HEALTH_CHECKS``
  makes Django send a ``SELECT 1`` before the statement: two round trips instead of one.

So on PostgreSQL a room sends the log's one statement (``store.append_sql``) on a psycopg
``AsyncConnection`` of its event loop, in autocommit: one round trip, and the commit is that
statement's. The rules are the store's (same SQL, same parameters, same ``DraftReadOnly``);
SQLite, the embedded default, keeps the database thread and ``store.append_updates``.

One connection per event loop (a worker has one), shared by its rooms one statement at a time,
as the single database thread was. It is opened by the first append and closed when the
worker's last room unloads (``close``), so an idle worker holds none. A connection that broke
(PostgreSQL restarted, say) fails the batch that found it, whose writers are closed and resync,
and the next append opens a new one: retrying the same statement could store a batch twice if
only the reply was lost.
"""

import asyncio
import weakref

import psycopg
from channels.db import database_sync_to_async
from django.db import connection as django_connection

from ..models import Draft
from . import store

# Django's own cursor class and adapters are for its ORM; this connection needs neither.
_DJANGO_ONLY_PARAMS = ("cursor_factory", "context", "prepare_threshold")
# How the connection shows in pg_stat_activity (for an operator, and for the tests).
APPLICATION_NAME = "e-partage co-editing log"


class _LoopLog:
    """The event loop's connection, and the lock that makes it one statement at a time."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.connection: psycopg.AsyncConnection | None = None

    async def open(self) -> psycopg.AsyncConnection:
        if self.connection is None or self.connection.closed:
            params = {
                key: value
                for key, value in django_connection.get_connection_params().items()
                if key not in _DJANGO_ONLY_PARAMS
            }
            params["application_name"] = APPLICATION_NAME
            self.connection = await psycopg.AsyncConnection.connect(**params, autocommit=True)
        return self.connection

    async def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            await connection.close()


_logs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopLog]" = (
    weakref.WeakKeyDictionary()
)


def _loop_log() -> _LoopLog:
    loop = asyncio.get_running_loop()
    log = _logs.get(loop)
    if log is None:
        log = _logs[loop] = _LoopLog()
    return log


async def append_updates(*, draft_id: int, updates: list[tuple[int | None, bytes]]) -> list[int]:
    """Store ``updates`` (user id, data) in order, as ``store.append_updates`` does: their seqs."""
    if not updates:
        return []
    if django_connection.vendor == "postgresql":
        return await _append_on_loop_connection(draft_id, updates)
    return await database_sync_to_async(store.append_updates)(draft_id=draft_id, updates=updates)


async def _append_on_loop_connection(
    draft_id: int, updates: list[tuple[int | None, bytes]]
) -> list[int]:
    log = _loop_log()
    async with log.lock:
        try:
            connection = await log.open()
            cursor = await connection.execute(
                store.append_sql(), store.append_params(draft_id, updates)
            )
            seqs = sorted(seq for (seq,) in await cursor.fetchall())
            if not seqs:
                cursor = await connection.execute(store.draft_exists_sql(), [draft_id])
                if await cursor.fetchone() is None:
                    raise Draft.DoesNotExist(f"draft {draft_id}")
        except psycopg.OperationalError:
            await log.close()
            raise
    if not seqs:
        raise store.DraftReadOnly(draft_id)
    return seqs


async def close() -> None:
    """Close this event loop's connection, if it has one (the worker's last room unloaded)."""
    log = _logs.get(asyncio.get_running_loop())
    if log is not None:
        async with log.lock:
            await log.close()
