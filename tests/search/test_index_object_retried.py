"""With a backend that writes at once, a save's index write is a task that is retried.

modelsearch's ``insert_or_update_object_task`` runs once: a failed run (a deadlock, a lock
timeout, the database restarting) left the object stale in the index until its next save.
``search.tasks.index_object`` is the same write declared with ``background.queue.task``. The
Whoosh backend without ``QUEUE_WRITES`` writes at once, as ``SEARCH_BACKEND=postgres`` does,
so these tests run on both CI legs.
"""

import pytest
from django.db import OperationalError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from modelsearch import index
from wagtail.documents.models import Document
from wagtail.models import Collection

from background.queue import ATTEMPT
from search import pending
from search.tasks import index_object
from tests.tasks.test_queue import make_due
from tests.tasks.worker import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def direct_whoosh(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.TASKS = DATABASE_QUEUE
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.whoosh", "PATH": str(tmp_path / "index")}
    }
    if Collection.get_first_root_node() is None:  # a transactional test's flush removed it
        Collection.add_root(name="Root")
    assert pending.has_direct_backends() and not pending.queued_backend_names()


def found(words: str) -> list[str]:
    return sorted(doc.title for doc in Document.objects.search(words))


def index_runs() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=index_object.module_path).order_by("enqueued_at")
    )


def test_an_index_write_that_fails_is_retried_until_the_object_is_found(monkeypatch):
    write = index.insert_or_update_object
    calls = []

    def fails_once(instance):
        calls.append(instance.pk)
        if len(calls) == 1:
            raise OperationalError("deadlock detected")
        write(instance)

    monkeypatch.setattr(index, "insert_or_update_object", fails_once)
    document = Document.objects.create(title="Gravillons roulés", file="documents/piece.pdf")
    (first,) = index_runs()
    assert first.args_kwargs["args"] == ["wagtaildocs", "document", str(document.pk)]

    run_worker()
    first, retry = index_runs()
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "django.db.utils.OperationalError"
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["kwargs"] == {ATTEMPT: 2}
    assert found("gravillons") == []

    make_due(retry)
    run_worker()
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL
    assert calls == [document.pk, document.pk]
    assert found("gravillons") == ["Gravillons roulés"]


def test_an_object_deleted_before_its_turn_is_nothing_to_index():
    document = Document.objects.create(title="Gravillons roulés", file="documents/piece.pdf")
    document.delete()

    run_worker()
    (run,) = index_runs()
    assert run.status == TaskResultStatus.SUCCESSFUL
    assert found("gravillons") == []
