"""The search index's background work: draining the pending writes (docs/decisions/0020), and
indexing a saved object for the backends that write at once."""

from django.apps import apps
from modelsearch import index

from background.queue import task

from . import pending


@task(attempts=5, backoff_seconds=10.0, max_backoff_seconds=300.0)
def drain_index_writes() -> int:
    """Apply the pending index updates; enqueued after each commit that records some, and
    periodically (``settings.TASK_SCHEDULE``) for rows whose task was lost.

    A run that finds the writes lock taken fails with ``IndexWritesBusy`` and is retried later;
    its rows wait in the table meanwhile, so nothing depends on the retry arriving.
    """
    return pending.drain()


@task(attempts=5, backoff_seconds=10.0, max_backoff_seconds=300.0)
def index_object(app_label: str, model_name: str, pk: str) -> None:
    """Index a saved object in the backends that write at once (``SEARCH_BACKEND=postgres``).

    modelsearch's own ``insert_or_update_object_task`` does the same once: a run that fails (a
    lock timeout, a deadlock, the database restarting) leaves the object stale in the index
    until its next save or ``update_index``. This one is retried with backoff. An object
    deleted before its turn has nothing to index: its ``post_delete`` took it out already.
    """
    model = apps.get_model(app_label, model_name)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is not None:
        index.insert_or_update_object(instance)
