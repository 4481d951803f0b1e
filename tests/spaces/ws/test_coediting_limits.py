"""Limits per kind of message (config/settings.py), refused with 4413 and never passed on.

Awareness: a bounded state per client, a bounded message, a rate (excess coalesced), and what a
newcomer is sent stays under what a client may send. Sync: an update that would make the
draft's text longer than the REST limit is refused and leaves the stored document as it was.
"""

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async

from api.spaces.serializers import DraftCreateSerializer
from spaces import limits
from spaces.coedit import protocol, rooms, store
from spaces.consumers import STATE_TOO_BIG_REASON, TEXT_TOO_LONG_REASON
from spaces.models import DraftUpdate

from .coediting import awareness_state, joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


def _state(size: int, **extra) -> dict:
    """An awareness state whose JSON (once the server wrote the name in) is about ``size``."""
    return {**awareness_state(), "pad": "x" * size, **extra}


@sync_to_async
def _stored_updates(draft_id: int) -> int:
    return DraftUpdate.objects.filter(draft_id=draft_id).count()


async def _room_states(client) -> dict:
    await client.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    return await client.receive_awareness()


# --- Awareness --------------------------------------------------------------------------------


async def test_an_oversize_awareness_state_is_refused_and_not_relayed(
    draft, referent, agent, settings
):
    settings.COEDIT_AWARENESS_MAX_STATE_BYTES = 500
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    await alice.set_awareness(111, 1, _state(200))  # within the limit: relayed
    assert set(await other.receive_awareness()) == {111}
    await alice.set_awareness(111, 2, _state(600))
    await alice.closed_with(protocol.CLOSE_TOO_BIG, STATE_TOO_BIG_REASON)
    await alice.disconnect()
    # Nobody got the big state; its socket closing removed the small one.
    assert await other.receive_awareness() == {111: None}
    await other.nothing()
    assert await _room_states(other) == {}
    await other.disconnect()


async def test_the_state_limit_counts_the_name_the_server_writes_in(
    draft, referent, agent, settings
):
    # What the room keeps and relays is what must fit: a client cannot make it bigger than
    # the limit by leaving the name out.
    referent.first_name, referent.last_name = "Anne-Marie", "Le Goff-Kerjean" * 4
    await referent.asave()
    settings.COEDIT_AWARENESS_MAX_STATE_BYTES = 500
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    state = {"user": {}, "pad": "x" * 470}
    assert protocol.state_size(state) <= 500
    await alice.set_awareness(111, 1, state)
    await alice.closed_with(protocol.CLOSE_TOO_BIG, STATE_TOO_BIG_REASON)
    await alice.disconnect()
    await other.nothing()
    await other.disconnect()


async def test_an_oversize_awareness_message_is_refused_and_not_relayed(
    draft, referent, agent, settings
):
    settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES = 1000
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    # Its own state is small; the message is padded with other clients' states.
    entries = [protocol.AwarenessEntry(111, 1, awareness_state())] + [
        protocol.AwarenessEntry(200 + i, 1, _state(100)) for i in range(10)
    ]
    frame = protocol.awareness_message(protocol.encode_awareness_update(entries))
    assert len(frame) > 1000
    await alice.send(frame)
    await alice.closed_with(protocol.CLOSE_TOO_BIG)
    await alice.disconnect()
    await other.nothing()
    assert await _room_states(other) == {}
    await other.disconnect()


async def test_awareness_over_the_rate_is_coalesced_to_the_latest(draft, referent, agent, settings):
    settings.COEDIT_AWARENESS_PER_SECOND = 5
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    started = time.monotonic()
    for clock in range(1, 31):  # a fast typist: one cursor move per message
        await alice.set_awareness(111, clock, {**awareness_state(), "cursor": {"anchor": clock}})
    received = []
    while not received or received[-1] != 30:
        states = await other.receive_awareness()
        received.append(states[111]["cursor"]["anchor"])
    elapsed = time.monotonic() - started
    # The first five at once (the budget), then one per fifth of a second as the budget refills
    # (however slow this machine is), the latest last; those in between are dropped.
    assert received[:5] == [1, 2, 3, 4, 5]
    assert len(received) <= 5 + 5 * elapsed + 1, (received, elapsed)
    assert received == sorted(set(received))
    await other.nothing()
    # The socket is still open and the room holds the latest state.
    await alice.sync()
    assert (await _room_states(other))[111]["cursor"] == {"anchor": 30}
    await alice.disconnect()
    await other.receive_awareness()
    await other.disconnect()


async def test_query_awareness_over_the_rate_is_dropped(draft, referent, settings):
    settings.COEDIT_AWARENESS_PER_SECOND = 2
    client = await joined(draft.pk, referent)
    started = time.monotonic()
    for _ in range(10):
        await client.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    answers = 0
    answered = started
    while not await client.communicator.receive_nothing(timeout=0.3):
        await client.receive_awareness()
        answers += 1
        answered = time.monotonic()
    # The budget, plus at most what refilled while the queries were read.
    assert 2 <= answers <= 2 + 2 * (answered - started) + 1, answers
    await client.disconnect()


