"""Driving the real task queue from tests: the database backend and one pass of its worker.

Tests that use these need committed data (``django_db(transaction=True)``): the worker closes
connections between tasks as in production, which would roll a test transaction back.
"""

import pytest
from django_tasks_db.management.commands.db_worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Enqueued tasks wait in the database for a worker, as in production."""
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> None:
    """One pass of ``manage.py db_worker``'s own loop (``--batch``): every task ready now runs.

    The loop itself rather than the command: the command installs signal handlers, which only
    the main thread may do, and async tests call this from another thread.
    """
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()
