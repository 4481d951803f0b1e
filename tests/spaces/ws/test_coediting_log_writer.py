"""A worker stores its rooms' updates from the event loop, on a connection of its own
(``spaces.coedit.log_writer``: ADR 0035 for PostgreSQL, ADR 0040 for SQLite): what that
connection's life must guarantee, and that it keeps the store's rules.

The rules of the append itself (gapless seqs, one transaction, published drafts refused) are the
store's, tested in ``tests/spaces/test_store.py`` on the database thread, here on the loop's
connection, and through the sockets by the other tests of this folder, which take this path.
SQLite's own cases (a write lock held elsewhere, checkpoints) are in ``test_coediting_sqlite_log``.
"""

import asyncio
import contextlib
import sqlite3
import time

import psycopg
import pytest
from asgiref.sync import sync_to_async
from django.db import IntegrityError, connection

from spaces.coedit import log_writer, protocol, store
from spaces.models import Draft, DraftUpdate

from .coediting import joined, new_drafts, two_editors

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's loop connection (SQLite's: test_coediting_sqlite_log)")


postgresql = pytest.mark.usefixtures("postgresql_only")


def _log_sessions() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()",
            [log_writer.APPLICATION_NAME],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _terminate(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def _stored_seqs(draft_id: int) -> list[int]:
    return list(
        DraftUpdate.objects.filter(draft_id=draft_id).order_by("seq").values_list("seq", flat=True)
    )


def _last_seq(draft_id: int) -> int:
    return Draft.objects.values_list("last_seq", flat=True).get(pk=draft_id)


log_sessions = sync_to_async(_log_sessions)
last_seq = sync_to_async(_last_seq)
terminate = sync_to_async(_terminate)
stored_seqs = sync_to_async(_stored_seqs)


async def _wait_for(condition, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


@postgresql
async def test_the_worker_holds_one_connection_while_a_draft_is_open_and_none_after(
    draft, referent, agent
):
    assert await log_sessions() == []
    writer, other = await two_editors(draft.pk, referent, agent)
    await writer.edit(" un")
    await other.receive_update()
    await other.edit(" deux")
    await writer.receive_update()
    assert len(await log_sessions()) == 1  # both rooms' writers share it

    await writer.disconnect()
    await other.disconnect()

    async def gone():
        return await log_sessions() == []

    await _wait_for(gone)
    assert await last_seq(draft.pk) == 2  # the log itself was compacted when the room unloaded


@postgresql
async def test_a_broken_connection_fails_its_batch_only_and_the_next_edit_reconnects(
    draft, referent, agent
):
    writer, other = await two_editors(draft.pk, referent, agent)
    await writer.edit(" avant")
    await other.receive_update()
    [pid] = await log_sessions()

    await terminate(pid)  # PostgreSQL restarted, or an administrator ended the session
    await writer.edit(" pendant")
    # Not stored, so seen by no one; the writer is closed and will resync its copy.
    await writer.closed_with(protocol.CLOSE_STORE_FAILED)
    await other.nothing()
    assert await stored_seqs(draft.pk) == [1]

    await other.edit(" après")
    back = await joined(draft.pk, referent)
    await back.sync()
    assert back.content == "# CCTP\n avant après"
    assert await stored_seqs(draft.pk) == [1, 2]
    assert (await log_sessions()) not in ([], [pid])
    await other.disconnect()
    await back.disconnect()


async def test_an_edit_is_relayed_while_the_database_thread_is_busy(draft, referent, agent):
    """Nothing on a keystroke's way waits for the database thread (ADR 0035, 0040): not the
    store, on either database, and not Channels' per-message hop, which the consumer skips.
    Busy here for 3 s, as a slow access check or an export of another socket could keep it."""
    writer, other = await two_editors(draft.pk, referent, agent)
    busy = asyncio.ensure_future(sync_to_async(time.sleep)(3))  # the thread-sensitive thread
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await writer.edit(" pressé")
    await other.receive_update()
    assert time.monotonic() - started < 1.5
    assert not busy.done()
    await busy
    await writer.disconnect()
    await other.disconnect()


def _transactions_of(draft_ids: list[int]) -> dict[int, set[str]]:
    """The transaction (xmin) that wrote each draft's log entries."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT draft_id, xmin::text FROM spaces_draftupdate WHERE draft_id = ANY(%s)",
            [draft_ids],
        )
        written: dict[int, set[str]] = {}
        for draft_id, xmin in cursor.fetchall():
            written.setdefault(draft_id, set()).add(xmin)
        return written


transactions_of = sync_to_async(_transactions_of)


@contextlib.asynccontextmanager
async def _draft_locked(draft_id: int):
    """Another session holds the draft's row: an append to it waits in PostgreSQL, and with it
    the worker's connection, so appends for other drafts queue for the next turn."""
    async with await psycopg.AsyncConnection.connect(**log_writer.connection_params()) as other:
        await other.execute("SELECT 1 FROM spaces_draft WHERE id = %s FOR UPDATE", [draft_id])
        yield
        await other.rollback()


async def _appends_queued_behind(blocked_draft: int, appends: list[tuple[int, int]]):
    """Append one update to ``blocked_draft`` (held by another session), then ``appends``
    (draft, user) while it waits; return each task, the blocked one first."""
    async with _draft_locked(blocked_draft):
        first = asyncio.ensure_future(
            log_writer.append_updates(draft_id=blocked_draft, updates=[(None, b"\x00")])
        )
        await asyncio.sleep(0.2)  # the first append is in PostgreSQL, waiting for the row
        queued = [
            asyncio.ensure_future(log_writer.append_updates(draft_id=d, updates=[(u, b"\x00")]))
            for d, u in appends
        ]
        await asyncio.sleep(0.2)
        assert not first.done() and not any(task.done() for task in queued)
    await asyncio.wait([first, *queued], timeout=10)
    return [first, *queued]


@postgresql
async def test_appends_of_several_drafts_waiting_together_are_one_transaction(space, referent):
    blocked, *others = await new_drafts(space, referent, 4)
    tasks = await _appends_queued_behind(blocked.pk, [(d.pk, referent.pk) for d in others])
    assert [task.result() for task in tasks] == [[1], [1], [1], [1]]
    written = await transactions_of([blocked.pk, *(d.pk for d in others)])
    together = {xmin for d in others for xmin in written[d.pk]}
    assert len(together) == 1, "the queued appends were committed one by one"
    assert written[blocked.pk] != together


@postgresql
async def test_an_append_that_fails_fails_alone_in_a_shared_turn(space, referent):
    blocked, first, bad, last = await new_drafts(space, referent, 4)
    no_such_user = 10**9
    tasks = await _appends_queued_behind(
        blocked.pk, [(first.pk, referent.pk), (bad.pk, no_such_user), (last.pk, referent.pk)]
    )
    assert tasks[0].result() == [1]
    assert tasks[1].result() == [1] and tasks[3].result() == [1]
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        tasks[2].result()
    assert await stored_seqs(first.pk) == [1] and await stored_seqs(last.pk) == [1]
    assert await stored_seqs(bad.pk) == []
    assert await last_seq(bad.pk) == 0  # the failed append left its draft as it was


# --- The store's rules, on the loop's connection ---------------------------------------------


def _draft_row(draft_id: int) -> tuple:
    return Draft.objects.values_list("last_seq", "status", "updated_by_id").get(pk=draft_id)


draft_row = sync_to_async(_draft_row)


async def test_the_loops_appends_are_numbered_in_order_and_keep_the_last_editor(
    draft, referent, agent
):
    first = await log_writer.append_updates(draft_id=draft.pk, updates=[(referent.pk, b"a")])
    batch = [(agent.pk, b"b"), (referent.pk, b"c"), (None, b"d")]
    assert (first, await log_writer.append_updates(draft_id=draft.pk, updates=batch)) == (
        [1],
        [2, 3, 4],
    )
    assert await stored_seqs(draft.pk) == [1, 2, 3, 4]
    assert await draft_row(draft.pk) == (4, Draft.Status.WRITING, referent.pk)


async def test_the_loops_append_sends_an_approved_draft_back_to_review(draft, referent):
    await sync_to_async(Draft.objects.filter(pk=draft.pk).update)(status=Draft.Status.APPROVED)
    await log_writer.append_updates(draft_id=draft.pk, updates=[(referent.pk, b"a")])
    assert (await draft_row(draft.pk))[1] == Draft.Status.REVIEW


async def test_the_loops_append_refuses_a_published_draft_and_a_deleted_one(space, referent):
    published, deleted = await new_drafts(space, referent, 2)
    await sync_to_async(Draft.objects.filter(pk=published.pk).update)(status=Draft.Status.PUBLISHED)
    with pytest.raises(store.DraftReadOnly):
        await log_writer.append_updates(draft_id=published.pk, updates=[(referent.pk, b"a")])
    await sync_to_async(Draft.objects.filter(pk=deleted.pk).delete)()
    with pytest.raises(Draft.DoesNotExist):
        await log_writer.append_updates(draft_id=deleted.pk, updates=[(referent.pk, b"a")])
    assert (await draft_row(published.pk))[:2] == (0, Draft.Status.PUBLISHED)
    assert await stored_seqs(published.pk) == []


async def test_a_failed_append_on_the_loop_stores_nothing_and_the_next_one_goes_on(draft, referent):
    no_such_user = 10**9
    with pytest.raises((psycopg.IntegrityError, sqlite3.IntegrityError, IntegrityError)):
        await log_writer.append_updates(draft_id=draft.pk, updates=[(no_such_user, b"a")])
    assert (await stored_seqs(draft.pk), (await draft_row(draft.pk))[0]) == ([], 0)
    assert await log_writer.append_updates(draft_id=draft.pk, updates=[(referent.pk, b"b")]) == [1]