async def test_a_newcomer_never_receives_a_frame_above_the_inbound_limit(
    draft, referent, agent, reader, settings
):
    settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES = 2000
    settings.COEDIT_AWARENESS_MAX_STATE_BYTES = 1500
    present = []
    for client_id, user in enumerate([referent, agent, reader, referent], start=101):
        client = await joined(draft.pk, user)
        await client.set_awareness(client_id, 1, _state(1300))
        present.append(client)
    for index, client in enumerate(present):  # everyone hears of those who came after
        for _later in present[index + 1 :]:
            await client.receive_awareness()
    newcomer = await joined(draft.pk, agent)
    frames = []
    while not await newcomer.communicator.receive_nothing(timeout=0.3):
        frames.append(await newcomer.receive())
    assert len(frames) > 1
    assert all(len(frame) <= 2000 for frame in frames), [len(f) for f in frames]
    states = {}
    for frame in frames:
        message = protocol.parse_message(frame)
        assert message.type == protocol.MESSAGE_AWARENESS
        states.update(
            {e.client_id: e.state for e in protocol.parse_awareness_update(message.payload)}
        )
    assert set(states) == {101, 102, 103, 104}
    # A stock client relays what it was sent, as it was sent: that must not get it closed.
    await newcomer.set_awareness(999, 1, awareness_state())
    for frame in frames:
        await newcomer.send(frame)
    await newcomer.sync()
    await newcomer.disconnect()
    for client in present:
        await client.disconnect()


async def test_awareness_limits_fit_the_transport():
    from django.conf import settings

    assert settings.COEDIT_AWARENESS_MAX_STATE_BYTES < settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES
    assert settings.COEDIT_AWARENESS_MAX_MESSAGE_BYTES <= settings.COEDIT_MAX_MESSAGE_BYTES


# --- The draft's text -------------------------------------------------------------------------


def test_rest_and_socket_share_the_text_limit():
    assert DraftCreateSerializer().fields["markdown"].max_length == limits.DRAFT_MAX_CHARACTERS


async def test_an_update_growing_the_text_beyond_the_limit_is_refused(draft, referent, agent):
    bystander = await joined(draft.pk, agent)
    await bystander.sync()
    writer = await joined(draft.pk, referent)
    await writer.sync()
    # Counted in characters, as REST does: up to the limit exactly, accents included.
    room_length = len("# CCTP\n")
    await writer.edit("é" * (limits.DRAFT_MAX_CHARACTERS - room_length))
    await bystander.receive_update()
    assert len(bystander.content) == limits.DRAFT_MAX_CHARACTERS
    stored = await _stored_updates(draft.pk)

    await writer.edit("x")
    await writer.closed_with(protocol.CLOSE_TOO_BIG, TEXT_TOO_LONG_REASON)
    await writer.disconnect()
    await bystander.nothing()
    assert await _stored_updates(draft.pk) == stored
    room_text = store.document_text(rooms.registry.rooms[draft.pk].doc)
    assert len(room_text) == limits.DRAFT_MAX_CHARACTERS
    newcomer = await joined(draft.pk, agent)
    await newcomer.sync()
    assert newcomer.content == room_text
    # Deleting still works, and so does typing again below the limit.
    await bystander.send(protocol.sync_message(protocol.SYNC_UPDATE, _delete_tail(bystander, 10)))
    await newcomer.receive_update()
    await bystander.edit("fin")
    await newcomer.receive_update()
    assert len(newcomer.content) == limits.DRAFT_MAX_CHARACTERS - 7
    await newcomer.disconnect()
    await bystander.disconnect()
    assert len(await sync_to_async(store.current_markdown)(draft.pk)) == len(newcomer.content)


async def test_a_big_paste_beyond_the_limit_leaves_the_stored_document_unchanged(
    draft, referent, agent
):
    bystander = await joined(draft.pk, agent)
    await bystander.sync()
    writer = await joined(draft.pk, referent)
    await writer.sync()
    await writer.edit("x" * 3 * 1024 * 1024)  # a 3 MiB update: within the message size
    await writer.closed_with(protocol.CLOSE_TOO_BIG, TEXT_TOO_LONG_REASON)
    await writer.disconnect()
    await bystander.nothing()
    assert await _stored_updates(draft.pk) == 0
    assert store.document_text(rooms.registry.rooms[draft.pk].doc) == "# CCTP\n"
    await bystander.disconnect()
    await asyncio.sleep(0)
    assert await sync_to_async(store.current_markdown)(draft.pk) == "# CCTP\n"


def _delete_tail(client, count: int) -> bytes:
    before = client.doc.get_state()
    length = len(client.text)  # pycrdt counts UTF-8 bytes; the tail is "é"s (2 bytes each)
    del client.text[length - 2 * count : length]
    return client.doc.get_update(before)
