"""One command for the whole co-editing comparison (bench/coediting/README.md).

    SECRET_KEY=bench .venv/bin/python bench/coediting/compare.py

In one run, against peers measured in the same run: fresh databases (PostgreSQL ``ep_bench``:
dropped, created, migrated, ``setup_platform``; and/or a SQLite file, the default configuration,
migrated the same way), an editor and a space with one fresh draft per run of ours; then
``run.mjs`` against each target:

- ``reference``: the y-websocket reference server (stores nothing);
- ``hocuspocus``: Hocuspocus, in memory (stores nothing), with its own provider;
- ``ours-1w`` / ``ours-2w``: our server on PostgreSQL, one uvicorn process (in-memory channel
  layer) or two on two ports sharing Redis (flushed first; clients alternate between ports);
- ``ours-1w-sqlite`` / ``ours-2w-sqlite``: the same on one SQLite file;
- ``ours-1w-async-commit``: diagnostic only (PostgreSQL ``synchronous_commit=off``);
- ``ours-1w-<stack>``: one worker on another WebSocket stack (``uvicorn-sansio``,
  ``uvicorn-websockets``, ``uvicorn-wsproto``: uvicorn's own ``--ws`` implementations;
  ``granian``, ``hypercorn``: other ASGI servers, installed by hand), and ``ours-1w-nostore``,
  ``ours-1w-<stack>-nostore``: diagnostic only, the same without storing
  (``bench/coediting/nostore.py``).

Scale, in the same run: ``--clients 20,50,100`` repeats every target per client count;
``--drafts 200 --clients-per-draft 5`` adds a many-drafts run (``--drafts-targets``, on two
workers for ours); ``--threshold`` looks, for ``--threshold-targets``, for the number of editors
on one draft at which p99 passes ``--threshold-ms`` (``--threshold-steps``, stopping at the first
step over it). Each result is written to ``results/<date>-<target>-<what>[-<tag>].json``;
``report.mjs`` then prints the tables and draws the charts (``latency.svg``, ``scaling.svg``, and
PNGs). Progress goes to stderr as it happens.

Tickets: ``run.mjs`` asks ``compare.py tickets`` (this file) for them, which issues tickets with
``spaces.coedit.tickets.ticket_issue`` for the bench editor (``TICKETS_COUNT`` for
``TICKETS_ROOM``/``--draft``, or ``TICKETS_ROOMS="draft:count,..."``).

``--profile`` also records the first one-worker server with py-spy (not a dependency of the
project: ``pip install py-spy`` by hand) into ``results/<date>-ours-1w-profile.txt``.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = HERE / "results"
RUN = HERE / "run.mjs"
REPORT = HERE / "report.mjs"
BENCH_USERNAME = "bench-editor"


APP = "config.asgi:application"
# Diagnostic: the same application with co-editing's store taken out (bench/coediting/nostore.py).
NO_STORE_APP = "bench.coediting.nostore:application"
PRODUCTION_WS = "config.uvicorn_ws:GoingAwayWebSocketProtocol"  # as in the Procfile
WS_MAX_SIZE = 16 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    """How a target runs: a peer server started by run.mjs, or ``workers`` servers of ours.

    Ours run under ``server`` (uvicorn, the production server, by default; granian or
    hypercorn to measure another stack, installed by hand: they are not dependencies) with
    uvicorn's ``--ws`` implementation ``ws``, serving ``app``.
    """

    label: str
    peer: str | None = None  # run.mjs --target
    workers: int = 0
    backend: str = "memory"  # postgresql | sqlite | memory (peers store nothing)
    pgoptions: str = ""
    server: str = "uvicorn"  # uvicorn | granian | hypercorn
    ws: str = PRODUCTION_WS  # uvicorn's --ws
    app: str = APP


TARGETS = {
    "reference": Target("reference", peer="reference"),
    "hocuspocus": Target("hocuspocus", peer="hocuspocus"),
    "ours-1w": Target("ours, 1 worker", workers=1, backend="postgresql"),
    "ours-2w": Target("ours, 2 workers", workers=2, backend="postgresql"),
    "ours-1w-sqlite": Target("ours, 1 worker, SQLite", workers=1, backend="sqlite"),
    "ours-2w-sqlite": Target("ours, 2 workers, SQLite", workers=2, backend="sqlite"),
    # libpq reads PGOPTIONS: only this server's sessions skip the WAL flush wait.
    "ours-1w-async-commit": Target(
        "ours, 1 worker, async commit (diagnostic)",
        workers=1,
        backend="postgresql",
        pgoptions="-c synchronous_commit=off",
    ),
}
# Other WebSocket stacks, one worker on PostgreSQL, each also without storing ("-nostore",
# diagnostic: what the stack alone costs). Only the production protocol class offers the raw
# writes of ADR 0034; the others send every frame through ASGI.
STACKS = {
    "": ("uvicorn", PRODUCTION_WS, "uvicorn"),
    "-uvicorn-sansio": ("uvicorn", "websockets-sansio", "uvicorn --ws websockets-sansio"),
    "-uvicorn-websockets": ("uvicorn", "websockets", "uvicorn --ws websockets (legacy)"),
    "-uvicorn-wsproto": ("uvicorn", "wsproto", "uvicorn --ws wsproto"),
    "-granian": ("granian", PRODUCTION_WS, "granian"),
    "-hypercorn": ("hypercorn", PRODUCTION_WS, "hypercorn"),
}
for _suffix, (_server, _ws, _what) in STACKS.items():
    if _suffix:
        TARGETS[f"ours-1w{_suffix}"] = Target(
            f"ours, 1 worker, {_what}", workers=1, backend="postgresql", server=_server, ws=_ws
        )
    TARGETS[f"ours-1w{_suffix}-nostore"] = Target(
        f"ours, 1 worker, {_what}, not storing (diagnostic)",
        workers=1,
        backend="postgresql",
        server=_server,
        ws=_ws,
        app=NO_STORE_APP,
    )
DEFAULT_TARGETS = "reference,hocuspocus,ours-1w,ours-2w,ours-1w-sqlite,ours-2w-sqlite"

SETUP = """
import datetime, json
from collectivites.identifiers import luhn_check_digit
from collectivites.models import Membership, User
from collectivites.services import collectivite_create, membership_create, user_create
from spaces.services import draft_create, space_create

