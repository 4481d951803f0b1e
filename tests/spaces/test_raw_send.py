"""Frames written by the consumer itself through our uvicorn protocol (docs/decisions/0034).

Against the production command (uvicorn with ``config.uvicorn_ws:GoingAwayWebSocketProtocol``),
where the consumer frames a broadcast once and writes a connection's frames of one event-loop
turn in one write: a burst still reaches every editor whole and in order, and a client that
stops reading is closed with 1013 once ``COEDIT_OUTBOX_MAX_BYTES`` wait for it, without
disturbing the others.
"""

import asyncio
import socket

import pytest
from websockets.asyncio.client import connect

from spaces.coedit import protocol
from spaces.coedit.tickets import ticket_issue
from spaces.services import draft_create, space_create

from .test_shutdown import INITIAL, LiveClient, Worker, stored

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(animator, rennes, referent):
    space = space_create(actor=animator, title="CCTP voirie", members=[(rennes, "editor")])
    return draft_create(actor=referent, space=space, title="CCTP", markdown=INITIAL)


@pytest.fixture
def worker():
    started: list[Worker] = []

    def start(**env) -> Worker:
        started.append(Worker("", env=env))
        return started[-1]

    yield start
    for each in started:
        each.kill()


async def test_a_burst_reaches_every_editor_whole_and_in_order(worker, draft, referent, agent):
    server = worker()
    await server.wait_until_up()
    writer = await LiveClient.open(server.url, draft, referent)
    readers = [await LiveClient.open(server.url, draft, agent) for _ in range(3)]
    edits = [f"<{index}>" for index in range(300)]
    for edit in edits:  # without waiting: frames pile up within event-loop turns
        await writer.edit(edit)
    expected = INITIAL + "".join(edits)

    async def read_until_complete(client: LiveClient) -> list[int]:
        """Lengths of the text after each update received: they must only grow."""
        lengths = []
        while client.content != expected:
            message = protocol.parse_message(await asyncio.wait_for(client.websocket.recv(), 30))
            if message.type == protocol.MESSAGE_SYNC and message.sub_type == protocol.SYNC_UPDATE:
                client.doc.apply_update(message.payload)
                lengths.append(len(client.content))
        return lengths

    for lengths in await asyncio.gather(*(read_until_complete(c) for c in readers)):
        # One message per edit, each integrating at once (none waited for an earlier one).
        assert lengths == [len(INITIAL + "".join(edits[: i + 1])) for i in range(len(edits))]
    assert await stored(draft.pk) == (expected, len(edits))


async def test_a_client_that_stops_reading_is_closed_as_too_slow(worker, draft, referent, agent):
    server = worker(COEDIT_OUTBOX_MAX_BYTES=str(64 * 1024))
    await server.wait_until_up()
    writer = await LiveClient.open(server.url, draft, referent)
    # A reader with a small receive window that stops reading after its first frames.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.setblocking(False)
    ticket = await asyncio.to_thread(ticket_issue, user=agent, draft=draft)
    stalled = await connect(
        f"{server.url}/{draft.pk}?ticket={ticket}", sock=sock, max_queue=1, max_size=None
    )
    # Half a megabyte inserted and deleted again, 24 times: 12 MB for every reader.
    chunk = "x" * 500_000
    for _ in range(24):
        await writer.edit(chunk)
        before = writer.doc.get_state()
        del writer.text[len(INITIAL) :]
        await writer.websocket.send(
            protocol.sync_message(protocol.SYNC_UPDATE, writer.doc.get_update(before))
        )
    await writer.edit("fin")
    # The writer is still served: its edits are stored, and it was not closed.
    for _ in range(200):
        if (await stored(draft.pk))[0] == INITIAL + "fin":
            break
        await asyncio.sleep(0.1)
    assert (await stored(draft.pk))[0] == INITIAL + "fin"
    assert writer.websocket.close_code is None
    # The stalled reader, reading at last, finds the server closed it as too slow.
    stalled_client = LiveClient(stalled)
    assert await stalled_client.close_code(timeout=60) == protocol.CLOSE_TOO_SLOW
    assert "client too slow" in server.log.read_text()
