"""A new post is pushed live to the topic's readers, through the channel layer.

Run on the in-memory layer and on Redis (``REDIS_URL``; skipped without it): the nudge goes
through the layer's groups, so readers connected to another worker get it too. Only ids go out
(``{"type": "post_new", "post": id}``); the client fetches the post through the API.
"""

import os

import pytest
from asgiref.sync import sync_to_async
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from forums.services import moderation
from forums.services.posts import post_create

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"localhost"), (b"origin", b"http://localhost")]
TIMEOUT = 10


@pytest.fixture(params=["memory", "redis"])
async def layer(request, settings, channel_layer):
    """The default layer as the in-memory one, or as the Redis one config/settings.py makes."""
    if request.param == "memory":
        yield channel_layer
        return
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL not set")
    settings.CHANNEL_LAYERS = {
        DEFAULT_CHANNEL_LAYER: {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # This run's prefix (tests/conftest.py): a run beside it keeps its own groups.
            "CONFIG": {"hosts": [url], "prefix": f"{settings.CHANNEL_LAYER_PREFIX}-forums"},
        }
    }
    with pytest.MonkeyPatch.context() as patch:
        redis_layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
        patch.setitem(channel_layers.backends, DEFAULT_CHANNEL_LAYER, redis_layer)
        await redis_layer.flush()
        yield redis_layer
        await redis_layer.flush()


@sync_to_async
def _cookie(user) -> bytes:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(topic_id: int, user=None) -> WebsocketCommunicator:
    headers = list(HEADERS)
    if user is not None:
        headers.append((b"cookie", await _cookie(user)))
    communicator = WebsocketCommunicator(application, f"/ws/forums/topics/{topic_id}/", headers)
    connected, _ = await communicator.connect(TIMEOUT)
    assert connected
    return communicator


async def test_a_reply_reaches_a_reader_of_the_topic(layer, topic, member, forum_mod):
    reader = await _connect(topic.pk, member)
    assert await reader.receive_json_from(TIMEOUT) == {"type": "ready", "topic": topic.pk}
    post = await sync_to_async(post_create)(actor=forum_mod, topic=topic, body="Réponse en direct")
    assert await reader.receive_json_from(TIMEOUT) == {"type": "post_new", "post": post.pk}
    await sync_to_async(moderation.post_hide)(actor=forum_mod, post=post, reason="Hors sujet")
    assert await reader.receive_json_from(TIMEOUT) == {"type": "post_changed", "post": post.pk}
    await reader.disconnect()


async def test_a_pending_post_is_not_announced(layer, topic, member, forum_mod, private):
    await sync_to_async(
        lambda: type(private).objects.filter(pk=private.pk).update(premoderation="all")
    )()
    reader = await _connect(topic.pk, forum_mod)
    await reader.receive_json_from(TIMEOUT)
    await sync_to_async(post_create)(actor=member, topic=topic, body="En attente")
    assert await reader.receive_nothing(timeout=0.5)
    await reader.disconnect()


async def test_who_may_not_read_the_topic_is_closed_with_4404(layer, topic, other_member):
    for user in (None, other_member):
        socket = await _connect(topic.pk, user)
        output = await socket.receive_output(TIMEOUT)
        assert (output["type"], output["code"]) == ("websocket.close", 4404)
        await socket.disconnect()
    missing = await _connect(topic.pk + 1000, other_member)
    assert (await missing.receive_output(TIMEOUT))["code"] == 4404
