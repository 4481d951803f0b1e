"""Certificates asked of the winner (R.2144-4), corrections before notification (reasoned,
audited) and modifications after it (avenants), published in the DECP ``modifications`` and as
OCDS contract amendments, both validated against their schemas."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders import services
from tenders.models import Certificate, ContractModification

from .bidding import PNG
from .choosing import award_to, certificates_in, opened_with_bids
from .pdfsign import plain_pdf
from .standards import decp_validator, errors, ocds_package_validator

pytestmark = pytest.mark.django_db


def _url(award, step):
    return f"/api/v1/tenders/{award.tender_id}/awards/{award.pk}/{step}"


@pytest.fixture
def mapa(buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    return award_to(buyer, tender, users[0]), users


def test_certificates_are_checked_then_accepted_or_refused(client_for, buyer, mapa):
    award, users = mapa
    response = client_for(buyer).post(
        _url(award, "certificates/request/"), {"kinds": ["fiscale", "sociale"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    rows = response.json()["certificates"]
    assert [row["kind"] for row in rows] == ["fiscale", "sociale"]
    fiscal = rows[0]["id"]
    upload = _url(award, f"certificates/{fiscal}/upload/")
    titulaire = client_for(users[0])
    fake = SimpleUploadedFile("attestation.pdf", PNG, "application/pdf")  # a PNG named .pdf
    response = titulaire.post(upload, {"file": fake}, format="multipart")
    assert response.status_code == 400
    assert "contenu" in response.json()["message"]
    exe = SimpleUploadedFile("attestation.exe", b"MZ\x90\x00", "application/octet-stream")
    assert titulaire.post(upload, {"file": exe}, format="multipart").status_code == 400
    assert not Certificate.objects.get(pk=fiscal).uploaded_at
    # Another bidder cannot deposit for the titulaire.
    other = SimpleUploadedFile("a.pdf", plain_pdf(b"x"), "application/pdf")
    assert client_for(users[1]).post(upload, {"file": other}, format="multipart").status_code == 404
    good = SimpleUploadedFile("dgfip.pdf", plain_pdf(b"attestation"), "application/pdf")
    response = titulaire.post(upload, {"file": good}, format="multipart")
    assert response.status_code == 200, response.json()
    review = _url(award, f"certificates/{fiscal}/review/")
    refused = client_for(buyer).post(review, {"accept": False}, format="json")
    assert refused.status_code == 400  # a refusal says why
    refused = client_for(buyer).post(
        review, {"accept": False, "reason": "Attestation de plus de six mois."}, format="json"
    )
    assert refused.status_code == 200
    row = Certificate.objects.get(pk=fiscal)
    assert row.uploaded_at is None and row.refusal_reason
    download = client_for(buyer).get(_url(award, f"certificates/{fiscal}/download/"))
    assert download.status_code == 200


def test_corrections_before_notification_then_only_modifications(
    client_for, api, buyer, mapa, settings
):
    settings.OCDS_OCID_PREFIX = "ocds-a1b2c3-epartage"
    award, _users = mapa
    client = client_for(buyer)
    response = client.post(
        _url(award, "correct/"), {"reason": "", "changes": {"amount": "150000"}}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        _url(award, "correct/"),
        {"reason": "Erreur de saisie du montant.", "changes": {"amount": "150000.00"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["amount"] == "150000.00"
    event = AuditEvent.objects.get(action="tender.award_corrected")
    assert event.details["changes"] == {"amount": ["142000.00", "150000.00"]}
    assert event.details["reason"] == "Erreur de saisie du montant."

    # No modification before the notification.
    today = timezone.localdate()
    avenant = {
        "object": "Travaux supplémentaires en toiture.",
        "amount": "165000.00",
        "duration_months": 8,
        "signed_on": today.isoformat(),
        "notified_on": today.isoformat(),
    }
    assert client.post(_url(award, "modifications/"), avenant, format="json").status_code == 409
    certificates_in(buyer, award, client_for)
    services.award_notification_record(actor=buyer, award=award, notification_date=today)
    # Notified: corrections are refused, naming the rule.
    response = client.post(
        _url(award, "correct/"), {"reason": "Oubli.", "changes": {"amount": "1.00"}}, format="json"
    )
    assert response.status_code == 400 and response.json()["extra"]["rule"] == "R.2194-1"
    tomorrow = (today + timedelta(days=1)).isoformat()
    future = client.post(
        _url(award, "modifications/"), {**avenant, "notified_on": tomorrow}, format="json"
    )
    assert future.status_code == 400 and "notified_on" in future.json()["extra"]["fields"]
    assert not ContractModification.objects.exists()
    response = client.post(_url(award, "modifications/"), avenant, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["modifications"][0]["number"] == 1

    decp = api.get("/api/v1/tenders/decp/").json()
    assert errors(decp_validator(), decp) == []
    marche = decp["marches"]["marche"][0]
    assert marche["montant"] == 150000.0  # the initial data stay as published
    assert marche["modifications"] == [
        {
            "modification": {
                "id": 1,
                "dateNotificationModification": today.isoformat(),
                "datePublicationDonneesModification": today.isoformat(),
                "dureeMois": 8,
                "montant": 165000.0,
            }
        }
    ]
    package = api.get("/api/v1/tenders/ocds/").json()
    assert errors(ocds_package_validator(), package) == []
    release = next(r for r in package["releases"] if r["tender"]["id"] == award.tender.reference)
    assert "contractAmendment" in release["tag"]
    contract = release["contracts"][0]
    assert contract["value"] == {"amount": 165000.0, "currency": "EUR"}
    assert contract["amendments"][0]["rationale"] == "Travaux supplémentaires en toiture."
    assert Decimal(str(contract["value"]["amount"])) == Decimal("165000")
