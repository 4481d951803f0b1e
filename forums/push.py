"""Live news of a topic for the people reading it, through the channel layer.

What goes out is a nudge — "post N is new (or changed) in this topic" — never the post itself:
the reader's client fetches it through the API, where the permission layer decides what this
reader sees (a pending post, a hidden one), and the nudge needs no per-reader filtering. The
channel layer may drop a message (Redis pub/sub loses what is published while a worker's
subscription reconnects; the in-memory layer drops past a channel's capacity): the client also
fetches the posts after the last one it has whenever it reconnects or comes back, so a lost
nudge delays a post, never loses it.
"""

import asyncio
import logging
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def topic_group(topic_id: int) -> str:
    return f"forum-topic-{topic_id}"


def _send(topic_id: int, post_id: int, event: str) -> None:
    """Send from this thread, or from a short-lived one when this thread runs an event loop
    (a service called from async code, or beside a test's browser driver)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _deliver(topic_id, post_id, event)
    else:
        threading.Thread(target=_deliver, args=(topic_id, post_id, event), daemon=True).start()


def _deliver(topic_id: int, post_id: int, event: str) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            topic_group(topic_id), {"type": "topic.news", "event": event, "post": post_id}
        )
    except Exception:  # a layer down must not fail a committed post
        logger.warning("Live push of post %s not sent", post_id, exc_info=True)


def announce(topic_id: int, post_id: int, event: str = "post_new") -> None:
    """Once the post is committed, nudge the topic's readers (``post_new``, ``post_changed``)."""
    transaction.on_commit(lambda: _send(topic_id, post_id, event))
