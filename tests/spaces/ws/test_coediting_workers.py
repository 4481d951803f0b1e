"""Several workers: rooms meet through the channel layer, gaps are read from the log, a dead
worker's clients resync from the database, and the log is compacted as it grows."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from pycrdt import Doc, Text

from spaces.coedit import protocol, rooms, store
from spaces.models import Draft, DraftUpdate

from .coediting import joined, worker_app

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


def _store_edit(draft_id: int, user_id: int, append: str, *, broadcast: bool = False) -> bytes:
    """Another worker's client wrote ``append`` (the update, stored, is returned); the broadcast
    may be lost on the way, or come later."""
    doc, _seq = store.load_document(draft_id)
    before = doc.get_state()
    doc.get("content", type=Text).insert(len(store.document_text(doc)), append)
    data = doc.get_update(before)
    seq = store.append_update(draft_id=draft_id, user_id=user_id, data=data)
    if broadcast:
        store.broadcast_update(draft_id=draft_id, seq=seq, data=data, origin="specific.other!x")
    return data


store_edit = sync_to_async(_store_edit)


async def _kill(registry: rooms.RoomRegistry) -> None:
    """The worker process dies: its rooms vanish without unloading (no compaction)."""
    layer = get_channel_layer()
    for room in registry.rooms.values():
        for task in room._tasks:
            task.cancel()
        await asyncio.gather(*room._tasks, return_exceptions=True)
        await layer.group_discard(room.group, room.channel)
    registry.rooms.clear()


async def test_two_workers_share_a_draft_through_the_channel_layer(draft, referent, agent):
    other_worker = rooms.RoomRegistry()
    alice = await joined(draft.pk, referent)
    await alice.sync()
    bob = await joined(draft.pk, agent, app=worker_app(other_worker))
    await bob.sync()

    await alice.edit("A")
    await bob.receive_update()
    await bob.edit("B")
    await alice.receive_update()
    assert alice.content == bob.content == "# CCTP\nAB"
    await alice.nothing()
    await bob.nothing()
    assert rooms.registry.rooms[draft.pk].seq == other_worker.rooms[draft.pk].seq == 2

    # Awareness crosses workers too, and so does its removal.
    await alice.set_awareness(111, 1, {"user": {"color": "#f00"}})
    assert (await bob.receive_awareness())[111]["user"]["name"] == referent.display_name
    await alice.disconnect()
    assert await bob.receive_awareness() == {111: None}
    await bob.disconnect()
    assert not other_worker.rooms


async def test_a_gap_in_sequence_numbers_is_filled_from_the_log(draft, referent):
    client = await joined(draft.pk, referent)
    await client.sync()
    # Seqs 1 and 2 were stored elsewhere and their broadcasts lost; 3 arrives.
    await store_edit(draft.pk, referent.pk, "un ")
    await store_edit(draft.pk, referent.pk, "deux ")
    await store_edit(draft.pk, referent.pk, "trois", broadcast=True)
    for _ in range(3):
        await client.receive_update()
    assert client.content == "# CCTP\nun deux trois"
    room = rooms.registry.rooms[draft.pk]
    assert room.seq == 3
    # A late duplicate of an update the room holds changes nothing and is not forwarded.
    await sync_to_async(store.broadcast_update)(draft_id=draft.pk, seq=2, data=b"\x00\x00")
    await client.nothing()
    await client.disconnect()


async def test_a_gap_compacted_away_reloads_the_whole_document(draft, referent):
    client = await joined(draft.pk, referent)
    await client.sync()
    await store_edit(draft.pk, referent.pk, "un ")
    await store_edit(draft.pk, referent.pk, "deux ")
    await sync_to_async(store.compact)(draft.pk)
    await store_edit(draft.pk, referent.pk, "trois", broadcast=True)
    await client.receive_update()  # one update: what the room lacked, merged
    assert client.content == "# CCTP\nun deux trois"
    assert rooms.registry.rooms[draft.pk].seq == 3
    await client.disconnect()


async def test_a_client_reconnecting_after_its_worker_died_loses_nothing_stored(
    draft, referent, agent, monkeypatch
):
    first = await joined(draft.pk, referent)
    await first.sync()
    for word in ("alpha ", "beta ", "gamma"):
        await first.edit(word)
    await first.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    await first.receive_awareness()  # every edit was handled
    await _kill(rooms.registry)
    await first.disconnect()
    assert await sync_to_async(DraftUpdate.objects.count)() == 3  # not compacted: the log

    monkeypatch.setattr(rooms, "registry", rooms.RoomRegistry())  # the restarted worker
    again = await joined(draft.pk, agent)
    await again.sync()
    assert again.content == "# CCTP\nalpha beta gamma"
    # The reconnecting client's own copy merges without duplicating anything.
    first_again = await joined(draft.pk, referent)
    first_again.doc.apply_update(first.doc.get_update())
    await first_again.sync()
    await again.nothing()
    assert first_again.content == "# CCTP\nalpha beta gamma"
    await again.disconnect()
    await first_again.disconnect()
    assert not rooms.registry.rooms


async def test_the_log_is_compacted_every_n_updates(draft, referent, settings):
    settings.COEDIT_COMPACT_EVERY = 3
    client = await joined(draft.pk, referent)
    await client.sync()
    for word in ("a", "b", "c"):
        await client.edit(word)
    for _ in range(50):
        fresh = await sync_to_async(Draft.objects.get)(pk=draft.pk)
        if fresh.snapshot_seq == 3:
            break
        await asyncio.sleep(0.05)
    assert fresh.markdown == "# CCTP\nabc"
    assert await sync_to_async(DraftUpdate.objects.count)() == 0
    await client.edit("d")
    newcomer = await joined(draft.pk, referent)
    await newcomer.sync()
    assert newcomer.content == "# CCTP\nabcd"
    await newcomer.disconnect()
    await client.disconnect()


async def test_concurrent_editors_converge_with_gapless_seqs_and_no_echo(draft, referent, agent):
    alice = await joined(draft.pk, referent)
    await alice.sync()
    bob = await joined(draft.pk, agent)
    await bob.sync()
    for i in range(20):
        await alice.edit(f"a{i} ")
        await bob.edit(f"b{i} ")
    for client in (alice, bob):
        for _ in range(20):
            await client.receive_update()
        await client.nothing()
    assert alice.content == bob.content
    seqs = await sync_to_async(list)(DraftUpdate.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
    assert await sync_to_async(store.current_markdown)(draft.pk) == alice.content
    await alice.disconnect()
    await bob.disconnect()


async def test_draft_groups_hold_bursts():
    """A burst bigger than channels' default capacity (100) reaches a group member whole, in order:
    on the in-memory layer through ``CHANNEL_CAPACITY``, on Redis pub/sub, which has no bound."""
    layer = get_channel_layer()
    member = await layer.new_channel()
    await layer.group_add("draft-burst", member)
    burst = 1000
    for seq in range(1, burst + 1):
        await layer.group_send("draft-burst", {"type": "draft.update", "seq": seq})
    received = [(await asyncio.wait_for(layer.receive(member), 5))["seq"] for _ in range(burst)]
    assert received == list(range(1, burst + 1))
    await layer.group_discard("draft-burst", member)


def test_a_room_document_is_the_stored_one(draft, referent):
    """load_document and changes_after agree: what a room holds is what the log rebuilds."""
    _store_edit(draft.pk, referent.pk, "x")
    changes = store.changes_after(draft.pk, 0)
    doc = Doc()
    doc.get("content", type=Text)
    doc.apply_update(bytes(Draft.objects.get(pk=draft.pk).snapshot))
    for _seq, data in changes.updates:
        doc.apply_update(data)
    assert store.document_text(doc) == store.current_markdown(draft.pk)
    assert store.changes_after(draft.pk, 1) == store.Changes([], None, 0)


async def test_a_quiet_room_finds_a_lost_last_update_by_polling_the_log(draft, referent):
    client = await joined(draft.pk, referent)
    await client.sync()
    await store_edit(draft.pk, referent.pk, "perdu")  # stored; its broadcast never arrives
    await client.nothing()
    await rooms.registry.rooms[draft.pk].poll_log()  # what the room does every 10 s
    await client.receive_update()
    assert client.content == "# CCTP\nperdu"
    await client.disconnect()


async def test_an_update_that_overtakes_the_one_it_follows_waits_for_it(
    draft, referent, monkeypatch
):
    """Two workers storing at once: seq 2's broadcast arrives before seq 1's. The room holds 2
    back until 1 comes, applies both in order, and reads nothing from the log for it."""
    client = await joined(draft.pk, referent)
    await client.sync()
    log_reads = []
    changes_after = store.changes_after
    monkeypatch.setattr(
        store, "changes_after", lambda *args: log_reads.append(args) or changes_after(*args)
    )
    first = await store_edit(draft.pk, referent.pk, "un ")
    second = await store_edit(draft.pk, referent.pk, "deux")
    broadcast = sync_to_async(store.broadcast_update)
    await broadcast(draft_id=draft.pk, seq=2, data=second, origin="specific.other!x")
    await client.nothing()  # held back: applying it now would leave it pending in yrs
    await broadcast(draft_id=draft.pk, seq=1, data=first, origin="specific.other!y")
    assert await client.receive_update() == first
    assert await client.receive_update() == second
    assert client.content == "# CCTP\nun deux"
    assert rooms.registry.rooms[draft.pk].seq == 2
    assert log_reads == []
    await client.disconnect()
