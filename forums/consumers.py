"""The live socket of a topic, ``/ws/forums/topics/<id>``: nudges when its posts change.

Authenticated like the co-editing socket (the session cookie, which ``config/ws_origin.py``
lets through only from an allowed origin; otherwise the person is anonymous, who may still read
a public forum). At connection the selector asks the permission layer whether the person may
read the topic (4404 otherwise: the same answer whether it exists or not). Then it relays, as
``{"type": "post_new" | "post_changed", "post": <id>}``, what ``forums.push`` sends to the
topic's group through the channel layer — so it works across workers with Redis. Only ids go
out: the client fetches the posts through the API, where each reader sees what they may see;
and since a channel layer may drop a message, the client also fetches on (re)connection.

Close codes: 4404 topic missing or not readable.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from collectivites.errors import NotFoundError

from . import selectors
from .push import topic_group

NOT_READABLE = 4404


def _readable(user, topic_id: int) -> bool:
    try:
        selectors.topic_get(actor=user, pk=topic_id)
    except NotFoundError:
        return False
    return True


class TopicConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = None
        topic_id = int(self.scope["url_route"]["kwargs"]["topic_id"])
        await self.accept()
        if not await database_sync_to_async(_readable)(self.scope.get("user"), topic_id):
            await self.close(code=NOT_READABLE, reason="Sujet introuvable.")
            return
        self.group = topic_group(topic_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json({"type": "ready", "topic": topic_id})

    async def disconnect(self, code):
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """Readers have nothing to say on this socket; what they send is ignored."""

    async def topic_news(self, message):
        await self.send_json({"type": message["event"], "post": message["post"]})
