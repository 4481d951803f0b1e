"""Many drafts opening at once on one worker with Redis: the channel layer's connection pool is
shared by every room, and a burst of joins, edits and cursors waits for a turn instead of
failing (``spaces.coedit.rooms.layer_slot``; found by the co-editing bench at 200 drafts)."""

import asyncio
import copy

import pytest
from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels_redis.core import RedisChannelLayer

from spaces.coedit import store
from spaces.services import draft_create

from .coediting import awareness_state, joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

DRAFTS = 16
POOL = 4


@pytest.fixture
async def small_pool(settings, channel_layer):
    """The default layer with a pool of ``POOL`` connections, and rooms allowed half of them."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the in-memory layer has no connection pool")
    config = copy.deepcopy(settings.CHANNEL_LAYERS["default"]["CONFIG"])
    config["hosts"][0]["max_connections"] = POOL
    settings.CHANNEL_LAYER_CONCURRENCY = POOL // 2
    layer = RedisChannelLayer(**config)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(channel_layers.backends, DEFAULT_CHANNEL_LAYER, layer)
        yield layer
        await layer.flush()


async def test_a_burst_of_drafts_opening_together_waits_for_redis_instead_of_failing(
    small_pool, space, referent
):
    drafts = [
        await sync_to_async(draft_create)(
            actor=referent, space=space, title=f"CCTP {index}", markdown="# CCTP\n"
        )
        for index in range(DRAFTS)
    ]

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
