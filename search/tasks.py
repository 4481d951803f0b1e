"""The search index's background work: draining the pending writes (docs/decisions/0020)."""

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
