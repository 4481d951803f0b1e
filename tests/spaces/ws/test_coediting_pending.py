"""An update that would stay pending in the room is refused (docs/decisions/0039).

yrs keeps what references something the document lacks "pending", and leaves it out of the sync
step 2 a joining client is sent: stored and applied, such an update made every later joiner
diverge for good once the missing part arrived. The room now refuses it before storing. The
consumer holds it and asks the client for its step 2: a client that has the missing part (a
sibling tab's edit, its own offline edits) sends it and the update is stored; one that does not
is closed with 4400, nothing stored nor relayed, while the others keep editing and converge
with newcomers. Updates of real editing pass, including an offline client's step 2 and a client
building on its own update while the room waits for another worker's.
"""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from pycrdt import Doc, Text

from spaces.coedit import protocol, rooms, store
from spaces.consumers import WOULD_PEND_REASON
from spaces.models import Draft, DraftUpdate

from .coediting import joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

UPDATE = protocol.SYNC_UPDATE


def _stored(draft_id: int) -> tuple[int, int]:
    """(log rows, the draft's last seq)."""
    rows = DraftUpdate.objects.filter(draft_id=draft_id).count()
    return rows, Draft.objects.values_list("last_seq", flat=True).get(pk=draft_id)


stored = sync_to_async(_stored)


def _copy(doc: Doc) -> Doc:
    copy = Doc()
    copy.apply_update(doc.get_update())
    return copy


def _edit(doc: Doc, change) -> bytes:
    before = doc.get_state()
    change(doc.get("content", type=Text))
    return doc.get_update(before)


def _deletion_of_an_item_the_room_lacks(doc: Doc) -> tuple[bytes, bytes]:
    """The defect's script: "hello" inserted, then two characters of it deleted."""
    end = len(str(doc.get("content", type=Text)))
    missing = _edit(doc, lambda text: text.insert(end, "hello"))
    return missing, _edit(doc, lambda text: text.__delitem__(slice(end, end + 2)))


def _clock_gap(doc: Doc) -> tuple[bytes, bytes]:
    """Two edits of one client; the second alone starts past the clock the room knows."""
    missing = _edit(doc, lambda text: text.__iadd__("un "))
    return missing, _edit(doc, lambda text: text.__iadd__("deux"))


def _dangling_origin(doc: Doc) -> tuple[bytes, bytes]:
    """Another client types after an item the room never received (its origin)."""
    missing = _edit(doc, lambda text: text.__iadd__("un "))
    other = _copy(doc)
    return missing, _edit(other, lambda text: text.__iadd__("deux"))


DEPENDENT_UPDATES = {
    "delete of an item the room lacks": _deletion_of_an_item_the_room_lacks,
    "clock gap": _clock_gap,
    "dangling origin": _dangling_origin,
}


@pytest.mark.parametrize("make", DEPENDENT_UPDATES.values(), ids=DEPENDENT_UPDATES.keys())
async def test_an_update_that_would_pend_is_refused_and_joiners_converge(
    draft, referent, agent, make
):
    editor = await joined(draft.pk, agent)
    await editor.sync()
    mangled = await joined(draft.pk, referent)
    await mangled.sync()
    missing, dependent = make(_copy(mangled.doc))

    await mangled.send(protocol.sync_message(UPDATE, dependent))
    # Held, and the client asked for what it has that the room lacks: it lacks the part too.
    await mangled.answer_step1()
    await mangled.closed_with(protocol.CLOSE_MALFORMED, WOULD_PEND_REASON)
    await mangled.disconnect()
    assert await stored(draft.pk) == (0, 0)
    await editor.nothing()  # not relayed

    # A client joins now, then the missing part arrives by another socket: everyone converges.
    newcomer = await joined(draft.pk, agent)
    await newcomer.sync()
    carrier = await joined(draft.pk, referent)
    await carrier.sync()
    carrier.doc.apply_update(missing)
    await carrier.send(protocol.sync_message(UPDATE, missing))
    await editor.receive_update()
    await newcomer.receive_update()
    await editor.edit(" ok")  # the others keep editing
    await newcomer.receive_update()
    await carrier.receive_update()
    room_text = store.document_text(rooms.registry.rooms[draft.pk].doc)
    assert editor.content == newcomer.content == carrier.content == room_text
    assert room_text.endswith(" ok")
    assert await stored(draft.pk) == (2, 2)
    late = await joined(draft.pk, agent)
    await late.sync()
    assert late.content == room_text
    for client in (editor, newcomer, carrier, late):
        await client.disconnect()


