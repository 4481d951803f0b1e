"""Superusers see the task queue in the Wagtail admin: what waits, what failed, and the error."""

import pytest
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import sample_tasks
from .worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

LISTING = "/admin/taches/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def failed_and_pending(database_queue):
    sample_tasks.always_fails.enqueue("adresse de la passerelle manquante")
    run_worker()
    sample_tasks.flaky.enqueue("en attente", fail_times=0)
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    pending = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    return failed, pending


def test_superusers_see_pending_and_failed_tasks_with_the_error(superuser, failed_and_pending):
    failed, _pending = failed_and_pending
    client = logged_in(superuser)

    page = client.get(LISTING).content.decode()
    assert "always_fails" in page and "flaky" in page
    assert "Échec" in page and "En attente" in page
    assert "ValueError: adresse de la passerelle manquante" in page
    assert f'href="{LISTING}inspect/{failed.pk}/"' in page

    only_failed = client.get(LISTING, {"status": "FAILED"}).content.decode()
    assert "always_fails" in only_failed and "flaky" not in only_failed
    only_pending = client.get(LISTING, {"status": "READY"}).content.decode()
    assert "flaky" in only_pending and "always_fails" not in only_pending

    detail = client.get(f"{LISTING}inspect/{failed.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "<pre>Traceback (most recent call last):" in body
    assert "raise ValueError(reason)" in body


def test_the_queue_is_in_the_superusers_settings_menu_only(superuser, animator):
    assert LISTING in logged_in(superuser).get("/admin/").content.decode()
    assert LISTING not in logged_in(animator).get("/admin/").content.decode()


def test_nobody_else_sees_it_and_nobody_changes_it(superuser, animator, failed_and_pending):
    failed, _pending = failed_and_pending
    animator_client = logged_in(animator)
    for url in (LISTING, f"{LISTING}inspect/{failed.pk}/"):
        response = animator_client.get(url)
        assert response.status_code in (302, 403), url
        assert "always_fails" not in response.content.decode()
    root = logged_in(superuser)
    for url in (f"{LISTING}new/", f"{LISTING}edit/{failed.pk}/", f"{LISTING}delete/{failed.pk}/"):
        assert root.get(url).status_code in (302, 403, 404), url
    assert DBTaskResult.objects.count() == 2
