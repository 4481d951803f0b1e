"""Tasks retried with backoff by the real worker, and enqueued only once their data commits."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background.queue import ATTEMPT, enqueue_on_commit, retry_delay

from . import sample_tasks
from .worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_runs():
    sample_tasks.runs.clear()


def rows(**filters):
    return list(DBTaskResult.objects.filter(**filters).order_by("enqueued_at"))


def make_due(row: DBTaskResult) -> None:
    """Time passes: the retry's run_after is reached."""
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())


def test_retry_delays_grow_exponentially_up_to_a_cap():
    seconds = [retry_delay(n, base_seconds=30, max_seconds=600).total_seconds() for n in (1, 2, 3)]
    assert 30 <= seconds[0] <= 33 and 60 <= seconds[1] <= 66 and 120 <= seconds[2] <= 132
    assert 600 <= retry_delay(10, base_seconds=30, max_seconds=600).total_seconds() <= 660


def test_a_failed_run_is_recorded_and_retried_later_until_it_succeeds(database_queue):
    sample_tasks.flaky.enqueue("gateway", fail_times=1)
    before = timezone.now()
    run_worker()

    first, retry = rows()
    assert first.status == TaskResultStatus.FAILED
    assert first.exception_class_path == "builtins.ConnectionError"
    assert "passerelle injoignable (1)" in first.traceback
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": ["gateway"], "kwargs": {"fail_times": 1, ATTEMPT: 2}}
    # Backoff: the retry waits ~30 s; a worker pass now does not run it.
    assert before + timedelta(seconds=29) < retry.run_after < before + timedelta(seconds=40)
    run_worker()
    assert sample_tasks.runs["gateway"] == 1

    make_due(retry)
    run_worker()
    retry.refresh_from_db()
    assert retry.status == TaskResultStatus.SUCCESSFUL and retry.return_value == 2
    assert len(rows()) == 2  # no further run


def test_retries_stop_after_the_last_attempt(database_queue):
    sample_tasks.flaky.enqueue("down", fail_times=10)
    for _ in range(3):
        run_worker()
        for row in rows(status=TaskResultStatus.READY):
            make_due(row)
    runs = rows()
    assert [row.status for row in runs] == [TaskResultStatus.FAILED] * 3
    assert [row.args_kwargs["kwargs"].get(ATTEMPT, 1) for row in runs] == [1, 2, 3]
    assert sample_tasks.runs["down"] == 3


def test_the_immediate_backend_does_not_retry():
    result = sample_tasks.flaky.enqueue("immediate", fail_times=1)
    assert result.status == TaskResultStatus.FAILED
    assert sample_tasks.runs["immediate"] == 1
    assert not DBTaskResult.objects.exists()


def test_enqueue_on_commit_waits_for_the_commit(database_queue):
    with transaction.atomic():
        enqueue_on_commit(sample_tasks.always_fails, "après validation")
        assert not DBTaskResult.objects.exists()
    (row,) = rows()
    assert row.status == TaskResultStatus.READY
    assert row.args_kwargs["args"] == ["après validation"]


def test_nothing_is_enqueued_when_the_transaction_rolls_back(database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(sample_tasks.always_fails, "annulé")
        raise RuntimeError
    assert not DBTaskResult.objects.exists()
