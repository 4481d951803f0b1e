"""Sync and updates: step 2 to the requester only, stored before broadcast, no echo, readers."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from spaces.coedit import log_writer, protocol, rooms, store
from spaces.coedit.frames import Frame
from spaces.consumers import DraftConsumer
from spaces.models import Draft, DraftUpdate

from .coediting import joined, two_editors

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


def _count_updates(draft_id):
    return DraftUpdate.objects.filter(draft_id=draft_id).count()


count_updates = sync_to_async(_count_updates)


async def test_sync_step_2_goes_to_the_requester_only(draft, referent, agent):
    first = await joined(draft.pk, referent)
    await first.sync()
    second = await joined(draft.pk, agent)
    await second.sync()
    assert second.content == "# CCTP\n"
    await first.nothing()  # neither the second client's step 1 nor our reply reached it
    await first.disconnect()
    await second.disconnect()


async def test_an_editors_update_is_stored_then_sent_to_the_others_not_back(draft, referent, agent):
    writer = await joined(draft.pk, referent)
    await writer.sync()
    other = await joined(draft.pk, agent)
    await other.sync()

    await writer.edit("Article 1")
    assert await other.receive_update()
    assert other.content == "# CCTP\nArticle 1"
    await writer.nothing()  # no echo
    rows = await sync_to_async(list)(DraftUpdate.objects.values_list("seq", "user_id"))
    assert rows == [(1, referent.pk)]
    await writer.disconnect()
    await other.disconnect()
    # The last connection out compacts: REST reads the fresh text.
    fresh = await sync_to_async(Draft.objects.get)(pk=draft.pk)
    assert fresh.markdown == "# CCTP\nArticle 1"


async def test_storing_happens_before_anyone_receives_the_update(
    draft, referent, agent, monkeypatch
):
    events = []
    append = log_writer.append_updates

    async def recording_append(**kwargs):
        seqs = await append(**kwargs)
        events.extend(("stored", seq) for seq in seqs)
        return seqs

    monkeypatch.setattr(log_writer, "append_updates", recording_append)
    enqueue = DraftConsumer.enqueue

    def recording_enqueue(self, frame):
        message = frame.message if isinstance(frame, Frame) else frame
        if protocol.parse_message(message).sub_type == protocol.SYNC_UPDATE:
            events.append(("sent", self.channel_name))
        enqueue(self, frame)

    monkeypatch.setattr(DraftConsumer, "enqueue", recording_enqueue)
    writer = await joined(draft.pk, referent)
    await writer.sync()
    other = await joined(draft.pk, agent)
    await other.sync()
    await writer.edit("!")
    await other.receive_update()
    assert [event[0] for event in events] == ["stored", "sent"]
    await writer.disconnect()
    await other.disconnect()


async def test_an_update_that_cannot_be_stored_reaches_no_one(draft, referent, agent, monkeypatch):
    writer = await joined(draft.pk, referent)
    await writer.sync()
    other = await joined(draft.pk, agent)
    await other.sync()

    async def failing_append(**kwargs):
        raise RuntimeError("database down")

    with monkeypatch.context() as patch:
        patch.setattr(log_writer, "append_updates", failing_append)
        await writer.edit("perdu ?")
        await writer.closed_with(protocol.CLOSE_STORE_FAILED)
        await other.nothing()
        assert await count_updates(draft.pk) == 0
    # The room did not apply it either: a newcomer gets the stored text only.
    newcomer = await joined(draft.pk, agent)
    await newcomer.sync()
    assert newcomer.content == "# CCTP\n"
    for client in (writer, other, newcomer):
        await client.disconnect()


async def test_a_sync_step_2_from_an_editor_is_stored_and_broadcast(draft, referent, agent):
    other = await joined(draft.pk, agent)
    await other.sync()
    # An editor that wrote while offline: its reply to our step 1 carries the edit.
    offline = await joined(draft.pk, referent)
    await offline.send(protocol.sync_message(protocol.SYNC_STEP1, offline.doc.get_state()))
    step2 = await offline.receive_message()
    offline.doc.apply_update(step2.payload)
    server_state = (await offline.receive_message()).payload
    offline.local_edit(" (hors ligne)")
    await offline.send(
        protocol.sync_message(protocol.SYNC_STEP2, offline.doc.get_update(server_state))
    )
    await other.receive_update()
    assert other.content == "# CCTP\n (hors ligne)"
    assert await count_updates(draft.pk) == 1
    await offline.nothing()
    await offline.disconnect()
    await other.disconnect()


async def test_empty_updates_are_not_stored(draft, referent):
    writer = await joined(draft.pk, referent)
    await writer.sync()  # its step 2 answer is empty: nothing to store
    await writer.send(protocol.sync_message(protocol.SYNC_UPDATE, protocol.EMPTY_UPDATE))
    await writer.nothing()
    assert await count_updates(draft.pk) == 0
    await writer.disconnect()


@pytest.mark.parametrize("sub_type", [protocol.SYNC_UPDATE, protocol.SYNC_STEP2])
async def test_a_readers_update_is_refused_and_nothing_is_stored(draft, referent, reader, sub_type):
    editor = await joined(draft.pk, referent)
    await editor.sync()
    client = await joined(draft.pk, reader)
    await client.sync(editor=False)

    update = client.local_edit("vandalisme")
    await client.send(protocol.sync_message(sub_type, update))
    assert await client.receive() == protocol.permission_denied_message(
        "Lecture seule : vos modifications ne sont pas enregistrées."
    )
    await editor.nothing()
    assert await count_updates(draft.pk) == 0
    room = rooms.registry.rooms[draft.pk]
    assert store.document_text(room.doc) == "# CCTP\n"
    # The reader stays connected and still receives the editors' updates.
    await editor.edit("Article 2")
    await client.receive_update()
    assert "Article 2" in client.content
    await client.disconnect()
    await editor.disconnect()


async def test_the_permission_denied_message_is_y_protocols_auth_message():
    # messageAuth = 2, messagePermissionDenied = 0, then a lib0 varString (UTF-8 byte length).
    frame = protocol.permission_denied_message("é")
    assert frame == bytes([2, 0, 2]) + "é".encode()


async def test_a_published_draft_is_read_only_for_its_editors_too(draft, referent):
    await sync_to_async(Draft.objects.filter(pk=draft.pk).update)(status=Draft.Status.PUBLISHED)
    client = await joined(draft.pk, referent)
    await client.sync(editor=False)
    await client.send(protocol.sync_message(protocol.SYNC_UPDATE, client.local_edit("après")))
    assert await client.receive() == protocol.permission_denied_message(
        "Lecture seule : vos modifications ne sont pas enregistrées."
    )
    assert await count_updates(draft.pk) == 0
    await client.disconnect()


async def test_a_server_side_edit_reaches_every_client(draft, referent, reader):
    editor = await joined(draft.pk, referent)
    await editor.sync()
    client = await joined(draft.pk, reader)
    await client.sync(editor=False)

    seq = await sync_to_async(store.replace_text)(
        draft_id=draft.pk, user_id=referent.pk, markdown="# CCTP restauré\n"
    )
    assert seq == 1
    await editor.receive_update()
    await client.receive_update()
    assert editor.content == client.content == "# CCTP restauré\n"
    room = rooms.registry.rooms[draft.pk]
    assert room.seq == 1
    assert store.document_text(room.doc) == "# CCTP restauré\n"
    # Edits go on from there with the next seq.
    await editor.edit("Suite")
    await client.receive_update()
    assert client.content == "# CCTP restauré\nSuite"
    assert room.seq == 2
    await editor.disconnect()
    await client.disconnect()


async def test_a_writer_cancelled_while_waiting_for_its_turn_is_still_stored(
    draft, referent, agent
):
    """Its update was accepted: storing it must not depend on the writer's task living on (its
    socket gone, the worker stopping). It once stayed in the room's queue, lock free, until
    someone else edited (seen by the fuzzer at teardown)."""
    writer, other = await two_editors(draft.pk, referent, agent)
    room = rooms.registry.rooms[draft.pk]
    await room.lock.acquire()  # another batch is being stored
    await writer.edit(" parti")
    await asyncio.sleep(0.2)  # the writer now waits for its turn
    writer.communicator.future.cancel()
    await asyncio.sleep(0.1)
    room.lock.release()

    await other.receive_update()
    assert other.content == "# CCTP\n parti"
    assert await count_updates(draft.pk) == 1
    assert room._pending == []
    await other.disconnect()
    for gone in list(room.connections):  # the cancelled writer never said goodbye
        await rooms.registry.leave(room, gone)
