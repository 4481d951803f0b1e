"""A soak at steady mixed load: errors counted, the server's memory sampled (bench/README.md).

    SECRET_KEY=bench .venv/bin/python bench/soak/run.py --minutes 10

Starts the platform as ``make run`` does — the Procfile's processes (the ASGI server, the task
worker, the scheduler) with ``DEBUG=1`` (``--debug 0`` for production settings), after
``migrate``, ``setup_platform``, ``seed_demo`` and ``update_index`` in a fresh ``DATA_DIR``
(SQLite, in-memory channel layer; set ``DATABASE_URL`` and ``REDIS_URL`` for the production-like
stack) —, then for ``--minutes`` drives a steady mixed load:

- HTTP reads at ``--rate`` requests/s: tender list, library pages, search, a forum topic and its
  posts, "my drafts", ``/me/``; a few writes: forum replies, and new drafts at a pace that makes
  ``--drafts`` of them over the run;
- ``--sessions`` co-editing sessions at once, each ``--clients`` pycrdt y-websocket clients on
  one draft for 4–15 s, typing, then closing (new drafts first, then old ones again: every
  room is loaded and unloaded many times);
- WebSocket churn: a client connects to a draft, syncs and leaves, twice a second.

Counted as errors: any 5xx, any failed request (timeout, reset), any socket closed by the server
or that never synced, any session whose clients did not converge. The server's resident memory
(``VmRSS`` of ``/proc/<pid>/status``) is sampled every second with the requests of that second.
Results: ``bench/soak/results/<date>-<tag>.json`` and a chart (``bench/soak/report.py``).
Exit status 1 if any error was counted.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fuzz_ws import Closed, LiveSocket, Peer  # noqa: E402
from bench.soak import report  # noqa: E402
from spaces.coedit import protocol  # noqa: E402  (pure: frames only)

PASSWORD = "partage-bretagne-2008"  # noqa: S105  (the demo's, published in the README)
EDITORS = ("referent.rennes", "agent.quimper", "acheteur.brest")
READERS = ("referent.rennes", "agent.quimper", "acheteur.brest", "animatrice", None)
SEARCH_WORDS = ("voirie", "marché", "cantine", "restauration", "délibération", "clause", "école")
EXPECTED_CLOSES = {1000, 1005}


def log(message: str) -> None:
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Stats:
    """Counters shared by the HTTP threads, the event loop and the sampler."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = Counter()  # by kind
        self.statuses = Counter()
        self.errors = Counter()  # by kind of error
        self.error_examples: list[str] = []
        self.ws = Counter()  # opened, synced, sessions, edits…
        self.second_requests = 0

    def request(self, kind: str, status: int) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.statuses[status // 100 * 100 if status else 0] += 1
            self.second_requests += 1

    def error(self, kind: str, example: str = "") -> None:
        with self.lock:
            self.errors[kind] += 1
            if example and len(self.error_examples) < 30:
                self.error_examples.append(f"{kind}: {example}"[:300])

    def count(self, kind: str, n: int = 1) -> None:
        with self.lock:
            self.ws[kind] += n

    def take_second(self) -> int:
        with self.lock:
            n, self.second_requests = self.second_requests, 0
            return n


class Api:
    """Blocking JSON calls (one keep-alive-less urllib request each, as the bench's others)."""

    def __init__(self, base: str, stats: Stats):
        self.base = base
        self.stats = stats
        self.tokens: dict[str, str] = {}

    def call(self, kind, method, path, *, user=None, body=None, expect=(200, 201)):
        headers = {"Content-Type": "application/json"}
        if user is not None:
            headers["Authorization"] = f"Token {self.tokens[user]}"
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        status, payload = 0, None
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except OSError as error:
            self.stats.error("http failed", f"{method} {path}: {error!r}")
        self.stats.request(kind, status)
        if status >= 500:
            self.stats.error(f"http {status} {kind}", f"{method} {path}: {payload[:200]!r}")
        if status not in expect:
            return status, None
        return status, json.loads(payload) if payload else None

    def login(self, username: str) -> None:
        status, body = self.call(
            "login", "POST", "/api/v1/auth/token/",
            body={"username": username, "password": PASSWORD},
        )  # fmt: skip
        if body is None:
            raise SystemExit(f"login {username}: HTTP {status}")
        self.tokens[username] = body["token"]


class Load:
    def __init__(self, api: Api, stats: Stats, args, rng: random.Random):
        self.api, self.stats, self.args, self.rng = api, stats, args, rng
        self.stop = threading.Event()
        self.drafts: list[int] = []  # every draft the sessions may open
        self.fresh: list[int] = []  # created, not yet opened
        self.editors: dict[int, list[str]] = {}  # draft → users who may edit it
        self.drafts_lock = threading.Lock()
        self.topics: list[tuple[int, str]] = []  # (topic id, a user who may reply)
        self.readable: dict[str | None, list[int]] = {}  # reader → topics it may see
        self.spaces: dict[str, list[int]] = {}  # editor → spaces where it may create drafts

    # --- Setup --------------------------------------------------------------------------------

    def discover(self) -> None:
        for user in {*EDITORS, *(r for r in READERS if r)}:
            self.api.login(user)
        for user in EDITORS:
            _s, spaces = self.api.call("setup", "GET", "/api/v1/spaces/", user=user)
            rows = spaces["results"] if isinstance(spaces, dict) else spaces
            self.spaces[user] = [s["id"] for s in rows if s.get("my_role") == "editor"]
            _s, drafts = self.api.call("setup", "GET", "/api/v1/drafts/", user=user)
            rows = drafts["results"] if isinstance(drafts, dict) else drafts
            for row in rows:
                if row["status"] == "writing" and row["space"] in self.spaces[user]:
                    self.editors.setdefault(row["id"], []).append(user)
        self.drafts = sorted(self.editors)
        while len(self.drafts) < 10:
            self.create_draft(self.rng)
        _s, topics = self.api.call("setup", "GET", "/api/v1/forums/topics/", user="animatrice")
        for topic in (topics["results"] if isinstance(topics, dict) else topics)[:6]:
            self.topics.append((topic["id"], "animatrice"))
        for user in READERS:  # a reader reads the topics it sees (a 404 is no load test)
            _s, seen = self.api.call("setup", "GET", "/api/v1/forums/topics/", user=user)
            rows = seen["results"] if isinstance(seen, dict) else seen
            self.readable[user] = [topic["id"] for topic in rows[:6]]
        if not any(self.spaces.values()) or not self.topics:
            raise SystemExit(f"nothing to load: spaces {self.spaces}, topics {self.topics}")
        log(f"{len(self.drafts)} drafts to open, spaces {self.spaces}, topics {len(self.topics)}")

    # --- HTTP ---------------------------------------------------------------------------------

    def read(self, rng: random.Random) -> None:
        user = rng.choice(READERS)
        roll = rng.random()
        if roll < 0.2:
            self.api.call("tenders", "GET", f"/api/v1/tenders/?page={rng.randint(1, 3)}", user=user)
        elif roll < 0.35:
            self.api.call("library", "GET", "/api/v1/library/pages/", user=user)
        elif roll < 0.55:
            query = urllib.parse.quote(rng.choice(SEARCH_WORDS))
            self.api.call("search", "GET", f"/api/v1/search/?q={query}", user=user)
        elif roll < 0.75 and self.readable[user]:
            topic = rng.choice(self.readable[user])
            self.api.call("topic", "GET", f"/api/v1/forums/topics/{topic}/", user=user)
            self.api.call("topic", "GET", f"/api/v1/forums/topics/{topic}/posts/", user=user)
        elif roll < 0.9 and user is not None:
            self.api.call("my drafts", "GET", "/api/v1/drafts/", user=user)
        elif user is not None:
            self.api.call("me", "GET", "/api/v1/me/", user=user)
        else:
            self.api.call("tenders", "GET", "/api/v1/tenders/", user=user)

    def reply(self, rng: random.Random) -> None:
        topic, user = rng.choice(self.topics)
        body = {"body": f"Message de charge {rng.randrange(10**9)} : " + "texte " * 20}
        self.api.call(
            "forum post", "POST", f"/api/v1/forums/topics/{topic}/posts/", user=user, body=body
        )

    def create_draft(self, rng: random.Random) -> None:
        user = rng.choice([u for u in EDITORS if self.spaces.get(u)])
        body = {
            "space": rng.choice(self.spaces[user]),
            "title": f"Soak {rng.randrange(10**9)}",
            "markdown": "# Cahier des charges\n\n" + "Article. " * rng.randint(5, 50),
        }
        _s, draft = self.api.call("draft create", "POST", "/api/v1/drafts/", user=user, body=body)
        if draft is not None:
            with self.drafts_lock:
                self.editors[draft["id"]] = [u for u in EDITORS if body["space"] in self.spaces[u]]
                self.drafts.append(draft["id"])
                self.fresh.append(draft["id"])

    def http_thread(self, index: int, schedule) -> None:
        rng = random.Random(  # noqa: S311
            self.args.seed * 1000 + index
        )
        while not self.stop.is_set():
            job = schedule()
            if job is None:
                return
            job(rng)

    def scheduler(self, total_seconds: float):
        """Jobs at a steady pace (one shared clock: every thread takes the next slot)."""
        lock = threading.Lock()
        rate = self.args.rate
        writes_every = max(1, round(rate * self.args.write_seconds))
        draft_every = max(1, round(rate * total_seconds / max(1, self.args.drafts)))
        state = {"next": time.monotonic(), "n": 0}

        def take():
            with lock:
                state["n"] += 1
                n, at = state["n"], state["next"]
                state["next"] = max(at, time.monotonic() - 1) + 1 / rate
            delay = at - time.monotonic()
            if delay > 0 and self.stop.wait(delay):
                return None
            if n % draft_every == 0:
                return self.create_draft
            if n % writes_every == 0:
                return self.reply
            return self.read

        return take

    # --- WebSockets ---------------------------------------------------------------------------

    async def open_socket(self, draft: int, user: str) -> LiveSocket:
        _s, body = await asyncio.to_thread(
            self.api.call, "ticket", "POST", f"/api/v1/drafts/{draft}/ticket/", user=user
        )
        if body is None:
            raise Closed(4404)
        websocket = await LiveSocket.open(
            f"{self.args.ws}/ws/drafts/{draft}?ticket={body['ticket']}"
        )
        self.stats.count("sockets opened")
        return websocket

    def pick_draft(self, rng: random.Random) -> int:
        with self.drafts_lock:
            if self.fresh:
                return self.fresh.pop(0)
            return rng.choice(self.drafts)

    async def session(self, rng: random.Random) -> None:
        draft = self.pick_draft(rng)
        peers: list[Peer] = []
        try:
            for _ in range(self.args.clients):
                peer = Peer(await self.open_socket(draft, rng.choice(self.editors[draft])))
                peers.append(peer)
                await peer.sync(timeout=30)
            deadline = time.monotonic() + rng.uniform(4, 15)
            while time.monotonic() < deadline and not self.stop.is_set():
                peer = rng.choice(peers)
                await peer.edit(rng)
                self.stats.count("edits")
                for other in peers:
                    await other.drain(0.05)
            for _ in range(40):  # the last edits reach everyone (slower on a loaded machine)
                for peer in peers:
                    await peer.drain(0.25)
                if len({p.content for p in peers}) == 1:
                    break
            if len({p.content for p in peers}) != 1:
                self.stats.error("sessions not converged", f"draft {draft}")
            self.stats.count("sessions")
        except Closed as closed:
            if closed.code not in EXPECTED_CLOSES:
                self.stats.error(f"ws closed {closed.code}", f"draft {draft}")
        except TimeoutError:
            self.stats.error("ws no sync", f"draft {draft}")
        except OSError as error:
            self.stats.error("ws connect failed", f"draft {draft}: {error!r}")
        finally:
            for peer in peers:
                with contextlib.suppress(Exception):
                    await peer.socket.close()

    async def churn_once(self, rng: random.Random) -> None:
        with self.drafts_lock:
            draft = rng.choice(self.drafts)
        try:
            peer = Peer(await self.open_socket(draft, rng.choice(self.editors[draft])))
            try:
                await peer.sync(timeout=30)
                if rng.random() < 0.5:  # and says who it is, as a browser does
                    state = json.dumps({"user": {"name": "soak"}}).encode()
                    entry = protocol.var_uint(1) + protocol.var_uint(rng.randrange(2**30))
                    entry += protocol.var_uint(1) + protocol.var_bytes(state)
                    await peer.socket.send(protocol.awareness_message(entry))
                self.stats.count("churn")
            finally:
                await peer.socket.close()
        except Closed as closed:
            if closed.code not in EXPECTED_CLOSES:
                self.stats.error(f"ws closed {closed.code}", f"churn draft {draft}")
        except TimeoutError:
            self.stats.error("ws no sync", f"churn draft {draft}")
        except OSError as error:
            self.stats.error("ws connect failed", f"churn draft {draft}: {error!r}")

    async def sockets(self, until: float) -> None:
        async def sessions(index: int) -> None:
            rng = random.Random(  # noqa: S311
                self.args.seed * 7919 + index
            )
            while time.monotonic() < until and not self.stop.is_set():
                await self.session(rng)

        async def churn() -> None:
            rng = random.Random(  # noqa: S311
                self.args.seed * 104729
            )
            pending: set[asyncio.Task] = set()
            while time.monotonic() < until and not self.stop.is_set():
                task = asyncio.create_task(self.churn_once(rng))
                pending.add(task)
                task.add_done_callback(pending.discard)
                await asyncio.sleep(1 / self.args.churn)
            await asyncio.gather(*pending)

        await asyncio.gather(churn(), *(sessions(i) for i in range(self.args.sessions)))


def procfile(port: int) -> dict[str, list[str]]:
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = shlex.split(command.replace("$PORT", str(port)))
    return commands


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20, help="HTTP requests/s (reads+writes)")
    parser.add_argument("--write-seconds", type=float, default=5, help="a forum reply every…")
    parser.add_argument("--drafts", type=int, default=300, help="drafts created over the run")
    parser.add_argument("--sessions", type=int, default=4, help="co-editing sessions at once")
    parser.add_argument("--clients", type=int, default=3, help="clients per session")
    parser.add_argument("--churn", type=float, default=2, help="connect-sync-leave per second")
    parser.add_argument("--threads", type=int, default=4, help="HTTP client threads")
    parser.add_argument("--debug", default="1", choices=("0", "1"), help="as make run: 1")
    parser.add_argument("--data-dir", help="default: a fresh directory under /tmp")
    parser.add_argument("--cooldown", type=float, default=20, help="seconds sampled after load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--web-app", default="config.asgi:application", help="another ASGI app (a probe)"
    )
    parser.add_argument("--tag", default="")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="soak-"))
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DEBUG": args.debug,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        # One client plays every user: the per-user anti-flood limit of forum posts would
        # answer most replies 429 (still counted, never as errors).
        "FORUMS_POSTS_PER_WINDOW": os.environ.get("FORUMS_POSTS_PER_WINDOW", "100000"),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        # Production settings redirect to HTTPS (TLS ends at the proxy): plain loopback here.
        "SECURE_SSL_REDIRECT": os.environ.get("SECURE_SSL_REDIRECT", "0"),
    }
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postg") else "SQLite"
    layer = "Redis" if env.get("REDIS_URL") else "in-memory"
    log(f"preparing {database} in {data_dir} (migrate, setup_platform, seed_demo, update_index)")
    data_dir.mkdir(parents=True, exist_ok=True)
    prep_log = (data_dir / "prepare.log").open("a")
    for step in (["migrate", "--noinput", "-v", "0"], ["setup_platform"], ["seed_demo"],
                 ["update_index"]):  # fmt: skip
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *step], cwd=ROOT, env={**env, "DEBUG": "1"},
            check=True, stdout=subprocess.DEVNULL, stderr=prep_log,
        )  # fmt: skip

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args.ws = f"ws://127.0.0.1:{port}"
    base = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server.log"
    processes = {}
    commands = procfile(port)
    commands["web"] = [
        args.web_app if c == "config.asgi:application" else c for c in commands["web"]
    ]
    for offset, (name, command) in enumerate(commands.items()):
        processes[name] = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env={**env, "PORT": str(port + offset)},
            stdout=log_path.open("a"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    web = processes["web"]
    log(f"processes {{{', '.join(f'{n}: {p.pid}' for n, p in processes.items())}}} on {port}")

    stats = Stats()
    api = Api(base, stats)
    samples: list[dict] = []
    started = time.monotonic()
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(1.0):
            samples.append({
                "t": round(time.monotonic() - started, 1),
                "rss_mb": round((rss_kb(web.pid) or 0) / 1024, 1),
                "worker_rss_mb": round((rss_kb(processes["worker"].pid) or 0) / 1024, 1)
                if "worker" in processes else None,
                "requests": stats.take_second(),
                "errors": sum(stats.errors.values()),
            })  # fmt: skip

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/v1/collectivites/", timeout=5).read()
                break
            except OSError:
                if web.poll() is not None:
                    raise SystemExit(f"the server stopped: see {log_path}") from None
                time.sleep(0.2)
        load = Load(
            api,
            stats,
            args,
            random.Random(  # noqa: S311
                args.seed
            ),
        )
        load.discover()
        load_started = time.monotonic()
        rss_at_start = rss_kb(web.pid) / 1024
        until = load_started + args.minutes * 60
        take = load.scheduler(args.minutes * 60)
        threads = [
            threading.Thread(target=load.http_thread, args=(i, take), daemon=True)
            for i in range(args.threads)
        ]
        for thread in threads:
            thread.start()

        def progress() -> None:
            last = 0
            while not load.stop.wait(10):
                done = sum(stats.requests.values())
                log(
                    f"{time.monotonic() - load_started:5.0f} s  {(done - last) / 10:5.1f} req/s  "
                    f"rss {samples[-1]['rss_mb'] if samples else '?'} MB  "
                    f"sessions {stats.ws['sessions']}  churn {stats.ws['churn']}  "
                    f"drafts {len(load.drafts)}  errors {dict(stats.errors) or 0}"
                )
                last = done

        threading.Thread(target=progress, daemon=True).start()
        asyncio.run(load.sockets(until))
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        load_seconds = time.monotonic() - load_started
        rss_at_end = rss_kb(web.pid) / 1024
        log(f"load done; sampling {args.cooldown:.0f} s more with no load")
        time.sleep(args.cooldown)
        alive = web.poll() is None
    finally:
        sampling.set()
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    if not alive:
        stats.error("server died")

    during = [
        s
        for s in samples
        if load_started - started <= s["t"] <= load_started - started + load_seconds
    ]
    result = {
        "command": "bench/soak/run.py " + " ".join(sys.argv[1:]),
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "settings": {
            "debug": args.debug,
            "database": database,
            "channel_layer": layer,
            "rate": args.rate,
            "sessions": args.sessions,
            "clients": args.clients,
            "churn_per_s": args.churn,
            "drafts": args.drafts,
        },
        "load_seconds": round(load_seconds, 1),
        "load_started_at": round(load_started - started, 1),
        "requests": sum(stats.requests.values()),
        "requests_per_s": round(sum(stats.requests.values()) / load_seconds, 1),
        "requests_by_kind": dict(stats.requests),
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "sockets": dict(stats.ws),
        "drafts_known": len(load.drafts),
        "errors": sum(stats.errors.values()),
        "errors_by_kind": dict(stats.errors),
        "error_examples": stats.error_examples,
        "rss_mb": {
            "load_start": round(rss_at_start, 1),
            "load_end": round(rss_at_end, 1),
            "max": max(s["rss_mb"] for s in during) if during else None,
            "after_cooldown": samples[-1]["rss_mb"] if samples else None,
        },
        "server_log": str(log_path),
        "samples": samples,
    }
    out = ROOT / "bench" / "soak" / "results"
    out.mkdir(exist_ok=True)
    name = f"{result['date']}-debug{args.debug}{'-' + args.tag if args.tag else ''}"
    (out / f"{name}.json").write_text(json.dumps(result, indent=1))
    (out / f"{name}.svg").write_text(report.chart(result))
    print(report.summary(result))
    log(f"results: {out / name}.json, chart {out / name}.svg")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
