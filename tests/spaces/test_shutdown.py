"""Stopping a worker (SIGTERM, as compose and systemd do on a deploy), against real processes.

Each test starts the production command (uvicorn with ``--ws
config.uvicorn_ws:GoingAwayWebSocketProtocol``, as in the Procfile and platform/) on the test
database, with production settings (``DEBUG`` off), once with the in-memory channel layer and
once with Redis (``REDIS_URL``; skipped without it). Clients are plain ``websockets``
connections speaking y-websocket with a pycrdt document.

What a deploy needs: every open draft socket is closed with 1001 ("going away", so the stock
client reconnects, to the other worker), every update the worker read is stored, and the
process exits within a few seconds (``SHUTDOWN_BUDGET``) — with clients or without. With
updates still to store, the worker stores them first, at the machine's pace: what is bounded
then is the time from the last stored update to the exit (``TAIL_BUDGET``), and a hang
(``HANG_LIMIT``).
"""

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db.models import Max
from pycrdt import Doc, Text
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from spaces.coedit import protocol, store
from spaces.coedit.tickets import ticket_issue
from spaces.models import DraftUpdate
from spaces.services import draft_create, space_create
from tests.live_asgi import ROOT, _free_port, _ws_max_size
from tests.live_asgi import test_database_url as database_url

pytestmark = pytest.mark.django_db(transaction=True)

SHUTDOWN_BUDGET = 5.0  # seconds from SIGTERM to exit (the issue: "within a few seconds")
# A backlog of updates read before SIGTERM is stored first, at the machine's pace: 0.5-1.6 s
# for 50-150 updates on an idle machine, up to 9 s for 93 at load 7-10 (docs/decisions/0033).
# From the last stored update to the exit: 0.1-0.4 s measured at load 5-10.
TAIL_BUDGET = 2.0
HANG_LIMIT = 30.0  # killed past this: a stop that never ends (the Redis receive of 0033 did not)
INITIAL = "# CCTP\n"
# The production command's WebSocket protocol (Procfile, platform/); "auto" measures uvicorn's own.
WS_PROTOCOL = os.environ.get("SHUTDOWN_TEST_WS", "config.uvicorn_ws:GoingAwayWebSocketProtocol")


@pytest.fixture
def draft(animator, rennes, referent):
    space = space_create(actor=animator, title="CCTP voirie", members=[(rennes, "editor")])
    return draft_create(actor=referent, space=space, title="CCTP", markdown=INITIAL)


class Worker:
    """One production-like server process; ``redis_url`` empty: the in-memory layer."""

    def __init__(self, redis_url: str, env: dict[str, str] | None = None):
        self.port = _free_port()
        self.url = f"ws://127.0.0.1:{self.port}/ws/drafts"
        self.log = ROOT / "test-results" / f"shutdown-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "CONN_MAX_AGE": "0",
            "TASKS_BACKEND": "database",  # production's: compaction waits for a task worker
            "REDIS_URL": redis_url,
            **(env or {}),
        }
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--ws", WS_PROTOCOL]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--lifespan", "off"]
        command += ["--ws-max-size", str(_ws_max_size()), "--ws-per-message-deflate", "false"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT
        )

    async def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.2)
                continue
            writer.close()
            return
        raise AssertionError(f"server did not start: {self.log.read_text()}")

    async def stop(self) -> float:
        """SIGTERM; seconds until the process exited (inf if it had to be killed)."""
        start = time.monotonic()
        self.stopped_at = time.time()  # wall clock, to compare with the stored updates' times
        self.process.send_signal(signal.SIGTERM)
        while self.process.poll() is None:
            if time.monotonic() - start > HANG_LIMIT:
                self.process.kill()
                self.process.wait()
                return float("inf")
            await asyncio.sleep(0.02)
        self.exited_at = time.time()
        elapsed = time.monotonic() - start
        print(f"exit after SIGTERM: {elapsed:.2f} s")  # the figure bench/README.md quotes
        return elapsed

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(params=["in-memory", "redis"])
def workers(request):
    """Start workers (all on the same channel layer: the parameter)."""
    redis_url = os.environ.get("REDIS_URL", "") if request.param == "redis" else ""
    if request.param == "redis" and not redis_url:
        pytest.skip("REDIS_URL is not set")
    started: list[Worker] = []

    def start() -> Worker:
        started.append(Worker(redis_url))
        return started[-1]

    yield start
    for worker in started:
        worker.kill()


