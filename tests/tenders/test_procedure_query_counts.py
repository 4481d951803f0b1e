"""The new list endpoints (candidatures, requests) cost a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenders import services
from tenders.models import Tender

from ..factories import CompanyFactory, UserFactory
from .bidding import offer
from .conftest import published_tender

pytestmark = pytest.mark.django_db


def _restricted_with(buyer, rennes, count):
    tender = published_tender(
        buyer,
        rennes,
        reference=f"AOR-{count}",
        procedure="appel_offres_restreint",
        candidature_deadline=timezone.now() + timedelta(days=40),
        question_deadline=None,
        response_deadline=None,
    )
    for index in range(count):
        user = UserFactory(username=f"c{count}-{index}", company=CompanyFactory())
        services.candidature_submit(actor=user, tender=tender, files=[offer(), offer("b.pdf")])
    Tender.objects.filter(pk=tender.pk).update(
        candidature_deadline=timezone.now() - timedelta(minutes=1)
    )
    tender.refresh_from_db()
    return tender


def test_candidature_list_queries_constant(client_for, buyer, rennes):
    client = client_for(buyer)
    one, three = _restricted_with(buyer, rennes, 1), _restricted_with(buyer, rennes, 3)
    client.get(f"/api/v1/tenders/{one.pk}/candidatures/")  # warm the session
    counts = []
    for tender in (one, three):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/tenders/{tender.pk}/candidatures/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_my_clarifications_queries_constant(client_for, buyer, rennes, company_user):
    counts = []
    client = client_for(company_user)
    for number in (1, 3):
        tender = published_tender(buyer, rennes, reference=f"Q-{number}")
        services.bid_submit(actor=company_user, tender=tender, files=[offer()])
        Tender.objects.filter(pk=tender.pk).update(
            question_deadline=timezone.now() - timedelta(days=2),
            response_deadline=timezone.now() - timedelta(days=1),
        )
        services.tender_open(actor=buyer, tender=Tender.objects.get(pk=tender.pk))
        for _ in range(number):
            services.clarification_request_send(
                actor=buyer,
                tender=tender,
                company_id=company_user.company_id,
                kind="preciser_offre",
                text="Précisez.",
                deadline=timezone.now() + timedelta(days=2),
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/me/clarifications/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
