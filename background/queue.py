"""Declaring tasks (retried with backoff) and enqueuing them once the caller's data is committed.

Tasks use the django-tasks API that Wagtail already uses (Django 6's ``django.tasks``
backported); the ``default`` backend is django-tasks-db's database queue, run by
``manage.py db_worker`` (docs/decisions/0010).

Why a wrapper around ``django_tasks.task``: the database backend runs an enqueued task once and
records its failure; it has no retry. ``task`` gives each failed run a successor, enqueued with
``run_after`` at an exponentially growing delay, until ``attempts`` runs have failed. The worker
is never blocked by a wait (no sleeping retry loop), a restart loses no pending retry (it is a
row), and every failed run stays recorded with its error, for superusers to see.

Why enqueue on commit: a task enqueued inside a transaction that later rolls back would act on
data that never existed, and a worker could pick it up before the data it needs is committed.
"""

import functools
import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks import task as django_task
from django_tasks.base import DEFAULT_TASK_PRIORITY, Task

logger = logging.getLogger(__name__)

# The keyword argument that numbers a task's runs (1 for the first); reserved by ``task``.
ATTEMPT = "_attempt"


def retry_delay(attempt: int, *, base_seconds: float, max_seconds: float) -> timedelta:
    """How long after failed run ``attempt`` the next one waits: base × 2^(attempt − 1), capped,
    plus up to 10 % jitter so that tasks failing together (a gateway down) do not retry together.
    """
    seconds = min(base_seconds * 2 ** (attempt - 1), max_seconds)
    return timedelta(seconds=seconds * (1 + 0.1 * random.random()))  # noqa: S311 (not crypto)


def task(
    function: Callable | None = None,
    *,
    attempts: int = 5,
    backoff_seconds: float = 30.0,
    max_backoff_seconds: float = 3600.0,
    retry_on: tuple[type[BaseException], ...] = (Exception,),
    priority: int = DEFAULT_TASK_PRIORITY,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
) -> Task | Callable[[Callable], Task]:
    """Declare a module-level function as a background task, run up to ``attempts`` times.

    A run that raises one of ``retry_on`` is recorded as failed (with its traceback) and, unless
    it was the last attempt, followed by another run ``retry_delay`` later with the same
    arguments, on the task's declared priority and queue. Tasks must therefore be idempotent,
    which they must be anyway: a worker killed in the middle of a run leaves it to be done again.
    Backends that cannot defer a task (the immediate backend of tests) get no retry: the failure
    stands. ``the_task.call(...)`` runs the function at once, in the calling process (a failure
    there is retried through the queue all the same).
    """

    def decorate(func: Callable) -> Task:
        declared: Task

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except retry_on:
                delay = retry_delay(
                    attempt, base_seconds=backoff_seconds, max_seconds=max_backoff_seconds
                )
                _retry_later(
                    declared, args, kwargs, attempt=attempt, attempts=attempts, delay=delay
                )
                raise

        # Bound to the function's own name in its module: workers find the task by that path.
        declared = django_task(run, priority=priority, queue_name=queue_name)
        return declared

    return decorate(function) if function is not None else decorate


def _retry_later(
    task: Task, args: tuple, kwargs: dict, *, attempt: int, attempts: int, delay: timedelta
) -> None:
    if attempt >= attempts:
        if attempts > 1:
            logger.error("Task %s failed %s times: given up", task.module_path, attempt)
        return
    if not task.get_backend().supports_defer:
        return
    try:
        task.using(run_after=timezone.now() + delay).enqueue(
            *args, **kwargs, **{ATTEMPT: attempt + 1}
        )
    except Exception:
        # The queue itself is unreachable: the failed run stays recorded, say why no retry came.
        logger.exception("Task %s: retry %s could not be enqueued", task.module_path, attempt + 1)


def enqueue_on_commit(task: Task, /, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` once the current transaction commits (at once outside a transaction).

    ``robust``: the data is committed by then, so a queue that cannot take the task is logged
    rather than turned into an error for a request that did its work.
    """
    transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs), robust=True)


def attempt_of(kwargs: dict) -> int:
    """The run number recorded in a task's stored keyword arguments (1 for a first run)."""
    return int(kwargs.get(ATTEMPT, 1))
