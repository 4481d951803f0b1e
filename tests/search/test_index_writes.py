"""Index writes go through the pending-updates table and the task worker (docs/decisions/0020).

The tests commit for real (``transaction=True``): what is under test is what a commit, a
rollback and the worker's own loop do. Documents are the indexed objects: Wagtail indexes them,
and they need nothing else to exist.
"""

import threading
import time

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.documents.models import Document
from wagtail.models import Collection
from whoosh import index as whoosh_index

from search import pending
from search.models import PendingIndexUpdate
from search.tasks import drain_index_writes
from tests.tasks.worker import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

WHOOSH = "search.backends.whoosh"
DRAIN = drain_index_writes.module_path


def use_queued_whoosh(settings, directory) -> None:
    """The Whoosh backend in a fresh directory, its writes queued, the task queue in the
    database: as in production, nothing is applied until a drain runs."""
    settings.DATA_DIR = directory  # the writes lock lives there
    settings.TASKS = DATABASE_QUEUE
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": WHOOSH, "PATH": str(directory / "index"), "QUEUE_WRITES": True}
    }
    if Collection.get_first_root_node() is None:  # a transactional test's flush removed it
        Collection.add_root(name="Root")


@pytest.fixture
def queued_search(settings, tmp_path):
    use_queued_whoosh(settings, tmp_path)


def document(title: str) -> Document:
    return Document.objects.create(title=title, file="documents/piece.pdf")


def found(words: str) -> list[str]:
    return sorted(doc.title for doc in Document.objects.search(words))


def index_documents() -> int:
    """How many documents the Whoosh index of ``Document`` holds (duplicates would count).

    Read from a freshly opened index, not the process's cached searcher.
    """
    live = pending.direct_backend().get_index_for_model(Document).storage.current_dir()
    return whoosh_index.open_dir(str(live)).doc_count() if live else 0


def drains(status=None) -> list[DBTaskResult]:
    runs = DBTaskResult.objects.filter(task_path=DRAIN)
    return list(runs.filter(status=status) if status else runs)


def test_the_row_is_written_in_the_changes_transaction_and_a_rollback_leaves_nothing(
    queued_search,
):
    with pytest.raises(RuntimeError), transaction.atomic():
        document("Marché de fournitures scolaires")
        assert list(PendingIndexUpdate.objects.values_list("model_label", "op")) == [
            ("wagtaildocs.Document", "add")
        ]
        raise RuntimeError("the request fails after saving")

    assert not PendingIndexUpdate.objects.exists()
    pending.drain()
    assert index_documents() == 0


def test_a_commit_enqueues_one_drain_that_the_worker_runs(queued_search):
    with transaction.atomic():
        for title in ("Énergie des bâtiments", "Énergie renouvelable", "Voirie communale"):
            document(title)
    assert PendingIndexUpdate.objects.count() == 3
    assert len(drains(TaskResultStatus.READY)) == 1  # one drain for the whole transaction
    assert index_documents() == 0  # nothing written in the request

    run_worker()

    assert [run.status for run in drains()] == [TaskResultStatus.SUCCESSFUL]
    assert found("energie") == ["Énergie des bâtiments", "Énergie renouvelable"]
    assert not PendingIndexUpdate.objects.exists()


def test_a_waiting_drain_is_enough_but_a_running_one_is_not(queued_search):
    document("Cantine")
    document("Piscine")
    assert len(drains(TaskResultStatus.READY)) == 1
    DBTaskResult.objects.filter(task_path=DRAIN).update(status=TaskResultStatus.RUNNING)
    document("Médiathèque")  # the running drain may have read its rows already
    assert len(drains(TaskResultStatus.READY)) == 1


def test_a_delete_removes_the_object_from_the_index(queued_search):
    kept, deleted = document("Plan climat"), document("Plan vélo")
    run_worker()
    assert found("plan") == ["Plan climat", "Plan vélo"]

    deleted.delete()
    assert PendingIndexUpdate.objects.get().op == "delete"
    run_worker()

    assert found("plan") == [kept.title]
    assert not PendingIndexUpdate.objects.exists()


def test_an_update_replaces_the_indexed_text(queued_search):
    doc = document("Règlement de consultation")
    run_worker()
    doc.title = "Cahier des clauses techniques"
    doc.save()
    run_worker()
    assert found("règlement") == []
    assert found("clauses") == ["Cahier des clauses techniques"]


