"""Killing a worker (SIGKILL) in the middle of a co-editing session, against real processes.

Two production-like workers (uvicorn, ``DEBUG`` off, the database task queue with no task worker,
so nothing compacts the log behind the test's back) share the test database and a Redis channel
layer. Six stock Yjs clients (node, tools/yjs/interop.mjs) edit one draft, three on each worker;
each edit inserts a token of its own (``c<client>.<k>;``) so the stored text can be counted.
Once part of the session is stored, worker A is killed with SIGKILL: no close frame, no flush,
its rooms gone mid-batch. Its clients reconnect to worker B (``--failover``) with what they
typed meanwhile, everyone keeps editing (``--after-close``), and then:

- every client converges on one text and one state vector;
- everything a client had received from a client of the killed worker when the first connection
  dropped was in the database at the moment of the kill (the server stores before it relays:
  an update anyone saw is never lost with a worker);
- the stored draft (snapshot + log, decoded with pycrdt) equals the converged document, and
  holds each token every client typed exactly once: sent == stored, counted per client.

Redis: ``REDIS_URL``, or the local Redis at 127.0.0.1:6379 (db ``SIGKILL_TEST_REDIS_DB``, 9)
when it answers (the SQLite CI run sets no REDIS_URL); skipped without one.
"""

import base64
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone
from pycrdt import Doc, Text

from spaces.coedit import protocol, store
from spaces.coedit.tickets import ticket_issue
from spaces.models import Draft, DraftUpdate
from spaces.services import draft_create, space_create
from tests.live_asgi import ServerProcess

pytestmark = pytest.mark.django_db(transaction=True)

INTEROP = settings.BASE_DIR / "tools" / "yjs" / "interop.mjs"
INITIAL = "# CCTP\n"
CLIENTS = 6  # even indexes on worker A (killed), odd ones on worker B
EDITS = 40  # per client at least, before and after the kill
AFTER_CLOSE = 15  # per client, after the first lost connection
KILL_AT = CLIENTS * EDITS // 4  # stored updates before the kill: mid-session
TIMEOUT = 90.0  # any single wait of the test, on a busy 2-CPU machine
TOKEN = re.compile(r"c(\d+)\.(\d+);")


def _redis_url() -> str:
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            pass
    except OSError:
        return ""
    return f"redis://127.0.0.1:6379/{os.environ.get('SIGKILL_TEST_REDIS_DB', '9')}"


@pytest.fixture
def redis_url():
    url = _redis_url()
    if not url:
        pytest.skip("two workers need Redis: no REDIS_URL and nothing on 127.0.0.1:6379")
    if not INTEROP.with_name("node_modules").is_dir() or not shutil.which("node"):
        message = "node or tools/yjs/node_modules missing: run `make yjs-tools`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def draft(animator, rennes, referent):
    space = space_create(actor=animator, title="CCTP voirie", members=[(rennes, "editor")])
    return draft_create(actor=referent, space=space, title="CCTP", markdown=INITIAL)


