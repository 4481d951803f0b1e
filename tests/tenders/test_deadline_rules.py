"""R.2132-6: answers at least six days (four in urgency) before the deadline, or a warning and
a suggested postponement; R.2151-4: a substantial DCE change asks for one and is told to every
identified downloader. The buyer postpones with a reason, audited."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.dateparse import parse_datetime

from collectivites.models import AuditEvent
from tenders import deadline_rules
from tenders.models import Notification, Question, Tender
from tenders.services import questions as question_services

pytestmark = pytest.mark.django_db


def _answer_at(monkeypatch, client, tender, company_user, client_for, moment):
    question = Question.objects.create(
        tender=tender, company=company_user.company, asked_by=company_user, text="Variante ?"
    )
    monkeypatch.setattr(question_services, "now", lambda: moment)
    response = client.post(
        f"/api/v1/tenders/{tender.pk}/questions/{question.pk}/answer/",
        {"text": "Non."},
        format="json",
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("before_deadline", "warned"),
    [(timedelta(days=6), False), (timedelta(days=6) - timedelta(seconds=1), True)],
)
def test_an_answer_less_than_six_days_before_the_deadline_warns(
    monkeypatch, client_for, buyer, company_user, published, before_deadline, warned
):
    client = client_for(buyer)
    moment = published.response_deadline - before_deadline
    _answer_at(monkeypatch, client, published, company_user, client_for, moment)
    warnings = client.get(f"/api/v1/tenders/{published.pk}/deadline-warnings/").json()
    assert bool(warnings) is warned
    if warned:
        (warning,) = warnings
        assert warning["rule"] == "R.2132-6" and warning["kind"] == "late_answer"
        suggested = published.response_deadline + timedelta(days=1)
        assert parse_datetime(warning["suggested_response_deadline"]) == suggested


def test_in_a_justified_urgency_of_a_formalised_procedure_four_days_are_enough(published):
    deadline = published.response_deadline
    late = deadline - timedelta(days=4) + timedelta(seconds=1)
    published.procedure, published.urgency_reason = "appel_offres_ouvert", "Crue de la Vilaine."
    assert deadline_rules.suggested_deadline(published, deadline - timedelta(days=4)) is None
    assert deadline_rules.suggested_deadline(published, late) == deadline + timedelta(days=1)
    published.urgency_reason = "  "  # not written down: no urgency
    assert deadline_rules.suggested_deadline(published, late) == deadline + timedelta(days=3)
    # R.2132-6 shortens the delay for formalised procedures only: a MAPA keeps six days.
    published.procedure, published.urgency_reason = "mapa", "Crue de la Vilaine."
    assert deadline_rules.suggested_deadline(published, late) == deadline + timedelta(days=3)


def test_the_buyer_postpones_with_a_reason_audited_and_told(
    monkeypatch, client_for, buyer, company_user, published
):
    client = client_for(buyer)
    company = client_for(company_user)
    assert company.get(f"/api/v1/tenders/{published.pk}/dce.zip").status_code == 200
    _answer_at(
        monkeypatch,
        client,
        published,
        company_user,
        client_for,
        published.response_deadline - timedelta(days=2),
    )
    (warning,) = client.get(f"/api/v1/tenders/{published.pk}/deadline-warnings/").json()
    url = f"/api/v1/tenders/{published.pk}/postpone/"
    new = warning["suggested_response_deadline"]
    refused = client.post(url, {"response_deadline": new, "reason": ""}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["extra"]["fields"]
    earlier = (published.response_deadline - timedelta(hours=1)).isoformat()
    refused = client.post(url, {"response_deadline": earlier, "reason": "x"}, format="json")
    assert refused.status_code in (400, 409)
    assert Tender.objects.get(pk=published.pk).response_deadline == published.response_deadline
    done = client.post(url, {"response_deadline": new, "reason": "Réponse tardive"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["warnings"] == []
    event = AuditEvent.objects.get(action="tender.deadline_postponed")
    assert event.actor == buyer and event.details["reason"] == "Réponse tardive"
    assert event.details["from"] == published.response_deadline.isoformat()
    assert Notification.objects.filter(user=company_user, kind="deadline_changed").exists()


def test_only_the_buyer_sees_the_warnings_or_postpones(client_for, company_user, published):
    company = client_for(company_user)
    assert company.get(f"/api/v1/tenders/{published.pk}/deadline-warnings/").status_code == 403
    response = company.post(
        f"/api/v1/tenders/{published.pk}/postpone/",
        {"response_deadline": published.response_deadline + timedelta(days=3), "reason": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_a_substantial_dce_change_asks_for_a_postponement_and_tells_downloaders(
    client_for, buyer, company_user, published
):
    company = client_for(company_user)
    assert company.get(f"/api/v1/tenders/{published.pk}/dce.zip").status_code == 200
    Tender.objects.filter(pk=published.pk).update(
        response_deadline=published.response_deadline - timedelta(days=17)
    )  # three days left
    document = published.documents.get()
    response = client_for(buyer).post(
        f"/api/v1/tenders/{published.pk}/documents/{document.pk}/versions/",
        {
            "file": SimpleUploadedFile("rc.pdf", b"%PDF-1.4 v2", content_type="application/pdf"),
            "change_note": "Nouveau bordereau des prix",
            "substantial": "true",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["substantial"] is True
    (warning,) = client_for(buyer).get(f"/api/v1/tenders/{published.pk}/deadline-warnings/").json()
    assert warning["rule"] == "R.2151-4" and warning["kind"] == "substantial_change"
    notice = Notification.objects.get(user=company_user, kind="dce_modified")
    assert "R.2151-4" in notice.message


def test_a_minor_dce_change_asks_for_nothing(client_for, buyer, published):
    Tender.objects.filter(pk=published.pk).update(
        response_deadline=published.response_deadline - timedelta(days=17)
    )
    document = published.documents.get()
    client_for(buyer).post(
        f"/api/v1/tenders/{published.pk}/documents/{document.pk}/versions/",
        {
            "file": SimpleUploadedFile("rc.pdf", b"%PDF-1.4 v2", content_type="application/pdf"),
            "change_note": "Coquille",
        },
        format="multipart",
    )
    assert client_for(buyer).get(f"/api/v1/tenders/{published.pk}/deadline-warnings/").json() == []