from spaces.models import SpacePage

editor = User.objects.filter(username=%(username)r).first()
if editor is None:
    siren = "21" + "999990"
    siren += luhn_check_digit(siren)
    rennes = collectivite_create(
        actor=None, name="Rennes (bench)", kind="commune", siren=siren,
        departement_code="35", adhesion_date=datetime.date(2007, 1, 15),
    )
    editor = user_create(username=%(username)r, first_name="Bench", last_name="Editor")
    membership_create(actor=None, collectivite=rennes, user=editor, role=Membership.Role.REFERENT)
    space = space_create(actor=editor, title="Bench co-édition", members=[(rennes, "editor")])
else:  # --reuse-db: the editor and space of an earlier run
    space = SpacePage.objects.get(title="Bench co-édition")
drafts = [
    draft_create(actor=editor, space=space, title=f"Bench {i}", markdown="# Bench\\n").pk
    for i in range(%(count)d)
]
print(json.dumps(drafts))
"""


def log(message: str) -> None:
    print(f"[compare {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def prepare_database(backend: str, args, env: dict) -> None:
    """A fresh database for ``backend``: dropped and created (or the file removed), migrated."""
    if backend == "postgresql":
        import psycopg

        log(f"fresh PostgreSQL database {args.database}")
        with psycopg.connect(args.admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{args.database}"')
    else:
        log(f"fresh SQLite database {args.sqlite}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.sqlite}{suffix}").unlink(missing_ok=True)
    log(f"migrate + setup_platform ({backend})")
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "setup_platform"], env, stdout=subprocess.DEVNULL)


def create_drafts(env: dict, count: int) -> list[int]:
    code = SETUP % {"username": BENCH_USERNAME, "count": count}
    out = run(
        [sys.executable, "manage.py", "shell", "-c", code], env, capture_output=True, text=True
    )
    drafts = json.loads(out.stdout.strip().splitlines()[-1])
    log(f"editor {BENCH_USERNAME!r}, {len(drafts)} drafts ({drafts[0]}..{drafts[-1]})")
    return drafts


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(f"{url}/api/v1/auth/csrf/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def server_command(target: Target, port: int, extra_args: tuple[str, ...]) -> list[str]:
    """The command of one server process of ours: the production uvicorn command by default."""
    if target.server == "granian":
        # One worker process under granian's supervisor; asginl: no lifespan (--lifespan off).
        # No option for a message size limit; it does not negotiate permessage-deflate.
        return [
            sys.executable, "-m", "granian", "--interface", "asginl", "--host", "127.0.0.1",
            "--port", str(port), "--workers", "1", "--loop", "uvloop", "--log-level", "warning",
            target.app,
        ]  # fmt: skip
    if target.server == "hypercorn":
        # -w 0: serves in this process (no supervisor), as uvicorn does. Messages up to 16 MiB
        # (its default); permessage-deflate is negotiated whenever a client offers it (node's
        # ws does), with no option to refuse it.
        return [
            sys.executable, "-m", "hypercorn", "--bind", f"127.0.0.1:{port}", "-w", "0",
            "-k", "uvloop", "--log-level", "warning", target.app,
        ]  # fmt: skip
    return [
        sys.executable, "-m", "uvicorn", target.app,
        "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off", "--ws", target.ws,
        "--ws-max-size", str(WS_MAX_SIZE), "--ws-per-message-deflate", "false",
        "--log-level", "warning",
        *extra_args,
    ]  # fmt: skip


def serving_pid(process: subprocess.Popen) -> int:
    """The process that serves: ``process`` itself, or its worker under a supervisor (granian).

    Its CPU is what run.mjs reports and what py-spy records (a supervisor only waits)."""
    pid = process.pid
    while True:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:  # a kernel without that file: the process itself, as before
            return pid
        # granian's worker is the child that runs our code; skip multiprocessing's helpers.
        workers = [
            c
            for c in children
            if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()
        ]
        if not workers:
            return pid
        pid = int(workers[0])


@contextmanager
def servers(count: int, env: dict, logs: Path, target: Target, extra_args: tuple[str, ...] = ()):
    """``count`` server processes of ours, one port each; yields (urls, pids)."""
    processes, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            # --server-arg is a uvicorn option: for uvicorn only.
            command = server_command(target, port, extra_args if target.server == "uvicorn" else ())
            log_file = (logs / f"asgi-{port}.log").open("w")
            processes.append(
                subprocess.Popen(  # noqa: S603
                    command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        log(f"{count} {target.server} process(es) up: {' '.join(urls)}")
        yield urls, [serving_pid(p) for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class Run:
    """One run.mjs run: which target, how many clients on how many drafts, and why."""

    target: str
    clients: int
    rate: float
    mode: str  # sweep | drafts | threshold
    rooms: int = 1

    def name(self, stamp: str, suffix: str) -> str:
        what = {
            "sweep": f"{self.clients}c",
            "drafts": f"{self.rooms}x{self.clients}",
            "threshold": f"threshold-{self.clients}c",
        }[self.mode]
        return f"{stamp}-{self.target}-{what}{suffix}.json"


def bench(args, env: dict, spec: Run, out: Path, extra: list[str]) -> dict | None:
    """Runs run.mjs; the result with the machine's load before and after, or None if it failed."""
    target = TARGETS[spec.target]
    command = [
        "node", str(RUN), "--label", target.label, "--clients", str(spec.clients),
        "--rate", str(spec.rate), "--duration", str(args.duration),
        "--settle", str(args.settle), "--procs", args.procs, "--out", str(out), *extra,
    ]  # fmt: skip
    load = loadavg()
    rooms = f" × {spec.rooms} drafts" if spec.rooms > 1 else ""
    log(
        f"bench {spec.target} ({spec.mode}): {spec.clients} clients{rooms}, {spec.rate}/s per "
        f"draft, {args.duration} s (machine load average before: {load})"
    )
    out.unlink(missing_ok=True)
    # stderr (run.mjs's progress and table) goes straight to ours; stdout is the JSON.
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if result.returncode not in (0, 1) or not out.exists():
        log(f"run.mjs failed for {spec.target} (exit {result.returncode}): no result")
        return None
    data = json.loads(out.read_text())
    # Other work on the machine shows in the tails: keep the load next to the figures.
    data.update(
        target=spec.target,
        mode=spec.mode,
        backend=target.backend,
        workers=target.workers or 1,
        loadavg_before=load,
        loadavg_after=loadavg(),
    )
    if target.peer is None:  # which server stack of ours, and whether it stored
        data.update(server=target.server, app=target.app)
        if target.server == "uvicorn":
            data["uvicorn_ws"] = target.ws
    if spec.mode == "threshold":
        data["threshold_ms"] = args.threshold_ms
    out.write_text(json.dumps(data, indent=2) + "\n")
    L = data["latency_ms"]
    log(
        f"done {spec.target}: p50 {L['p50']} p95 {L['p95']} p99 {L['p99']} max {L['max']} ms, "
        f"lost {data['lost']}, converged {data['converged']}, bench loop delay p99 "
        f"{data['client_event_loop_delay_ms']['p99']} ms"
    )
    return data


