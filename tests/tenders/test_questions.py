"""Questions until the deadline, answers public and anonymous, notified to downloaders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tenders.models import Tender

from ..factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_identified_companies_ask(client_for, api, agent, published, company_user):
    url = f"/api/v1/tenders/{published.pk}/questions/"
    assert api.post(url, {"text": "?"}).status_code == 403
    assert client_for(agent).post(url, {"text": "?"}).status_code == 403
    response = client_for(company_user).post(url, {"text": "Une visite est-elle prévue ?"})
    assert response.status_code == 201
    assert response.json()["company"] is None


def test_no_question_after_the_question_deadline(client_for, published, company_user):
    Tender.objects.filter(pk=published.pk).update(
        question_deadline=timezone.now() - timedelta(seconds=1)
    )
    response = client_for(company_user).post(
        f"/api/v1/tenders/{published.pk}/questions/", {"text": "Trop tard ?"}
    )
    assert response.status_code == 409
    assert "date limite des questions" in response.json()["message"]


def test_answers_are_public_and_anonymous(
    client_for, api, buyer, published, company_user, django_capture_on_commit_callbacks
):
    other = UserFactory(company=CompanyFactory())
    document = published.documents.get()
    client_for(other).get(f"/api/v1/tenders/{published.pk}/documents/{document.pk}/download/")
    url = f"/api/v1/tenders/{published.pk}/questions/"
    question = client_for(company_user).post(url, {"text": "Variantes autorisées ?"}).json()

    assert api.get(url).json()["count"] == 0  # not answered yet: not public
    own = client_for(buyer).get(url).json()["results"][0]
    assert own["company"]["siret"] == company_user.company.siret

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(buyer).post(
            f"{url}{question['id']}/answer/", {"text": "Non, les variantes sont interdites."}
        )
    assert response.status_code == 201
    public = api.get(url).json()["results"]
    assert public[0]["answer"]["text"] == "Non, les variantes sont interdites."
    assert public[0]["company"] is None and public[0]["asked_by"] is None
    assert client_for(other).get(url).json()["results"][0]["company"] is None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([company_user.email, other.email])

    again = client_for(buyer).post(f"{url}{question['id']}/answer/", {"text": "Bis"})
    assert again.status_code == 409
    assert (
        client_for(company_user).post(f"{url}{question['id']}/answer/", {"text": "x"}).status_code
        == 403
    )
