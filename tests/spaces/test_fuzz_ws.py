"""Hostile sockets on /ws/drafts/<id>, on a bounded budget (the long run: bench/fuzz_ws.py).

Seeded: two editors keep typing while hostile sockets send random, truncated and oversized
frames, text frames, unknown types, undecodable updates and state vectors, awareness floods and
2 000-update bursts (``bench.fuzz_ws.SCENARIOS``). The server must stay up (no exception out of
the consumer, no 500), never cut an editor off, and the stored draft (snapshot + log, as a new
worker loads it) must decode to exactly what the editors converged to. In process through
``WebsocketCommunicator`` (every scenario but the transport's own limit), and against a real
server process (with it).
"""

import asyncio
import json
import os
import signal
import subprocess
import time

import pytest
from asgiref.sync import sync_to_async
from pycrdt import Doc, Text

from bench.fuzz_ws import SCENARIOS, Closed, Fuzz, Limits, LiveSocket, live_command
from spaces import consumers
from spaces.coedit import protocol, rooms, store
from spaces.coedit.tickets import ticket_issue
from spaces.services import draft_create, space_create
from tests.live_asgi import ROOT, _free_port
from tests.live_asgi import test_database_url as database_url

from .ws.coediting import connect, joined
from .ws.conftest import worker_rooms  # noqa: F401  (the fixture: this test's own rooms)

pytestmark = pytest.mark.django_db(transaction=True)

# The editors must agree with each other and with the stored draft once the server has stored
# every update it read: a condition, checked as soon as the fuzzing stops. The hostiles' bursts
# (2 x 2000 updates) are stored at the machine's pace, 10-30 a second on a saturated 2-CPU box
# (docs/decisions/0033): this bounds a failure, not a pass.
SETTLE = float(os.environ.get("FUZZ_WS_SETTLE", 300))
# Repeated runs by hand (bench/README.md): FUZZ_WS_SEEDS=1,2,3,4,5 -m stress -k in_process.
SEEDS = [int(seed) for seed in os.environ.get("FUZZ_WS_SEEDS", "1,2").split(",")]
MESSAGE_LIMIT = 65536  # small, so that oversized frames cost little; the rules are the same
TRANSPORT_LIMIT = 4 * MESSAGE_LIMIT


@pytest.fixture
def draft(animator, rennes, referent):
    space = space_create(actor=animator, title="CCTP voirie", members=[(rennes, "editor")])
    return draft_create(actor=referent, space=space, title="CCTP", markdown="# CCTP\n")


class CommunicatorSocket:
    """``bench.fuzz_ws.Socket`` over Channels' in-process communicator.

    Reads the output queue itself: ``receive_output`` cancels the application on a timeout.
    An exception out of the consumer is raised here, failing the test.
    """

    def __init__(self, communicator, *, close_timeout: float = SETTLE):
        self.communicator = communicator
        self.closed: int | None = None
        self.close_timeout = close_timeout

    async def send(self, data: bytes | str) -> None:
        self._raise_if_closed()
        key = "text" if isinstance(data, str) else "bytes"
        await self.communicator.send_input({"type": "websocket.receive", key: data})

    async def recv(self, timeout: float) -> bytes | None:
        self._raise_if_closed()
        queue = self.communicator.output_queue
        try:
            if timeout <= 0:
                output = queue.get_nowait()
            else:
                output = await asyncio.wait_for(queue.get(), timeout)
        except (TimeoutError, asyncio.QueueEmpty):
            if self.communicator.future.done():
                self.communicator.future.result()  # the consumer's exception, if any
                raise Closed(1006) from None
            return None
        if output["type"] == "websocket.close":
            code = output.get("code", 1000)
            await self.close()
            self.closed = code
            self._raise_if_closed()
        assert output["type"] == "websocket.send", output
        assert output.get("bytes") is not None, output
        return output["bytes"]

    async def close(self) -> None:
        if self.closed is None:
            self.closed = 1000
            # As a client hanging up: the consumer first handles every frame already sent
            # (communicator.disconnect() would cancel it after one second). Not
            # communicator.wait(timeout): past its timeout asgiref 3.13 cancels the consumer and
            # returns without raising (its `except CancelledError` swallows the timeout's). A
            # hostile's consumer still storing a burst after 60 s was cancelled there, silently:
            # it never left its room (the teardown's "room still registered") and the rest of its
            # frames were dropped (docs/decisions/0033, session 23).
            await self.communicator.send_input({"type": "websocket.disconnect", "code": 1000})
            future = self.communicator.future
            done, _pending = await asyncio.wait({future}, timeout=self.close_timeout)
            if not done:
                raise TimeoutError(f"the consumer still runs {self.close_timeout} s after closing")
            future.result()  # the consumer's exception, if any

    def _raise_if_closed(self) -> None:
        if self.closed is not None:
            raise Closed(self.closed)