class Bench:
    """State shared by the runs: environments per backend, a pool of fresh drafts per backend."""

    def __init__(self, args, needed: dict[str, int]):
        self.args = args
        base = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Production settings (DEBUG off: no query log, no debug cursor), plain HTTP.
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": "",
            "DATA_DIR": str(args.data_dir),
        }
        self.env = {
            "memory": base,
            "postgresql": {
                **base,
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
            },
            "sqlite": {**base, "DATABASE_URL": f"sqlite:///{args.sqlite}"},
        }
        self.drafts: dict[str, list[int]] = {}
        if any(needed.values()) and not args.reuse_db:
            shutil.rmtree(args.data_dir, ignore_errors=True)
        args.data_dir.mkdir(parents=True, exist_ok=True)
        for backend, count in needed.items():
            if count:
                if not args.reuse_db:
                    prepare_database(backend, args, self.env[backend])
                self.drafts[backend] = create_drafts(self.env[backend], count)
        self.profiled = False

    def take_drafts(self, backend: str, count: int) -> list[int]:
        taken, self.drafts[backend] = self.drafts[backend][:count], self.drafts[backend][count:]
        return taken

    def run(self, spec: Run, out: Path) -> dict | None:
        target = TARGETS[spec.target]
        if target.peer is not None:
            extra = ["--target", target.peer]
            if spec.rooms > 1:
                extra += ["--rooms", str(spec.rooms)]
            return bench(self.args, self.env["memory"], spec, out, extra)
        env = dict(self.env[target.backend])
        if target.pgoptions:
            env["PGOPTIONS"] = target.pgoptions
        if target.workers > 1:
            log(f"flushing Redis {self.args.redis}")
            import redis

            redis.Redis.from_url(self.args.redis).flushdb()
            env["REDIS_URL"] = self.args.redis
        drafts = self.take_drafts(target.backend, spec.rooms)
        server_args = tuple(self.args.server_arg)
        with servers(target.workers, env, self.args.logs, target, server_args) as (urls, pids):
            tickets = f"{sys.executable} {Path(__file__).resolve()} tickets"
            extra = [
                a for u in urls for a in ("--url", u.replace("http://", "ws://") + "/ws/drafts")
            ]
            extra += ["--room", ",".join(map(str, drafts)), "--origin", urls[0]]
            extra += ["--tickets-cmd", tickets]
            extra += [a for pid in pids for a in ("--server-pid", str(pid))]
            spy = None
            if self.args.profile and target.workers == 1 and not self.profiled:
                self.profiled = True
                stem = out.with_name(out.stem + "-profile")
                spy = start_profile(pids[0], stem, self.args)
            try:
                return bench(self.args, env, spec, out, extra)
            finally:
                if spy is not None:
                    spy.wait()
                    log(f"profile (collapsed stacks): {stem}.txt")