async def test_a_refused_update_of_a_batch_does_not_count_for_those_after_it(
    draft, referent, agent
):
    """Within one group commit: an update that would pend is dropped, and one that builds on it
    (it would pend too) is refused as well, while the batch's others are stored."""
    editor = await joined(draft.pk, agent)
    await editor.sync()
    room = rooms.registry.rooms[draft.pk]
    doc = _copy(editor.doc)
    _missing, gap = _clock_gap(doc)
    after_gap = _edit(doc, lambda text: text.__iadd__(" trois"))
    fine = _edit(_copy(editor.doc), lambda text: text.__iadd__("!"))
    async with room.lock:  # a commit is running: the three wait in one batch
        submits = [
            asyncio.create_task(room.submit(data, user_id=None, origin="x"))
            for data in (gap, fine, after_gap)
        ]
        await asyncio.sleep(0.05)
    results = await asyncio.gather(*submits, return_exceptions=True)
    assert isinstance(results[0], rooms.UpdateWouldPend)
    assert results[1] == 1
    assert isinstance(results[2], rooms.UpdateWouldPend)
    assert await stored(draft.pk) == (1, 1)
    await editor.receive_update()
    assert editor.content == "# CCTP\n!"
    await editor.disconnect()


# --- Real editing still passes ------------------------------------------------------------------


async def test_an_offline_client_reconnects_with_edits_built_on_its_own(draft, referent, agent):
    """Its step 2 carries what the room lacks, so what it builds on is in the same update."""
    writer = await joined(draft.pk, referent)
    await writer.sync()
    await writer.edit("Article 1")
    other = await joined(draft.pk, agent)
    await other.sync()
    await writer.disconnect()
    offline = writer.doc
    text = offline.get("content", type=Text)
    text += " — objet"  # offline: built on "Article 1" and on itself
    del text[7:9]
    text += " du marché"
    await other.edit("\nArticle 2")

    again = await joined(draft.pk, referent)
    again.doc, again.text = offline, text
    await again.sync()  # its step 2: the offline edits, built on what the room has and on itself
    await again.edit(" (suite)")
    await other.receive_update()
    await other.receive_update()
    assert again.content == other.content == await _room_text(draft.pk)
    assert "Article 1" not in other.content and "Article 2" in other.content
    # (Where " — objet du marché" and "\nArticle 2" fall depends on the clients' ids.)
    assert "ticle 1" in other.content and "— objet du marché" in other.content
    assert other.content.endswith(" (suite)")
    assert await stored(draft.pk) == (4, 4)
    await again.disconnect()
    await other.disconnect()


async def _room_text(draft_id: int) -> str:
    """The room's text, once the clocks the room keeps up are checked against its document."""
    room = rooms.registry.rooms[draft_id]
    reader = protocol._Reader(room.doc.get_state())
    state = {}
    for _ in range(reader.var_uint()):
        client = reader.var_uint()
        state[client] = reader.var_uint()
    kept = room._document_clocks()
    assert {client: kept.get(client) for client in state} == state
    return store.document_text(room.doc)


def _store_edit_elsewhere(draft_id: int, user_id: int, append: str) -> None:
    """Another worker stored an edit; its broadcast has not arrived yet."""
    doc, _seq = store.load_document(draft_id)
    before = doc.get_state()
    doc.get("content", type=Text).insert(len(store.document_text(doc)), append)
    store.append_update(draft_id=draft_id, user_id=user_id, data=doc.get_update(before))


