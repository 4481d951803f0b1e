"""Secure messaging: a request to clarify an offer (R.2152-2) with a deadline, the company's
one answer before it (sealed, timestamped, its hashes in a receipt), read by the buyer once
given (audited); late or second answers refused; nobody else reads or answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders.models import AnswerFile, ClarificationRequest

from ..factories import CompanyFactory, UserFactory
from .bidding import offer, open_after_deadline, streamed, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client_for, buyer, company_user, published):
    assert submit(client_for(company_user), published, offer()).status_code == 201
    open_after_deadline(client_for(buyer), published)
    return published


def ask(client, tender, company, **extra):
    data = {
        "company": company.pk,
        "kind": "preciser_offre",
        "text": "Précisez le prix unitaire de la ligne 12 du BPU.",
        "deadline": (timezone.now() + timedelta(days=5)).isoformat(),
        **extra,
    }
    return client.post(f"/api/v1/tenders/{tender.pk}/clarifications/", data, format="json")


def test_request_answer_and_read(client_for, buyer, company_user, opened):
    buyer_client, company = client_for(buyer), client_for(company_user)
    response = ask(buyer_client, opened, company_user.company)
    assert response.status_code == 201, response.json()
    request_id = response.json()["id"]
    mine = company.get("/api/v1/me/clarifications/").json()["results"]
    assert [row["id"] for row in mine] == [request_id]
    # Another company neither sees nor answers it.
    other = client_for(UserFactory(username="autre", company=CompanyFactory()))
    assert other.get("/api/v1/me/clarifications/").json()["results"] == []
    url = f"/api/v1/me/clarifications/{request_id}/answer/"
    assert other.post(url, {"text": "Moi ?"}, format="multipart").status_code == 404
    pdf = upload("bpu.pdf", b"%PDF-1.4 ligne 12 : 42,00 EUR", "application/pdf")
    response = company.post(url, {"text": "42,00 € HT.", "files": [pdf]}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["answered_at"] and len(body["answer_receipt"]["files"]) == 2
    # Stored encrypted: the text is not on disk in clear.
    text_row = AnswerFile.objects.get(is_text=True)
    assert b"42,00" not in text_row.file.read()
    # One answer only.
    assert company.post(url, {"text": "Encore"}, format="multipart").status_code == 409
    listed = buyer_client.get(f"/api/v1/tenders/{opened.pk}/clarifications/").json()["results"]
    file_id = next(f["id"] for f in listed[0]["answer_files"] if f["is_text"])
    response = buyer_client.get(
        f"/api/v1/tenders/{opened.pk}/clarifications/{request_id}/files/{file_id}/download/"
    )
    assert response.status_code == 200
    assert streamed(response) == "42,00 € HT.".encode()
    assert AuditEvent.objects.filter(action="tender.clarification_read").count() == 1


def test_late_answer_refused_at_the_deadline(client_for, buyer, company_user, opened):
    request_id = ask(client_for(buyer), opened, company_user.company).json()["id"]
    ClarificationRequest.objects.filter(pk=request_id).update(deadline=timezone.now())
    response = client_for(company_user).post(
        f"/api/v1/me/clarifications/{request_id}/answer/",
        {"text": "Trop tard"},
        format="multipart",
    )
    assert response.status_code == 409
    assert response.json()["extra"]["code"] == "hors_delai"
    assert not AnswerFile.objects.exists()


def test_a_request_needs_an_opened_offer_and_a_future_deadline(
    client_for, buyer, company_user, published, opened
):
    client = client_for(buyer)
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = ask(client, opened, company_user.company, deadline=past)
    assert response.status_code == 400
    assert "deadline" in response.json()["extra"]["fields"]
    stranger = CompanyFactory()
    assert ask(client, opened, stranger).status_code == 409
    assert not ClarificationRequest.objects.exists()


def test_only_the_buyer_asks(client_for, animator, company_user, opened):
    assert ask(client_for(animator), opened, company_user.company).status_code == 403
