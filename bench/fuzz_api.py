"""Schemathesis over every operation of /api/v1/schema/, for minutes, as every identity.

    SECRET_KEY=bench .venv/bin/python bench/fuzz_api.py --minutes 10

Runs the CI fuzz tests (tests/api/test_fuzz.py) with a long budget instead of a short one:
random generation from a seed (``--seed``, random if not given, printed) with shrinking, every
identity (anonymous, superuser, animator, buyer, member, company), each once over every
operation on its own (stateless) and once along the links schemathesis infers (stateful), the
time split evenly among the twelve runs. Every failure is collected, not only the first of an
operation. Progress lines as it goes; at the end a summary (operations, requests, answers by
status class, links followed, failures by check and the first message of each failing
operation × check) on stdout and in ``--out`` (JSON).

The database is the tests' (SQLite under ``DATA_DIR`` by default, PostgreSQL if
``DATABASE_URL`` is set, as for pytest). Exit status 1 if anything failed.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/api/test_fuzz.py"
KINDS = {
    "stateless": "test_every_answer_is_documented",
    "stateful": "test_chains_of_operations_answer_as_documented",
}
IDENTITIES = ["anonymous", "superuser", "animator", "buyer", "member", "company"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="total fuzzing time")
    parser.add_argument("--seed", type=int, default=None, help="random if not given")
    parser.add_argument("--examples", type=int, default=10, help="per operation per round")
    parser.add_argument("--scenarios", type=int, default=50, help="per stateful round")
    parser.add_argument("--steps", type=int, default=8, help="max steps per scenario")
    parser.add_argument("--identity", action="append", choices=IDENTITIES, help="repeatable")
    parser.add_argument("--kind", action="append", choices=list(KINDS), help="repeatable")
    parser.add_argument("--out", type=Path, default=Path("fuzz-api-summary.json"))
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    identities = args.identity or IDENTITIES
    kinds = args.kind or list(KINDS)
    runs = len(identities) * len(kinds)
    seconds = args.minutes * 60 / runs
    print(
        f"fuzz_api: seed {seed}, {runs} runs of {seconds:.0f} s"
        f" ({', '.join(kinds)} × {', '.join(identities)})",
        flush=True,
    )
    stats_dir = Path(tempfile.mkdtemp(prefix="fuzz-api-"))
    env = {
        **os.environ,
        "FUZZ_SEED": str(seed),
        "FUZZ_SECONDS": str(seconds),
        "FUZZ_EXAMPLES": str(args.examples),
        "FUZZ_SCENARIOS": str(args.scenarios),
        "FUZZ_STEPS": str(args.steps),
        "FUZZ_STATS": str(stats_dir),
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "0"),
        "DATA_DIR": os.environ.get("DATA_DIR", str(stats_dir / "data")),
    }
    tests = [f"{TEST}::{KINDS[kind]}[{identity}]" for kind in kinds for identity in identities]
    started = time.monotonic()
    # -s: the tests' progress lines; Django's log of every 4xx goes to stderr, dropped.
    command = [sys.executable, "-m", "pytest", *tests, "-q", "-s", "--tb=line"]
    subprocess.run(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL, check=False)  # noqa: S603
    summary = summarize(stats_dir, seed, time.monotonic() - started, args)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print_summary(summary)
    print(f"summary: {args.out}")
    return 1 if summary["failures"] or summary["missing_runs"] else 0


def summarize(stats_dir: Path, seed: int, elapsed: float, args) -> dict:
    runs = [json.loads(path.read_text()) for path in sorted(stats_dir.glob("*.json"))]
    statuses, failures, per_run, failing, errors = Counter(), Counter(), [], {}, {}
    operations, reached = set(), set()
    for run in runs:
        statuses.update(run["statuses"])
        failures.update(run["failures"])
        operations.update(run["operations"])
        reached.update(run["reached"])
        for kind, message in run["errors"].items():
            errors.setdefault(f"{run['identity']} ({run['kind']}): {kind}", message)
        for key, message in run["failing"].items():
            failing.setdefault(key, {"as": [], "message": message})["as"].append(
                f"{run['identity']} ({run['kind']})"
            )
        per_run.append(
            {
                key: run[key]
                for key in ("kind", "identity", "seconds", "rounds", "requests", "failures")
            }
            | {
                "operations": len(run["operations"]),
                "reached_2xx": len(run["reached"]),
                "links_followed": run["links_followed"],
                "links_2xx": run["links_ok"],
            }
        )
    expected = len(args.identity or IDENTITIES) * len(args.kind or KINDS)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "seed": seed,
        "minutes": round(elapsed / 60, 1),
        "database": "postgresql" if os.environ.get("DATABASE_URL") else "sqlite",
        "budget": {"examples": args.examples, "scenarios": args.scenarios, "steps": args.steps},
        "operations": len(operations),
        "operations_2xx": len(reached),
        "requests": sum(run["requests"] for run in runs),
        "statuses": dict(sorted(statuses.items())),
        "links_followed": sum(run["links_followed"] for run in runs),
        "links_2xx": sum(run["links_ok"] for run in runs),
        "failures": dict(failures),
        "failing": failing,
        "errors": errors,
        "runs": per_run,
        "missing_runs": expected - len(runs),
    }


def print_summary(summary: dict) -> None:
    print(
        f"\n{summary['minutes']} min, seed {summary['seed']}, {summary['database']}:"
        f" {summary['requests']} requests over {summary['operations']} operations"
        f" ({summary['operations_2xx']} answered 2xx at least once),"
        f" statuses {summary['statuses']},"
        f" links followed {summary['links_followed']} ({summary['links_2xx']} in 2xx)"
    )
    print(
        f"{'kind':10} {'identity':10} {'s':>5} {'rounds':>6} {'requests':>8} {'ops':>4} {'2xx':>4}"
        f" {'links':>9} failures"
    )
    for run in summary["runs"]:
        links = f"{run['links_2xx']}/{run['links_followed']}"
        print(
            f"{run['kind']:10} {run['identity']:10} {run['seconds']:5.0f} {run['rounds']:6}"
            f" {run['requests']:8} {run['operations']:4} {run['reached_2xx']:4} {links:>9}"
            f" {sum(run['failures'].values())}"
        )
    if summary["missing_runs"]:
        print(f"{summary['missing_runs']} run(s) wrote no figures (crashed? see pytest's output)")
    print(f"failures by check: {summary['failures'] or 'none'}")
    for key, message in summary["errors"].items():
        print(f"run error (the fuzzer's, not the API's): {key}: {message[:300]}")
    for key, found in summary["failing"].items():
        print(f"\n- {key} — as {', '.join(found['as'])}\n  {found['message'][:600]}")


if __name__ == "__main__":
    sys.exit(main())
