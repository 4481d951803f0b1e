"""Pages due for review: the list (one SQL filter per interval, edges included) and the
weekly reminder mailed to owners, or to the animators for pages nobody owns any more."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from library.models import ReviewInterval
from library.selectors import review_due_list
from library.tasks import remind_review_due

from .conftest import add_page

pytestmark = pytest.mark.django_db


def _reviewed(page, days_ago, interval=ReviewInterval.YEAR, owner=None):
    page.last_reviewed_on = timezone.localdate() - timedelta(days=days_ago)
    page.review_interval_days = interval
    if owner is not None:
        page.owner = owner
    page.save_revision().publish()
    return page


def test_due_on_the_day_the_interval_ends(index, animator):
    exact = _reviewed(add_page(index, "Exacte"), 365)
    _reviewed(add_page(index, "La veille"), 364)
    quarter = _reviewed(add_page(index, "Trimestre"), 91, ReviewInterval.QUARTER)
    _reviewed(add_page(index, "Trimestre pas encore"), 90, ReviewInterval.QUARTER)
    draft = add_page(index, "Brouillon", publish=False)
    draft.last_reviewed_on = timezone.localdate() - timedelta(days=2000)
    draft.save()
    assert [p.pk for p in review_due_list(actor=animator)] == [exact.pk, quarter.pk]


def test_reminder_goes_to_owners_then_animators(
    index, animator, referent, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    animator.email, referent.email = "anim@example.org", "ref@example.org"
    animator.save()
    referent.save()
    _reviewed(add_page(index, "Guide MAPA"), 400, owner=referent)
    orphan = _reviewed(add_page(index, "Sans propriétaire"), 400)
    orphan.owner = None
    orphan.save()
    _reviewed(add_page(index, "À jour"), 10, owner=referent)

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_review_due.call() == 2
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_recipient) == {"anim@example.org", "ref@example.org"}
    assert "Guide MAPA" in by_recipient["ref@example.org"]
    assert "Sans propriétaire" in by_recipient["anim@example.org"]
    assert "À jour" not in "".join(by_recipient.values())


def test_the_reminder_is_scheduled(settings):
    assert "library.tasks.remind_review_due" in settings.TASK_SCHEDULE
