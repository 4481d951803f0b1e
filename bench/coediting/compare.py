"""One command for the whole co-editing comparison (bench/coediting/README.md).

    SECRET_KEY=bench .venv/bin/python bench/coediting/compare.py

In one run: a fresh PostgreSQL database (``ep_bench``: dropped, created, migrated,
``setup_platform``), an editor and a space with one fresh draft per target; then
``run.mjs`` against the y-websocket reference server, against our server with one uvicorn
process (in-memory channel layer), and with two uvicorn processes on two ports sharing Redis
(db 8, flushed first; clients alternate between the ports). Each result is written to
``results/<date>-<target>.json``; ``report.mjs`` then prints the combined table and draws the
chart (``latency.svg`` / ``.png``). Progress goes to stderr as it happens.

Tickets: ``run.mjs`` asks ``compare.py tickets --draft ID`` (this file) for them, which issues
``TICKETS_COUNT`` tickets with ``spaces.coedit.tickets.ticket_issue`` for the bench editor.

``--profile`` also records the one-worker server with py-spy (not a dependency of the project:
``pip install py-spy`` by hand) into ``results/<date>-ours-1w-profile.txt`` (collapsed stacks).
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = HERE / "results"
RUN = HERE / "run.mjs"
REPORT = HERE / "report.mjs"
BENCH_USERNAME = "bench-editor"

SETUP = """
import datetime, json
from collectivites.identifiers import luhn_check_digit
from collectivites.models import Membership, User
from collectivites.services import collectivite_create, membership_create, user_create
from spaces.services import draft_create, space_create

