from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tenders.models import Tender

from .awarding import CONTRACT
from .conftest import expire, pdf, published_tender

pytestmark = pytest.mark.django_db

NEW = {
    "reference": "2026-042",
    "title": "Fourniture de repas pour la restauration scolaire",
    "procedure": "appel_offres_ouvert",
    "nature": "fournitures",
    "estimated_value": "480000.00",
    "cpv_codes": ["15894210-6"],
    "lots": [{"number": 1, "title": "Repas"}, {"number": 2, "title": "Goûters"}],
}


def test_buyer_creates_a_draft_with_lots(client_for, buyer, rennes):
    response = client_for(buyer).post(
        "/api/v1/tenders/", {**NEW, "buyer": rennes.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert [lot["number"] for lot in body["lots"]] == [1, 2]
    assert body["can_manage"] is True


def test_non_buyer_cannot_create(client_for, agent, rennes, buyer, brest):
    assert (
        client_for(agent).post("/api/v1/tenders/", {**NEW, "buyer": rennes.pk}).status_code == 403
    )
    # A buyer of Rennes cannot buy for Brest.
    response = client_for(buyer).post("/api/v1/tenders/", {**NEW, "buyer": brest.pk}, format="json")
    assert response.status_code == 403


def test_reference_unique_per_buyer(client_for, buyer, rennes):
    client = client_for(buyer)
    assert (
        client.post("/api/v1/tenders/", {**NEW, "buyer": rennes.pk}, format="json").status_code
        == 201
    )
    response = client.post("/api/v1/tenders/", {**NEW, "buyer": rennes.pk}, format="json")
    assert response.status_code == 409
    assert "référence" in response.json()["message"]


def test_invalid_cpv_is_a_400(client_for, buyer, rennes):
    payload = {**NEW, "buyer": rennes.pk, "cpv_codes": ["4521"]}
    response = client_for(buyer).post("/api/v1/tenders/", payload, format="json")
    assert response.status_code == 400
    assert "cpv_codes" in response.json()["extra"]["fields"]


def test_publish_requires_documents_and_deadlines(client_for, buyer, draft):
    client = client_for(buyer)
    response = client.post(f"/api/v1/tenders/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "documents" in response.json()["extra"]["fields"]

    client.post(
        f"/api/v1/tenders/{draft.pk}/documents/", {"title": "RC", "file": pdf()}, format="multipart"
    )
    Tender.objects.filter(pk=draft.pk).update(
        response_deadline=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(f"/api/v1/tenders/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "response_deadline" in response.json()["extra"]["fields"]

    later = timezone.now() + timedelta(days=5)
    Tender.objects.filter(pk=draft.pk).update(response_deadline=later, question_deadline=later)
    response = client.post(f"/api/v1/tenders/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "question_deadline" in response.json()["extra"]["fields"]

    Tender.objects.filter(pk=draft.pk).update(question_deadline=later - timedelta(days=1))
    response = client.post(f"/api/v1/tenders/{draft.pk}/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]


def test_only_buyers_of_the_coordinator_act(client_for, api, published, agent, outsider, animator):
    url = f"/api/v1/tenders/{published.pk}/cancel/"
    for user in (agent, outsider, animator):
        assert client_for(user).post(url, {"reason": "x"}).status_code == 403
    assert api.post(url, {"reason": "x"}).status_code == 403


def test_edit_after_publication_is_limited(client_for, buyer, published):
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/"
    response = client.patch(url, {"title": "Autre chose"}, format="json")
    assert response.status_code == 409
    earlier = (published.response_deadline - timedelta(days=1)).isoformat()
    assert client.patch(url, {"response_deadline": earlier}, format="json").status_code == 409
    later = (published.response_deadline + timedelta(days=7)).isoformat()
    response = client.patch(
        url, {"response_deadline": later, "object": "Précisions"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["object"] == "Précisions"


def test_deadline_closes_lazily_and_by_command(client_for, api, buyer, rennes):
    first = published_tender(buyer, rennes, reference="A")
    second = published_tender(buyer, rennes, reference="B")
    expire(first)
    expire(second)
    call_command("close_due_tenders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first.refresh_from_db()
    assert first.status == "closed"
    third = published_tender(buyer, rennes, reference="C")
    expire(third)
    assert api.get(f"/api/v1/tenders/{third.pk}/").json()["status"] == "closed"


def test_open_only_after_deadline_then_award(client_for, buyer, published, company_user):
    client = client_for(buyer)
    response = client.post(f"/api/v1/tenders/{published.pk}/open/")
    assert response.status_code == 409
    assert "date limite" in response.json()["message"]

    expire(published)
    response = client.post(f"/api/v1/tenders/{published.pk}/open/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "opened"

    award = {
        "awards": [
            {
                "amount": "142000.00",
                "companies": [{"siret": company_user.company.siret}],
                **CONTRACT,
            }
        ]
    }
    response = client.post(f"/api/v1/tenders/{published.pk}/award/", award, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "awarded"
    assert published.awards.get().companies.get().name == company_user.company.name
    # The result is public, like the tender.
    detail = client_for(company_user).get(f"/api/v1/tenders/{published.pk}/").json()
    assert detail["awards"] == [
        {
            "lot_number": None,
            "amount": "142000.00",
            "notification_date": None,  # notified later, its own step (ADR 0017)
            "companies": [{"siret": company_user.company.siret, "name": company_user.company.name}],
            **CONTRACT,
            "advance_rate": "0.0500",
        }
    ]
    # Awarded is final.
    response = client.post(f"/api/v1/tenders/{published.pk}/cancel/", {"reason": "Trop tard"})
    assert response.status_code == 409


def test_award_refuses_a_bad_siret(client_for, buyer, published):
    expire(published)
    client = client_for(buyer)
    client.post(f"/api/v1/tenders/{published.pk}/open/")
    award = {
        "awards": [
            {
                "amount": "1.00",
                "companies": [{"siret": "12345678901234", "name": "X"}],
                **CONTRACT,
            }
        ]
    }
    response = client.post(f"/api/v1/tenders/{published.pk}/award/", award, format="json")
    assert response.status_code == 400
    # Named like DRF's own errors: the award, the company, the field.
    assert response.json()["extra"]["fields"]["awards"] == {
        "0": {"companies": {"0": {"siret": ["SIRET invalide : 12345678901234."]}}}
    }


def test_unsuccessful_after_deadline(client_for, buyer, published):
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/unsuccessful/"
    assert client.post(url, {"reason": "Aucune offre"}).status_code == 409
    expire(published)
    response = client.post(url, {"reason": "Aucune offre"})
    assert response.status_code == 200
    assert response.json()["status"] == "unsuccessful"


def test_cancel_requires_a_reason(client_for, buyer, published):
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/cancel/"
    assert client.post(url, {"reason": "  "}).status_code == 400
    response = client.post(url, {"reason": "Besoin disparu"})
    assert response.status_code == 200
    assert response.json()["cancel_reason"] == "Besoin disparu"


def test_timeline_lists_transitions_and_hides_actors_from_the_public(
    client_for, api, buyer, published
):
    client_for(buyer).post(f"/api/v1/tenders/{published.pk}/cancel/", {"reason": "Erreur"})
    public = api.get(f"/api/v1/tenders/{published.pk}/timeline/").json()
    actions = [event["action"] for event in public]
    # The draft's preparation (pieces added before publication) stays on the buyer's side.
    assert actions == ["tender.published", "tender.cancelled"]
    assert all(event["actor"] is None for event in public)
    own = client_for(buyer).get(f"/api/v1/tenders/{published.pk}/timeline/").json()
    assert own[0]["action"] == "tender.created"
    assert own[-1]["actor"] == buyer.username


@pytest.mark.parametrize("when", ["0702-01-04T21:31:05Z", "1900-06-01T12:00:00Z"])
def test_a_deadline_before_1970_is_refused(client_for, buyer, rennes, when):
    """Found by bench/fuzz_api.py: a year-702 deadline was stored, then rendered in Paris local
    time with the offset of its mean solar time (+00:09:21), which is no RFC 3339 date-time."""
    payload = {**NEW, "buyer": rennes.pk, "question_deadline": when}
    response = client_for(buyer).post("/api/v1/tenders/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert "question_deadline" in response.json()["extra"]["fields"]
