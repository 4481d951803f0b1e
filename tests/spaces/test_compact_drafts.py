"""Draft compaction through the task queue: after a room unloads, periodically, and by command.

``compact_drafts`` folds every pending update log into its draft's snapshot at once; rooms and
the scheduler enqueue the same work for the task worker (``spaces.tasks``).
"""

import asyncio
from io import StringIO

import pytest
from asgiref.sync import sync_to_async
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.schedule import enqueue_periodic
from spaces.models import Draft, DraftUpdate
from spaces.services import draft_create
from spaces.tasks import compact_pending_drafts
from tests.tasks.worker import database_queue, run_worker  # noqa: F401 (fixture)

from .test_drafts_api import append
from .ws.coediting import joined
from .ws.conftest import worker_rooms  # noqa: F401 (the fixture: this test's own rooms)


def test_compact_drafts_catches_the_stored_markdown_up(db, draft, space, agent):
    quiet = draft_create(actor=agent, space=space, title="Sans modification", markdown="x")
    append(draft.pk, agent.pk, "\nAjout.")
    out = StringIO()
    call_command("compact_drafts", stdout=out)
    assert out.getvalue().strip() == "1 brouillon(s) compacté(s)."
    draft.refresh_from_db()
    assert draft.markdown.endswith("\nAjout.") and "Ajout." in draft.html
    assert not DraftUpdate.objects.exists()
    assert Draft.objects.get(pk=quiet.pk).markdown == "x"
    call_command("compact_drafts", stdout=out)
    assert out.getvalue().strip().endswith("0 brouillon(s) compacté(s).")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_the_scheduler_enqueues_the_periodic_compaction_that_the_worker_runs(draft, agent):
    append(draft.pk, agent.pk, "\nPériodique.")
    assert enqueue_periodic(compact_pending_drafts)
    assert not enqueue_periodic(compact_pending_drafts)  # one run waiting is enough
    assert Draft.objects.get(pk=draft.pk).markdown.endswith("\n")  # not yet
    run_worker()
    (run,) = DBTaskResult.objects.filter(task_path="spaces.tasks.compact_pending_drafts")
    assert run.status == TaskResultStatus.SUCCESSFUL and run.return_value == 1
    assert Draft.objects.get(pk=draft.pk).markdown.endswith("\nPériodique.")
    assert enqueue_periodic(compact_pending_drafts)  # the last one ran: the next may wait


def _compactions() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="spaces.tasks.compact_draft"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue", "worker_rooms")
async def test_a_room_unloading_enqueues_its_compaction_for_the_worker(draft, referent):
    client = await joined(draft.pk, referent)
    await client.sync()
    await client.edit("Article 1")
    await client.disconnect()
    for _ in range(100):  # the room unloads just after its last connection leaves
        if await sync_to_async(_compactions)():
            break
        await asyncio.sleep(0.05)
    (compaction,) = await sync_to_async(_compactions)()
    assert compaction.status == TaskResultStatus.READY
    assert compaction.args_kwargs["args"] == [draft.pk]
    # The socket process compacts nothing itself: the stored text waits for the worker.
    stale = await sync_to_async(Draft.objects.get)(pk=draft.pk)
    assert not stale.markdown.endswith("Article 1")

    await sync_to_async(run_worker)()

    fresh = await sync_to_async(Draft.objects.get)(pk=draft.pk)
    assert fresh.markdown.endswith("Article 1")
    assert not await sync_to_async(DraftUpdate.objects.filter(draft_id=draft.pk).exists)()
