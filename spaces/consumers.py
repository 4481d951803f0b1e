"""The co-editing socket, ``/ws/drafts/<id>``: the y-websocket protocol over a draft's room.

Thin on purpose: it authenticates (a single-use ``?ticket=``, from any origin or none; or the
session cookie, which ``config/ws_origin.py`` lets through only from an allowed origin), asks
the permission layer whether the user may read and edit the draft — at connection and again
while the socket stays open (``spaces.coedit.access``) —, reads frames strictly
(``spaces.coedit.protocol``), enforces the limits of each kind of message and hands documents
and awareness to the worker's room (``spaces.coedit.rooms``), which stores before it
broadcasts.

Close codes (the table, with what each means, is in ``spaces.coedit.protocol``):

====  ===========================================================================
4401  no valid ticket or session (or a session cookie from a foreign/missing Origin)
4404  draft missing or not readable
4400  malformed frame, or an update that would pend (it references what the draft lacks)
4413  over a limit: sync message size, awareness message or state size, draft text length
1011  update not stored
1013  client too slow
1001  the worker is stopping (sent by ``config/uvicorn_ws.py``, not here)
====  ===========================================================================

Limits (``config/settings.py``): sync messages ``COEDIT_MAX_MESSAGE_BYTES``; the draft's text
``spaces.limits.DRAFT_MAX_CHARACTERS`` (the REST limit; checked by the room); awareness
``COEDIT_AWARENESS_MAX_MESSAGE_BYTES`` per message, ``COEDIT_AWARENESS_MAX_STATE_BYTES`` per
state and ``COEDIT_AWARENESS_PER_SECOND`` (``spaces.coedit.awareness``: excess coalesced, not
closed). Awareness sent to a client is split into messages under the awareness message limit.

Decisions: docs/decisions/0008-coediting-protocol-rooms-per-worker.md.
"""

import asyncio
import logging
import uuid
from dataclasses import replace
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from pycrdt import Doc

from .coedit import awareness, protocol, rooms, store
from .coedit.access import Access, access_at_connect, access_now
from .coedit.frames import RAW_SEND, Frame, RawSend
from .models import Draft

logger = logging.getLogger(__name__)

READ_ONLY_REASON = "Lecture seule : vos modifications ne sont pas enregistrées."
COOKIE_IGNORED_REASON = "Origine non autorisée pour le cookie de session : demandez un ticket."
TEXT_TOO_LONG_REASON = "Le texte dépasserait la longueur maximale d'un brouillon."
STATE_TOO_BIG_REASON = "État de présence trop volumineux."
WOULD_PEND_REASON = "Modification fondée sur un contenu absent du brouillon : rechargez la page."


def _valid_update(data: bytes) -> bool:
    """Does the update decode and integrate? Tried on a scratch document, not the room's."""
    try:
        protocol.check_update(data)  # before yrs: see spaces.coedit.protocol
    except protocol.ProtocolError:
        return False
    try:
        Doc().apply_update(data)
    except BaseException as exc:  # pyo3 panics derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return False
    return True


