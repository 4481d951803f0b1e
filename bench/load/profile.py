"""One request of the load mix at a time: its time, its queries and where its Python goes.

    SECRET_KEY=bench DATA_DIR=/tmp/load-data SEARCH_BACKEND=whoosh \
        DATABASE_URL=postgres://…/e_partage_national \
        .venv/bin/python bench/load/profile.py [--repeat 20] [--only tenders] [--profile DIR]

Same database, index and members as bench/load/run.py (the fixture it wrote in ``DATA_DIR``, or
one written here), the same URLs as the locustfile, through Django's test client in this
process (the whole Django stack: middleware, DRF, token authentication; no ASGI server, no
network). Per endpoint: median and p95 wall time over ``--repeat`` requests after one warm-up,
the median CPU time of this process (the Python side, which a shared machine's other work
does not inflate the way it inflates wall time), the number of SQL queries and the time spent
waiting for them. ``--profile DIR`` also writes a pyinstrument HTML and text profile per endpoint
(``pip install pyinstrument``: a bench tool, not a dependency). ``--queries`` prints each
endpoint's SQL with its time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TASKS_BACKEND", "immediate")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

WORD = "voirie"


def fixture() -> dict:
    path = Path(settings.DATA_DIR) / "load-fixture.json"
    if not path.exists():
        raise SystemExit(f"{path} missing: run bench/load/run.py once (it writes it)")
    return json.loads(path.read_text())


def endpoints(data: dict) -> dict[str, str]:
    topic = data["topics"][0]
    return {
        "floor: health": "/api/v1/health/",
        "tenders: list, filtered": "/api/v1/tenders/?status=published",
        "tenders: list, nature": "/api/v1/tenders/?status=published&nature=travaux",
        "tenders: list, deadline": "/api/v1/tenders/?status=published&ordering=response_deadline",
        "tenders: list, cpv": "/api/v1/tenders/?status=published&cpv=45",
        "tenders: list, q": "/api/v1/tenders/?status=published&q=voirie",
        "tenders: next page (cursor)": "NEXT",
        "forum: topic": f"/api/v1/forums/topics/{topic}/",
        "forum: topic posts": f"/api/v1/forums/topics/{topic}/posts/",
        "library: search": f"/api/v1/library/pages/?q={WORD}",
        "search: everything": f"/api/v1/search/?q={WORD}",
        "my drafts": "/api/v1/drafts/",
        "my acts": "/api/v1/acts/",
    }


class QueryLog:
    def __init__(self) -> None:
        self.entries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.entries.append((time.perf_counter() - started, sql))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="endpoints whose name contains this")
    parser.add_argument("--profile", default="", help="directory for pyinstrument profiles")
    parser.add_argument("--queries", action="store_true", help="print each endpoint's SQL")
    parser.add_argument("--member", type=int, default=0, help="index in the fixture's members")
    args = parser.parse_args()

    data = fixture()
    member = data["members"][args.member]
    client = Client(HTTP_AUTHORIZATION=f"Token {member['token']}", HTTP_HOST="127.0.0.1")
    urls = endpoints(data)
    first = client.get(urls["tenders: list, filtered"])
    urls["tenders: next page (cursor)"] = first.json()["next"]

    print(f"member {member['user']} (collectivité {member['collectivite']})")
    print("| endpoint | status | p50 ms | p95 ms | CPU ms p50 | queries | SQL ms (p50 request) |")
    print("|---|---|---|---|---|---|---|")
    for name, url in urls.items():
        if args.only and args.only not in name:
            continue
        client.get(url)  # warm up
        samples, cpu, logs = [], [], []
        for _ in range(args.repeat):
            log = QueryLog()
            with connection.execute_wrapper(log):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            logs.append(log)
        median = statistics.median(samples)
        middle = logs[sorted(range(len(samples)), key=samples.__getitem__)[len(samples) // 2]]
        sql_ms = sum(t for t, _ in middle.entries) * 1000
        print(
            f"| {name} | {response.status_code} | {median:.1f} | "
            f"{percentile(samples, 0.95):.1f} | {statistics.median(cpu):.1f} | "
            f"{len(middle.entries)} | {sql_ms:.1f} |"
        )
        if args.queries:
            for spent, sql in middle.entries:
                print(f"    {spent * 1000:7.2f} ms  {sql[:400]}")
        if args.profile:
            from pyinstrument import Profiler

            out = Path(args.profile)
            out.mkdir(parents=True, exist_ok=True)
            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(args.repeat):
                    client.get(url)
            slug = "".join(c if c.isalnum() else "-" for c in name)
            (out / f"{slug}.html").write_text(profiler.output_html())
            (out / f"{slug}.txt").write_text(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
