"""Spec: "Q&A (only the buyer sees who asked, answers public)". Animators and superusers
are not the buyer; they must not learn which company asked."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(client_for, company_user, published):
    url = f"/api/v1/tenders/{published.pk}/questions/"
    response = client_for(company_user).post(url, {"text": "Une visite est-elle prévue ?"})
    assert response.status_code == 201
    return response.json()


def _listed(client, tender):
    return client.get(f"/api/v1/tenders/{tender.pk}/questions/").json()["results"]


def test_buyer_sees_the_asker(client_for, buyer, published, question, company_user):
    (item,) = _listed(client_for(buyer), published)
    assert item["company"]["siret"] == company_user.company.siret  # sanity: buyer does


def test_animator_does_not_see_the_asker(client_for, animator, published, question):
    (item,) = _listed(client_for(animator), published)
    assert item["company"] is None and item["asked_by"] is None, item


def test_superuser_does_not_see_the_asker(client_for, superuser, published, question):
    (item,) = _listed(client_for(superuser), published)
    assert item["company"] is None and item["asked_by"] is None, item


def test_animator_timeline_does_not_name_the_asker(
    client_for, animator, published, question, company_user
):
    events = client_for(animator).get(f"/api/v1/tenders/{published.pk}/timeline/").json()
    asked = [e for e in events if e["action"] == "tender.question_asked"]
    assert all(company_user.username not in str(e) for e in asked), asked


def test_the_audit_log_does_not_name_the_asker(client_for, animator, published, question):
    from collectivites.models import AuditEvent

    event = AuditEvent.objects.get(action="tender.question_asked")
    assert event.actor is None
