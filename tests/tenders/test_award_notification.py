"""Notification is its own step, after the standstill and the certificates (R.2182-4): the
contract takes effect when its titulaire receives it, and DECP publishes it then, never before.

The bug this replaces: the notification date was typed in with the award, never edited, a date
in the future was accepted and the contract published in DECP at once.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders import services
from tenders.models import Award, AwardNotification, Bid

from .awarding import CONTRACT
from .choosing import (
    REASONS,
    award_to,
    certificates_in,
    letters_sent_days_ago,
    opened_with_bids,
)
from .conftest import expire, published_tender
from .standards import decp_validator, errors

pytestmark = pytest.mark.django_db


def _decp_ids(api) -> list[str]:
    data = api.get("/api/v1/tenders/decp/").json()
    assert errors(decp_validator(), data) == []
    return [marche["id"] for marche in data["marches"]["marche"]]


def test_a_notification_date_is_not_given_with_the_award(client_for, api, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    future = timezone.localdate() + datetime.timedelta(days=30)
    award = {
        "amount": "142000.00",
        "notification_date": future.isoformat(),
        "companies": [{"siret": users[0].company.siret}],
        **CONTRACT,
    }
    response = client_for(buyer).post(
        f"/api/v1/tenders/{tender.pk}/award/", {"awards": [award]}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert "R.2182-4" in response.json()["message"]
    assert list(response.json()["extra"]["fields"]["awards"]["0"]) == ["notification_date"]
    assert not Award.objects.exists()
    assert _decp_ids(api) == []


def test_an_awarded_contract_is_not_in_decp_until_notified(client_for, api, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award_to(buyer, tender, users[0])
    assert _decp_ids(api) == []
    body = client_for(buyer).get(f"/api/v1/tenders/{tender.pk}/").json()["awards"][0]
    assert body["notification_date"] is None


def _url(award, step=""):
    return f"/api/v1/tenders/{award.tender_id}/awards/{award.pk}/{step}"


def test_notify_through_the_platform_then_acknowledged(
    client_for, api, buyer, rennes, mailoutbox, django_capture_on_commit_callbacks
):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    client = client_for(buyer)
    assert client.post(_url(award, "rejection-letters/"), REASONS, format="json").status_code == 200
    letters_sent_days_ago(award, 11)
    certificates_in(buyer, award, client_for)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(award, "notify/"), {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["notification"]["sent_at"] and body["notification"]["received_at"] is None
    assert body["notification_date"] is None
    assert _decp_ids(api) == []  # sent, not yet received: not in effect, not published
    assert [mail.to for mail in mailoutbox] == [[users[0].email]]
    assert "Notification du marché" in mailoutbox[0].subject

    # Somebody else cannot acknowledge: another bidder, the buyer, a superuser.
    for user in (users[1], buyer):
        assert client_for(user).post(_url(award, "acknowledge/")).status_code == 403
    response = client_for(users[0]).post(_url(award, "acknowledge/"))
    assert response.status_code == 200, response.json()
    today = timezone.localdate().isoformat()
    assert response.json()["notification_date"] == today
    assert response.json()["notification"]["received_at"]
    assert _decp_ids(api) == ["2026-AO-01"]
    marche = api.get("/api/v1/tenders/decp/").json()["marches"]["marche"][0]
    assert marche["dateNotification"] == today
    assert marche["datePublicationDonnees"] == today
    # Once received, neither sent again nor recorded otherwise.
    assert client.post(_url(award, "notify/"), {}, format="json").status_code == 409
    again = client.post(_url(award, "notification/"), {"notification_date": today}, format="json")
    assert again.status_code == 409


def test_the_buyer_records_a_notification_date_not_in_the_future(client_for, api, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award = award_to(buyer, tender, users[0])
    certificates_in(buyer, award, client_for)
    client = client_for(buyer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        _url(award, "notification/"), {"notification_date": tomorrow.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "R.2182-4" in response.json()["message"]
    assert list(response.json()["extra"]["fields"]) == ["notification_date"]
    award.refresh_from_db()
    assert award.notification_date is None and not hasattr(award, "notification")
    assert _decp_ids(api) == []

    today = timezone.localdate()
    response = client.post(
        _url(award, "notification/"), {"notification_date": today.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["notification_date"] == today.isoformat()
    assert _decp_ids(api) == ["2026-AO-01"]
    assert AuditEvent.objects.filter(action="tender.contract_notified").count() == 1


def test_no_notification_without_the_certificates(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award = award_to(buyer, tender, users[0])
    client = client_for(buyer)
    response = client.post(_url(award, "notify/"), {}, format="json")
    assert response.status_code == 400
    assert "R.2144-4" in response.json()["message"]
    services.certificates_request(actor=buyer, award=award)
    response = client.post(_url(award, "notify/"), {}, format="json")
    assert response.status_code == 400
    assert response.json()["extra"]["rule"] == "R.2144-4"
    assert len(response.json()["extra"]["missing"]) == 3
    assert not AwardNotification.objects.exists()


def test_a_titulaire_sees_its_award_and_a_bidder_its_letter(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    services.rejection_letters_send(actor=buyer, award=award, **REASONS)
    mine = client_for(users[0]).get("/api/v1/me/awards/").json()["results"]
    assert [row["id"] for row in mine] == [award.pk]
    assert "rejection_letters" not in mine[0]  # who else bid is not the titulaire's to know
    assert client_for(users[1]).get("/api/v1/me/awards/").json()["results"] == []
    letters = client_for(users[1]).get("/api/v1/me/rejection-letters/").json()["results"]
    assert len(letters) == 1
    assert "Soumissionnaire 1" in letters[0]["text"]
    pdf = client_for(users[1]).get(_url(award, f"rejection-letters/{letters[0]['id']}/pdf/"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"%PDF" in pdf.content[:8]
    # Another bidder's letter is not readable by a third one.
    other = client_for(users[2]).get(_url(award, f"rejection-letters/{letters[0]['id']}/pdf/"))
    assert other.status_code == 404


def test_the_companies_lists_take_constant_queries(client_for, buyer, rennes):
    """``/me/awards/`` and ``/me/rejection-letters/``: as many queries for one row as for three."""
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    winner, rival = users[0], users[1]
    counts = []
    for index in range(3):
        if index:
            tender = published_tender(
                buyer, rennes, reference=f"Q-{index}", procedure="mapa", estimated_value=50000
            )
            for user in (winner, rival):
                Bid.objects.create(
                    tender=tender,
                    company=user.company,
                    submitted_by=user,
                    submitted_at=timezone.now(),
                )
            expire(tender)
            services.tender_close_due()
            tender.refresh_from_db()
            services.tender_open(actor=buyer, tender=tender)
        award = award_to(buyer, tender, winner)
        services.certificates_request(actor=buyer, award=award)
        services.rejection_letters_send(actor=buyer, award=award)
        with CaptureQueriesContext(connection) as mine:
            answer = client_for(winner).get("/api/v1/me/awards/")
        with CaptureQueriesContext(connection) as letters:
            received = client_for(rival).get("/api/v1/me/rejection-letters/")
        assert answer.json()["count"] == received.json()["count"] == index + 1
        counts.append((len(mine), len(letters)))
    assert counts[0] == counts[2], counts


def test_a_sent_notification_can_be_recorded_as_received_otherwise(client_for, buyer, rennes):
    """The titulaire never acknowledged on the platform but received the contract by post: the
    buyer records the day, not before the platform's sending nor in the future."""
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award = award_to(buyer, tender, users[0])
    certificates_in(buyer, award, client_for)
    services.award_notify(actor=buyer, award=award)
    client = client_for(buyer)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        _url(award, "notification/"), {"notification_date": yesterday.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["notification_date"]
    today = timezone.localdate().isoformat()
    response = client.post(
        _url(award, "notification/"), {"notification_date": today}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["notification_date"] == today
    # Received now: the titulaire's acknowledgement has nothing left to record.
    assert client_for(users[0]).post(_url(award, "acknowledge/")).status_code == 409
