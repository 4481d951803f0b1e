"""A restricted call for tenders end to end through the API: the checklist, sealed
candidatures, the selection with reasons, the invitations with a lawful offers' deadline, and
only the invited candidates bidding."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders.models import Candidature, Notification, RefusedDeposit, Tender

from ..factories import CompanyFactory, UserFactory
from .bidding import offer, streamed, submit, upload
from .conftest import pdf
from .pdfsign import plain_pdf

pytestmark = pytest.mark.django_db

DC1 = plain_pdf(b"DC1 - lettre de candidature de l'entreprise")


def candidature(client, tender, *files, requirements=()):
    data = {"files": list(files), "requirements": list(requirements)}
    return client.post(f"/api/v1/tenders/{tender.pk}/candidatures/", data, format="multipart")


@pytest.fixture
def restricted(client_for, buyer, rennes):
    client = client_for(buyer)
    now = timezone.now()
    response = client.post(
        "/api/v1/tenders/",
        {
            "buyer": rennes.pk,
            "reference": "AOR-2026-01",
            "title": "Maîtrise d'œuvre du groupe scolaire",
            "procedure": "appel_offres_restreint",
            "nature": "services",
            "estimated_value": "900000",
            "cpv_codes": ["71000000-8"],
            "candidature_deadline": (now + timedelta(days=40)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    tender = Tender.objects.get(pk=response.json()["id"])
    response = client.put(
        f"/api/v1/tenders/{tender.pk}/candidatures/requirements/",
        {
            "items": [
                {"kind": "dc1", "label": "Lettre de candidature (DC1)", "required": True},
                {"kind": "references", "label": "Références", "required": False},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    client.post(
        f"/api/v1/tenders/{tender.pk}/documents/",
        {"title": "RC", "file": pdf()},
        format="multipart",
    )
    response = client.post(f"/api/v1/tenders/{tender.pk}/publish/")
    assert response.status_code == 200, response.json()
    tender.refresh_from_db()
    return tender


def test_restricted_procedure_end_to_end(client_for, buyer, restricted, company_user):
    tender = restricted
    buyer_client = client_for(buyer)
    requirements = [
        row["id"]
        for row in buyer_client.get(
            f"/api/v1/tenders/{tender.pk}/candidatures/requirements/"
        ).json()
    ]
    a = client_for(company_user)
    b_user = UserFactory(username="b", email="b@example.org", company=CompanyFactory(name="B"))
    b = client_for(b_user)
    late_user = UserFactory(username="late", company=CompanyFactory(name="Tardive"))

    # The required DC1 missing: 400, nothing written.
    response = candidature(
        a, tender, upload("refs.pdf", DC1, "application/pdf"), requirements=[requirements[1]]
    )
    assert response.status_code == 400
    assert "DC1" in response.json()["message"]
    assert not Candidature.objects.exists()

    response = candidature(
        a, tender, upload("dc1.pdf", DC1, "application/pdf"), requirements=[requirements[0]]
    )
    assert response.status_code == 201, response.json()
    a_id = response.json()["id"]
    response = candidature(
        b, tender, upload("dc1.pdf", DC1, "application/pdf"), requirements=[requirements[0]]
    )
    assert response.status_code == 201
    b_id = response.json()["id"]

    # Nobody bids before the invitations; the candidatures are sealed until their deadline.
    assert submit(a, tender, offer()).status_code == 403
    response = buyer_client.get(f"/api/v1/tenders/{tender.pk}/candidatures/")
    assert response.status_code == 403
    assert response.json()["code"] == "sealed"

    Tender.objects.filter(pk=tender.pk).update(
        candidature_deadline=timezone.now() - timedelta(minutes=1)
    )
    response = candidature(
        client_for(late_user),
        tender,
        upload("dc1.pdf", DC1, "application/pdf"),
        requirements=[requirements[0]],
    )
    assert response.status_code == 409
    assert response.json()["extra"]["code"] == "hors_delai"
    assert RefusedDeposit.objects.filter(kind="candidature").count() == 1

    listed = buyer_client.get(f"/api/v1/tenders/{tender.pk}/candidatures/").json()["results"]
    assert {row["id"] for row in listed} == {a_id, b_id}
    file_id = next(row for row in listed if row["id"] == a_id)["files"][0]["id"]
    response = buyer_client.get(
        f"/api/v1/tenders/{tender.pk}/candidatures/{a_id}/files/{file_id}/download/"
    )
    assert response.status_code == 200
    assert streamed(response) == DC1

    # Inviting before every candidature is decided is refused.
    deadline = timezone.now() + timedelta(days=40)
    invite_url = f"/api/v1/tenders/{tender.pk}/candidatures/invite/"
    assert (
        buyer_client.post(
            invite_url, {"response_deadline": deadline.isoformat()}, format="json"
        ).status_code
        == 409
    )
    decide = f"/api/v1/tenders/{tender.pk}/candidatures/{{}}/decide/"
    assert (
        buyer_client.post(decide.format(a_id), {"admitted": True}, format="json").status_code == 200
    )
    response = buyer_client.post(decide.format(b_id), {"admitted": False}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["extra"]["fields"]
    response = buyer_client.post(
        decide.format(b_id),
        {"admitted": False, "reason": "Capacités techniques insuffisantes (références)."},
        format="json",
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="tender.candidature_decided").count() == 2

    # 20 days from the invitation: under the 25 days of R.2161-8 2°.
    short = timezone.now() + timedelta(days=20)
    response = buyer_client.post(
        invite_url, {"response_deadline": short.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "R.2161-8 2°" in response.json()["message"]
    assert Tender.objects.get(pk=tender.pk).response_deadline is None
    response = buyer_client.post(
        invite_url, {"response_deadline": deadline.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert [row["id"] for row in response.json()] == [a_id]
    assert Notification.objects.filter(user=company_user, kind="invitation").count() == 1
    assert Notification.objects.filter(user=b_user, kind="candidature_decision").count() == 1

    # Only the invited candidate bids.
    assert submit(a, tender, offer()).status_code == 201
    assert submit(b, tender, offer()).status_code == 403
    mine = b.get(f"/api/v1/tenders/{tender.pk}/candidatures/mine/").json()
    assert mine[0]["status"] == "rejected" and mine[0]["decision_reason"]


def test_the_checklist_is_set_on_the_draft_only(client_for, buyer, restricted):
    response = client_for(buyer).put(
        f"/api/v1/tenders/{restricted.pk}/candidatures/requirements/",
        {"items": [{"kind": "dume", "label": "DUME"}]},
        format="json",
    )
    assert response.status_code == 409


def test_an_open_procedure_has_no_candidature_phase(client_for, company_user, published):
    response = candidature(
        client_for(company_user), published, upload("dc1.pdf", DC1, "application/pdf")
    )
    assert response.status_code == 409


def test_no_opening_before_the_invitations(client_for, buyer, restricted):
    response = client_for(buyer).post(f"/api/v1/tenders/{restricted.pk}/open/")
    assert response.status_code == 409
