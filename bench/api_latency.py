"""Latency of the foundation's busiest reads against a running server (run by hand).

    python bench/api_latency.py --base http://127.0.0.1:8000 --requests 400 --concurrency 8

Measures end-to-end latency (client to server and back, on loopback) of the public directory
(first page, search, filter) and of an authenticated ``/me/``. Results go in bench/README.md.
"""

import argparse
import json
import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tqdm import tqdm


def token(base: str, username: str, password: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def timed_get(url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        assert response.status == 200
    return (time.perf_counter() - started) * 1000


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--user", default="referent.rennes")
    parser.add_argument("--password", default="partage-bretagne-2008")
    args = parser.parse_args()

    auth = {"Authorization": f"Token {token(args.base, args.user, args.password)}"}
    cases = {
        "GET /collectivites/": ("/api/v1/collectivites/", {}),
        "GET /collectivites/?search=saint": ("/api/v1/collectivites/?search=saint", {}),
        "GET /collectivites/?departement=29&kind=commune": (
            "/api/v1/collectivites/?departement=29&kind=commune",
            {},
        ),
        "GET /me/ (token)": ("/api/v1/me/", auth),
    }
    print("| endpoint | requests | concurrency | p50 ms | p95 ms | p99 ms | req/s |")
    print("|---|---|---|---|---|---|---|")
    for name, (path, headers) in cases.items():
        url = args.base + path
        timed_get(url, headers)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            jobs = pool.map(timed_get, [url] * args.requests, [headers] * args.requests)
            samples = list(tqdm(jobs, total=args.requests, desc=name, leave=False))
        elapsed = time.perf_counter() - started
        print(
            f"| {name} | {args.requests} | {args.concurrency} | {statistics.median(samples):.1f} "
            f"| {percentile(samples, 0.95):.1f} | {percentile(samples, 0.99):.1f} "
            f"| {args.requests / elapsed:.0f} |"
        )


if __name__ == "__main__":
    main()
