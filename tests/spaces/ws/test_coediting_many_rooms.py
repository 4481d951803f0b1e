"""Many drafts opening at once on one worker with Redis, on a connection pool far smaller than the
rooms: a burst of joins, edits and cursors must not fail for want of a connection.

Found by the co-editing bench at 200 drafts: channels_redis' core layer held a pooled connection
per command in flight, and redis-py fails a call at once past the pool's size. The pub/sub layer
(docs/decisions/0036) writes every command of a worker on one connection, and receives on one
more, whatever the number of rooms: this test holds it to that.
"""

import asyncio
import copy

import pytest
from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from django.utils.module_loading import import_string

from spaces.coedit import store

from .coediting import awareness_state, joined, new_drafts

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

DRAFTS = 16
POOL = 2  # one connection to write on, one to receive on


@pytest.fixture
async def small_pool(settings, channel_layer):
    """The default layer with a pool of ``POOL`` connections."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the in-memory layer has no connection pool")
    config = copy.deepcopy(settings.CHANNEL_LAYERS["default"]["CONFIG"])
    config["hosts"][0]["max_connections"] = POOL
    layer = import_string(settings.CHANNEL_LAYERS["default"]["BACKEND"])(**config)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(channel_layers.backends, DEFAULT_CHANNEL_LAYER, layer)
        yield layer
        await layer.flush()


async def test_a_burst_of_drafts_opening_together_waits_for_redis_instead_of_failing(
    small_pool, space, referent, caplog
):
    drafts = await new_drafts(space, referent, DRAFTS)

    async def open_and_edit(index: int, draft) -> None:
        client = await joined(draft.pk, referent)
        await client.sync()
        await client.set_awareness(1000 + index, 1, awareness_state(f"Agent {index}"))
        await client.edit(f"article {index}")
        for _ in range(100):
            if await sync_to_async(store.current_markdown)(draft.pk) == client.content:
                break
            await asyncio.sleep(0.05)
        await client.disconnect()

    await asyncio.gather(*(open_and_edit(i, d) for i, d in enumerate(drafts)))
    for index, draft in enumerate(drafts):
        stored = await sync_to_async(store.current_markdown)(draft.pk)
        assert stored == f"# CCTP\narticle {index}"
    # Stored either way; what a lack of connections would fail is the broadcasts and cursors.
    failed = [r.getMessage() for r in caplog.records if r.name == "spaces.coedit.rooms"]
    assert [message for message in failed if "not broadcast" in message] == []
