"""The standstill (R.2182-1): 11 days from the electronic sending of the rejection letters, 16
from a posting, counted from date to date (the day of sending included); none for a MAPA nor
for a contract awarded to the only bidder (R.2182-2). Refused: a 400 naming the rule, nothing
written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenders import services
from tenders.models import Award, AwardNotification

from .choosing import (
    REASONS,
    award_to,
    certificates_in,
    letters_sent_days_ago,
    opened_with_bids,
)

pytestmark = pytest.mark.django_db


def _notify(client_for, buyer, award):
    return client_for(buyer).post(
        f"/api/v1/tenders/{award.tender_id}/awards/{award.pk}/notify/", {}, format="json"
    )


def _steps(client_for, buyer, award):
    rows = client_for(buyer).get(f"/api/v1/tenders/{award.tender_id}/awards/").json()
    return next(row for row in rows if row["id"] == award.pk)


@pytest.fixture
def awarded(buyer, rennes, client_for):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    certificates_in(buyer, award, client_for)
    return award


def test_before_the_letters_the_standstill_has_not_started(client_for, buyer, awarded):
    response = _notify(client_for, buyer, awarded)
    assert response.status_code == 400
    body = response.json()
    assert "R.2182-1" in body["message"]
    assert body["extra"]["missing"] == ["Soumissionnaire 2", "Soumissionnaire 3"]
    assert not AwardNotification.objects.exists()
    assert _steps(client_for, buyer, awarded)["standstill"]["missing"] == [
        "Soumissionnaire 2",
        "Soumissionnaire 3",
    ]


@pytest.mark.parametrize(("days_ago", "allowed"), [(0, False), (10, False), (11, True)])
def test_eleven_days_after_electronic_letters(client_for, buyer, awarded, days_ago, allowed):
    services.rejection_letters_send(actor=buyer, award=awarded, **REASONS)
    letters_sent_days_ago(awarded, days_ago)
    signable = timezone.localdate() - timedelta(days=days_ago) + timedelta(days=11)
    assert _steps(client_for, buyer, awarded)["standstill"]["signable_from"] == (
        signable.isoformat()
    )
    response = _notify(client_for, buyer, awarded)
    if allowed:
        assert response.status_code == 200, response.json()
        assert AwardNotification.objects.get().signed_on == timezone.localdate()
    else:
        assert response.status_code == 400
        assert response.json()["extra"]["rule"] == "R.2182-1"
        assert response.json()["extra"]["signable_from"] == signable.isoformat()
        assert "R.2182-1" in response.json()["message"]
        assert not AwardNotification.objects.exists()


@pytest.mark.parametrize(("days_ago", "allowed"), [(15, False), (16, True)])
def test_sixteen_days_after_posted_letters(client_for, buyer, awarded, days_ago, allowed):
    Award.objects.filter(pk=awarded.pk).update(created_at=timezone.now() - timedelta(days=30))
    awarded.refresh_from_db()
    posted = timezone.localdate() - timedelta(days=days_ago)
    response = client_for(buyer).post(
        f"/api/v1/tenders/{awarded.tender_id}/awards/{awarded.pk}/rejection-letters/",
        {**REASONS, "posted_on": posted.isoformat()},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert all(not letter["electronic"] for letter in response.json()["rejection_letters"])
    response = _notify(client_for, buyer, awarded)
    assert response.status_code == (200 if allowed else 400), response.json()


def test_a_signature_date_inside_the_standstill_is_refused(client_for, buyer, awarded):
    services.rejection_letters_send(actor=buyer, award=awarded, **REASONS)
    letters_sent_days_ago(awarded, 12)
    Award.objects.filter(pk=awarded.pk).update(created_at=timezone.now() - timedelta(days=13))
    signed = timezone.localdate() - timedelta(days=2)  # the 10th day: still in the standstill
    response = client_for(buyer).post(
        f"/api/v1/tenders/{awarded.tender_id}/awards/{awarded.pk}/notify/",
        {"signed_on": signed.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"signed_on": ["Pendant le délai de suspension."]}


def test_a_mapa_has_no_standstill(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award = award_to(buyer, tender, users[0])
    certificates_in(buyer, award, client_for)
    state = _steps(client_for, buyer, award)["standstill"]
    assert (state["applies"], state["rule"]) == (False, "R.2182-1")
    assert _notify(client_for, buyer, award).status_code == 200


def test_the_only_bidder_has_no_standstill(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, bidders=1)
    award = award_to(buyer, tender, users[0])
    certificates_in(buyer, award, client_for)
    state = _steps(client_for, buyer, award)["standstill"]
    assert (state["applies"], state["rule"]) == (False, "R.2182-2")
    assert _notify(client_for, buyer, award).status_code == 200