class DraftConsumer(AsyncWebsocketConsumer):
    # No channel-layer channel per socket: only rooms receive from the layer (one channel per room
    # per worker, spaces.coedit.rooms). Channels would otherwise open one for every socket, that
    # nothing sends to: a Redis SUBSCRIBE and UNSUBSCRIBE per connection, on the connection the
    # rooms publish on (docs/decisions/0036), and on the in-memory layer a queue that every
    # receive scans for expired messages. ``get_channel_layer`` answers None for an alias that
    # is not configured.
    channel_layer_alias = None

    def __init__(self, *args, worker_rooms: rooms.RoomRegistry | None = None, **kwargs):
        """``as_asgi(worker_rooms=...)`` gives another worker's rooms (tests simulate workers)."""
        super().__init__(*args, **kwargs)
        self.worker_rooms = worker_rooms
        # The socket's name in its room (``origin``: whom an update is not sent back to).
        self.channel_name = f"draft-socket.{uuid.uuid4().hex}"

    async def connect(self):
        self.room = None
        self.registry = self.worker_rooms or rooms.registry
        self.closing = False
        self.awareness_client_id: int | None = None
        # Frames for the client: written by us through our uvicorn protocol (``_raw``), or
        # queued for the writer task (any other ASGI server).
        self._raw: RawSend | None = (self.scope.get("extensions") or {}).get(RAW_SEND)
        self._raw_frames: list[bytes] = []
        self._raw_bytes = 0
        self._outbox: asyncio.Queue[Frame] = asyncio.Queue()
        self._outbox_bytes = 0
        self._writer: asyncio.Task | None = None
        draft_id = int(self.scope["url_route"]["kwargs"]["draft_id"])
        tickets = parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get("ticket")
        # An editor's step 2, awaited since the server sent its step 1; updates that would pend
        # meanwhile are held until it comes (``_submit``).
        self._step2_awaited = False
        self._held: list[bytes] = []
        self._held_bytes = 0
        self.throttle = awareness.Throttle(
            self._pass_awareness, settings.COEDIT_AWARENESS_PER_SECOND
        )
        access = await database_sync_to_async(access_at_connect)(
            self.scope.get("user"), tickets[0] if tickets else None, draft_id
        )
        # Accept, then close: only an accepted socket can carry a close code to the client.
        await self.accept()
        if not isinstance(access, Access):
            reason = None
            if access == protocol.CLOSE_UNAUTHENTICATED and self.scope.get("cookie_ignored"):
                reason = COOKIE_IGNORED_REASON
            await self._close(access, reason=reason)
            return
        self.access = access
        if self._raw is None:
            self._writer = asyncio.create_task(self._write())
        try:
            self.room = await self.registry.join(draft_id, self)
        except Draft.DoesNotExist:  # deleted since the permission check
            await self._close(protocol.CLOSE_NOT_FOUND)
            return
        # As the y-websocket server does: show the newcomer who is already here.
        self._send_awareness(self.room.awareness_states())

    async def dispatch(self, message):
        """Channels (4.2 and later) hops to the database thread before every handler, to close
        stale connections. A socket's frames do no database work on that thread of their own:
        the room stores through ``coedit.log_writer``, and each database call of ours goes
        through ``database_sync_to_async``, which closes stale connections itself. So frames
        skip the hop; otherwise every keystroke queued behind the database thread, and the GIL
        hand-over, before it was even read (docs/decisions/0035)."""
        if message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        else:
            await super().dispatch(message)

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
                if len(bytes_data) > settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES:
                    await self._close(protocol.CLOSE_TOO_BIG)
                    return
                await self._on_awareness(message.payload)
            # The answer to query-awareness can be large: it takes from the awareness budget.
            elif message.type == protocol.MESSAGE_QUERY_AWARENESS and self.throttle.allow():
                self._send_awareness(self.room.awareness_states(), even_if_empty=True)
            # MESSAGE_AUTH: only servers send it; a client's is ignored.
        except protocol.ProtocolError:
            await self._close(protocol.CLOSE_MALFORMED)
        except awareness.StateTooBig:
            await self._close(protocol.CLOSE_TOO_BIG, reason=STATE_TOO_BIG_REASON)

    async def disconnect(self, code):
        self.closing = True
        await self._leave()

    # --- Messages -----------------------------------------------------------------------------

    async def _on_sync(self, message: protocol.Message) -> None:
        if message.sub_type == protocol.SYNC_STEP1:
            protocol.check_state_vector(message.payload)  # ProtocolError: 4400
            try:
                reply = self.room.sync_step2(message.payload)
            except ValueError as exc:
                raise protocol.ProtocolError("undecodable state vector") from exc
            # The diff goes to the requester only; then our state, so it sends what we lack.
            self.enqueue(reply)
            if self.access.can_edit:
                self.enqueue(self.room.sync_step1())
                self._step2_awaited = True
            return
        if not self.access.can_edit:
            self.enqueue(protocol.permission_denied_message(READ_ONLY_REASON))
            return
        is_step2 = message.sub_type == protocol.SYNC_STEP2
        if message.payload != protocol.EMPTY_UPDATE:
            if not _valid_update(message.payload):
                raise protocol.ProtocolError("undecodable update")
            await self._submit(message.payload, may_hold=not is_step2)
        if is_step2 and self._step2_awaited:
            self._step2_awaited = False
            held, self._held, self._held_bytes = self._held, [], 0
            for payload in held:
                if self.closing or not self.access.can_edit:  # closed, or read-only since
                    return
                await self._submit(payload, may_hold=False)

    async def _submit(self, payload: bytes, *, may_hold: bool) -> None:
        """Store an update through the room, or close the socket as the refusal says.

        An update that would pend (docs/decisions/0039) is held, not refused, until the client's
        step 2, asked for if it is not already awaited (our step 1: the client answers with
        everything it has that we lack). A stock client that edited offline and types while it
        reconnects sends keystrokes built on its offline edits before the step 2 that carries
        them; one with y-websocket's BroadcastChannel on builds on a sibling tab's edit before
        that tab's update reaches us. Both have what the update needs, so their step 2 completes
        it. Once the step 2 is stored the held updates are submitted again; still incomplete
        (a mangled or hostile update), they are refused. A step 2 itself is never held.
        """
        try:
            await self.room.submit(payload, user_id=self.access.user_id, origin=self.channel_name)
        except store.DraftReadOnly:  # published since the last access check
            self.access = replace(self.access, can_edit=False)
            self.enqueue(protocol.permission_denied_message(READ_ONLY_REASON))
        except rooms.TextTooLong:  # neither stored nor applied: the client keeps its copy
            await self._close(protocol.CLOSE_TOO_BIG, reason=TEXT_TOO_LONG_REASON)
        except protocol.ProtocolError:
            # The room's reader of the ids an update references (spaces.coedit.update_refs) is
            # stricter than yrs, which ignores bytes after an update: malformed, 4400 (handled
            # where every malformed frame is), not "update not stored".
            raise
        except rooms.UpdateWouldPend:  # neither stored, applied nor relayed (docs/decisions/0039)
            if may_hold and self._held_bytes + len(payload) <= settings.COEDIT_MAX_MESSAGE_BYTES:
                self._held.append(payload)
                self._held_bytes += len(payload)
                if not self._step2_awaited:
                    self.enqueue(self.room.sync_step1())
                    self._step2_awaited = True
                return
            await self._close(protocol.CLOSE_MALFORMED, reason=WOULD_PEND_REASON)
        except Exception:
            logger.exception("Draft %s: update not stored", self.room.draft_id)
            await self._close(protocol.CLOSE_STORE_FAILED)

    async def _on_awareness(self, payload: bytes) -> None:
        """This socket's own client id only, under the user's name, within the limits."""
        self.awareness_client_id, kept = awareness.vet(
            protocol.parse_awareness_update(payload),
            client_id=self.awareness_client_id,
            name=self.access.name,
            max_state_bytes=settings.COEDIT_AWARENESS_MAX_STATE_BYTES,
        )
        if kept:
            await self.throttle.submit(kept)

    async def _pass_awareness(self, entries: list[protocol.AwarenessEntry]) -> None:
        if not self.closing and self.room is not None:
            await self.room.awareness_from(entries, origin=self.channel_name)

    def _send_awareness(
        self, entries: list[protocol.AwarenessEntry], *, even_if_empty: bool = False
    ) -> None:
        """Queue ``entries`` in messages each under the awareness limit a client may send."""
        if not entries:
            if even_if_empty:
                self.enqueue(protocol.awareness_message(protocol.encode_awareness_update([])))
            return
        limit = settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES
        for frame in protocol.awareness_messages(entries, max_bytes=limit):
            self.enqueue(frame)

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
            self._step2_awaited = True

    # --- Output and closing -------------------------------------------------------------------

    def enqueue(self, frame: Frame | bytes) -> None:
        """Called by the room too: never waits on this client's network.

        Served by our uvicorn protocol, the frame is written with everything else queued for
        this client in the same event-loop turn, in one write (``spaces.coedit.frames``);
        otherwise it goes through the writer task and ASGI ``send``. Either way, past
        ``COEDIT_OUTBOX_MAX_BYTES`` waiting, the client is too slow and is closed (1013).
        """
        if self.closing:
            return
        if not isinstance(frame, Frame):
            frame = Frame(frame)
        waiting = self._raw_bytes + (
            self._raw.buffered() if self._raw is not None else self._outbox_bytes
        )
        if waiting > settings.COEDIT_OUTBOX_MAX_BYTES:
            logger.warning("Draft socket %s: client too slow, closing", self.channel_name)
            self._closing = asyncio.create_task(self._close(protocol.CLOSE_TOO_SLOW))
            return
        if self._raw is None:
            self._outbox_bytes += len(frame)
            self._outbox.put_nowait(frame)
            return
        wire = frame.wire
        self._raw_frames.append(wire)
        self._raw_bytes += len(wire)
        if len(self._raw_frames) == 1:
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        """Write this turn's frames at once (a closed or closing socket takes nothing)."""
        data = b"".join(self._raw_frames)
        self._raw_frames.clear()
        self._raw_bytes = 0
        if not self.closing:
            self._raw.write(data)

    async def _write(self) -> None:
        while True:
            frame = await self._outbox.get()
            self._outbox_bytes -= len(frame)
            try:
                await self.send(bytes_data=frame.message)
            except OSError:
                # The socket is gone (uvicorn's ClientDisconnected: the client left, or the
                # worker is stopping and closed it): nothing more to write; disconnect follows.
                return

    async def _close(self, code: int, *, reason: str | None = None) -> None:
        if self.closing:
            return
        self.closing = True
        if self._writer is not None:
            self._writer.cancel()
        await self.close(code=code, reason=reason or protocol.CLOSE_REASONS.get(code))
        await self._leave()

    async def _leave(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
        self.throttle.cancel()
        room, self.room = self.room, None
        if room is None:
            return
        if self.awareness_client_id is not None:
            await room.awareness_gone(self.awareness_client_id, origin=self.channel_name)
        await self.registry.leave(room, self)