def test_a_drain_killed_after_the_index_commit_is_replayed_without_duplicates(
    queued_search, monkeypatch
):
    document("Transition écologique")
    rows = PendingIndexUpdate.objects.count()

    def die(row_ids):
        raise SystemExit("worker killed between the index commit and the row delete")

    with monkeypatch.context() as patch:
        patch.setattr(pending, "forget", die)
        with pytest.raises(SystemExit):
            pending.drain()
    assert PendingIndexUpdate.objects.count() == rows  # still there: replayed next time
    assert found("écologique") == ["Transition écologique"]

    assert pending.drain() == rows
    assert index_documents() == 1  # replaced, not added twice
    assert not PendingIndexUpdate.objects.exists()


def test_a_second_writer_waits_then_fails_with_a_clear_error(queued_search, settings):
    settings.SEARCH_WRITE_TIMEOUT = 0.4
    document("Éclairage public")
    started = time.monotonic()
    with pending.writes_lock(), pytest.raises(pending.IndexWritesBusy) as refused:
        pending.drain()
    assert time.monotonic() - started >= 0.4
    assert "another drain or rebuild" in str(refused.value)
    assert "waited 0.4 s" in str(refused.value)
    assert PendingIndexUpdate.objects.count() == 1  # kept for the retry


def test_a_writer_waits_for_the_lock_to_be_released(queued_search, settings):
    settings.SEARCH_WRITE_TIMEOUT = 5
    document("Assainissement")
    held = threading.Event()

    def hold_for_a_moment():
        with pending.writes_lock():
            held.set()
            time.sleep(0.3)

    holder = threading.Thread(target=hold_for_a_moment)
    holder.start()
    held.wait()
    started = time.monotonic()
    assert pending.drain() == 1
    holder.join()
    assert time.monotonic() - started >= 0.2
    assert found("assainissement") == ["Assainissement"]


def test_a_busy_drain_task_fails_and_is_retried_later_with_its_rows_kept(queued_search, settings):
    settings.SEARCH_WRITE_TIMEOUT = 0.1
    document("Déchets ménagers")
    with pending.writes_lock():
        run_worker()
    failed = drains(TaskResultStatus.FAILED)
    assert len(failed) == 1
    assert "IndexWritesBusy" in failed[0].traceback
    assert len(drains(TaskResultStatus.READY)) == 1  # the retry, later
    assert PendingIndexUpdate.objects.count() == 1


def test_changes_made_while_a_drain_runs_are_not_lost(queued_search, monkeypatch):
    renamed = document("Budget primitif")
    read_back = pending._read_back

    def meanwhile(rows):
        changes = read_back(rows)
        # Another request commits while this drain is between its read and its commit.
        renamed.title = "Budget supplémentaire"
        renamed.save()
        document("Compte administratif")
        return changes

    with monkeypatch.context() as patch:
        patch.setattr(pending, "_read_back", meanwhile)
        assert pending.drain() == 1
    assert PendingIndexUpdate.objects.count() == 2  # the two later rows, kept
    assert found("supplémentaire") == []  # the index holds what the drain read
    assert found("compte") == []

    assert pending.drain() == 2
    assert found("supplémentaire") == ["Budget supplémentaire"]
    assert found("compte") == ["Compte administratif"]
    assert index_documents() == 2


def test_a_long_backlog_is_applied_in_batches_and_the_rest_left_to_the_next_run(queued_search):
    with transaction.atomic():
        for number in range(7):
            document(f"Délibération {number}")
    DBTaskResult.objects.all().delete()

    assert pending.drain(batch_size=3, max_batches=2) == 6
    assert PendingIndexUpdate.objects.count() == 1
    assert len(drains(TaskResultStatus.READY)) == 1  # the rest: a drain enqueued at once
    run_worker()
    assert len(found("délibération")) == 7


def test_rows_of_an_object_no_longer_in_the_database_delete_it(queued_search):
    doc = document("Arrêté de voirie")
    pending.drain()
    pk = doc.pk
    Document.objects.filter(pk=pk).delete()  # a queryset delete still sends post_delete
    PendingIndexUpdate.objects.all().delete()
    # A row recorded without a signal (a replay, an "add" whose object went away since).
    PendingIndexUpdate.objects.create(
        model_label="wagtaildocs.Document", object_pk=str(pk), op="add"
    )
    pending.drain()
    assert index_documents() == 0


def test_the_safety_drain_is_scheduled(settings):
    assert settings.TASK_SCHEDULE[DRAIN]
