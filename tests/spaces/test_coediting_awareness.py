"""Awareness (cursors): one client id per socket, the server's name on it, removal on leave."""

import pytest

from spaces.coedit import protocol

from .coediting import awareness_state, joined

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]


async def test_the_server_sets_the_users_name_and_keeps_the_rest(draft, referent, agent):
    referent.first_name, referent.last_name = "Anne", "Le Goff"
    await referent.asave()
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    await alice.set_awareness(111, 1, awareness_state(name="Le Préfet", color="#ff0000"))
    states = await other.receive_awareness()
    assert states == {111: {"user": {"name": "Anne Le Goff", "color": "#ff0000"}, "cursor": None}}
    await alice.nothing()  # not echoed
    await alice.disconnect()
    await other.receive_awareness()  # its removal
    await other.disconnect()


async def test_only_the_first_client_id_seen_on_a_socket_is_accepted(draft, referent, agent):
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    both = protocol.encode_awareness_update(
        [
            protocol.AwarenessEntry(111, 1, {"user": {"color": "#00f"}}),
            protocol.AwarenessEntry(222, 1, {"user": {"name": "Usurpateur"}}),
        ]
    )
    await alice.send(protocol.awareness_message(both))
    assert set(await other.receive_awareness()) == {111}
    # Later messages for another client id are dropped, the pinned one still goes through.
    await alice.set_awareness(222, 2, awareness_state())
    await other.nothing()
    await alice.set_awareness(111, 2, {"user": {"color": "#0f0"}, "cursor": {"anchor": 3}})
    assert (await other.receive_awareness())[111]["cursor"] == {"anchor": 3}
    await alice.disconnect()
    assert await other.receive_awareness() == {111: None}
    await other.disconnect()


async def test_a_readers_cursor_is_shown(draft, referent, reader):
    editor = await joined(draft.pk, referent)
    client = await joined(draft.pk, reader)
    await client.set_awareness(333, 1, awareness_state())
    states = await editor.receive_awareness()
    assert states[333]["user"]["name"] == reader.display_name
    await client.disconnect()
    assert await editor.receive_awareness() == {333: None}
    await editor.disconnect()


async def test_closing_the_socket_removes_the_clients_cursor_for_everyone(
    draft, referent, agent, reader
):
    alice = await joined(draft.pk, referent)
    bob = await joined(draft.pk, agent)
    carol = await joined(draft.pk, reader)
    await alice.set_awareness(111, 5, awareness_state())
    await bob.receive_awareness()
    await carol.receive_awareness()
    await alice.disconnect()
    for client in (bob, carol):
        message = await client.receive_message()
        (entry,) = protocol.parse_awareness_update(message.payload)
        assert (entry.client_id, entry.clock, entry.state) == (111, 6, None)
    # Gone from the room too.
    await bob.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    assert await bob.receive_awareness() == {}
    await bob.disconnect()
    await carol.disconnect()


async def test_query_awareness_answers_with_the_rooms_states(draft, referent, agent):
    alice = await joined(draft.pk, referent)
    await alice.set_awareness(111, 1, awareness_state())
    bob = await joined(draft.pk, agent)
    # A newcomer is told who is there, as the y-websocket server does...
    assert set(await bob.receive_awareness()) == {111}
    await bob.set_awareness(222, 1, awareness_state())
    await alice.receive_awareness()
    # ...and query-awareness (type 3) answers with every live state, to the asker only.
    await bob.send(protocol.var_uint(protocol.MESSAGE_QUERY_AWARENESS))
    states = await bob.receive_awareness()
    assert set(states) == {111, 222}
    assert states[111]["user"]["name"] == referent.display_name
    await alice.nothing()
    await bob.disconnect()
    await alice.receive_awareness()
    await alice.disconnect()


async def test_a_stale_clock_is_not_passed_on(draft, referent, agent):
    alice = await joined(draft.pk, referent)
    other = await joined(draft.pk, agent)
    await alice.set_awareness(111, 4, awareness_state())
    await other.receive_awareness()
    await alice.set_awareness(111, 3, awareness_state(color="#000"))
    await other.nothing()
    await alice.disconnect()
    await other.receive_awareness()
    await other.disconnect()
