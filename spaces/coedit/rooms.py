"""Rooms: one authoritative document per draft per worker process, shared by its connections.

A room is loaded from the database (snapshot + newer log entries) when the first connection
to the draft arrives on this worker, and unloaded after the last one leaves, asking the task
queue to compact the log (``spaces.tasks``), so that the stored text that search and exports read
catches up (REST reads compact whatever is still pending themselves). The room tracks ``seq``,
the last stored update it holds: every update it applies comes from the log's numbering, so a
worker can tell when it missed one.

Fan-out inside a worker is in-process (the room forwards frames to its connections); between
workers it goes through the channel layer, where each room — not each connection — is one
member of the draft's group. Seqs it already holds are ignored, so its own broadcasts coming
back are harmless.

Updates are applied in seq order. One that arrives early (two workers storing at once: ours
got seq 6 while the other's 5 is still on its way through Redis) waits in ``_early``, without
holding up anything else, until the one before it arrives; only a gap that lasts
``GAP_GRACE_SECONDS`` (Redis pub/sub loses what is published while a worker's subscription is
reconnecting; the in-memory layer drops messages past a channel's capacity) makes the room read
what it lacks from the database. Reading the log at every such gap had put a database call,
under the room's lock, on most updates of a draft edited through two workers. Not applied out
of order: yrs leaves an update whose predecessor is missing "pending", outside what
``get_update`` encodes, so a client joining meanwhile would never receive it.

Every change to a room's document happens after the update was stored: no connection can see an
update that a restarted worker could not rebuild. For the same reason two things are checked in
the room, under its lock, against the document the update would be applied to, before it is
stored: the text limit (``spaces.limits.DRAFT_MAX_CHARACTERS``, the REST one), and that
everything the update references is in that document or in the update itself. yrs would keep an
update that lacks something "pending", and ``get_update`` leaves pending parts out of what
joining clients are sent: they would diverge for good (``spaces.coedit.update_refs``,
docs/decisions/0039).
"""

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import NamedTuple, Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from pycrdt import Doc, Text

from .. import limits
from ..models import Draft
from ..tasks import compact_draft
from . import access, log_writer, protocol, store, update_refs
from .frames import Frame

logger = logging.getLogger(__name__)

# y-protocols clients renew their awareness state every 15 s and drop others' after 30 s;
# the room forgets states (of clients on dead workers, say) on the same schedule.
AWARENESS_TIMEOUT = 30.0
# The in-memory layer forgets group members after its group_expiry (a day): a room re-joins
# hourly (for Redis pub/sub, already subscribed, it is a no-op).
GROUP_REFRESH_SECONDS = 3600.0
LOG_POLL_SECONDS = 10.0
# How long an update that arrived before the one it follows waits for it, before the log is read.
GAP_GRACE_SECONDS = 1.0
# Clients counted in since the room last read its document's state vector, before it reads it
# again (rooms._document_clocks): bounds the memory and lookups of the clocks kept meanwhile.
CLOCKS_REREAD_AFTER = 1024


def _last_seq(draft_id: int) -> int:
    return Draft.objects.values_list("last_seq", flat=True).get(pk=draft_id)


class TextTooLong(Exception):
    """The update would make the draft's text longer than ``DRAFT_MAX_CHARACTERS``."""


class UpdateWouldPend(Exception):
    """The update references structures or deletes items that the draft does not have (and
    that it does not carry): applied, it would stay pending (``spaces.coedit.update_refs``)."""


class _Submitted(NamedTuple):
    data: bytes
    user_id: int | None
    origin: str
    refs: update_refs.UpdateRefs
    future: asyncio.Future  # last: ``_settle`` unpacks it so


class Connection(Protocol):
    channel_name: str

    def enqueue(self, frame: Frame) -> None:
        """Queue a frame for the client without waiting for it to be written."""

    async def recheck_access(self) -> None:
        """Ask the permission layer again; close, or become read-only, if access was lost."""


