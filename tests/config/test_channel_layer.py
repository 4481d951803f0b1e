"""The Redis channel layer as configured (``config/settings.py``): a cancelled receive ends, and
lets go of its Redis subscription.

Channels cancels a consumer's channel-layer receive when its socket closes, and waits for it;
rooms cancel theirs when they unload. On Python 3.11, ``asyncio.wait_for`` returns the inner
result instead of raising when the cancellation lands just as the inner task finishes, and
redis-py wraps every command it writes in ``wait_for`` whenever a ``socket_timeout`` is set: the
cancellation was lost, the receive went on forever, and a worker stopping (SIGTERM) waited for
it until the supervisor's SIGKILL (tests/spaces/test_shutdown.py, docs/decisions/0033). The
pub/sub layer (docs/decisions/0036) writes a SUBSCRIBE when a receive starts on a channel it has
not subscribed yet, and an UNSUBSCRIBE when a receive is cancelled: the first test cancels the
receive as its command is written, the second checks that Redis forgets the channel.
"""

import asyncio
import uuid

import pytest
import redis
from django.conf import settings

pytestmark = pytest.mark.skipif(
    not settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis."),
    reason="REDIS_URL is not set: the in-memory layer",
)

ENDS_WITHIN_SECONDS = 5


async def test_a_receive_cancelled_while_its_command_is_written_ends(channel_layer, monkeypatch):
    # Not made by new_channel(), so the receive itself subscribes to it: its first command.
    channel = f"{settings.CHANNEL_LAYER_PREFIX}specific.{uuid.uuid4().hex}"
    receiving: asyncio.Task | None = None
    writelines = asyncio.StreamWriter.writelines
    written = []

    def cancel_the_receive_once_written(writer, data):
        nonlocal receiving
        writelines(writer, data)
        written.append(b"".join(data))
        if receiving is not None:
            receiving.cancel()
            receiving = None  # once

    monkeypatch.setattr(asyncio.StreamWriter, "writelines", cancel_the_receive_once_written)
    task = receiving = asyncio.ensure_future(channel_layer.receive(channel))
    try:
        await asyncio.wait([task], timeout=ENDS_WITHIN_SECONDS)
        assert written, "the receive wrote no command: the test cancelled nothing"
        assert task.cancelled(), "the receive went on after its cancellation"
    finally:
        while not task.done():  # a lost cancellation: cancel again, so the test leaves nothing
            task.cancel()
            await asyncio.wait([task], timeout=1)


async def test_a_cancelled_receive_unsubscribes_its_channel(channel_layer):
    """A closed socket's channel does not stay subscribed on Redis (nor queued in the worker)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    channel = await channel_layer.new_channel()
    try:
        assert client.pubsub_numsub(channel) == [(channel.encode(), 1)]
        task = asyncio.ensure_future(channel_layer.receive(channel))
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.wait([task], timeout=ENDS_WITHIN_SECONDS)
        assert task.cancelled()
        for _ in range(50):  # the UNSUBSCRIBE is written as the receive ends
            if client.pubsub_numsub(channel) == [(channel.encode(), 0)]:
                break
            await asyncio.sleep(0.02)
        assert client.pubsub_numsub(channel) == [(channel.encode(), 0)]
    finally:
        client.close()
