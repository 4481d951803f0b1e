"""A response deadline that has already passed must not be postponed (re-opening the bidding
after the fact); only a future deadline may be pushed back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.errors import ApplicationError
from tenders import services
from tenders.models import Tender

pytestmark = pytest.mark.django_db


def test_a_passed_deadline_cannot_be_postponed_before_the_lazy_close(buyer, published):
    # The deadline passed a moment ago; nobody has read the tender yet (no lazy close, no cron),
    # exactly the state between ``tender_close_due`` and the row lock in ``tender_update``.
    Tender.objects.filter(pk=published.pk).update(
        question_deadline=timezone.now() - timedelta(days=2),
        response_deadline=timezone.now() - timedelta(seconds=1),
    )
    published.refresh_from_db()
    assert published.status == "published"
    with pytest.raises(ApplicationError):
        services.tender_update(
            actor=buyer, tender=published, response_deadline=timezone.now() + timedelta(days=7)
        )
    published.refresh_from_db()
    assert published.response_deadline < timezone.now()


@pytest.mark.parametrize("change", ["remove", "advance"])
def test_the_question_deadline_can_only_be_postponed_after_publication(
    client_for, buyer, published, change
):
    current = published.question_deadline
    value = None if change == "remove" else (current - timedelta(hours=1)).isoformat()
    response = client_for(buyer).patch(
        f"/api/v1/tenders/{published.pk}/", {"question_deadline": value}, format="json"
    )
    assert response.status_code == 409, response.content
    assert "question_deadline" in response.json()["extra"]["fields"]
    published.refresh_from_db()
    assert published.question_deadline == current
    later = (current + timedelta(hours=1)).isoformat()
    response = client_for(buyer).patch(
        f"/api/v1/tenders/{published.pk}/", {"question_deadline": later}, format="json"
    )
    assert response.status_code == 200, response.content