class Room:
    def __init__(self, draft_id: int, registry: "RoomRegistry"):
        self.draft_id = draft_id
        self.registry = registry
        self.group = store.group_name(draft_id)
        self.connections: set[Connection] = set()
        self.doc: Doc | None = None
        self.seq = 0
        self.lock = asyncio.Lock()
        # Updates waiting to be stored, with the future of their seq.
        self._pending: list[_Submitted] = []
        self.channel: str | None = None
        # client id → (clock, state or None once gone, monotonic time last seen)
        self.awareness: dict[int, tuple[int, dict | None, float]] = {}
        self._tasks: list[asyncio.Task] = []
        # Stored updates that arrived before one they follow: seq → (data, origin).
        self._early: dict[int, tuple[bytes, str | None]] = {}
        # What those reference, read once (for the check of what this room stores meanwhile).
        self._early_refs: dict[int, update_refs.UpdateRefs | None] = {}
        # The document's clocks, kept up to date as updates apply (None: read them again).
        self._clocks: update_refs.Clocks | None = None
        self._gap_watch: asyncio.Task | None = None

    # --- Life cycle ---------------------------------------------------------------------------

    async def load(self) -> None:
        """Subscribe to the draft's group, then read the document (no broadcast falls between)."""
        async with self.lock:
            if self.doc is not None:
                return
            layer = get_channel_layer()
            self.channel = await layer.new_channel()
            await layer.group_add(self.group, self.channel)
            try:
                self.doc, self.seq = await database_sync_to_async(store.load_document)(
                    self.draft_id
                )
            except BaseException:
                await layer.group_discard(self.group, self.channel)
                raise
            self._tasks = [
                asyncio.create_task(self._listen()),
                asyncio.create_task(self._refresh_group()),
                asyncio.create_task(self._poll_log()),
                asyncio.create_task(self._recheck_access_regularly()),
            ]

    async def unload(self) -> None:
        async with self.lock:
            for task in self._tasks:
                task.cancel()
            if self._gap_watch is not None:
                self._gap_watch.cancel()
            self._early.clear()
            self._early_refs.clear()
            self._clocks = None
            if self.channel is not None:
                await get_channel_layer().group_discard(self.group, self.channel)
            loaded, self.doc = self.doc is not None, None
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if loaded:
            await self.registry.compact(self.draft_id)

    async def _listen(self) -> None:
        layer = get_channel_layer()
        while True:
            try:
                message = await layer.receive(self.channel)
            except Exception:
                # Redis restarting, say: keep listening; what was missed comes from the log.
                logger.exception("Draft %s: channel layer receive failed", self.draft_id)
                await asyncio.sleep(1)
                continue
            try:
                if message.get("type") == "draft.update":
                    # No lock: nothing here waits (a store of this room may hold the lock for
                    # a commit), and what a store applies after its commit is checked again.
                    self._receive(message["seq"], message["update"], origin=message.get("origin"))
                elif message.get("type") == access.ACCESS_CHANGED:
                    await self.recheck_access()
                elif message.get("type") == "draft.awareness" and message.get("room") != (
                    self.channel
                ):
                    entries = protocol.parse_awareness_update(message["update"])
                    accepted = self._merge_awareness(entries)
                    if accepted:
                        update = protocol.encode_awareness_update(accepted)
                        self._forward(protocol.awareness_message(update), exclude=None)
            except Exception:
                logger.exception("Draft %s: channel-layer message not applied", self.draft_id)

    async def _refresh_group(self) -> None:
        while True:
            await asyncio.sleep(GROUP_REFRESH_SECONDS)
            try:
                await get_channel_layer().group_add(self.group, self.channel)
            except Exception:
                logger.exception("Draft %s: group not refreshed", self.draft_id)

    async def _poll_log(self) -> None:
        """A lost broadcast shows as a gap only when the next one comes, so a quiet draft's
        last update could wait for it: a room also checks the log's last seq now and then."""
        await _every(lambda: LOG_POLL_SECONDS, self.poll_log, f"Draft {self.draft_id}: log poll")

    async def poll_log(self) -> None:
        last_seq = await database_sync_to_async(_last_seq)(self.draft_id)
        if last_seq > self.seq:
            async with self.lock:
                await self._fill_from_log()

    async def _recheck_access_regularly(self) -> None:
        await _every(
            lambda: settings.COEDIT_ACCESS_RECHECK_SECONDS,
            self.recheck_access,
            f"Draft {self.draft_id}: access check",
        )

    async def recheck_access(self) -> None:
        """Every connection asks again what its user may do (spaces.coedit.access)."""
        for connection in list(self.connections):
            try:
                await connection.recheck_access()
            except Exception:
                logger.exception("Draft %s: access not checked again", self.draft_id)

    # --- Document -----------------------------------------------------------------------------

    def sync_step2(self, state_vector: bytes) -> bytes:
        """What a client with ``state_vector`` lacks (raises ValueError if it is malformed)."""
        return protocol.sync_message(protocol.SYNC_STEP2, self.doc.get_update(state_vector))

    def sync_step1(self) -> bytes:
        return protocol.sync_message(protocol.SYNC_STEP1, self.doc.get_state())

    async def submit(self, data: bytes, *, user_id: int | None, origin: str) -> int:
        """Store a validated update, then apply it and send it to everyone but ``origin``.

        Group commit: updates that arrive while a commit is running wait in ``_pending``; the
        next holder of the lock stores all of them in one transaction, in arrival order, so a
        busy room pays one commit per batch instead of queueing one commit per update.

        Raises ``protocol.ProtocolError`` if the update's ids cannot be read (before anything
        waits), ``UpdateWouldPend`` or ``TextTooLong`` if it is refused (not stored).
        """
        refs = update_refs.read_update(data)  # outside the lock: the check under it is cheap
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._pending.append(_Submitted(data, user_id, origin, refs, future))
        # Shielded: a writer cancelled mid-way (its socket gone, the worker stopping) must not
        # leave its update in ``_pending`` with the lock free, stored by no one until the next
        # edit, nor a batch it was storing for others half-settled, their writers waiting on.
        await asyncio.shield(self._store_in_turn())
        seq = await future
        try:
            await get_channel_layer().group_send(
                self.group, store.update_message(seq=seq, data=data, origin=origin)
            )
        except Exception:
            # Stored and applied here; other workers recover it at their next seq gap.
            logger.exception("Draft %s: update %s not broadcast", self.draft_id, seq)
        if seq % settings.COEDIT_COMPACT_EVERY == 0:
            self.registry.compact_soon(self.draft_id)
        return seq

    async def _store_in_turn(self) -> None:
        async with self.lock:
            if self._pending:
                await self._store_pending()

    async def _store_pending(self) -> None:
        """Store every pending update in one transaction, then apply them in order (lock held)."""
        batch, self._pending = self._acceptable(self._pending), []
        if not batch:
            return
        try:
            updates = [(item.user_id, item.data) for item in batch]
            seqs = await log_writer.append_updates(draft_id=self.draft_id, updates=updates)
        except Exception as error:
            _settle(batch, error)
            return
        try:
            for item, seq in zip(batch, seqs, strict=True):
                self._receive(seq, item.data, origin=item.origin, refs=item.refs)
                if not item.future.done():
                    item.future.set_result(seq)
        except Exception as error:
            _settle(batch, error)
            raise

    def _acceptable(self, batch: list[_Submitted]) -> list[_Submitted]:
        """The updates of ``batch`` that integrate fully and keep the text within the limit, in
        order; the others fail (``UpdateWouldPend``, ``TextTooLong``) and count for nothing in
        the checks of the updates after them."""
        clocks = self._clocks_before_batch()
        text = _TextBudget(self.doc)
        kept: list[_Submitted] = []
        for item in batch:
            missing = clocks.missing(item.refs)
            if missing is not None:
                logger.warning("Draft %s: update refused, would pend: %s", self.draft_id, missing)
                if not item.future.done():
                    item.future.set_exception(UpdateWouldPend(missing))
                continue
            length = text.refused_length(item.data)
            if length is not None:
                if not item.future.done():
                    item.future.set_exception(TextTooLong(length))
                continue
            clocks.count_in(item.refs)
            kept.append(item)
        return kept

    def _clocks_before_batch(self) -> update_refs.Clocks:
        """What the document will hold before this batch applies: its state, and the stored
        updates waiting in ``_early`` for a gap, which will be applied first (this room's own
        among them, which its clients already build on: two workers storing at once make that
        common). One that cannot count in yet (it needs the gap) is left out: this room's
        clients have not seen it, so nothing they send needs it."""
        clocks = self._document_clocks().layered()
        for seq in [seq for seq in self._early_refs if seq not in self._early]:
            del self._early_refs[seq]
        for seq in sorted(self._early):
            if seq not in self._early_refs:
                try:
                    self._early_refs[seq] = update_refs.read_update(self._early[seq][0])
                except protocol.ProtocolError:
                    self._early_refs[seq] = None
            refs = self._early_refs[seq]
            if refs is not None and clocks.missing(refs) is None:
                clocks.count_in(refs)
        return clocks

    def _document_clocks(self) -> update_refs.Clocks:
        """The document's clocks. Reading its state vector costs about 0.3 ms per thousand
        clients (a long-edited draft has thousands), so it is read again only after what was
        not followed (a load, a whole document merged, an update that did not integrate) or
        once many clients were counted in, and otherwise kept up by ``_apply``."""
        if self._clocks is None or self._clocks.counted_clients() > CLOCKS_REREAD_AFTER:
            self._clocks = update_refs.Clocks(self.doc.get_state())
        return self._clocks

    def _receive(
        self,
        seq: int,
        data: bytes,
        *,
        origin: str | None,
        refs: update_refs.UpdateRefs | None = None,
    ) -> None:
        """Apply stored update ``seq`` once, in order; one that comes early waits for the gap."""
        if self.doc is None or seq <= self.seq or seq in self._early:
            return
        if seq != self.seq + 1:
            self._early[seq] = (data, origin)
            if refs is not None:
                self._early_refs[seq] = refs
            self._watch_gap()
            return
        self._apply(seq, data, origin, refs)
        self._apply_early_in_turn()

    def _apply_early_in_turn(self) -> None:
        for seq in [seq for seq in self._early if seq <= self.seq]:
            del self._early[seq]  # held meanwhile (the log, a whole document)
        while self.seq + 1 in self._early:
            data, origin = self._early.pop(self.seq + 1)
            self._apply(self.seq + 1, data, origin, self._early_refs.pop(self.seq + 1, None))

    def _watch_gap(self) -> None:
        if self._gap_watch is None or self._gap_watch.done():
            self._gap_watch = asyncio.create_task(self._fill_gap_later())

    async def _fill_gap_later(self) -> None:
        """Read the log for a gap that lasts; again each grace period while it is not filled."""
        while True:
            await asyncio.sleep(GAP_GRACE_SECONDS)
            if not self._early or self.doc is None:
                return
            logger.info("Draft %s: gap after %s: reading the log", self.draft_id, self.seq)
            try:
                async with self.lock:
                    await self._fill_from_log()
            except Exception:
                logger.exception("Draft %s: gap not filled", self.draft_id)

    async def _fill_from_log(self) -> None:
        """Apply what the log holds after ``self.seq``, then what came early and now follows."""
        if self.doc is None:
            return
        changes = await database_sync_to_async(store.changes_after)(self.draft_id, self.seq)
        if self.doc is None:
            return
        if changes.whole is not None and changes.whole_seq > self.seq:
            # The missing entries were compacted away: merge the whole stored document and
            # send clients the difference (an origin's own update may be in it: harmless).
            before = self.doc.get_state()
            self.doc.apply_update(changes.whole)
            self._clocks = None
            self.seq = changes.whole_seq
            diff = self.doc.get_update(before)
            self._forward(protocol.sync_message(protocol.SYNC_UPDATE, diff), exclude=None)
        for update_seq, update in changes.updates:
            if update_seq == self.seq + 1:
                _data, origin = self._early.pop(update_seq, (None, None))
                self._apply(update_seq, update, origin)
        self._apply_early_in_turn()

    def _apply(
        self, seq: int, data: bytes, origin: str | None, refs: update_refs.UpdateRefs | None = None
    ) -> None:
        self.doc.apply_update(data)
        self.seq = seq
        if self._clocks is not None:
            try:
                refs = refs or update_refs.read_update(data)
            except protocol.ProtocolError:
                refs = None
            # An update that did not integrate (stored before the check existed): read again.
            if refs is None or self._clocks.missing(refs) is not None:
                self._clocks = None
            else:
                self._clocks.count_in(refs)
        self._forward(protocol.sync_message(protocol.SYNC_UPDATE, data), exclude=origin)

    def _forward(self, message: bytes, *, exclude: str | None) -> None:
        """Queue ``message`` for the room's connections, framed once for all of them."""
        frame = Frame(message)
        for connection in list(self.connections):
            if connection.channel_name != exclude:
                connection.enqueue(frame)

    # --- Awareness ----------------------------------------------------------------------------

    async def awareness_from(self, entries: list[protocol.AwarenessEntry], *, origin: str) -> None:
        """Record a connection's (already vetted) awareness entries and pass on the new ones."""
        accepted = self._merge_awareness(entries)
        if not accepted:
            return
        update = protocol.encode_awareness_update(accepted)
        self._forward(protocol.awareness_message(update), exclude=origin)
        try:
            await get_channel_layer().group_send(
                self.group,
                {"type": "draft.awareness", "update": update, "room": self.channel},
            )
        except Exception:
            logger.exception("Draft %s: awareness not broadcast", self.draft_id)

    async def awareness_gone(self, client_id: int, *, origin: str) -> None:
        """The client's connection closed: everyone drops its cursor."""
        current = self.awareness.get(client_id)
        if current is None or current[1] is None:
            return
        gone = protocol.AwarenessEntry(client_id, current[0] + 1, None)
        await self.awareness_from([gone], origin=origin)

    def awareness_states(self) -> list[protocol.AwarenessEntry]:
        """Every live state (for newcomers and query-awareness; the consumer frames them)."""
        now = time.monotonic()
        return [
            protocol.AwarenessEntry(client_id, clock, state)
            for client_id, (clock, state, seen) in self.awareness.items()
            if state is not None and now - seen < AWARENESS_TIMEOUT
        ]

    def _merge_awareness(
        self, entries: list[protocol.AwarenessEntry]
    ) -> list[protocol.AwarenessEntry]:
        """y-protocols' rule: a newer clock wins; a removal at the same clock too."""
        accepted = []
        now = time.monotonic()
        for entry in entries:
            current = self.awareness.get(entry.client_id)
            if (
                current is None
                or current[0] < entry.clock
                or (current[0] == entry.clock and entry.state is None and current[1] is not None)
            ):
                self.awareness[entry.client_id] = (entry.clock, entry.state, now)
                accepted.append(entry)
        return accepted


