"""A task enqueued by a real request waits in the database until the worker runs it.

Creating a space through the API saves a Wagtail page, whose search-index update is a task:
``search.tasks.index_object`` (modelsearch's, retried), or, with a backend that queues its
writes (docs/decisions/0020), the drain of the pending index updates. With the database queue,
the page is searchable only once the worker has run, and nothing else has to be started for
that to happen.
"""

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from search.pending import queued_backend_names
from spaces.models import SpacePage

from .worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def search_task_path() -> str:
    if queued_backend_names():
        return "search.tasks.drain_index_writes"
    return "search.tasks.index_object"


def searchable(term: str) -> list[str]:
    return [page.title for page in SpacePage.objects.live().search(term)]


def test_a_request_enqueues_a_task_that_one_worker_pass_runs(
    database_queue, client_for, animator, rennes
):
    response = client_for(animator).post(
        "/api/v1/spaces/",
        {
            "title": "Restauration scolaire",
            "members": [{"collectivite": rennes.pk, "role": "editor"}],
        },
    )
    assert response.status_code == 201, response.json()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.filter(task_path=search_task_path()).exists()
    assert searchable("Restauration") == []

    run_worker()

    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert searchable("Restauration") == ["Restauration scolaire"]