def start_profile(pid: int, stem: Path, args) -> subprocess.Popen:
    """py-spy on the server while clients sync and send: collapsed stacks (``-f raw``)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [
        py_spy, "record", "-p", str(pid), "-d", str(int(args.duration) + 3), "-r", "200",
        "--nonblocking", "-f", "raw", "-o", f"{stem}.txt",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603


def issue_tickets(draft_id: int | None, count: int) -> None:
    """Prints tickets: ``count`` for one draft, or "draft ticket" lines for TICKETS_ROOMS."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from collectivites.models import User
    from spaces.coedit.tickets import ticket_issue
    from spaces.models import Draft

    user = User.objects.get(username=BENCH_USERNAME)
    if os.environ.get("TICKETS_ROOMS") and draft_id is None:
        wanted = dict(item.split(":") for item in os.environ["TICKETS_ROOMS"].split(","))
        drafts = Draft.objects.in_bulk([int(pk) for pk in wanted])
        lines = [
            f"{pk} {ticket_issue(user=user, draft=drafts[int(pk)])}"
            for pk, n in wanted.items()
            for _ in range(int(n))
        ]
        print("\n".join(lines))
        return
    if draft_id is None:
        draft_id = int(os.environ["TICKETS_ROOM"])
    draft = Draft.objects.get(pk=draft_id)
    print("\n".join(ticket_issue(user=user, draft=draft) for _ in range(count)))


