"""Tender list latency at depth: offset against keyset, on data from generate_national_data.

Run against a database filled by ``manage.py generate_national_data --scale S``:

    DATABASE_URL=postgres://… SECRET_KEY=x .venv/bin/python bench/national/tender_pages.py

Through Django's test client (the whole view stack, no network) as an anonymous visitor:
the first page, the deepest page number the API accepts (500 at most: offset 9 980), and a
keyset page near the end of the list (a cursor built from the row there). Then the same two
depths as bare SQL: ``OFFSET`` to the end of the list against the keyset ``WHERE``.
Prints median and p95 in milliseconds over ``--repeat`` runs (after one warm-up).
"""

import argparse
import base64
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402

from tenders.models import Tender  # noqa: E402
from tenders.rules import public_q  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def cursor_for(row: Tender) -> str:
    data = {"o": ["-published_at", "-id"], "v": [row.published_at.isoformat(), row.pk], "b": False}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    public = Tender.objects.filter(public_q())
    total = public.count()
    ordered = public.order_by(F("published_at").desc(nulls_first=True), F("id").desc())
    deep_row = ordered[total - 21]
    url = "/api/v1/tenders/?page_size=20"
    last_page = (min(total, 10_000) + 19) // 20  # the deepest page number the API accepts

    def get(path: str):
        def fetch():
            response = client.get(path, secure=True)
            assert response.status_code == 200, response.content[:300]

        return fetch

    print(f"tenders: {Tender.objects.count()} ({total} public)")
    rows = [
        ("HTTP first page", get(url)),
        (f"HTTP page {last_page} (offset {(last_page - 1) * 20})", get(f"{url}&page={last_page}")),
        (f"HTTP keyset page at row {total - 20}", get(url + "&cursor=" + cursor_for(deep_row))),
        ("SQL OFFSET to the end", lambda: list(ordered[total - 21 : total - 1])),
        (
            "SQL keyset to the end",
            lambda: list(
                ordered.filter(published_at__lte=deep_row.published_at).exclude(
                    published_at=deep_row.published_at, id__gte=deep_row.pk
                )[:20]
            ),
        ),
    ]
    for name, fn in rows:
        p50, p95 = timed(fn, args.repeat)
        print(f"{name:40s} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")


if __name__ == "__main__":
    main()
