"""The whole flow through the real task queue and its worker, as in production.

The hand-over waits in the database for a worker; the simulated prefecture's acknowledgement is
a task scheduled a few seconds later; a failed hand-over is retried with backoff, then shown as
an error with its reason.
"""

import time

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from acts.models import Act, ActStatus
from acts.services._common import HAND_OVER_ATTEMPTS
from tests.tasks.worker import run_worker

from .failing_gateway import UnreachableGateway

pytestmark = pytest.mark.django_db(transaction=True)


def ready_now() -> None:
    """Bring the retries' backoff to an end (the worker only runs what is due)."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())


def test_acknowledgement_arrives_through_the_worker(
    database_queue, platform, settings, submit, officer, client_for
):
    settings.ACTS_SIMULATED_DELAY_SECONDS = 1.0
    pk = submit(officer).json()["id"]
    assert client_for(officer).post(f"/api/v1/acts/{pk}/transmit/").status_code == 202
    assert Act.objects.get(pk=pk).status == ActStatus.WAITING
    assert DBTaskResult.objects.filter(task_path="acts.tasks.transmit_act").exists()

    run_worker()  # the hand-over
    act = Act.objects.get(pk=pk)
    assert act.status == ActStatus.TRANSMITTED
    assert act.identifier
    answer = DBTaskResult.objects.get(task_path="acts.tasks.simulated_prefecture_act")
    assert answer.status == TaskResultStatus.READY and answer.run_after > timezone.now()

    run_worker()  # too early: the prefecture answers a few seconds later
    assert Act.objects.get(pk=pk).status == ActStatus.TRANSMITTED
    time.sleep(1.1)
    run_worker()
    act = Act.objects.get(pk=pk)
    assert act.status == ActStatus.ACKNOWLEDGED
    assert act.received_on is not None and act.acknowledgement
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_a_failed_hand_over_is_retried_then_shown_in_error(
    database_queue, platform, settings, submit, officer, client_for
):
    settings.ACTS_GATEWAY = "tests.acts.failing_gateway.UnreachableGateway"
    UnreachableGateway.calls = 0
    pk = submit(officer).json()["id"]
    client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
    for attempt in range(1, HAND_OVER_ATTEMPTS):
        run_worker()
        act = Act.objects.get(pk=pk)
        assert (act.status, act.transmission_attempts) == (ActStatus.WAITING, attempt)
        retry = DBTaskResult.objects.get(
            task_path="acts.tasks.transmit_act", status=TaskResultStatus.READY
        )
        assert retry.run_after > timezone.now()  # backoff
        ready_now()
    run_worker()
    act = Act.objects.get(pk=pk)
    assert act.status == ActStatus.ERROR
    assert act.error_reason == "Opérateur injoignable (délai dépassé)."
    assert act.transmitted_at is None and not act.archive
    assert UnreachableGateway.calls == HAND_OVER_ATTEMPTS
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    response = client_for(officer).get(f"/api/v1/acts/{pk}/").json()
    assert response["status"] == "error" and "injoignable" in response["error_reason"]

    # the operator is back: the officer transmits again, it goes through
    settings.ACTS_GATEWAY = "acts.gateway.simulated.SimulatedGateway"
    settings.ACTS_SIMULATED_DELAY_SECONDS = 0
    assert client_for(officer).post(f"/api/v1/acts/{pk}/transmit/").status_code == 202
    run_worker()
    run_worker()
    assert Act.objects.get(pk=pk).status == ActStatus.ACKNOWLEDGED


def test_two_workers_runs_of_one_hand_over_transmit_once(
    database_queue, platform, submit, officer, client_for
):
    from acts import tasks

    pk = submit(officer).json()["id"]
    client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
    tasks.transmit_act.enqueue(pk)  # the same hand-over twice in the queue
    run_worker()
    from collectivites.models import AuditEvent

    assert AuditEvent.objects.filter(action="act.transmitted").count() == 1
