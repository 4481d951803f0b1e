"""The Redis channel layer as configured (``config/settings.py``): a cancelled receive ends.

Channels cancels a consumer's channel-layer receive when its socket closes, and waits for it;
rooms cancel theirs when they unload. On Python 3.11, ``asyncio.wait_for`` returns the inner
result instead of raising when the cancellation lands just as the inner task finishes, and
redis-py wraps every command it writes in ``wait_for`` whenever a ``socket_timeout`` is set: the
cancellation was lost, the receive went on popping forever, and a worker stopping (SIGTERM)
waited for it until the supervisor's SIGKILL (tests/spaces/test_shutdown.py, docs/decisions/
0033). The test cancels the receive at that exact moment: as its first command is written.
"""

import asyncio

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    not settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis."),
    reason="REDIS_URL is not set: the in-memory layer",
)

LAYER_POP_SECONDS = 5  # channels_redis's blocking pop (BZPOPMIN) answers within this


async def test_a_receive_cancelled_while_its_command_is_written_ends(channel_layer, monkeypatch):
    channel = await channel_layer.new_channel()
    receiving: asyncio.Task | None = None
    writelines = asyncio.StreamWriter.writelines

    def cancel_the_receive_once_written(writer, data):
        nonlocal receiving
        writelines(writer, data)
        if receiving is not None:
            receiving.cancel()
            receiving = None  # once

    monkeypatch.setattr(asyncio.StreamWriter, "writelines", cancel_the_receive_once_written)
    task = receiving = asyncio.ensure_future(channel_layer.receive(channel))
    try:
        await asyncio.wait([task], timeout=LAYER_POP_SECONDS + 3)
        assert task.cancelled(), "the receive went on after its cancellation"
    finally:
        while not task.done():  # a lost cancellation: cancel again, so the test leaves nothing
            task.cancel()
            await asyncio.wait([task], timeout=1)