async def test_typing_on_while_the_room_waits_for_another_workers_update(draft, referent):
    """Our seq 2 waits in the room for seq 1 (another worker's, still on its way); the client
    already builds on its own seq 2, which the room counts as the document's."""
    client = await joined(draft.pk, referent)
    await client.sync()
    await sync_to_async(_store_edit_elsewhere)(draft.pk, referent.pk, "ailleurs ")
    await client.edit("A")
    await client.edit("B")  # its origin is "A", not applied yet
    await client.edit("C")
    await client.receive_update()  # the other worker's, read from the log after the grace
    assert client.content == await _room_text(draft.pk)
    assert "ABC" in client.content and "ailleurs " in client.content
    assert await stored(draft.pk) == (4, 4)
    await client.disconnect()


async def test_typing_while_reconnecting_after_offline_edits(draft, referent):
    """A keystroke built on offline edits, sent before the step 2 that carries them (stock
    y-websocket does, in the round trip after the socket opens), is held until the step 2 is
    stored, then stored itself; the client is not closed."""
    writer = await joined(draft.pk, referent)
    await writer.sync()
    await writer.edit("A")
    await writer.disconnect()
    offline = writer.doc
    offline.get("content", type=Text).__iadd__("B")  # offline

    again = await joined(draft.pk, referent)
    again.doc, again.text = offline, offline.get("content", type=Text)
    await again.send(protocol.sync_message(protocol.SYNC_STEP1, offline.get_state()))
    await again.edit("C")  # typed before the server's step 1 came back: built on "B"
    step2 = await again.receive_message()  # the server's step 2, then its step 1
    again.doc.apply_update(step2.payload)
    await again.answer_step1()
    await again.nothing()
    assert await _room_text(draft.pk) == again.content == "# CCTP\nABC"
    await again.disconnect()


async def test_a_held_update_the_step_2_does_not_complete_is_refused(draft, referent, agent):
    editor = await joined(draft.pk, agent)
    await editor.sync()
    client = await joined(draft.pk, referent)
    await client.send(protocol.sync_message(protocol.SYNC_STEP1, client.doc.get_state()))
    _missing, dependent = _clock_gap(_copy(editor.doc))
    await client.send(protocol.sync_message(UPDATE, dependent))  # held: step 2 awaited
    step2 = await client.receive_message()
    client.doc.apply_update(step2.payload)
    await client.answer_step1()
    await client.closed_with(protocol.CLOSE_MALFORMED, WOULD_PEND_REASON)
    await client.disconnect()
    assert await stored(draft.pk) == (0, 0)
    await editor.nothing()
    await editor.disconnect()


@pytest.mark.parametrize("make", DEPENDENT_UPDATES.values(), ids=DEPENDENT_UPDATES.keys())
async def test_a_client_that_has_what_its_update_needs_is_asked_for_it(
    draft, referent, agent, make
):
    """A client that got the missing part by another path (a sibling tab's BroadcastChannel):
    its update is held, the room's step 1 asks for what the client has, and its step 2 brings
    the part. Stored and relayed whole; before, the client was closed for good (4400)."""
    editor = await joined(draft.pk, agent)
    await editor.sync()
    client = await joined(draft.pk, referent)
    await client.sync()
    _missing, dependent = make(client.doc)
    client.doc.apply_update(dependent)  # the client's document holds both

    await client.send(protocol.sync_message(UPDATE, dependent))
    await client.answer_step1()
    await editor.receive_update()
    await client.nothing()  # not closed
    room_text = store.document_text(rooms.registry.rooms[draft.pk].doc)
    assert editor.content == client.content == room_text != "# CCTP\n"
    late = await joined(draft.pk, agent)
    await late.sync()
    assert late.content == room_text
    for peer in (editor, client, late):
        await peer.disconnect()