def plan(args) -> tuple[list[Run], list[str], dict[str, int]]:
    """The sweep and many-drafts runs in order; the threshold targets; drafts per backend."""
    runs = [
        Run(target, clients, args.rate, "sweep")
        for clients in args.clients
        for target in args.targets
    ]
    if args.drafts:
        runs += [
            Run(target, args.clients_per_draft, args.drafts_rate, "drafts", rooms=args.drafts)
            for target in args.drafts_targets
        ]
    threshold = args.threshold_targets if args.threshold else []
    needed = {"postgresql": 0, "sqlite": 0}
    for spec in runs:
        backend = TARGETS[spec.target].backend
        if backend in needed:
            needed[backend] += spec.rooms
    for target in threshold:
        backend = TARGETS[target].backend
        if backend in needed:
            needed[backend] += len(args.threshold_steps)
    return runs, threshold, needed


def targets_arg(value: str) -> list[str]:
    names = [t for t in value.split(",") if t]
    unknown = set(names) - set(TARGETS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown targets {sorted(unknown)} (known: {', '.join(TARGETS)})"
        )
    return names


def ints_arg(value: str) -> list[int]:
    return [int(x) for x in value.split(",") if x]


def main() -> int:
    # No abbreviations: "tickets --draft" would otherwise be taken for an ambiguous --drafts.
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    sub = parser.add_subparsers(dest="command")
    tickets = sub.add_parser("tickets", help="(used by run.mjs) print TICKETS_COUNT tickets")
    tickets.add_argument("--draft", type=int, help="default: TICKETS_ROOM (or TICKETS_ROOMS)")
    tickets.add_argument("--count", type=int, default=int(os.environ.get("TICKETS_COUNT", 1)))
    parser.add_argument(
        "--clients", type=ints_arg, default=[20], help="clients on one draft; a list sweeps"
    )
    parser.add_argument("--rate", type=float, default=100, help="updates/s per draft")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--settle", type=float, default=5)
    parser.add_argument(
        "--targets",
        type=targets_arg,
        default=targets_arg(DEFAULT_TARGETS),
        help=f"comma-separated, in run order (default {DEFAULT_TARGETS}); also "
        "ours-1w-async-commit (diagnostic: PostgreSQL synchronous_commit=off, i.e. a commit "
        "does not wait for the WAL flush; not durable), ours-1w-<stack> for another "
        "WebSocket stack (uvicorn-sansio, uvicorn-websockets, uvicorn-wsproto, granian, "
        "hypercorn) and ours-1w[-<stack>]-nostore (diagnostic: relays without storing)",
    )
    parser.add_argument(
        "--procs",
        default="auto",
        help="bench processes the clients are split over (run.mjs --procs; default auto)",
    )
    parser.add_argument("--drafts", type=int, default=0, help="many-drafts run: this many drafts")
    parser.add_argument("--clients-per-draft", type=int, default=5)
    parser.add_argument(
        "--drafts-rate",
        type=float,
        default=5,
        help="updates/s per draft in the many-drafts run (default 5: each of 5 editors 1/s)",
    )
    parser.add_argument(
        "--drafts-targets",
        type=targets_arg,
        default=targets_arg("reference,hocuspocus,ours-2w,ours-2w-sqlite"),
    )
    parser.add_argument(
        "--threshold",
        action="store_true",
        help="find the editors on one draft at which p99 passes --threshold-ms",
    )
    parser.add_argument(
        "--threshold-targets", type=targets_arg, default=targets_arg("reference,ours-1w")
    )
    parser.add_argument(
        "--threshold-steps", type=ints_arg, default=[20, 30, 40, 50, 60, 80, 100, 120, 150, 200]
    )
    parser.add_argument("--threshold-ms", type=float, default=100)
    parser.add_argument("--database", default="ep_bench")
    parser.add_argument("--admin-dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--data-dir", type=Path, help="DATA_DIR (default var/<database>-data)")
    parser.add_argument("--sqlite", type=Path, help="default <data-dir>/bench.sqlite3")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the databases of an earlier run (no drop, no migrate); fresh drafts still",
    )
    parser.add_argument("--tag", default="", help="suffix of the result files' names")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra uvicorn option for our uvicorn servers (repeat; e.g. "
        "--server-arg=--ws-per-message-deflate=true)",
    )
    parser.add_argument("--chart", default=str(HERE / "latency.svg"))
    parser.add_argument("--scale-chart", default=str(HERE / "scaling.svg"))
    parser.add_argument("--profile", action="store_true", help="py-spy the 1-worker server")
    args = parser.parse_args()
    # SIGTERM (a CI timeout, kill PID) unwinds like Ctrl-C: the servers started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.command == "tickets":
        issue_tickets(args.draft, args.count)
        return 0

    args.data_dir = (args.data_dir or ROOT / "var" / f"{args.database}-data").resolve()
    args.sqlite = (args.sqlite or args.data_dir / "bench.sqlite3").resolve()
    stamp = datetime.date.today().isoformat()
    suffix = f"-{args.tag}" if args.tag else ""
    RESULTS.mkdir(exist_ok=True)
    args.logs = ROOT / "test-results"
    args.logs.mkdir(exist_ok=True)

    started = time.monotonic()
    runs, threshold_targets, needed = plan(args)
    state = Bench(args, needed)
    outputs = []
    for spec in runs:
        out = RESULTS / spec.name(stamp, suffix)
        if state.run(spec, out) is not None:
            outputs.append(out)

    # Threshold: more editors on one draft, step by step, until p99 passes the threshold.
    for target in threshold_targets:
        for clients in args.threshold_steps:
            spec = Run(target, clients, args.rate, "threshold")
            out = RESULTS / spec.name(stamp, suffix)
            data = state.run(spec, out)
            if data is None:
                log(f"threshold {target}: no result at {clients} clients; stopping there")
                break
            outputs.append(out)
            if data["latency_ms"]["p99"] > args.threshold_ms:
                log(f"threshold {target}: p99 passes {args.threshold_ms} ms at {clients} clients")
                break
        else:
            log(f"threshold {target}: p99 under {args.threshold_ms} ms up to the last step")

    log(f"all runs done in {time.monotonic() - started:.0f} s; report:")
    charts = []
    if args.chart:
        charts += ["--chart", args.chart]
    if args.scale_chart:
        charts += ["--scale-chart", args.scale_chart]
    command = ["node", str(REPORT), *charts, *map(str, outputs)]
    report = subprocess.run(command, cwd=ROOT)  # noqa: S603
    return report.returncode


if __name__ == "__main__":
    sys.exit(main())
