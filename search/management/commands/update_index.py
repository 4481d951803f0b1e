"""``update_index``: rebuild every search index from the database, atomically, with progress.

Wagtail's ``update_index`` is modelsearch's ``rebuild_modelsearch_index``; this one (listed
first in ``INSTALLED_APPS``, so it wins the name) keeps its options and its per-index rebuilder
(the Whoosh backend builds a new generation and switches to it; the database backends rebuild
in a transaction), and changes three things (docs/decisions/0020):

- a progress bar per model (tqdm, on a terminal) and one line per model with its count,
  instead of a dot per chunk;
- it reads each model in primary-key order by key ranges, outside a transaction: modelsearch's
  chunking holds one open transaction per model, which on SQLite blocks every other writer of
  the platform for as long as the model takes to index;
- with a backend that queues its writes, it holds the index writes lock for the rebuild (drains
  wait, their rows kept) and then deletes the pending rows recorded before it started reading,
  which it has covered. Rows recorded meanwhile stay for the next drain.

Objects created without signals (``bulk_create``, raw SQL, a restored dump) are indexed only by
this command; ``make run`` runs it after loading the demo.
"""

import time

from django.core.management.base import CommandError
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
from tqdm import tqdm

from search import pending
from search.models import PendingIndexUpdate


class _Stream:
    """A command's output wrapper as tqdm's file: no added newline, no error colouring."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, style_func=lambda plain: plain, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()


def key_chunks(queryset, chunk_size: int):
    """The queryset in primary-key order, ``chunk_size`` objects at a time, by key ranges."""
    queryset = queryset.order_by("pk")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        chunk = list(page[:chunk_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


class Command(RebuildCommand):
    help = (
        "Reconstruit les index de recherche à partir de la base (toutes les données, y compris "
        "celles créées sans signal), avec une barre de progression par modèle."
    )

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        configured = list(get_app_config().get_search_backend_config())
        names = [options["backend_name"]] if options["backend_name"] else configured
        unknown = [name for name in names if name not in configured]
        if unknown:
            raise CommandError(f"Moteur de recherche inconnu : {', '.join(unknown)}")
        queued = set(pending.queued_backend_names())
        started = time.monotonic()
        with pending.writes_lock():
            # Taken before anything is read: every change these rows stand for is committed,
            # so the rebuild sees it. A row not yet committed now is not among them.
            covered = list(PendingIndexUpdate.objects.values_list("id", flat=True))
            for name in names:
                self.update_backend(
                    name, schema_only=options["schema_only"], chunk_size=options["chunk_size"]
                )
            if queued and queued <= set(names) and not options["schema_only"]:
                pending.forget(covered)
        if queued and PendingIndexUpdate.objects.exists():
            pending.enqueue_drain()
        self.write(f"Index reconstruits en {time.monotonic() - started:.1f} s.")

    def update_backend(self, backend_name, schema_only=False, chunk_size=1000):
        backend = pending.direct_backend(backend_name)
        if not backend.rebuilder_class:
            self.write(f"{backend_name} : rien à reconstruire (ce moteur lit la base)")
            return
        total = 0
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            rebuilder = backend.rebuilder_class(index)
            building = rebuilder.start()
            try:
                for model in models:
                    building.add_model(model)
                if not schema_only:
                    for model in models:
                        total += self.index_model(backend_name, building, model, chunk_size)
                rebuilder.finish()
            except BaseException:
                abort = getattr(rebuilder, "abort", None)
                if abort is not None:
                    abort()
                raise
        self.write(f"{backend_name} : {total} objets indexés")

    def index_model(self, backend_name: str, building, model, chunk_size: int) -> int:
        label = model._meta.label
        objects = model.get_indexed_objects()
        with tqdm(
            total=objects.count(),
            desc=f"{backend_name} : {label}",
            unit=" obj",
            file=_Stream(self.stderr),
            disable=None if self.verbosity else True,  # None: drawn on a terminal only
            leave=False,
            mininterval=0,  # a frame per chunk: a few hundred at most
        ) as bar:
            count = 0
            for chunk in key_chunks(objects, chunk_size):
                building.add_items(model, chunk)
                count += len(chunk)
                bar.update(len(chunk))
        self.write(f"{backend_name} : {label} — {count}")
        return count
