"""E-mails as tasks: sent by the worker, retried when the SMTP server fails."""

import pytest
from django.core import mail
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from collectivites.tasks import send_email, send_invitation
from tests.factories import UserFactory

from .worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


class RefusingBackend:
    """An SMTP server that is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP injoignable")


def test_the_worker_sends_a_queued_email(database_queue):
    send_email.enqueue("[e-Partage] Avis modifié", "Le DCE a changé.", "achat@example.fr")
    assert mail.outbox == []
    run_worker()
    (sent,) = mail.outbox
    assert sent.to == ["achat@example.fr"] and sent.subject == "[e-Partage] Avis modifié"


def test_an_smtp_failure_is_recorded_and_retried(database_queue, settings):
    settings.EMAIL_BACKEND = "tests.tasks.test_mail_tasks.RefusingBackend"
    send_email.enqueue("Objet", "Corps", "achat@example.fr")
    run_worker()
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "SMTP injoignable" in failed.traceback
    (retry,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"] == ["Objet", "Corps", "achat@example.fr"]


def test_the_invitation_is_mailed_by_the_worker(database_queue, rennes):
    invited = UserFactory(username="nouvelle", email="nouvelle@rennes.example.fr")
    send_invitation.enqueue(invited.pk, rennes.pk)
    run_worker()
    (sent,) = mail.outbox
    assert sent.to == ["nouvelle@rennes.example.fr"] and "Rennes" in sent.subject
    assert "/compte/activer/" in sent.body


def test_no_invitation_for_an_account_gone_meanwhile(database_queue, rennes):
    invited = UserFactory(username="partie", email="partie@rennes.example.fr")
    send_invitation.enqueue(invited.pk, rennes.pk)
    invited.delete()
    run_worker()
    assert mail.outbox == []
    run = DBTaskResult.objects.get(task_path="collectivites.tasks.send_invitation")
    assert run.status == TaskResultStatus.SUCCESSFUL and run.return_value is False