class RoomRegistry:
    """This worker's rooms, by draft id."""

    def __init__(self):
        self.rooms: dict[int, Room] = {}
        self.lock = asyncio.Lock()
        self._compacting: dict[int, asyncio.Task] = {}
        self._unloading: set[Room] = set()

    def idle(self) -> bool:
        """No room, none still unloading, no compaction being enqueued: nothing of this worker
        still uses a database connection (what a test's teardown waits for, before the test
        database goes)."""
        return not self.rooms and not self._unloading and not self._compacting

    async def join(self, draft_id: int, connection: Connection) -> Room:
        async with self.lock:
            room = self.rooms.get(draft_id)
            if room is None:
                room = self.rooms[draft_id] = Room(draft_id, self)
            room.connections.add(connection)
        try:
            await room.load()
        except BaseException:
            await self.leave(room, connection)
            raise
        return room

    async def leave(self, room: Room, connection: Connection) -> None:
        async with self.lock:
            room.connections.discard(connection)
            if room.connections or self.rooms.get(room.draft_id) is not room:
                return
            del self.rooms[room.draft_id]
            self._unloading.add(room)
        try:
            await room.unload()
            if not self.rooms:
                await log_writer.close()  # an idle worker holds no connection (a room reopens one)
        finally:
            self._unloading.discard(room)

    def compact_soon(self, draft_id: int) -> None:
        """Enqueue a compaction (every ``COEDIT_COMPACT_EVERY`` stored updates), once at a time."""
        running = self._compacting.get(draft_id)
        if running is not None and not running.done():
            return
        task = asyncio.create_task(self.compact(draft_id))
        self._compacting[draft_id] = task
        task.add_done_callback(lambda _task: self._compacting.pop(draft_id, None))

    async def compact(self, draft_id: int) -> None:
        """Enqueue the draft's compaction: folding the log and rendering the markdown is a task
        worker's job (retried there if it fails), not that of the process serving sockets."""
        # Off the shared database thread, so other connections' writes do not wait for it.
        try:
            await database_sync_to_async(compact_draft.enqueue, thread_sensitive=False)(draft_id)
        except Exception:
            logger.exception("Draft %s: compaction not enqueued", draft_id)


