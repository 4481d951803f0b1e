"""One backend, one process: load the documents, index them, time the queries; JSON out.

Called by run.py with the target's environment (SEARCH_BACKEND, DATABASE_URL, DATA_DIR); the
settings are read once per process, hence one process per backend.

    python bench/search/measure.py --documents 100000 --out result.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.search.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from tqdm import tqdm  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from bench.search.corpus import AUTOCOMPLETES, SEARCHES, documents  # noqa: E402
from bench.search.models import BenchDocument  # noqa: E402

COLLECTIVITES = 300
CHUNK = 1000


def load(count: int) -> float:
    """Create the table and its ``count`` documents (not timed as indexing); seconds taken."""
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:
        if BenchDocument._meta.db_table not in connection.introspection.table_names():
            editor.create_model(BenchDocument)
    have = BenchDocument.objects.count()
    if have != count:
        BenchDocument.objects.all().delete()
        batch = []
        for doc in tqdm(documents(count, COLLECTIVITES), total=count, desc="documents"):
            batch.append(BenchDocument(**doc))
            if len(batch) == 2000:
                BenchDocument.objects.bulk_create(batch)
                batch = []
        BenchDocument.objects.bulk_create(batch)
    return time.perf_counter() - started


def index_all(backend) -> float:
    """Rebuild the model's index as ``update_index`` does, chunk by chunk; seconds taken."""
    started = time.perf_counter()
    index = backend.get_index_for_model(BenchDocument)
    rebuilder = backend.rebuilder_class(index)
    index = rebuilder.start()
    index.add_model(BenchDocument)
    total = BenchDocument.objects.count()
    queryset = BenchDocument.objects.order_by("pk")
    with tqdm(total=total, desc="indexing", unit="doc") as bar:
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last)[:CHUNK])
            if not chunk:
                break
            index.add_items(BenchDocument, chunk)
            last = chunk[-1].pk
            bar.update(len(chunk))
    rebuilder.finish()
    backend.refresh_indexes()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": at(0.95),
        "max": round(ordered[-1], 1),
    }


def permitted(rng: random.Random):
    """A member of three collectivités: public documents and those of their collectivités."""
    mine = rng.sample(range(COLLECTIVITES), 3)
    return BenchDocument.objects.filter(Q(public=True) | Q(collectivite_id__in=mine))


def write_one(backend, rng: random.Random) -> None:
    """Re-index one document, as saving it does: on Whoosh a new segment and a reopened
    searcher for the next search (search/backends/whoosh/searchers.py)."""
    document = BenchDocument.objects.get(pk=rng.randint(1, BenchDocument.objects.count()))
    backend.get_index_for_model(BenchDocument).add_item(document)


def time_queries(backend, rounds: int) -> dict:
    rng = random.Random(7)  # noqa: S311 -- reproducible users, not secrets
    timings = {"search_page": [], "search_page_count": [], "autocomplete_page": []}
    # The first search after a write (the write itself not timed).
    timings["search_page_after_write"] = []
    for query in SEARCHES:
        write_one(backend, rng)
        started = time.perf_counter()
        list(backend.search(query, permitted(rng))[:20])
        timings["search_page_after_write"].append((time.perf_counter() - started) * 1000)
    hits = []
    # Warm-up: the searcher is opened and cached, the database's pages are in memory.
    for query in SEARCHES:
        list(backend.search(query, permitted(rng))[:20])
    for _ in tqdm(range(rounds), desc="queries"):
        for query in SEARCHES:
            queryset = permitted(rng)
            started = time.perf_counter()
            page = list(backend.search(query, queryset)[:20])
            middle = time.perf_counter()
            hits.append(backend.search(query, queryset).count())
            ended = time.perf_counter()
            timings["search_page"].append((middle - started) * 1000)
            timings["search_page_count"].append((ended - started) * 1000)
            assert len(page) <= 20
        for prefix in AUTOCOMPLETES:
            queryset = permitted(rng)
            started = time.perf_counter()
            list(backend.autocomplete(prefix, queryset)[:10])
            timings["autocomplete_page"].append((time.perf_counter() - started) * 1000)
    result = {name: percentiles(samples) for name, samples in timings.items()}
    result["hits_per_search"] = {"p50": statistics.median(hits), "max": max(hits)}
    return result


def explain(backend) -> str | None:
    """PostgreSQL's plan for one filtered search, unforced, at full size."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        results = backend.search("rénovation énergétique", permitted(random.Random(1)))  # noqa: S311
        sql, params = results[:20].get_queryset().query.sql_with_params()
        cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--label", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    backend = get_search_backend()
    load_s = load(args.documents)
    index_s = index_all(backend)
    plan = explain(backend)
    queries = time_queries(backend, args.rounds)
    result = {
        "label": args.label,
        "backend": f"{type(backend).__module__}.{type(backend).__name__}",
        "database": connection.vendor,
        "documents": args.documents,
        "load_s": round(load_s, 1),
        "index_s": round(index_s, 1),
        "index_docs_per_s": round(args.documents / index_s),
        **queries,
        "plan": plan,
        "gin_index_used": None if plan is None else "search_indexentry_title_body_gin" in plan,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.node()} · {os.cpu_count()} CPU · {platform.python_version()}",
        "load_average": os.getloadavg(),
        "settings": {"SEARCH_BACKEND": settings.SEARCH_BACKEND},
    }
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k != "plan"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
