"""Search benchmark, one command: Whoosh then PostgreSQL on the same 100 000 documents.

    SECRET_KEY=bench .venv/bin/python bench/search/run.py [--documents 100000] [--tag x]

Each target starts from scratch in its own process (measure.py): Whoosh with the embedded
defaults (SQLite and the index in a fresh DATA_DIR under /tmp), PostgreSQL with a fresh database
``e_partage_bench_search`` and ``SEARCH_BACKEND=postgres``. Results go to bench/search/results/
(``<date>-<target>-<documents>[-<tag>].json``), a table to stdout, the chart to
bench/search/latency.svg (bench/search/report.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "e_partage_bench_search"


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", sql], check=True)  # noqa: S603,S607


def environment(target: str) -> dict[str, str]:
    data_dir = Path(f"/tmp/bench-search-{target}")  # noqa: S108 -- scratch space of a bench
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "DATA_DIR": str(data_dir),
        "SEARCH_BACKEND": target,
        "TASKS_BACKEND": "immediate",
    }
    env.pop("DATABASE_URL", None)
    if target == "postgres":
        psql(f'drop database if exists "{PG_DATABASE}" with (force)')
        psql(f'create database "{PG_DATABASE}"')
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--targets", default="whoosh,postgres")
    parser.add_argument("--tag", default="")
    args = parser.parse_args()

    date = time.strftime("%Y-%m-%d", time.gmtime())
    outputs = []
    for target in args.targets.split(","):
        name = f"{date}-{target}-{args.documents}" + (f"-{args.tag}" if args.tag else "")
        out = HERE / "results" / f"{name}.json"
        print(f"=== {target}: {args.documents} documents", flush=True)
        label = {"whoosh": "Whoosh (SQLite)", "postgres": "PostgreSQL full-text"}[target]
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(HERE / "measure.py"),
                f"--documents={args.documents}",
                f"--rounds={args.rounds}",
                f"--label={label}",
                f"--out={out}",
            ],
            env=environment(target),
            cwd=ROOT,
            check=True,
        )
        outputs.append(str(out))
    subprocess.run(  # noqa: S603
        [sys.executable, str(HERE / "report.py"), "--chart", str(HERE / "latency.svg"), *outputs],
        cwd=ROOT,
        check=True,
    )


if __name__ == "__main__":
    main()
