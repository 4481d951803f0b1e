"""Consultations are closed at their deadline by a periodic task, not only lazily on read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from background.schedule import periodic_tasks
from collectivites.models import AuditEvent
from tenders.models import Tender
from tenders.tasks import close_due_tenders

from .conftest import expire

pytestmark = pytest.mark.django_db


def test_the_task_is_scheduled_every_minute(settings):
    assert settings.TASK_SCHEDULE["tenders.tasks.close_due_tenders"] == "* * * * *"
    assert close_due_tenders in [task for task, _trigger in periodic_tasks()]


def test_the_task_closes_a_tender_past_its_deadline_once(published):
    expire(published)
    result = close_due_tenders.enqueue()
    assert result.return_value == 1
    published.refresh_from_db()
    assert published.status == "closed"
    again = close_due_tenders.enqueue()  # idempotent: nothing left to close
    assert again.return_value == 0
    assert AuditEvent.objects.filter(action="tender.closed").count() == 1


def test_a_tender_at_its_deadline_is_closed_one_before_is_not(published, monkeypatch):
    from tenders.services import _common

    deadline = published.response_deadline
    monkeypatch.setattr(_common, "now", lambda: deadline - timedelta(microseconds=1))
    from tenders.services import lifecycle

    monkeypatch.setattr(lifecycle, "now", lambda: deadline - timedelta(microseconds=1))
    assert close_due_tenders.enqueue().return_value == 0
    monkeypatch.setattr(lifecycle, "now", lambda: deadline)
    assert close_due_tenders.enqueue().return_value == 1
    assert Tender.objects.get(pk=published.pk).status == "closed"


def test_a_future_deadline_stays_open(published):
    assert published.response_deadline > timezone.now()
    assert close_due_tenders.enqueue().return_value == 0
    assert Tender.objects.get(pk=published.pk).status == "published"