class Lines:
    """A process's stdout, line by line, with a bounded wait for each."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next_json(self, timeout: float, what: str) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {what} within {timeout:.0f} s; got {self.seen}") from None
            if line is None:
                raise AssertionError(f"the clients exited before {what}; got {self.seen}")
            self.seen.append(line.strip())
            return json.loads(line)

    def result(self, timeout: float) -> dict:
        """The last line: the outcome (events come before it)."""
        deadline = time.monotonic() + timeout
        while "event" in (line := self.next_json(deadline - time.monotonic(), "the result")):
            pass
        return line

    def wait_event(self, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.next_json(deadline - time.monotonic(), f"event {name!r}").get("event") != name:
            pass


def _state_vector(state: bytes) -> dict[int, int]:
    reader = protocol._Reader(state)
    return {reader.var_uint(): reader.var_uint() for _ in range(reader.var_uint())}


def _stored_doc(draft_id: int, *, until=None) -> Doc:
    """The stored draft; ``until``: only the log entries written by then (none are compacted)."""
    if until is None:
        return store.load_document(draft_id)[0]
    doc, _text = store.new_document()
    snapshot, seq = Draft.objects.values_list("snapshot", "snapshot_seq").get(pk=draft_id)
    if snapshot:
        doc.apply_update(bytes(snapshot))
    rows = DraftUpdate.objects.filter(draft_id=draft_id, seq__gt=seq, created_at__lte=until)
    rows = rows.order_by("seq")
    for data in rows.values_list("data", flat=True):
        doc.apply_update(bytes(data))
    return doc


def _wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not within {timeout:.0f} s"
        time.sleep(0.05)


# Back in `make test` (docs/decisions/0033): 10 of 10 under load 6-10, 27-67 s; its one timing
# race (the bound read before the kill) is gone.
def test_sigkill_mid_session_loses_no_stored_update(draft, referent, redis_url):
    started = time.monotonic()
    a = ServerProcess(redis_url, name="sigkill-a")
    b = ServerProcess(redis_url, name="sigkill-b")
    node = None
    try:
        a.wait_until_up()
        b.wait_until_up()
        # One ticket per connection, spares for the reconnections (a ticket lives 60 s).
        tickets = [ticket_issue(user=referent, draft=draft) for _ in range(CLIENTS * 3)]
        command = ["node", str(INTEROP), "--url", a.url, "--url2", b.url, "--room", str(draft.pk)]
        command += ["--clients", str(CLIENTS), "--edits", str(EDITS), "--max-delay", "40"]
        command += ["--failover", "--after-close", str(AFTER_CLOSE), "--tokens", "--events"]
        command += ["--timeout", str(int(TIMEOUT * 1000)), f"--tickets={','.join(tickets)}"]
        node = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=INTEROP.parent
        )
        lines = Lines(node)
        lines.wait_event("synced", TIMEOUT)
        print(f"\nservers up and clients synced after {time.monotonic() - started:.1f} s")
        updates = DraftUpdate.objects.filter(draft=draft)
        _wait_until(lambda: updates.count() >= KILL_AT, TIMEOUT, f"{KILL_AT} stored updates")
        a.kill()  # returns once the process is dead
        # Taken after the death, not before the signal: A stores and relays until it dies, so a
        # bound read before the kill missed what A stored in between (the test process was
        # descheduled between the two lines on a saturated machine; docs/decisions/0033). What
        # B stores between the death and now is a few ms at most, before any client of A could
        # reconnect (y-websocket waits 200 ms first).
        killed_at = timezone.now()
        print(f"killed after {time.monotonic() - started:.1f} s")
        stored_at_kill = updates.filter(created_at__lte=killed_at).count()
        outcome = lines.result(TIMEOUT * 2)
        node.wait(timeout=TIMEOUT)
        print(f"converged after {time.monotonic() - started:.1f} s")
    finally:
        if node is not None and node.poll() is None:
            node.kill()
        a.kill()
        b.stop()
    stderr = node.stderr.read()[-2000:]
    assert outcome.get("converged"), f"{outcome}\n{stderr}\nB: {b.tail()}"
    per_client = outcome["per_client"]
    on_a = per_client[0::2]
    # The kill came mid-session: A's clients lost their connection, moved to B, edited after.
    assert all(c["closes"] >= 1 and c["last_url"] == b.url for c in on_a), per_client
    assert all(c["edits_after_close"] >= AFTER_CLOSE for c in per_client), per_client
    print(
        f"\nstored before the kill: {stored_at_kill} updates; in all: {updates.count()}; "
        f"edits {sum(c['edits'] for c in per_client)}, of which "
        f"{sum(c['edits_offline'] for c in per_client)} while disconnected"
    )

    # What anyone had received from A's clients when the first connection dropped was stored
    # before the kill (store, then relay), so was not lost with A.
    at_kill = _state_vector(_stored_doc(draft.pk, until=killed_at).get_state())
    seen = outcome["first_close"]["state_vectors"]
    for index, client in enumerate(per_client):
        if index % 2:
            continue
        mine = client["client_id"]
        received = max(sv.get(str(mine), 0) for i, sv in enumerate(seen) if i != index)
        assert received <= at_kill.get(mine, 0), (index, client, received, at_kill)

    # The stored draft decodes to exactly the converged document.
    stored = _stored_doc(draft.pk)
    converged = Doc()
    converged.apply_update(base64.b64decode(outcome["update"]))
    stored_text = str(stored.get(store.TEXT_NAME, type=Text))
    assert stored_text == outcome["text"] == str(converged.get(store.TEXT_NAME, type=Text))
    assert _state_vector(stored.get_state()) == _state_vector(converged.get_state())

    # Counted: every token every client typed is stored, once.
    assert TOKEN.sub("", stored_text) == INITIAL, stored_text[:300]
    tokens = Counter(TOKEN.findall(stored_text))
    assert all(count == 1 for count in tokens.values()), tokens.most_common(3)
    for index, client in enumerate(per_client):
        sent = {(str(index), str(k)) for k in range(client["edits"])}
        mine = {token for token in tokens if token[0] == str(index)}
        assert mine == sent, (index, len(sent), len(mine), sorted(sent - mine)[:5])
