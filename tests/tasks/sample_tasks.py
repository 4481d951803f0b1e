"""Tasks the queue's tests enqueue: a flaky one and one that always fails."""

from background.queue import task

# Runs so far, by key: the worker runs in the test's process.
runs: dict[str, int] = {}


@task(attempts=3, backoff_seconds=30.0)
def flaky(key: str, *, fail_times: int) -> int:
    """Fails its first ``fail_times`` runs, then returns the number of runs."""
    runs[key] = runs.get(key, 0) + 1
    if runs[key] <= fail_times:
        raise ConnectionError(f"passerelle injoignable ({runs[key]})")
    return runs[key]


@task(attempts=1)
def always_fails(reason: str) -> None:
    raise ValueError(reason)
