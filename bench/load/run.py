"""API under load, one command: Locust against 1 and 2 uvicorn workers, the floor in the same run.

    .venv/bin/pip install -e ".[bench]"
    SECRET_KEY=bench .venv/bin/python bench/load/run.py \
        --database-url postgres://postgres@127.0.0.1:5432/e_partage_national \
        --data-dir /tmp/load-data [--users 20] [--seconds 60] [--workers 1,2] [--tag NAME]

The database is one filled by ``manage.py generate_national_data`` and indexed by
``manage.py update_index`` (with the same ``--data-dir``: the Whoosh index lives there). For each
worker count the server starts as in production (the Procfile's uvicorn options, ``DEBUG`` off,
the database's own search index), then Locust runs twice for ``--seconds``: the ``Floor`` users
(the trivial ``/api/v1/health/``), then the ``Member`` users (bench/load/locustfile.py). Results:
``bench/load/results/<date>-<workers>w.json`` (per endpoint p50/p95/requests per second and
failures; ``--tag`` adds a name, so runs of one day do not overwrite each other), a table on stdout
and ``bench/load/throughput.svg``. Target (issue 14): the members'
throughput ≥ 0.5 × the floor's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "results"


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(args) -> dict[str, str]:
    return {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "DATABASE_URL": args.database_url,
        "DATA_DIR": args.data_dir,
        "SEARCH_BACKEND": "whoosh",
        "DEBUG": "0",
        # Loopback, no proxy in front to say the request came over TLS: no redirect to https.
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "immediate",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def write_fixture(args, path: Path) -> None:
    """Members with tokens, busy topics and tender filters, read from the database under test."""
    script = r"""
import json, sys
import django
django.setup()
from django.db.models import Count
from rest_framework.authtoken.models import Token
from collectivites.models import Membership
from forums.models import Topic
members = []
memberships = (Membership.objects.filter(user__username__endswith="-0")
               .select_related("user").order_by("collectivite_id"))
step = max(1, memberships.count() // 40)
for membership in list(memberships[::step])[:40]:
    token, created = Token.objects.get_or_create(user=membership.user)
    members.append({"user": membership.user.username, "token": token.key,
                    "collectivite": membership.collectivite_id, "token_created": created})
busy = Topic.objects.annotate(n=Count("posts")).order_by("-n")
topics = list(busy.values_list("pk", flat=True)[:50])
queries = ["status=published", "status=published&nature=travaux",
           "status=published&ordering=response_deadline", "status=published&cpv=45",
           "status=published&q=voirie"]
json.dump({"members": members, "topics": topics, "tender_queries": queries}, open(sys.argv[1], "w"))
"""
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, str(path)], cwd=ROOT, env=environment(args), check=True
    )


def remove_created_tokens(args, fixture: Path) -> None:
    """Delete the API tokens ``write_fixture`` created, leaving the members as they were."""
    script = r"""
import json, sys
import django
django.setup()
from rest_framework.authtoken.models import Token
members = json.load(open(sys.argv[1]))["members"]
keys = [member["token"] for member in members if member["token_created"]]
print(Token.objects.filter(key__in=keys).delete()[0], "bench token(s) deleted")
"""
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, str(fixture)], cwd=ROOT, env=environment(args), check=True
    )


def start_server(args, workers: int, port: int) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--ws", "config.uvicorn_ws:GoingAwayWebSocketProtocol",
        "--ws-max-size", "16777216", "--ws-per-message-deflate", "false",
        "--lifespan", "off", "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=environment(args), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> float | None:
    """SIGTERM as a deploy sends it; seconds until the server exited (None: killed after 30 s)."""
    started = time.monotonic()
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        log("the server was still running 30 s after SIGTERM: SIGKILL")
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        return None
    return round(time.monotonic() - started, 1)


def run_locust(args, user_class: str, port: int, prefix: Path, fixture: Path) -> list[dict]:
    log(f"locust {user_class}: {args.users} users, {args.seconds} s")
    subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.users),
            "-t",
            f"{args.seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            user_class,
        ],
        cwd=ROOT,
        env={**os.environ, "LOAD_FIXTURE": str(fixture)},
        check=False,  # a run with failed requests still writes its figures
    )
    with open(f"{prefix}_stats.csv") as f:
        return [
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "rps": round(float(row["Requests/s"]), 1),
            }
            for row in csv.DictReader(f)
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--tag", default="", help="added to the result files' names")
    args = parser.parse_args()

    RESULTS.mkdir(exist_ok=True)
    date = time.strftime("%Y-%m-%d", time.gmtime())
    fixture = Path(args.data_dir) / "load-fixture.json"
    log("reading members, topics and filters from the database")
    write_fixture(args, fixture)
    try:
        outputs = [run_workers(args, int(w), fixture, date) for w in args.workers.split(",")]
    finally:
        remove_created_tokens(args, fixture)
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(HERE / "report.py"),
            "--chart",
            str(HERE / "throughput.svg"),
            *map(str, outputs),
        ],
        cwd=ROOT,
        check=True,
    )


def run_workers(args, workers: int, fixture: Path, date: str) -> Path:
    """The floor, then the members' mix, against ``workers`` uvicorn workers; the result file."""
    log(f"{workers} worker(s)")
    server = start_server(args, workers, args.port)
    try:
        scratch = Path(args.data_dir) / f"locust-{workers}w"
        floor = run_locust(
            args, "Floor", args.port, scratch.with_name(scratch.name + "-floor"), fixture
        )
        members = run_locust(
            args, "Member", args.port, scratch.with_name(scratch.name + "-members"), fixture
        )
    finally:
        stopped = stop_server(server)
    result = {
        "workers": workers,
        "users": args.users,
        "seconds": args.seconds,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.uname().nodename} · {os.cpu_count()} CPU",
        "load_average": os.getloadavg(),
        "database": args.database_url.rsplit("/", 1)[-1],
        "tag": args.tag,
        "seconds_to_exit_after_sigterm": stopped,
        "floor": floor,
        "members": members,
    }
    tag = f"-{args.tag}" if args.tag else ""
    out = RESULTS / f"{date}{tag}-{workers}w.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return out


if __name__ == "__main__":
    main()
