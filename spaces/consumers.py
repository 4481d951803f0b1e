"""The co-editing socket, ``/ws/drafts/<id>``: the y-websocket protocol over a draft's room.

Thin on purpose: it authenticates (session cookie or single-use ``?ticket=``), asks the
permission layer whether the user may read and edit the draft — at connection and again while
the socket stays open (``spaces.coedit.access``) —, reads frames strictly
(``spaces.coedit.protocol``, where the close codes are listed) and hands documents and
awareness to the worker's room (``spaces.coedit.rooms``), which stores before it broadcasts.

Decisions: docs/decisions/0008-coediting-protocol-rooms-per-worker.md.
"""

import asyncio
import logging
from dataclasses import replace
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from pycrdt import Doc

from .coedit import protocol, rooms, store
from .coedit.access import Access, access_at_connect, access_now
from .models import Draft

logger = logging.getLogger(__name__)

# Frames waiting for a slow client; past this it is disconnected (1013) rather than letting
# the worker's memory grow. A reconnecting client resyncs, so nothing is lost.
OUTBOX_LIMIT = 2000
READ_ONLY_REASON = "Lecture seule : vos modifications ne sont pas enregistrées."


def _valid_update(data: bytes) -> bool:
    """Does the update decode and integrate? Tried on a scratch document, not the room's."""
    try:
        Doc().apply_update(data)
    except BaseException as exc:  # pyo3 panics derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return False
    return True


class DraftConsumer(AsyncWebsocketConsumer):
    def __init__(self, *args, worker_rooms: rooms.RoomRegistry | None = None, **kwargs):
        """``as_asgi(worker_rooms=...)`` gives another worker's rooms (tests simulate workers)."""
        super().__init__(*args, **kwargs)
        self.worker_rooms = worker_rooms

    async def connect(self):
        self.room = None
        self.registry = self.worker_rooms or rooms.registry
        self.closing = False
        self.awareness_client_id: int | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue()
        self._writer: asyncio.Task | None = None
        draft_id = int(self.scope["url_route"]["kwargs"]["draft_id"])
        tickets = parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get("ticket")
        access = await database_sync_to_async(access_at_connect)(
            self.scope.get("user"), tickets[0] if tickets else None, draft_id
        )
        # Accept, then close: only an accepted socket can carry a close code to the client.
        await self.accept()
        if not isinstance(access, Access):
            await self._close(access)
            return
        self.access = access
        self._writer = asyncio.create_task(self._write())
        try:
            self.room = await self.registry.join(draft_id, self)
        except Draft.DoesNotExist:  # deleted since the permission check
            await self._close(protocol.CLOSE_NOT_FOUND)
            return
        # As the y-websocket server does: show the newcomer who is already here.
        states = self.room.awareness_states()
        if states != protocol.var_uint(0):
            self.enqueue(protocol.awareness_message(states))

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing or self.room is None:
            return
        if bytes_data is None:
            await self._close(protocol.CLOSE_MALFORMED)
            return
        if len(bytes_data) > settings.COEDIT_MAX_MESSAGE_BYTES:
            await self._close(protocol.CLOSE_TOO_BIG)
            return
        try:
            message = protocol.parse_message(bytes_data)
            if message.type == protocol.MESSAGE_SYNC:
                await self._on_sync(message)
            elif message.type == protocol.MESSAGE_AWARENESS:
                await self._on_awareness(message.payload)
            elif message.type == protocol.MESSAGE_QUERY_AWARENESS:
                self.enqueue(protocol.awareness_message(self.room.awareness_states()))
            # MESSAGE_AUTH: only servers send it; a client's is ignored.
        except protocol.ProtocolError:
            await self._close(protocol.CLOSE_MALFORMED)

    async def disconnect(self, code):
        self.closing = True
        await self._leave()

    # --- Messages -----------------------------------------------------------------------------

    async def _on_sync(self, message: protocol.Message) -> None:
        if message.sub_type == protocol.SYNC_STEP1:
            try:
                reply = self.room.sync_step2(message.payload)
            except ValueError as exc:
                raise protocol.ProtocolError("undecodable state vector") from exc
            # The diff goes to the requester only; then our state, so it sends what we lack.
            self.enqueue(reply)
            if self.access.can_edit:
                self.enqueue(self.room.sync_step1())
            return
        if not self.access.can_edit:
            self.enqueue(protocol.permission_denied_message(READ_ONLY_REASON))
            return
        if message.payload == protocol.EMPTY_UPDATE:
            return
        if not _valid_update(message.payload):
            raise protocol.ProtocolError("undecodable update")
        try:
            await self.room.submit(
                message.payload, user_id=self.access.user_id, origin=self.channel_name
            )
        except store.DraftReadOnly:  # published since the last access check
            self.access = replace(self.access, can_edit=False)
            self.enqueue(protocol.permission_denied_message(READ_ONLY_REASON))
        except Exception:
            logger.exception("Draft %s: update not stored", self.room.draft_id)
            await self._close(protocol.CLOSE_STORE_FAILED)

    async def _on_awareness(self, payload: bytes) -> None:
        """Accept the first client id seen on this socket only, under the user's own name."""
        entries = protocol.parse_awareness_update(payload)
        if self.awareness_client_id is None and entries:
            self.awareness_client_id = entries[0].client_id
        kept = []
        for entry in entries:
            if entry.client_id != self.awareness_client_id:
                continue
            state = entry.state
            if state is not None:
                user = state.get("user")
                user = dict(user) if isinstance(user, dict) else {}
                user["name"] = self.access.name
                state = {**state, "user": user}
            kept.append(protocol.AwarenessEntry(entry.client_id, entry.clock, state))
        if kept:
            await self.room.awareness_from(kept, origin=self.channel_name)

    async def recheck_access(self) -> None:
        """Called by the room: access lost closes the socket, edit rights lost or gained apply
        from the next message (spaces.coedit.access)."""
        if self.closing or self.room is None:
            return
        # Off the shared database thread, where this room's stores wait their turn.
        recheck = database_sync_to_async(access_now, thread_sensitive=False)
        access = await recheck(self.access.user_id, self.room.draft_id)
        if not isinstance(access, Access):
            # In a task of its own: closing may unload the room, whose task is running this.
            self._closing = asyncio.create_task(self._close(access))
            return
        could_edit, self.access = self.access.can_edit, access
        if could_edit and not access.can_edit:
            self.enqueue(protocol.permission_denied_message(READ_ONLY_REASON))
        elif access.can_edit and not could_edit:
            # Now an editor: ask for what the client has that the server lacks.
            self.enqueue(self.room.sync_step1())

    # --- Output and closing -------------------------------------------------------------------

    def enqueue(self, frame: bytes) -> None:
        """Called by the room too: never waits on this client's network."""
        if self.closing:
            return
        if self._outbox.qsize() >= OUTBOX_LIMIT:
            logger.warning("Draft socket %s: client too slow, closing", self.channel_name)
            self._closing = asyncio.create_task(self._close(protocol.CLOSE_TOO_SLOW))
            return
        self._outbox.put_nowait(frame)

    async def _write(self) -> None:
        while True:
            frame = await self._outbox.get()
            await self.send(bytes_data=frame)

    async def _close(self, code: int) -> None:
        if self.closing:
            return
        self.closing = True
        if self._writer is not None:
            self._writer.cancel()
        await self.close(code=code)
        await self._leave()

    async def _leave(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        room, self.room = self.room, None
        if room is None:
            return
        if self.awareness_client_id is not None:
            await room.awareness_gone(self.awareness_client_id, origin=self.channel_name)
        await self.registry.leave(room, self)
