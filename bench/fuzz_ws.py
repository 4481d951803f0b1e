"""A WebSocket fuzzer for the co-editing socket ``/ws/drafts/<id>`` (bench/README.md).

    SECRET_KEY=bench .venv/bin/python bench/fuzz_ws.py --duration 600 --seed 1

Starts one server (the production command, ``DEBUG`` off; the database of ``DATABASE_URL``, or
the SQLite default under ``DATA_DIR``; Redis if ``REDIS_URL`` is set), creates a fresh draft,
then for ``--duration`` seconds: two honest editors type continuously while hostile clients
send, each on a socket of its own, random and truncated frames, oversized frames (over the
protocol's limit and over the transport's), text frames and unknown message types, sync
messages whose payload is not a Yjs update or state vector, awareness floods and
2 000-message bursts of valid updates. Whenever a hostile socket is closed, another opens.
Progress every ``--progress`` seconds on stderr; a JSON summary on stdout.

It fails (exit 1) if the server process died, an editor was cut off, the editors did not
converge, or the stored draft (snapshot + log, as a restarted worker reads it) does not decode
to what they converged to.

The same fuzzing (``Fuzz``) runs in CI on a bounded budget, through the in-process
``WebsocketCommunicator`` and against a live server (tests/spaces/test_fuzz_ws.py): the socket
is abstracted (``Socket``) so both transports share every scenario.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pycrdt import Doc, Text

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spaces.coedit import protocol  # noqa: E402  (pure: no Django needed to build frames)

TEXT_NAME = "content"
EDITOR_ALPHABET = "abcdefghijklmnopqrstuvwxyz éàçô\n#*-"


class Closed(Exception):
    """The server closed the socket (``code``: its close code, 1006 if none)."""

    def __init__(self, code: int | None, reason: str = ""):
        super().__init__(code, reason)
        self.code = code or 1006
        self.reason = reason  # 1011: ours says "update not stored", uvicorn's keepalive its own


class Socket(Protocol):
    async def send(self, data: bytes | str) -> None:
        """Send a frame (str: a text frame); raises Closed once the server closed."""

    async def recv(self, timeout: float) -> bytes | None:
        """The next binary frame, None after ``timeout`` seconds; raises Closed."""

    async def close(self) -> None: ...


Opener = Callable[[], Awaitable[Socket]]


@dataclass
class Limits:
    """The server's limits the fuzzer aims at (``config/settings.py``; uvicorn's max size)."""

    message_bytes: int = 8 * 1024 * 1024
    transport_bytes: int = 16 * 1024 * 1024
    awareness_message_bytes: int = 65536
    awareness_state_bytes: int = 4096


class Peer:
    """A y-websocket client made of pycrdt: syncs, applies what it receives, edits."""

    def __init__(self, socket: Socket):
        self.socket = socket
        self.doc = Doc()
        self.text = self.doc.get(TEXT_NAME, type=Text)
        self.updates_received = 0  # sync updates applied from the server (not sync step 2)

    async def sync(self, timeout: float = 10) -> None:
        await self.socket.send(protocol.sync_message(protocol.SYNC_STEP1, self.doc.get_state()))
        deadline = time.monotonic() + timeout
        got_step2 = False
        while not got_step2:
            frame = await self.socket.recv(max(0.01, deadline - time.monotonic()))
            if frame is None:
                raise TimeoutError("no sync step 2")
            got_step2 = await self.handle(frame) == protocol.SYNC_STEP2

    async def handle(self, frame: bytes) -> int | None:
        """Apply a server frame; answers a step 1. Returns the sync sub-type, if any."""
        message = protocol.parse_message(frame)
        if message.type != protocol.MESSAGE_SYNC:
            return None
        if message.sub_type == protocol.SYNC_STEP1:
            update = self.doc.get_update(message.payload)
            await self.socket.send(protocol.sync_message(protocol.SYNC_STEP2, update))
        else:
            self.doc.apply_update(message.payload)
            if message.sub_type == protocol.SYNC_UPDATE:
                self.updates_received += 1
        return message.sub_type

    async def drain(self, quiet: float, until: float | None = None) -> bool:
        """Apply frames until none came for ``quiet`` seconds (True), or until the monotonic time
        ``until`` (False: the server was still sending).

        ``until``: a server still working through a backlog relays a frame every few ms, never
        ``quiet`` for long; without it the settle phase waited as long as the backlog lasted
        (400 s at load 8 on 2 CPUs, docs/decisions/0033) instead of its own deadline."""
        while until is None or time.monotonic() < until:
            frame = await self.socket.recv(quiet)
            if frame is None:
                return True
            await self.handle(frame)
        return False

    def local_edit(self, rng: random.Random) -> bytes:
        """Insert or delete a little at a random place; the Yjs update it makes."""
        before = self.doc.get_state()
        # pycrdt's Text offsets are UTF-8 bytes: pick a place at a character boundary.
        content = str(self.text)
        at = len(content[: rng.randint(0, len(content))].encode())
        if content and rng.random() < 0.25:
            end = rng.randint(0, len(content))
            start = len(content[: min(end, rng.randint(0, len(content)))].encode())
            removed = len(content[:end].encode()) - start
            if removed > 0:
                del self.text[start : start + removed]
        else:
            self.text.insert(at, "".join(rng.choices(EDITOR_ALPHABET, k=rng.randint(1, 4))))
        return self.doc.get_update(before)

    async def edit(self, rng: random.Random) -> None:
        update = self.local_edit(rng)
        await self.socket.send(protocol.sync_message(protocol.SYNC_UPDATE, update))

    @property
    def content(self) -> str:
        return str(self.text)


# --- Hostile frames ---------------------------------------------------------------------------


def _var(value: int) -> bytes:
    return protocol.var_uint(value)


def _awareness(rng: random.Random, limits: Limits) -> bytes:
    """One awareness message: random client ids and clocks, states of every size and shape."""
    entries = []
    for _ in range(rng.randint(0, 5)):
        shape = rng.random()
        if shape < 0.5:
            state = json.dumps({"user": {"name": "x", "color": "#f00"}, "c": rng.random()})
        elif shape < 0.65:
            state = json.dumps({"pad": "x" * rng.randint(0, limits.awareness_state_bytes * 2)})
        elif shape < 0.75:
            state = "null"
        elif shape < 0.85:
            state = rng.choice(["[1,2]", "42", '"s"', "{", "", "\ud800"])
        else:
            state = rng.randbytes(rng.randint(0, 40)).decode("latin-1")
        try:
            encoded = state.encode("utf-8")
        except UnicodeEncodeError:
            encoded = b"\xed\xa0\x80"  # a lone surrogate, as broken clients send it
        entries.append(
            _var(rng.choice([rng.randint(0, 2**53), 1, 0]))
            + _var(rng.randint(0, 2**32))
            + _var(len(encoded))
            + encoded
        )
    update = _var(len(entries)) + b"".join(entries)
    return protocol.awareness_message(update)


def _truncated(frame: bytes, rng: random.Random) -> bytes:
    return frame[: rng.randint(0, max(0, len(frame) - 1))]


def _burst(rng: random.Random, count: int) -> list[bytes]:
    """``count`` valid updates, each depending on the one before, from a document of their own.

    Built from the hostile's synced document, each edit read its whole text first: 2000 of them
    held the event loop for seconds (tens under load), and that loop also answers the editors'
    pings (uvicorn closes with 1011 after 20 s without a pong) and, in process, runs the server
    (docs/decisions/0033). Inserting at the start of a fresh document reads nothing."""
    doc = Doc()
    text = doc.get(TEXT_NAME, type=Text)
    frames = []
    for _ in range(count):
        before = doc.get_state()
        text.insert(0, rng.choice(EDITOR_ALPHABET))
        frames.append(protocol.sync_message(protocol.SYNC_UPDATE, doc.get_update(before)))
    return frames


def _future_deletion(rng: random.Random, peer: Peer) -> bytes:
    """An update that deletes characters another client has not typed yet: a delete set (the
    only part of the update) naming clocks past what the hostile has of it. Yjs keeps such a
    deletion pending and applies it when the characters arrive; a compaction in between once
    lost it from the stored draft (docs/decisions/0033, session 23)."""
    state = _decode_state_vector(peer.doc.get_state())
    others = sorted(client for client in state if client != peer.doc.client_id)
    client = rng.choice(others) if others else rng.randint(1, 2**32)
    clock = state.get(client, 0) + rng.randint(0, 20)
    # update v1: no structures; delete set: one client, one range (clock, length)
    ranges = _var(1) + _var(client) + _var(1) + _var(clock) + _var(rng.randint(1, 10))
    return _var(0) + ranges


def _decode_state_vector(data: bytes) -> dict[int, int]:
    values, position = [], 0
    while position < len(data):
        value = shift = 0
        while True:
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        values.append(value)
    count, pairs = values[0], values[1:]
    return {pairs[2 * n]: pairs[2 * n + 1] for n in range(count)}


def hostile_frames(kind: str, rng: random.Random, peer: Peer, limits: Limits) -> list:
    """The frames of scenario ``kind`` (bytes, or str for a text frame)."""
    if kind == "random":
        return [rng.randbytes(rng.randint(0, 64)) for _ in range(rng.randint(1, 5))]
    if kind == "truncated":
        frame = protocol.sync_message(protocol.SYNC_UPDATE, peer.local_edit(rng))
        return [_truncated(frame, rng)]
    if kind == "empty":
        return [b""]
    if kind == "text":
        return [rng.choice(["", "hello", "\x00\x02\x01a", json.dumps({"type": "sync"})])]
    if kind == "unknown-type":
        return [_var(rng.randint(4, 2**20)) + rng.randbytes(rng.randint(0, 8))]
    if kind == "bad-subtype":
        return [_var(0) + _var(rng.randint(3, 300)) + protocol.var_bytes(b"\x00\x00")]
    if kind == "auth":
        return [protocol.permission_denied_message("je suis le serveur")]
    if kind == "not-an-update":
        sub = rng.choice([protocol.SYNC_STEP1, protocol.SYNC_STEP2, protocol.SYNC_UPDATE])
        return [protocol.sync_message(sub, rng.randbytes(rng.randint(0, 48)))]
    if kind == "mangled-update":
        update = bytearray(peer.local_edit(rng))
        for _ in range(rng.randint(1, 3)):
            update[rng.randrange(len(update))] = rng.randrange(256)
        return [protocol.sync_message(protocol.SYNC_UPDATE, bytes(update))]
    if kind == "future-deletion":
        return [protocol.sync_message(protocol.SYNC_UPDATE, _future_deletion(rng, peer))]
    if kind == "trailing-bytes":
        frame = protocol.sync_message(protocol.SYNC_UPDATE, peer.local_edit(rng))
        return [frame + rng.randbytes(rng.randint(1, 4))]
    if kind == "oversized":
        size = limits.message_bytes + rng.randint(1, 1024)
        return [protocol.sync_message(protocol.SYNC_UPDATE, b"\x00" * size)]
    if kind == "over-transport":
        return [b"\x00" * (limits.transport_bytes + 1)]
    if kind == "huge-count":  # found by this fuzzer: yrs reserved memory for the count
        sub = rng.choice([protocol.SYNC_STEP1, protocol.SYNC_STEP2, protocol.SYNC_UPDATE])
        payload = _var(2 ** rng.randint(20, 30)) + rng.randbytes(rng.randint(0, 8))
        return [protocol.sync_message(sub, payload)]
    if kind == "length-lies":
        return [_var(0) + _var(2) + _var(rng.choice([2**31, 2**53, 2**63])) + b"\x00"]
    if kind == "awareness-flood":
        return [_awareness(rng, limits) for _ in range(rng.randint(50, 300))]
    if kind == "query-flood":
        return [_var(protocol.MESSAGE_QUERY_AWARENESS)] * rng.randint(50, 500)
    if kind == "burst":
        return _burst(rng, 2000)
    # "valid": a few ordinary edits, then query-awareness (harmless traffic among the rest)
    frames = [protocol.sync_message(protocol.SYNC_UPDATE, peer.local_edit(rng)) for _ in range(3)]
    return [*frames, _var(protocol.MESSAGE_QUERY_AWARENESS)]


SCENARIOS = [
    "random", "truncated", "empty", "text", "unknown-type", "bad-subtype", "auth",
    "not-an-update", "mangled-update", "future-deletion", "trailing-bytes", "oversized",
    "over-transport", "length-lies", "huge-count", "awareness-flood", "query-flood", "burst",
    "valid",
]  # fmt: skip


# --- The run ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    scenarios: Counter = field(default_factory=Counter)
    close_codes: Counter = field(default_factory=Counter)
    hostile_frames: int = 0
    editor_edits: int = 0
    editors_cut_off: list = field(default_factory=list)
    converged: bool = False
    # The editors heard nothing for a while before the settle deadline: the server had relayed
    # everything it stored. False: the run says nothing about convergence, only that the server
    # was still working through a backlog when the harness stopped waiting (docs/decisions/0033,
    # session 23: such a timeout had been reported as "stored text differs").
    settled: bool = False
    settle_seconds: float = 0.0
    updates_received: list = field(default_factory=list)  # per editor, from the server
    text: str = ""
    stored_text: str | None = None  # None: not checked
    # Where an editor cut off by the server's keepalive (1011) stalled: the client's own event
    # loop held (a ticker's longest overshoot), or an editor's send waiting for the server.
    loop_stall_seconds: float = 0.0
    longest_editor_send_seconds: float = 0.0

    @property
    def agreed(self) -> bool:
        """The editors converged, and on what is stored (when that was checked)."""
        return self.converged and self.stored_text in (None, self.text)

    @property
    def verdict(self) -> str:
        """One phrase for what went wrong, telling a slow server apart from a wrong one."""
        if self.editors_cut_off:
            return "editor cut off"
        if not self.settled:
            return "not settled: the server was still relaying when the settle time ran out"
        if not self.converged:
            return "settled, editors apart"
        if not self.agreed:
            return "settled, stored text differs from the editors'"
        return "agreed"

    def summary(self) -> dict:
        return {
            "scenarios": dict(sorted(self.scenarios.items())),
            "close_codes": {str(code): n for code, n in sorted(self.close_codes.items())},
            "hostile_frames": self.hostile_frames,
            "editor_edits": self.editor_edits,
            "editors_cut_off": self.editors_cut_off,
            "verdict": self.verdict,
            "settled": self.settled,
            "settle_seconds": round(self.settle_seconds, 1),
            "updates_received": self.updates_received,
            "converged": self.converged,
            "stored_equals_converged": self.stored_text == self.text,
            "text_length": len(self.text),
            "stored_length": None if self.stored_text is None else len(self.stored_text),
            "loop_stall_seconds": round(self.loop_stall_seconds, 2),
            "longest_editor_send_seconds": round(self.longest_editor_send_seconds, 2),
        }


class Fuzz:
    """Editors keep typing while hostile sockets do their worst; then everyone must agree."""

    def __init__(
        self,
        open_editor: Opener,
        open_hostile: Opener,
        *,
        seed: int,
        limits: Limits,
        hostiles: int = 2,
        skip: tuple[str, ...] = (),
        progress: Callable[[Outcome], None] | None = None,
    ):
        self.open_editor, self.open_hostile = open_editor, open_hostile
        self.seed, self.limits, self.hostiles = seed, limits, hostiles
        self.scenarios = [s for s in SCENARIOS if s not in skip]
        self.progress = progress
        self.outcome = Outcome()
        self.rounds = [0] * hostiles  # complete passes over the scenarios, per hostile

    async def run(
        self,
        duration: float,
        *,
        editors: int = 2,
        stored: Callable[[], Awaitable[str]] | None = None,
        settle: float = 20,
        rounds: int = 0,
    ) -> Outcome:
        """Fuzz for ``duration`` s, then wait up to ``settle`` s for the editors to agree with
        each other and with ``stored`` (the draft's text as the database holds it): a hostile's
        last burst may still be being stored when it hangs up. Each hostile goes through the
        scenarios in a shuffled order; ``rounds``: go on past ``duration`` until each hostile
        has played every scenario that many times (a bounded run that covers them all)."""
        peers = [Peer(await self.open_editor()) for _ in range(editors)]
        for peer in peers:
            await peer.sync()
        stop = asyncio.Event()
        tasks = [
            *(asyncio.create_task(self._type(p, i, stop)) for i, p in enumerate(peers)),
            *(asyncio.create_task(self._attack(i, stop)) for i in range(self.hostiles)),
        ]
        reporter = asyncio.create_task(self._report(stop))
        ticker = asyncio.create_task(self._watch_loop())
        await asyncio.sleep(duration)
        while min(self.rounds, default=rounds) < rounds and not self.outcome.editors_cut_off:
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*tasks)
        reporter.cancel()
        settle_started = time.monotonic()
        deadline = settle_started + settle
        while True:
            # All editors at once: drained one after the other, the second reads nothing while
            # the server relays a backlog to the first (never 0.5 s quiet); past uvicorn's 20 s
            # ping timeout that alone cuts it off, its pings unread (docs/decisions/0033).
            drained = await asyncio.gather(
                *(peer.drain(quiet=0.5, until=deadline) for peer in peers), return_exceptions=True
            )
            for error in drained:
                if isinstance(error, Closed):
                    self.outcome.editors_cut_off.append(f"{error.code} {error.reason}".strip())
                elif isinstance(error, BaseException):
                    raise error
            self.outcome.settle_seconds = time.monotonic() - settle_started
            self.outcome.updates_received = [peer.updates_received for peer in peers]
            if self.outcome.editors_cut_off:
                self.outcome.converged = False
                ticker.cancel()
                return self.outcome
            # Quiet on every editor: the server had nothing more to relay. At the deadline
            # instead, what is stored can be ahead of what they applied (read after their last
            # frame, while the server goes on storing): a timeout, not a disagreement.
            self.outcome.settled = all(result is True for result in drained)
            texts = {peer.content for peer in peers}
            self.outcome.text = peers[0].content
            self.outcome.converged = len(texts) == 1 and not self.outcome.editors_cut_off
            if stored is not None:
                self.outcome.stored_text = await stored()
            if (self.outcome.settled and self.outcome.agreed) or time.monotonic() > deadline:
                break
        ticker.cancel()
        for peer in peers:
            await peer.socket.close()
        return self.outcome

    async def _watch_loop(self, tick: float = 0.1) -> None:
        while True:
            started = time.monotonic()
            await asyncio.sleep(tick)
            stall = time.monotonic() - started - tick
            self.outcome.loop_stall_seconds = max(self.outcome.loop_stall_seconds, stall)

    async def _type(self, peer: Peer, index: int, stop: asyncio.Event) -> None:
        rng = random.Random(f"{self.seed}-editor-{index}")  # noqa: S311  (seeded on purpose)
        try:
            while not stop.is_set():
                started = time.monotonic()
                await peer.edit(rng)
                took = time.monotonic() - started
                self.outcome.longest_editor_send_seconds = max(
                    self.outcome.longest_editor_send_seconds, took
                )
                self.outcome.editor_edits += 1
                # Read what came meanwhile, a typist's pace (about 20 keystrokes a second).
                frame = await peer.socket.recv(rng.uniform(0.01, 0.08))
                while frame is not None:
                    await peer.handle(frame)
                    frame = await peer.socket.recv(0)
        except Closed as closed:
            self.outcome.editors_cut_off.append(f"{closed.code} {closed.reason}".strip())

    async def _attack(self, index: int, stop: asyncio.Event) -> None:
        rng = random.Random(f"{self.seed}-hostile-{index}")  # noqa: S311
        socket: Socket | None = None
        deck: list[str] = []
        while not stop.is_set():
            try:
                if socket is None:
                    socket = await self.open_hostile()
                    peer = Peer(socket)
                    await peer.sync()
                if not deck:
                    deck = rng.sample(self.scenarios, len(self.scenarios))
                kind = deck.pop()
                if not deck:
                    self.rounds[index] += 1
                frames = hostile_frames(kind, rng, peer, self.limits)
                self.outcome.scenarios[kind] += 1
                for frame in frames:
                    await socket.send(frame)
                    self.outcome.hostile_frames += 1
                # Read (and apply) what the server says until it is quiet or closes.
                while (frame := await socket.recv(0.05)) is not None:
                    await _apply_quietly(peer, frame)
            except Closed as closed:
                self.outcome.close_codes[closed.code] += 1
                socket = None
            except TimeoutError:  # sync step 2 never came: count it, try a new socket
                self.outcome.close_codes["no-sync"] += 1
                if socket is not None:
                    await socket.close()
                socket = None
        if socket is not None:
            await socket.close()

    async def _report(self, stop: asyncio.Event) -> None:
        while not stop.is_set() and self.progress is not None:
            await asyncio.sleep(5)
            self.progress(self.outcome)


async def _apply_quietly(peer: Peer, frame: bytes) -> None:
    # The hostile's own document is whatever it is; only the editors' must agree.
    with contextlib.suppress(protocol.ProtocolError, ValueError):
        await peer.handle(frame)


# --- Live run (a server process of our own) ---------------------------------------------------


class LiveSocket:
    """``Socket`` over a real connection (``websockets``)."""

    def __init__(self, websocket):
        self.websocket = websocket

    @classmethod
    async def open(cls, url: str) -> "LiveSocket":
        from websockets.asyncio.client import connect

        # No client pings: browsers' y-websocket sends none, and on a loaded machine the
        # client's own 20 s ping timeout cut editors off while the server was merely busy.
        websocket = await connect(
            url, max_size=None, open_timeout=30, close_timeout=10, ping_interval=None
        )
        return cls(websocket)

    async def send(self, data: bytes | str) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            await self.websocket.send(data)
        except ConnectionClosed as exc:
            raise _closed(exc) from exc

    async def recv(self, timeout: float) -> bytes | None:
        from websockets.exceptions import ConnectionClosed

        # asyncio.timeout, not wait_for: on Python 3.11 wait_for(..., 0) cancels the read before
        # it starts, so "read what is already here" (timeout 0) never read anything; an editor
        # then took one frame per keystroke, fell behind the hostiles' bursts, stopped reading
        # at websockets' max_queue, and uvicorn closed it for a pong it never read (1011).
        try:
            async with asyncio.timeout(timeout):
                frame = await self.websocket.recv()
        except TimeoutError:
            return None
        except ConnectionClosed as exc:
            raise _closed(exc) from exc
        if isinstance(frame, str):
            raise Closed(1003)  # the server never sends text
        return frame

    async def close(self) -> None:
        await self.websocket.close()


def _closed(exc) -> Closed:
    """``Closed`` from websockets' ``ConnectionClosed``: the server's code and reason, if any."""
    return Closed(exc.rcvd.code, exc.rcvd.reason) if exc.rcvd else Closed(None)


def live_command(port: int, ws_max_size: int) -> list[str]:
    """The production server command (Procfile, platform/) on ``port``."""
    return [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
        "--ws", "config.uvicorn_ws:GoingAwayWebSocketProtocol",
        "--ws-max-size", str(ws_max_size), "--ws-per-message-deflate", "false",
        "--log-level", "warning",
    ]  # fmt: skip


def _log(message: str) -> None:
    print(f"[fuzz_ws {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _progress(outcome: Outcome) -> None:
    _log(
        f"{outcome.hostile_frames} hostile frames, {sum(outcome.scenarios.values())} scenarios, "
        f"{outcome.editor_edits} editor edits, closes {dict(outcome.close_codes)}"
    )


def main() -> int:  # pragma: no cover - run by hand (bench/README.md)
    import socket
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of fuzzing")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostiles", type=int, default=3, help="hostile sockets at once")
    parser.add_argument("--message-limit", type=int, default=65536, help="COEDIT_MAX_MESSAGE_BYTES")
    parser.add_argument("--transport-limit", type=int, default=262144, help="--ws-max-size")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["COEDIT_MAX_MESSAGE_BYTES"] = str(args.message_limit)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from collectivites.models import User
    from spaces.coedit import store
    from spaces.coedit.tickets import ticket_issue
    from spaces.models import Space
    from spaces.services import draft_create

    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True)
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "fuzz-admin", password=None
    )
    space = Space.objects.first()
    if space is None:
        _log("no space in this database: create one (make demo, or the API) and run again")
        return 2
    draft = draft_create(actor=user, space=space, title="Fuzz", markdown="# Fuzz\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = ROOT / "test-results" / f"fuzz-ws-{port}.log"
    log_path.parent.mkdir(exist_ok=True)
    server = subprocess.Popen(  # noqa: S603
        live_command(port, args.transport_limit),
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0"},
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"ws://127.0.0.1:{port}/ws/drafts/{draft.pk}"
    _log(f"server pid {server.pid} on port {port} (log {log_path}), draft {draft.pk}")

    async def opener() -> Socket:
        ticket = await asyncio.to_thread(ticket_issue, user=user, draft=draft)
        return await LiveSocket.open(f"{url}?ticket={ticket}")

    async def fuzz() -> Outcome:
        for _ in range(150):
            try:
                (await opener()).websocket.close()
                break
            except OSError:
                await asyncio.sleep(0.2)
        limits = Limits(message_bytes=args.message_limit, transport_bytes=args.transport_limit)
        run = Fuzz(opener, opener, seed=args.seed, limits=limits, hostiles=args.hostiles,
                   progress=_progress)  # fmt: skip
        return await run.run(args.duration, stored=stored_text)

    async def stored_text() -> str:
        def read() -> str:
            return store.document_text(store.load_document(draft.pk)[0])

        return await asyncio.to_thread(read)

    try:
        outcome = asyncio.run(fuzz())
        alive = server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(json.dumps({**outcome.summary(), "server_alive": alive}))
    ok = alive and outcome.settled and outcome.agreed
    _log("OK" if ok else f"FAILED (server log: {log_path})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
