"""On PostgreSQL a worker stores its rooms' updates from the event loop, on a connection of its
own (``spaces.coedit.log_writer``, ADR 0035): what that connection's life must guarantee.

The rules of the append itself (gapless seqs, one transaction, published drafts refused) are the
store's, tested in ``tests/spaces/test_store.py`` and through the sockets by the other tests of
this folder, which take this path whenever the suite runs on PostgreSQL.
"""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from spaces.coedit import log_writer, protocol
from spaces.models import Draft, DraftUpdate

from .coediting import joined, two_editors

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores through the database thread: no connection of the loop's")


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
    """Nothing on a keystroke's way waits for the database thread (ADR 0035): not the store,
    and not Channels' per-message hop, which the consumer skips. Busy here for 3 s, as a slow
    access check or an export of another socket could keep it."""
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
