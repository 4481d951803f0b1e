"""Index writes through a durable queue: record in the change's transaction, drain in the worker.

A backend configured with ``QUEUE_WRITES`` (the Whoosh backend in settings) does not write its
index when an object is saved or deleted: ``record`` adds a ``PendingIndexUpdate`` row in the
transaction that changes the object, and asks, once that transaction commits, for one drain task
(``search.tasks.drain_index_writes``; one waiting drain is enough, whatever the number of rows).

The drain (``drain``) runs in the task worker. Under the writes lock (one drainer or rebuilder
per machine, waited for up to ``SEARCH_WRITE_TIMEOUT`` seconds, then ``IndexWritesBusy``), it
reads a batch of rows, re-reads their objects from the database (an object that is gone, or no
longer among its model's indexed objects, is deleted from the index), applies the batch to each
index in one commit, then deletes exactly the rows it read. What that guarantees:

- a rollback leaves no row and no index change (nothing is written outside the transaction);
- a process that dies after the commit loses nothing: the row waits for the next drain, and the
  periodic safety drain (``settings.TASK_SCHEDULE``) finds rows whose task never ran;
- a drain that dies between the index commit and the row delete is replayed: indexing replaces
  the document with the same key, so a replay leaves one document, not two;
- rows recorded while a drain runs are not among those it deletes: the next drain takes them.

``direct_backend`` gives the same backend with writes applied at once, which the drain, the
rebuild (``update_index``) and modelsearch's own conformance tests use.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_instance

from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

QUEUE_WRITES = "QUEUE_WRITES"  # the backend option (WAGTAILSEARCH_BACKENDS[name])
DEFAULT_WRITE_TIMEOUT = 30.0  # seconds a drain or rebuild waits for the writes lock
BATCH_SIZE = 500  # rows applied per index commit
MAX_BATCHES = 20  # per drain run; a longer backlog is left to the next run, enqueued at once
LOCK_POLL_SECONDS = 0.05


class IndexWritesBusy(RuntimeError):
    """Another drain or rebuild held the index writes for longer than the timeout."""


# --- Which backends queue their writes --------------------------------------------------------


def queued_backend_names() -> list[str]:
    """The auto-updated backends whose writes go through the queue, from the settings alone."""
    return [
        name
        for name, params in get_app_config().get_search_backend_config().items()
        if params.get(QUEUE_WRITES) and params.get("AUTO_UPDATE", True) is not False
    ]


def has_direct_backends() -> bool:
    """Whether some auto-updated backend writes at once (modelsearch's own behaviour)."""
    return any(
        not params.get(QUEUE_WRITES) and params.get("AUTO_UPDATE", True) is not False
        for params in get_app_config().get_search_backend_config().values()
    )


def direct_backend(name: str = "default"):
    """Backend ``name`` with its writes applied at once, whatever its ``QUEUE_WRITES``."""
    return get_search_backend(name, **{QUEUE_WRITES: False})


class QueuedWritesMixin:
    """For a modelsearch backend class: ``QUEUE_WRITES: True`` turns its writes into rows.

    Every caller of ``add``/``add_bulk``/``delete`` is covered this way, not only the save and
    delete signals: Wagtail's image and document forms, for one, call
    ``index.insert_or_update_object`` directly.
    """

    def __init__(self, params):
        super().__init__(params)
        self.queue_writes = bool(params.get(QUEUE_WRITES, False))

    def add(self, obj):
        if self.queue_writes:
            record([obj], PendingIndexUpdate.Op.ADD)
        else:
            super().add(obj)

    def add_bulk(self, model, obj_list):
        if self.queue_writes:
            record(obj_list, PendingIndexUpdate.Op.ADD)
        else:
            super().add_bulk(model, obj_list)

    def delete(self, obj):
        if self.queue_writes:
            record([obj], PendingIndexUpdate.Op.DELETE)
        else:
            super().delete(obj)


# --- Recording ---------------------------------------------------------------------------------


def record(objs: Iterable[models.Model], op: str) -> int:
    """Note ``objs`` as changed, in the caller's transaction; a drain follows its commit."""
    rows = [
        PendingIndexUpdate(model_label=obj._meta.label, object_pk=str(obj.pk), op=op)
        for obj in objs
        if obj.pk is not None
    ]
    if not rows:
        return 0
    PendingIndexUpdate.objects.bulk_create(rows)
    drain_on_commit()
    return len(rows)


def drain_on_commit() -> None:
    """Ask for a drain when the current transaction commits: once per transaction.

    A demo load saves hundreds of objects in one transaction; one callback is enough. The check
    looks at the callbacks still registered, so a rolled-back savepoint that took ours away
    lets the next change register it again.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is enqueue_drain for _, func, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(enqueue_drain, robust=True)


def enqueue_drain() -> bool:
    """Enqueue a drain unless one already waits to run now; True if one was enqueued.

    A drain already running does not count: it may have read its rows before ours committed.
    """
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .tasks import drain_index_writes

    backend = drain_index_writes.get_backend()
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.ready().filter(
            backend_name=backend.alias, task_path=drain_index_writes.module_path
        )
        if waiting.exists():
            return False
    drain_index_writes.enqueue()
    return True


# --- Draining ----------------------------------------------------------------------------------


def write_timeout() -> float:
    return float(getattr(settings, "SEARCH_WRITE_TIMEOUT", DEFAULT_WRITE_TIMEOUT))


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "search-index-writes.lock"


@contextlib.contextmanager
def writes_lock(timeout: float | None = None) -> Iterator[None]:
    """Hold the index writes (one drain or rebuild on this machine) for the ``with`` block.

    A file lock, because drains run in worker processes and rebuilds in ``manage.py``: the
    Whoosh index is on this machine's disk, so this machine's processes are all that can write
    it. Each index commit also takes Whoosh's own lock; this one spans a whole drain or rebuild,
    so that a rebuild does not swap in a copy that misses what a drain applied meanwhile.
    """
    timeout = write_timeout() if timeout is None else timeout
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexWritesBusy(
                        f"The search index is being written by another drain or rebuild "
                        f"(waited {timeout:g} s for {path}); the pending updates stay queued."
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def drain(*, batch_size: int = BATCH_SIZE, max_batches: int = MAX_BATCHES) -> int:
    """Apply pending rows to every queued backend; returns how many rows were applied.

    Rows are deleted even when no backend queues writes any more (the settings changed): a
    backend switch calls for ``update_index`` anyway.
    """
    names = queued_backend_names()
    backends = [direct_backend(name) for name in names]
    applied = 0
    with writes_lock():
        for _ in range(max_batches):
            rows = list(
                PendingIndexUpdate.objects.order_by("id").values_list(
                    "id", "model_label", "object_pk"
                )[:batch_size]
            )
            if not rows:
                return applied
            changes = _read_back(rows)
            for backend in backends:
                _apply(backend, changes)
            forget([row_id for row_id, _, _ in rows])
            applied += len(rows)
            if len(rows) < batch_size:
                return applied
    # The backlog outlasted this run's batches: leave the worker to other tasks, come back.
    enqueue_drain()
    return applied


def forget(row_ids: list[int]) -> None:
    """Delete exactly these rows: the ones applied. Others, recorded meanwhile, stay."""
    for start in range(0, len(row_ids), BATCH_SIZE):
        PendingIndexUpdate.objects.filter(id__in=row_ids[start : start + BATCH_SIZE]).delete()


class Changes:
    """A batch, read back from the database: objects to (re)index and (model, pk) to remove."""

    def __init__(self):
        self.add: list[models.Model] = []
        self.delete: list[tuple[type[models.Model], object]] = []


def _read_back(rows: list[tuple[int, str, str]]) -> Changes:
    pks_by_label: dict[str, set[str]] = defaultdict(set)
    for _, label, pk in rows:
        pks_by_label[label].add(pk)
    changes = Changes()
    for label, raw_pks in pks_by_label.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            logger.warning("Pending index updates for unknown model %s: dropped", label)
            continue
        pks = {model._meta.pk.to_python(pk) for pk in raw_pks}
        _read_model(model, pks, changes)
    return changes


def _read_model(model: type[models.Model], pks: set, changes: Changes) -> None:
    """Indexed objects of ``model`` with these keys, the rest to delete from the index.

    One query for the usual case (the object is its model's indexed object); the others are
    rows saved through a parent class (a page saved as ``Page``), indexed as their specific
    class, or objects no longer indexable, which leave the index.
    """
    found = {obj.pk: obj for obj in model.get_indexed_objects().filter(pk__in=pks)}
    changes.add.extend(found.values())
    rest = pks - set(found)
    if not rest:
        return
    existing = model._default_manager.filter(pk__in=rest)
    for obj in existing:
        indexed = get_indexed_instance(obj)
        if indexed is not None:
            changes.add.append(indexed)
            rest.discard(obj.pk)
    changes.delete.extend((model, pk) for pk in rest)


def _apply(backend, changes: Changes) -> None:
    """Apply a batch to one backend, one commit per index when the index can batch."""
    by_index: dict[object, tuple[object, list, list]] = {}

    def slot(model):
        index = backend.get_index_for_model(model)
        return by_index.setdefault(index.get_key(), (index, [], []))

    for obj in changes.add:
        slot(type(obj))[1].append(obj)
    for model, pk in changes.delete:
        slot(model)[2].append(model(pk=pk))
    for index, add, delete in by_index.values():
        apply_batch = getattr(index, "apply", None)
        if callable(apply_batch):
            apply_batch(add=add, delete=delete)
            continue
        # A backend whose index has no batch seam: modelsearch's per-model calls.
        for model, objs in _group_by_model(add).items():
            index.add_items(model, objs)
        for obj in delete:
            index.delete_item(obj)


def _group_by_model(objs: list[models.Model]) -> dict[type[models.Model], list]:
    grouped: dict[type[models.Model], list] = defaultdict(list)
    for obj in objs:
        grouped[type(obj)].append(obj)
    return grouped