siren = "21" + "999990"
siren += luhn_check_digit(siren)
rennes = collectivite_create(
    actor=None, name="Rennes (bench)", kind="commune", siren=siren,
    departement_code="35", adhesion_date=datetime.date(2007, 1, 15),
)
editor = user_create(username=%(username)r, first_name="Bench", last_name="Editor")
membership_create(actor=None, collectivite=rennes, user=editor, role=Membership.Role.REFERENT)
space = space_create(actor=editor, title="Bench co-édition", members=[(rennes, "editor")])
drafts = {
    name: draft_create(actor=editor, space=space, title=f"Bench {name}", markdown="# Bench\\n").pk
    for name in %(targets)r
}
print(json.dumps(drafts))
"""


def log(message: str) -> None:
    print(f"[compare {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def prepare_database(args, env: dict) -> None:
    import psycopg

    log(f"fresh database {args.database}")
    with psycopg.connect(args.admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    log("migrate + setup_platform")
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "setup_platform"], env, stdout=subprocess.DEVNULL)


def create_drafts(env: dict, targets: list[str]) -> dict[str, int]:
    code = SETUP % {"username": BENCH_USERNAME, "targets": targets}
    out = run(
        [sys.executable, "manage.py", "shell", "-c", code], env, capture_output=True, text=True
    )
    drafts = json.loads(out.stdout.strip().splitlines()[-1])
    log(f"editor {BENCH_USERNAME!r}, drafts {drafts}")
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


@contextmanager
def servers(count: int, env: dict, logs: Path, extra_args: tuple[str, ...] = ()):
    """``count`` uvicorn processes of config.asgi, one port each; yields (urls, pids)."""
    processes, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            command = [
                sys.executable, "-m", "uvicorn", "config.asgi:application",
                "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
                "--ws", "config.uvicorn_ws:GoingAwayWebSocketProtocol",  # as in the Procfile
                "--ws-max-size", str(16 * 1024 * 1024), "--ws-per-message-deflate", "false",
                "--log-level", "warning",
                *extra_args,
            ]  # fmt: skip
            log_file = (logs / f"asgi-{port}.log").open("w")
            processes.append(
                subprocess.Popen(  # noqa: S603
                    command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        log(f"{count} uvicorn process(es) up: {' '.join(urls)}")
        yield urls, [p.pid for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def bench(args, env: dict, label: str, out: Path, extra: list[str]) -> dict:
    command = [
        "node", str(RUN), "--label", label, "--clients", str(args.clients),
        "--rate", str(args.rate), "--duration", str(args.duration),
        "--settle", str(args.settle), "--out", str(out), *extra,
    ]  # fmt: skip
    load = Path("/proc/loadavg").read_text().split()[:3]
    log(
        f"bench {label!r}: {args.clients} clients, {args.rate}/s, {args.duration} s "
        f"(machine load average before: {' '.join(load)})"
    )
    # stderr (run.mjs's progress and table) goes straight to ours; stdout is the JSON.
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    if result.returncode not in (0, 1) or not out.exists():
        raise RuntimeError(f"run.mjs failed for {label!r} (exit {result.returncode})")
    data = json.loads(out.read_text())
    # Other work on the machine shows in the tails: keep the load next to the figures.
    data["loadavg_before"] = [float(x) for x in load]
    data["loadavg_after"] = [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    out.write_text(json.dumps(data, indent=2) + "\n")
    L = data["latency_ms"]
    log(
        f"done {label!r}: p50 {L['p50']} p95 {L['p95']} p99 {L['p99']} max {L['max']} ms, "
        f"lost {data['lost']}, converged {data['converged']}"
    )
    return data


def ours(args, env, label, out, draft_id, count, profile_to=None):
    with servers(count, env, args.logs, tuple(args.server_arg)) as (urls, pids):
        ws = [u.replace("http://", "ws://") + "/ws/drafts" for u in urls]
        tickets = f"{sys.executable} {Path(__file__).resolve()} tickets --draft {draft_id}"
        extra = [a for u in ws for a in ("--url", u)]
        extra += ["--room", str(draft_id), "--origin", urls[0], "--tickets-cmd", tickets]
        extra += [a for pid in pids for a in ("--server-pid", str(pid))]
        spy = None
        if profile_to is not None:
            spy = start_profile(pids[0], profile_to, args)
        try:
            return bench(args, env, label, out, extra)
        finally:
            if spy is not None:
                spy.wait()
                log(f"profile (collapsed stacks): {profile_to}.txt")


def start_profile(pid: int, stem: Path, args) -> subprocess.Popen:
    """py-spy on the server while clients sync and send: collapsed stacks (``-f raw``)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [
        py_spy, "record", "-p", str(pid), "-d", str(int(args.duration) + 3), "-r", "200",
        "--nonblocking", "-f", "raw", "-o", f"{stem}.txt",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603


def issue_tickets(draft_id: int, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from collectivites.models import User
    from spaces.coedit.tickets import ticket_issue
    from spaces.models import Draft

    user = User.objects.get(username=BENCH_USERNAME)
    draft = Draft.objects.get(pk=draft_id)
    for _ in range(count):
        print(ticket_issue(user=user, draft=draft))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    tickets = sub.add_parser("tickets", help="(used by run.mjs) print TICKETS_COUNT tickets")
    tickets.add_argument("--draft", type=int, required=True)
    tickets.add_argument("--count", type=int, default=int(os.environ.get("TICKETS_COUNT", 1)))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--settle", type=float, default=5)
    parser.add_argument("--database", default="ep_bench")
    parser.add_argument("--admin-dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument(
        "--targets",
        default="reference,ours-1w,ours-2w",
        help="comma-separated, in run order; also ours-1w-async-commit (diagnostic: PostgreSQL "
        "synchronous_commit=off, i.e. a commit does not wait for the WAL flush; not durable)",
    )
    parser.add_argument("--tag", default="", help="suffix of the result files' names")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra uvicorn option for our servers (repeat; e.g. --server-arg=--ws=wsproto)",
    )
    parser.add_argument("--chart", default=str(HERE / "latency.svg"))
    parser.add_argument("--profile", action="store_true", help="py-spy the 1-worker server")
    args = parser.parse_args()
    if args.command == "tickets":
        issue_tickets(args.draft, args.count)
        return 0

    targets = args.targets.split(",")
    unknown = set(targets) - {"reference", "ours-1w", "ours-2w", "ours-1w-async-commit"}
    if unknown:
        parser.error(f"unknown targets {sorted(unknown)}")
    stamp = datetime.date.today().isoformat()
    suffix = f"-{args.tag}" if args.tag else ""
    RESULTS.mkdir(exist_ok=True)
    args.logs = ROOT / "test-results"
    args.logs.mkdir(exist_ok=True)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Production settings (DEBUG off: no query log, no debug cursor), plain HTTP.
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
    }
    started = time.monotonic()
    prepare_database(args, env)
    drafts = create_drafts(env, [t for t in targets if t != "reference"])

    outputs = []
    for target in targets:
        out = RESULTS / f"{stamp}-{target}{suffix}.json"
        if target == "reference":
            bench(args, env, "reference", out, ["--target", "reference"])
        elif target == "ours-1w":
            profile = RESULTS / f"{stamp}-ours-1w-profile{suffix}" if args.profile else None
            ours(args, env, "ours, 1 worker", out, drafts[target], 1, profile)
        elif target == "ours-1w-async-commit":
            # libpq reads PGOPTIONS: only this server's sessions skip the WAL flush wait.
            env_async = {**env, "PGOPTIONS": "-c synchronous_commit=off"}
            label = "ours, 1 worker, async commit (diagnostic)"
            ours(args, env_async, label, out, drafts[target], 1)
        else:
            log(f"flushing Redis {args.redis}")
            import redis

            redis.Redis.from_url(args.redis).flushdb()
            ours(args, {**env, "REDIS_URL": args.redis}, "ours, 2 workers", out, drafts[target], 2)
        outputs.append(out)

    log(f"all targets done in {time.monotonic() - started:.0f} s; report:")
    chart = ["--chart", args.chart] if args.chart else []
    command = ["node", str(REPORT), *chart, *map(str, outputs)]
    report = subprocess.run(command, cwd=ROOT, env=env)  # noqa: S603
    if args.chart and report.returncode == 0:
        log(f"chart: {args.chart} (+ .png)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