class LiveClient:
    """A y-websocket client over a real socket: a pycrdt document, edits appended in order."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.doc = Doc()
        self.text = self.doc.get(store.TEXT_NAME, type=Text)

    @classmethod
    async def open(cls, url: str, draft, user) -> "LiveClient":
        ticket = await asyncio.to_thread(ticket_issue, user=user, draft=draft)
        websocket = await connect(f"{url}/{draft.pk}?ticket={ticket}", max_size=None)
        client = cls(websocket)
        await client.sync()
        return client

    async def sync(self) -> None:
        """Step 1 both ways: take what the server has, give it what it lacks."""
        await self.websocket.send(protocol.sync_message(protocol.SYNC_STEP1, self.doc.get_state()))
        got_step2 = answered_step1 = False
        while not (got_step2 and answered_step1):
            message = protocol.parse_message(await asyncio.wait_for(self.websocket.recv(), 10))
            if message.type != protocol.MESSAGE_SYNC:
                continue
            if message.sub_type == protocol.SYNC_STEP1:
                update = self.doc.get_update(message.payload)
                await self.websocket.send(protocol.sync_message(protocol.SYNC_STEP2, update))
                answered_step1 = True
            else:
                self.doc.apply_update(message.payload)
                got_step2 = got_step2 or message.sub_type == protocol.SYNC_STEP2

    async def edit(self, append: str) -> None:
        before = self.doc.get_state()
        self.text += append
        update = self.doc.get_update(before)
        await self.websocket.send(protocol.sync_message(protocol.SYNC_UPDATE, update))

    async def close_code(self, timeout: float = 10) -> int | None:
        """Read until the server closes; its close code."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    frame = await self.websocket.recv()
                    message = protocol.parse_message(frame)
                    if message.type == protocol.MESSAGE_SYNC and message.sub_type != 0:
                        self.doc.apply_update(message.payload)
        except ConnectionClosed:
            pass
        return self.websocket.close_code

    @property
    def content(self) -> str:
        return str(self.text)


def _stored(draft_id: int) -> tuple[str, int]:
    doc, seq = store.load_document(draft_id)
    return store.document_text(doc), seq


async def stored(draft_id: int) -> tuple[str, int]:
    return await asyncio.to_thread(_stored, draft_id)


def _last_stored_at(draft_id: int) -> float:
    """When the last update was stored (the log is not compacted: no task worker runs)."""
    last = DraftUpdate.objects.filter(draft_id=draft_id).aggregate(at=Max("created_at"))["at"]
    return last.timestamp() if last else 0.0


async def tail(worker: Worker, draft_id: int) -> float:
    """Seconds from the later of SIGTERM and the last stored update to the exit."""
    last = await asyncio.to_thread(_last_stored_at, draft_id)
    seconds = worker.exited_at - max(worker.stopped_at, last)
    print(f"exit after the last stored update: {seconds:.2f} s")
    return seconds


def _edits(count: int, tag: str) -> list[str]:
    return [f"{tag}{index};" for index in range(count)]


async def test_sigterm_without_clients_exits_promptly(workers, draft, referent):
    worker = workers()
    await worker.wait_until_up()
    # A draft was open and closed again: its room came and went, as on a real worker.
    client = await LiveClient.open(worker.url, draft, referent)
    await client.edit("x")
    await client.websocket.close()
    await asyncio.sleep(0.3)
    elapsed = await worker.stop()
    assert elapsed < SHUTDOWN_BUDGET, f"{elapsed:.2f} s\n{worker.log.read_text()}"
    assert worker.process.returncode in (0, -signal.SIGTERM)