async def _every(period: Callable[[], float], action: Callable[[], Awaitable], what: str) -> None:
    """Run ``action`` once every ``period()`` seconds, the first time at a random point of the
    second half of the first period, so that no one waits longer than a period for it.

    Rooms are loaded together (a worker restarting, everyone joining a meeting's draft): on a
    fixed schedule they would all act at the same moments. At 200 drafts × 5 editors on two
    workers, every connection's access check at once held each worker's GIL for seconds and
    p99 went from 0.6 to 4.2 s (bench/coediting/README.md, session 24). Not in the first half:
    a room was loaded for a connection that had just been checked, and acting at once bought
    nothing (and made every short-lived room, a test's, act while it was being used).
    """
    first = period() * (1 + random.random()) / 2  # noqa: S311 (a spread, not a secret)
    await asyncio.sleep(first)
    while True:
        try:
            await action()
        except Exception:
            logger.exception("%s failed", what)
        await asyncio.sleep(period())


class _TextBudget:
    """Does each update of a batch, applied after those kept before it, keep the text within
    ``DRAFT_MAX_CHARACTERS``?

    The usual case costs nothing: the text's length in UTF-8 bytes (kept by yrs) is never below
    its length in characters, and an update cannot insert more characters than its own size in
    bytes. Near the limit, the update is applied to a copy of the document and the result
    counted: refused if it is over the limit and longer than before (a draft already over it,
    say after the limit was lowered, may still shrink). The copy costs about 12 ms for a
    million characters, paid only by updates near the limit. An update is counted whole: one
    that would leave parts pending is refused before it gets here.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.limit = limits.DRAFT_MAX_CHARACTERS
        self.bound = len(doc.get(store.TEXT_NAME, type=Text))
        self.kept: list[bytes] = []
        self.trial: Doc | None = None  # the document with the kept updates, once counting
        self.trial_length = 0

    def refused_length(self, data: bytes) -> int | None:
        """None, and ``data`` is kept, if it fits; else the length it would make the text."""
        if self.trial is None and self.bound + len(data) <= self.limit:
            self.bound += len(data)
            self.kept.append(data)
            return None
        if self.trial is None:
            self.trial = _copy(self.doc, self.kept)
            self.trial_length = len(store.document_text(self.trial))
        candidate = _copy(self.trial, [data])
        length = len(store.document_text(candidate))
        if length > self.limit and length > self.trial_length:
            return length
        self.trial, self.trial_length = candidate, length
        return None


def _copy(doc: Doc, updates: list[bytes]) -> Doc:
    copy = Doc()
    copy.apply_update(doc.get_update())
    for data in updates:
        copy.apply_update(data)
    return copy


def _settle(batch: list, error: BaseException) -> None:
    """Fail the updates of a batch still waiting, so their connections do not hang."""
    for *_rest, future in batch:
        if not future.done():
            future.set_exception(error)


registry = RoomRegistry()
