"""Many drafts opened and closed leave nothing behind in the worker (bench/soak/, issue 14).

A worker serving co-editing for months loads and unloads rooms all day: after the last
connection to each of many drafts has gone, the worker must hold no room, no room or consumer
task, no channel-layer group membership and no Yjs document for them.
"""

import asyncio
import gc

import pytest
from channels.layers import get_channel_layer
from pycrdt import Doc

from .coediting import joined, new_drafts

pytestmark = [pytest.mark.django_db(transaction=True)]

DRAFTS = 12


def _live_docs() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Doc)  # type(): no lazy object evaluated


async def _settled(registry) -> None:
    for _ in range(100):  # a room unloads (enqueuing a compaction) just after its last client
        if registry.idle():
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.1)  # cancelled tasks finish on the next turns


async def test_rooms_opened_and_closed_release_their_tasks_groups_and_documents(
    worker_rooms, space, referent, agent
):
    drafts = await new_drafts(space, referent, DRAFTS)
    # Redis pub/sub receives for the whole worker on one task, started by its first subscription:
    # started here, so what is counted is per room and per connection.
    await get_channel_layer().new_channel()
    tasks_before = len(asyncio.all_tasks())
    docs_before = _live_docs()
    for draft in drafts:
        first = await joined(draft.pk, referent)
        await first.sync()
        second = await joined(draft.pk, agent)
        await second.sync()
        await first.edit("texte")
        await second.receive_update()
        await first.set_awareness(1234, 1, {"user": {"name": "x"}})
        await second.receive_awareness()
        await first.disconnect()
        await second.disconnect()
    await _settled(worker_rooms)

    assert worker_rooms.rooms == {}
    assert worker_rooms.idle()
    assert len(asyncio.all_tasks()) <= tasks_before
    layer = get_channel_layer()
    assert not getattr(layer, "groups", {}), "a room stayed in its draft's group"
    # The last two clients' documents are still referenced here; none of the rooms' may be.
    assert _live_docs() - docs_before <= 2


async def test_sockets_take_no_channel_layer_channel_of_their_own(
    worker_rooms, draft, referent, agent
):
    """Only the room receives from the layer: three sockets on one draft add one channel, the
    room's (with Redis, a socket's own channel cost a SUBSCRIBE and an UNSUBSCRIBE)."""
    layer = get_channel_layer()
    await layer.new_channel()  # Redis pub/sub: the layer's receiver started (see above)
    before = set(layer.channels)
    clients = [await joined(draft.pk, user) for user in (referent, agent, referent)]
    for client in clients:
        await client.sync()
    await clients[0].edit("texte")
    for client in clients[1:]:
        await client.receive_update()
    opened = set(layer.channels) - before
    for client in clients:
        await client.disconnect()
    assert len(opened) == 1


async def test_the_worker_is_idle_only_once_its_last_room_has_unloaded(
    worker_rooms, draft, referent, monkeypatch
):
    """A room leaves the registry before it unloads (enqueuing its compaction, closing the log
    writer): until that ends the worker still holds database connections, so whoever waits for
    the worker to be done (a test's teardown, before the test database is dropped) waits for
    ``idle()``, not for an empty ``rooms``."""
    compaction_may_go = asyncio.Event()
    original_compact = worker_rooms.compact

    async def held_compact(draft_id):
        await compaction_may_go.wait()
        await original_compact(draft_id)

    monkeypatch.setattr(worker_rooms, "compact", held_compact)
    client = await joined(draft.pk, referent)
    await client.sync()
    await client.edit("texte")
    # Hang up as a client does (communicator.disconnect() would cancel the consumer after 1 s).
    await client.communicator.send_input({"type": "websocket.disconnect", "code": 1000})
    for _ in range(100):
        if not worker_rooms.rooms:
            break
        await asyncio.sleep(0.01)

    assert worker_rooms.rooms == {}
    assert not worker_rooms.idle()
    compaction_may_go.set()
    await client.communicator.wait(timeout=5)
    assert worker_rooms.idle()
