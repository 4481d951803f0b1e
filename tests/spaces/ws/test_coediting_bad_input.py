"""Bad input closes the offending socket with a clear code; the room and the log are unharmed."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from spaces.coedit import protocol, rooms, store
from spaces.models import DraftUpdate

from .coediting import joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

SYNC, UPDATE = protocol.MESSAGE_SYNC, protocol.SYNC_UPDATE

BAD_FRAMES = {
    "empty frame": b"",
    "unknown message type": bytes([7]),
    "unknown sync sub-type": bytes([SYNC, 9]) + protocol.var_bytes(b"\x00"),
    "truncated length": bytes([SYNC, UPDATE, 50, 1, 2]),
    "unterminated varuint": bytes([SYNC, 0xFF]),
    "trailing bytes": protocol.sync_message(UPDATE, b"\x00\x00") + b"\x00",
    "undecodable update": protocol.sync_message(UPDATE, b"\x01\x02\x03"),
    # yrs reads an update and ignores what follows; our reader of its ids does not
    # (spaces.coedit.update_refs): 4400 too, not "update not stored".
    "bytes after the update": protocol.sync_message(UPDATE, b"\x00\x00\x00"),
    "undecodable state vector": protocol.sync_message(protocol.SYNC_STEP1, b"\xff\xff"),
    "awareness not JSON": protocol.awareness_message(
        protocol.var_uint(1) + protocol.var_uint(1) + protocol.var_uint(1) + b"\x03{x:"
    ),
    "awareness not an object": protocol.awareness_message(
        protocol.var_uint(1) + protocol.var_uint(1) + protocol.var_uint(1) + b"\x01" + b"7"
    ),
    "awareness truncated": protocol.awareness_message(protocol.var_uint(3)),
}


async def _stored(draft_id: int, *, count: int) -> None:
    for _ in range(100):
        if await sync_to_async(DraftUpdate.objects.filter(draft_id=draft_id).count)() == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} updates not stored in 5 s")


async def _room_is_unharmed(draft_id, bystander, user):
    assert await sync_to_async(DraftUpdate.objects.filter(draft_id=draft_id).count)() == 0
    assert store.document_text(rooms.registry.rooms[draft_id].doc) == "# CCTP\n"
    # The other connection still edits, and a newcomer syncs everything. (Stored first: a
    # newcomer that joins while the edit is on its way may get it before its sync step 2.)
    await bystander.edit("ok")
    await _stored(draft_id, count=1)
    newcomer = await joined(draft_id, user)
    await newcomer.sync()
    assert newcomer.content == "# CCTP\nok"
    await newcomer.disconnect()


@pytest.mark.parametrize("frame", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
async def test_a_malformed_frame_closes_that_socket(draft, referent, agent, frame):
    bystander = await joined(draft.pk, agent)
    await bystander.sync()
    client = await joined(draft.pk, referent)
    await client.sync()
    await client.send(frame)
    await client.closed_with(protocol.CLOSE_MALFORMED)
    await client.disconnect()
    await bystander.nothing()
    await _room_is_unharmed(draft.pk, bystander, referent)
    await bystander.disconnect()


async def test_a_text_frame_closes_the_socket(draft, referent, agent):
    bystander = await joined(draft.pk, agent)
    await bystander.sync()
    client = await joined(draft.pk, referent)
    await client.communicator.send_to(text_data="bonjour")
    await client.closed_with(protocol.CLOSE_MALFORMED)
    await client.disconnect()
    await _room_is_unharmed(draft.pk, bystander, referent)
    await bystander.disconnect()


async def test_a_message_over_the_size_limit_closes_the_socket(draft, referent, agent, settings):
    settings.COEDIT_MAX_MESSAGE_BYTES = 1000
    bystander = await joined(draft.pk, agent)
    await bystander.sync()
    client = await joined(draft.pk, referent)
    await client.sync()
    update = client.local_edit("x" * 2000)  # a valid update, only too big
    await client.send(protocol.sync_message(UPDATE, update))
    await client.closed_with(protocol.CLOSE_TOO_BIG)
    await client.disconnect()
    await bystander.nothing()
    await _room_is_unharmed(draft.pk, bystander, referent)
    await bystander.disconnect()


async def test_the_size_limit_is_below_the_transports():
    from django.conf import settings

    # uvicorn --ws-max-size 16777216 (Makefile, platform/): the protocol's limit is reached first.
    assert settings.COEDIT_MAX_MESSAGE_BYTES < 16 * 1024 * 1024


async def test_an_auth_message_from_a_client_is_ignored(draft, referent):
    client = await joined(draft.pk, referent)
    await client.send(protocol.permission_denied_message("?"))
    await client.nothing()
    await client.sync()
    await client.disconnect()