async def _stored_text(draft_id: int) -> str:
    doc, _seq = await sync_to_async(store.load_document)(draft_id)
    return store.document_text(doc)


async def _report(outcome, draft_id: int) -> str:
    """The summary, with the draft's last stored seq (to set against the editors' received
    updates), as a string: pytest prints it whole, a dict cut short."""
    last_seq = await sync_to_async(rooms._last_seq)(draft_id)
    return json.dumps({**outcome.summary(), "last_stored_seq": last_seq})


# Out of `make test` (-m stress), docs/decisions/0033 (sessions 22 and 23). The stored text that
# was 6 characters longer than the converged editors' was a compaction dropping a deletion yrs
# held pending, and the room left registered was this harness cancelling a consumer (both
# fixed). But once since, with both fixes, the stored text had one character more at its start
# (not explained), and a run takes up to minutes while the draft grows slow to load.
@pytest.mark.stress
@pytest.mark.usefixtures("worker_rooms")
@pytest.mark.parametrize("seed", SEEDS)
async def test_hostile_sockets_in_process(draft, referent, settings, seed):
    settings.COEDIT_MAX_MESSAGE_BYTES = MESSAGE_LIMIT

    async def opener():
        connected, client = await connect(draft.pk, user=referent)
        assert connected
        return CommunicatorSocket(client.communicator)

    limits = Limits(message_bytes=MESSAGE_LIMIT, transport_bytes=TRANSPORT_LIMIT)
    fuzz = Fuzz(opener, opener, seed=seed, limits=limits, skip=("over-transport",))
    outcome = await fuzz.run(
        duration=2, rounds=1, stored=lambda: _stored_text(draft.pk), settle=SETTLE
    )

    report = await _report(outcome, draft.pk)
    assert outcome.settled, report
    assert outcome.converged, report
    # Every scenario was played (by each of the two hostiles) while the editors typed.
    assert set(outcome.scenarios) == set(SCENARIOS) - {"over-transport"}, report
    assert outcome.editor_edits > 10, report
    # The hostiles were refused with the protocol's codes, never with "update not stored".
    assert set(outcome.close_codes) <= {4400, 4413}, report
    assert outcome.stored_text == outcome.text, report


