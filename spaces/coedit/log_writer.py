"""How a room stores its updates: on PostgreSQL from the event loop itself (docs/decisions/0035).

Every accepted keystroke waits for its append before anyone else sees it. Through
``database_sync_to_async`` that wait also paid for things that store nothing:

- a hop to the database thread and back, each side waiting for the GIL while the other thread
  holds it (the loop is busy forwarding exactly when edits come fast);
- channels' ``close_old_connections`` around every call, which with ``CONN_HEALTH_CHECKS``
  makes Django send a ``SELECT 1`` before the statement: two round trips instead of one.

So on PostgreSQL a room sends the log's one statement (``store.append_sql``) on a psycopg
``AsyncConnection`` of its event loop. The rules are the store's (same SQL, same parameters,
same ``DraftReadOnly``). SQLite, the embedded default, has its own way from the loop
(``sqlite_log``, docs/decisions/0040).

One connection per event loop (a worker has one), shared by its rooms one turn at a time, as the
single database thread was. It is opened by the first append and closed when the worker's last
room unloads (``close``), so an idle worker holds none.

**Group commit across rooms** (docs/decisions/0035, amended). A room already stores the updates that
arrived during its previous commit in one statement, but with hundreds of drafts open each room
has only a few updates a second, and the rooms queued one commit each behind the connection's
turn (at 200 drafts × 5 editors, one per room and turn; by itself it showed no gain on a
loaded machine, bench/coediting/README.md session 21). So the appends
that wait while a turn is running are all sent in the next turn: one transaction, their
statements pipelined (one round trip), one commit. They are sent in draft order, so two workers'
transactions lock drafts in the same order and cannot deadlock each other. A turn of one append
is the plain autocommit statement.

**Failures.** A connection that broke (PostgreSQL restarted, say) fails the turn that found it,
whose writers are closed and resync, and the next append opens a new one: the commit may have
happened with only its reply lost, and retrying could store a batch twice. Any other error in a
turn of several appends (a deadlock with another transaction, say) rolled the whole transaction
back, so each append is then sent again on its own, and only one that fails alone fails.
"""

import asyncio
from dataclasses import dataclass, field

import psycopg
from django.db import connection as django_connection

from ..models import Draft
from . import sqlite_log, store
from .per_loop import PerLoop

# Django's own cursor class and adapters are for its ORM; this connection needs neither.
_DJANGO_ONLY_PARAMS = ("cursor_factory", "context", "prepare_threshold")
# How the connection shows in pg_stat_activity (for an operator, and for the tests).
APPLICATION_NAME = "e-partage co-editing log"

Updates = store.Updates


def connection_params() -> dict:
    """Django's parameters for its PostgreSQL connection, for a bare psycopg one."""
    return {
        key: value
        for key, value in django_connection.get_connection_params().items()
        if key not in _DJANGO_ONLY_PARAMS
    }


@dataclass
class _Append:
    draft_id: int
    updates: Updates
    done: asyncio.Future = field(repr=False)


class _LoopLog:
    """The event loop's connection, the appends waiting for a turn, and the turn's lock."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.connection: psycopg.AsyncConnection | None = None
        self.waiting: list[_Append] = []

    async def open(self) -> psycopg.AsyncConnection:
        if self.connection is None or self.connection.closed:
            self.connection = await psycopg.AsyncConnection.connect(
                **connection_params(), application_name=APPLICATION_NAME, autocommit=True
            )
        return self.connection

    async def close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            await connection.close()


_logs = PerLoop(_LoopLog)


async def append_updates(*, draft_id: int, updates: Updates) -> list[int]:
    """Store ``updates`` (user id, data) in order, as ``store.append_updates`` does: their seqs."""
    if not updates:
        return []
    if django_connection.vendor == "postgresql":
        return await _append_on_loop_connection(draft_id, updates)
    return await sqlite_log.append_updates(draft_id=draft_id, updates=updates)


async def _append_on_loop_connection(draft_id: int, updates: Updates) -> list[int]:
    log = _logs.get()
    append = _Append(draft_id, updates, asyncio.get_running_loop().create_future())
    log.waiting.append(append)
    # Shielded, as a room's own turn is: a writer cancelled while waiting must not leave the
    # appends it was sending for other rooms half-settled.
    await asyncio.shield(_write_in_turn(log))
    seqs = await append.done
    if not seqs:
        raise store.DraftReadOnly(draft_id)
    return seqs


async def _write_in_turn(log: _LoopLog) -> None:
    """Send every append waiting now; each one's future gets its seqs or its error."""
    async with log.lock:
        turn, log.waiting = log.waiting, []
        if not turn:
            return
        try:
            connection = await log.open()
            if len(turn) == 1:
                await _write_one(connection, turn[0])
            else:
                await _write_together(connection, turn)
        except Exception as error:
            if _broken(log.connection):
                await log.close()
            _fail(turn, error)


def _broken(connection: psycopg.AsyncConnection | None) -> bool:
    return connection is None or connection.closed or connection.broken


async def _write_one(connection: psycopg.AsyncConnection, append: _Append) -> None:
    cursor = await connection.execute(
        store.append_sql(), store.append_params(append.draft_id, append.updates)
    )
    await _settle(connection, append, sorted(seq for (seq,) in await cursor.fetchall()))


async def _write_together(connection: psycopg.AsyncConnection, turn: list[_Append]) -> None:
    ordered = sorted(turn, key=lambda append: append.draft_id)
    try:
        async with connection.pipeline(), connection.transaction():
            cursors = [
                await connection.execute(
                    store.append_sql(), store.append_params(append.draft_id, append.updates)
                )
                for append in ordered
            ]
        results = [sorted(seq for (seq,) in await cursor.fetchall()) for cursor in cursors]
    except psycopg.Error:
        if _broken(connection):
            raise
        # Rolled back whole: each append again on its own, so only one that fails alone fails.
        for append in ordered:
            try:
                await _write_one(connection, append)
            except psycopg.Error as error:
                if _broken(connection):
                    raise
                _fail([append], error)
        return
    for append, seqs in zip(ordered, results, strict=True):
        await _settle(connection, append, seqs)


async def _settle(connection: psycopg.AsyncConnection, append: _Append, seqs: list[int]) -> None:
    """The append's seqs; none stored means a published draft (read-only) or a deleted one."""
    if seqs:
        append.done.set_result(seqs)
        return
    cursor = await connection.execute(store.draft_exists_sql(), [append.draft_id])
    if await cursor.fetchone() is None:
        append.done.set_exception(Draft.DoesNotExist(f"draft {append.draft_id}"))
    else:
        append.done.set_result([])


def _fail(turn: list[_Append], error: BaseException) -> None:
    for append in turn:
        if not append.done.done():
            append.done.set_exception(error)


async def close() -> None:
    """Close this event loop's connections, if it has any (the worker's last room unloaded)."""
    log = _logs.existing()
    if log is not None:
        async with log.lock:
            await log.close()
    await sqlite_log.close()