# Back in `make test` (docs/decisions/0033): its failures on a saturated machine were the
# watcher check's own bug, the 5 s budget counting the backlog's storing, and a real hang on Redis.
async def test_sigterm_closes_with_going_away_and_stores_every_update(workers, draft, referent):
    worker, other = workers(), workers()  # a deploy stops one while the other serves on
    await worker.wait_until_up()
    await other.wait_until_up()
    _text, seq_before = await stored(draft.pk)
    watcher = await LiveClient.open(worker.url, draft, referent)
    typists = [await LiveClient.open(worker.url, draft, referent) for _ in range(3)]
    edits = {index: _edits(50, f"t{index}-") for index in range(len(typists))}
    # A burst from each typist, SIGTERM while it is still arriving and being stored.
    for round_edits in zip(*edits.values(), strict=True):
        for typist, text in zip(typists, round_edits, strict=True):
            await typist.edit(text)
    elapsed = await worker.stop()

    codes = [await client.close_code() for client in [watcher, *typists]]
    assert codes == [1001] * len(codes), codes
    assert elapsed < HANG_LIMIT, f"{elapsed:.2f} s\n{worker.log.read_text()}"
    # The backlog is stored at the machine's pace; once it is, the worker exits at once.
    assert await tail(worker, draft.pk) < TAIL_BUDGET, f"{elapsed:.2f} s\n{worker.log.read_text()}"

    # What was stored is a prefix of each typist's edits, in order: no accepted update was lost
    # behind a later one (the server reads a socket's frames in order and stores in that order).
    text, seq = await stored(draft.pk)
    assert text.startswith(INITIAL)
    tokens = [token + ";" for token in text[len(INITIAL) :].split(";")[:-1]]
    for tag, typist_edits in edits.items():
        mine = [token for token in tokens if token.startswith(f"t{tag}-")]
        assert mine == typist_edits[: len(mine)], tag
    # Each edit is one stored update (and the last one read was stored: the log counts them).
    assert seq - seq_before == len(tokens)
    # The watcher saw only stored updates: of each typist's run, a prefix of what is stored.
    # (Tokens compared with their ";": the check once split one side only, so it failed
    # whenever the watcher had received anything before the close; docs/decisions/0033.)
    assert watcher.content.startswith(INITIAL)
    watched = [token + ";" for token in watcher.content[len(INITIAL) :].split(";")[:-1]]
    for tag in edits:
        seen = [token for token in watched if token.startswith(f"t{tag}-")]
        assert seen == [token for token in tokens if token.startswith(f"t{tag}-")][: len(seen)]

    # The typists reconnect to the other worker and converge: every edit is stored there.
    for typist in typists:
        typist.websocket = await connect(
            f"{other.url}/{draft.pk}?ticket="
            + await asyncio.to_thread(ticket_issue, user=referent, draft=draft)
        )
        await typist.sync()
    wanted = [edit for typist_edits in edits.values() for edit in typist_edits]
    deadline = time.monotonic() + 60  # a condition, not a time: the bound is for a failure
    while time.monotonic() < deadline:
        text, _seq = await stored(draft.pk)
        if all(edit in text for edit in wanted):
            break
        await asyncio.sleep(0.2)
    assert [edit for edit in wanted if edit not in text] == []
    elapsed = await other.stop()
    assert [await typist.close_code() for typist in typists] == [1001] * len(typists)
    assert elapsed < HANG_LIMIT, f"{elapsed:.2f} s\n{other.log.read_text()}"
    assert await tail(other, draft.pk) < TAIL_BUDGET, f"{elapsed:.2f} s\n{other.log.read_text()}"