async def test_hostile_sockets_against_a_server_process(draft, referent):
    port = _free_port()
    log = ROOT / "test-results" / f"fuzz-ws-{port}.log"
    log.parent.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "CONN_MAX_AGE": "0",
        "COEDIT_MAX_MESSAGE_BYTES": str(MESSAGE_LIMIT),
    }
    server = subprocess.Popen(
        live_command(port, TRANSPORT_LIMIT),
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"ws://127.0.0.1:{port}/ws/drafts/{draft.pk}"

    async def opener():
        ticket = await asyncio.to_thread(ticket_issue, user=referent, draft=draft)
        return await LiveSocket.open(f"{url}?ticket={ticket}")

    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                await (await opener()).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                await asyncio.sleep(0.2)
        limits = Limits(message_bytes=MESSAGE_LIMIT, transport_bytes=TRANSPORT_LIMIT)
        fuzz = Fuzz(opener, opener, seed=3, limits=limits)
        outcome = await fuzz.run(
            duration=3, rounds=1, stored=lambda: _stored_text(draft.pk), settle=SETTLE
        )
        assert server.poll() is None, log.read_text()
    finally:
        # The bursts leave a backlog that SIGTERM stores before exiting (test_shutdown measures
        # exit times); this test is about surviving hostile input, so it waits for the backlog.
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
            raise

    report = await _report(outcome, draft.pk)
    assert outcome.settled, report
    assert outcome.converged, report
    assert set(outcome.scenarios) == set(SCENARIOS), report
    # Besides the protocol's refusals and the transport's (1009): a hostile reads only once its
    # scenario is sent, so one that floods for long enough has the editors' updates pile up in
    # its socket's write buffer and is closed as too slow (1013, COEDIT_OUTBOX_MAX_BYTES), as
    # any client that stops reading is. And 1006 (no close frame reached it). Most likely a
    # hostile still flooding when we close it leaves unread frames in the server's kernel
    # buffer: closing the TCP connection (once uvicorn's wait for its close reply runs out)
    # sends a reset, and the client drops our close frame with it, as config/uvicorn_ws.py
    # describes for SIGTERM; not verified. Seen twice on 2026-12-04: a PostgreSQL `make test`,
    # a SQLite run by hand. Never 1011 ("update not stored"); no editor is cut off (above).
    assert set(outcome.close_codes) <= {1006, 1009, 1013, 4400, 4413}, report
    assert outcome.stored_text == outcome.text, report
    server_log = log.read_text()
    assert "Traceback" not in server_log, server_log


async def test_a_live_socket_reads_what_is_already_there_without_waiting():
    """``recv(0)`` is how an editor of the harness reads everything already received between
    two keystrokes. With ``asyncio.wait_for(..., 0)`` it read nothing on Python 3.11, the editor
    fell behind the bursts and uvicorn's keepalive cut it off: the live run's "stall"."""
    from websockets.asyncio.server import serve

    async def five_frames(websocket):
        for n in range(5):
            await websocket.send(bytes([n]))
        await websocket.wait_closed()

    async with serve(five_frames, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        socket = await LiveSocket.open(f"ws://127.0.0.1:{port}")
        first = await socket.recv(5)  # the server has sent them all by the time one is here
        await asyncio.sleep(0.2)
        rest = []
        while (frame := await socket.recv(0)) is not None:
            rest.append(frame)
        await socket.close()

    assert [first, *rest] == [bytes([n]) for n in range(5)]


async def test_closing_a_communicator_socket_waits_for_the_consumer_or_says_it_did_not():
    """The consumer handles what was sent before the disconnect, however long that takes; if it
    takes longer than the bound, closing raises instead of cancelling it silently."""
    from channels.testing import WebsocketCommunicator

    handled = []

    async def slow_app(scope, receive, send):
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        while (message := await receive())["type"] != "websocket.disconnect":
            await asyncio.sleep(0.3)  # a frame that takes a while to store
            handled.append(message["bytes"])

    async def opened(close_timeout: float) -> CommunicatorSocket:
        communicator = WebsocketCommunicator(slow_app, "/")
        assert (await communicator.connect())[0]
        socket = CommunicatorSocket(communicator, close_timeout=close_timeout)
        for n in range(3):
            await socket.send(bytes([n]))
        return socket

    await (await opened(close_timeout=30)).close()
    assert handled == [b"\x00", b"\x01", b"\x02"]

    handled.clear()
    hasty = await opened(close_timeout=0.1)
    with pytest.raises(TimeoutError):
        await hasty.close()
    hasty.communicator.future.cancel()


# --- The harness's verdict -------------------------------------------------------------------


class BackloggedServer:
    """Stores each update of a backlog, then relays it 5 ms later, as a room working through
    the hostiles' bursts does (stored before relayed): what is stored is always one update ahead
    of what its clients have, until the backlog ends."""

    def __init__(self, backlog: list[bytes] = ()):
        self.doc = Doc()
        self.text = self.doc.get(store.TEXT_NAME, type=Text)
        self.sockets: list[BackloggedSocket] = []
        self.backlog = list(backlog)

    async def open(self) -> "BackloggedSocket":
        socket = BackloggedSocket(self)
        self.sockets.append(socket)
        return socket

    async def work_through_backlog(self) -> None:
        for frame in self.backlog:
            self.doc.apply_update(protocol.parse_message(frame).payload)
            await asyncio.sleep(0.005)
            for socket in self.sockets:
                socket.inbox.put_nowait(frame)


class BackloggedSocket:
    def __init__(self, server: BackloggedServer):
        self.server = server
        self.inbox: asyncio.Queue = asyncio.Queue()

    async def send(self, data: bytes | str) -> None:
        message = protocol.parse_message(data)
        if message.sub_type == protocol.SYNC_STEP1:
            update = self.server.doc.get_update(message.payload)
            self.inbox.put_nowait(protocol.sync_message(protocol.SYNC_STEP2, update))
        elif message.sub_type == protocol.SYNC_UPDATE:
            self.server.doc.apply_update(message.payload)
            for socket in self.server.sockets:
                if socket is not self:
                    socket.inbox.put_nowait(data)

    async def recv(self, timeout: float) -> bytes | None:
        try:
            async with asyncio.timeout(timeout):
                return await self.inbox.get()
        except TimeoutError:
            return None

    async def close(self) -> None:
        pass


async def _run_editors_only(server: BackloggedServer, settle: float, stored=None):
    fuzz = Fuzz(server.open, server.open, seed=1, limits=Limits(), hostiles=0)
    backlog = asyncio.create_task(server.work_through_backlog())

    async def stored_now() -> str:
        return str(server.text)

    outcome = await fuzz.run(duration=0.2, stored=stored or stored_now, settle=settle)
    backlog.cancel()
    return outcome


async def test_a_server_still_storing_at_the_deadline_is_a_timeout_not_a_disagreement():
    """Session 22's "one more character at the start" of the stored text, as the harness made
    it: the settle deadline passed while the server still stored and relayed a burst (each
    update inserts one character at the start), and the stored text, read after the editors'
    last frame, held one update more. The harness reported it as stored != converged."""
    import random

    from bench.fuzz_ws import _burst

    server = BackloggedServer(_burst(random.Random(1), 5000))  # 25 s of backlog, never quiet
    outcome = await _run_editors_only(server, settle=1)

    assert outcome.converged
    stored = outcome.stored_text  # the failed run's signature: one character more
    assert any(stored[:at] + stored[at + 1 :] == outcome.text for at in range(len(stored)))
    assert not outcome.settled
    assert outcome.verdict.startswith("not settled")
    assert outcome.summary()["settled"] is False


async def test_a_settled_run_whose_stored_text_differs_says_so():
    server = BackloggedServer()

    async def stored_with_one_more() -> str:
        return "x" + str(server.text)

    outcome = await _run_editors_only(server, settle=1.5, stored=stored_with_one_more)

    assert outcome.settled
    assert outcome.converged
    assert outcome.verdict == "settled, stored text differs from the editors'"
    assert not outcome.agreed


# --- What the fuzzer found ------------------------------------------------------------------

HUGE_COUNT = protocol.var_uint(2**28)  # yrs reserved ~512 MB for it, holding the loop 1-3 s


def test_real_state_vectors_and_updates_pass_the_count_check():
    doc = Doc()
    text = doc.get(store.TEXT_NAME, type=Text)
    for index in range(50):
        other = Doc()
        other.get(store.TEXT_NAME, type=Text).insert(0, f"client {index}")
        doc.apply_update(other.get_update())
    text += "fin"
    protocol.check_state_vector(doc.get_state())
    protocol.check_update(doc.get_update())
    protocol.check_update(protocol.EMPTY_UPDATE)
    protocol.check_state_vector(b"\x00")


@pytest.mark.parametrize("payload", [HUGE_COUNT, HUGE_COUNT + b"\x01\x01", b"\x7f" + b"\x01" * 100])
def test_a_count_the_payload_cannot_hold_is_refused_before_yrs(payload):
    with pytest.raises(protocol.ProtocolError):
        protocol.check_state_vector(payload)
    with pytest.raises(protocol.ProtocolError):
        protocol.check_update(payload)


@pytest.mark.usefixtures("worker_rooms")
@pytest.mark.parametrize(
    "sub_type", [protocol.SYNC_STEP1, protocol.SYNC_STEP2, protocol.SYNC_UPDATE]
)
async def test_a_huge_count_closes_the_socket_without_reaching_yrs(
    draft, referent, monkeypatch, sub_type
):
    reached = []
    sync_step2 = rooms.Room.sync_step2

    class ScratchDoc:
        """The consumer's scratch document (where updates are tried), recording its input."""

        def apply_update(self, data):
            reached.append(data)
            Doc().apply_update(data)

    def recording_sync_step2(room, state_vector):
        reached.append(state_vector)
        return sync_step2(room, state_vector)

    monkeypatch.setattr(rooms.Room, "sync_step2", recording_sync_step2)
    monkeypatch.setattr(consumers, "Doc", ScratchDoc)
    client = await joined(draft.pk, referent)
    await client.send(protocol.sync_message(sub_type, HUGE_COUNT))
    await client.closed_with(protocol.CLOSE_MALFORMED)
    assert HUGE_COUNT not in reached
