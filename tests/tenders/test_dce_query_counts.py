"""List endpoints must answer in a constant number of queries (DESIGN.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces.services import draft_create, space_create
from tenders import services

from .conftest import make_tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(animator, rennes):
    return space_create(actor=animator, title="Toitures", members=[(rennes, "editor")])


def _pieces_from_drafts(buyer, space, tender, n, start=0):
    for i in range(start, start + n):
        draft = draft_create(actor=buyer, space=space, title=f"CCTP {i}", markdown=f"# Lot {i}\n")
        services.tender_document_from_draft(actor=buyer, tender=tender, draft=draft)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dce_list_from_drafts_constant_queries(client_for, buyer, rennes, space):
    tender = make_tender(buyer, rennes)
    client = client_for(buyer)
    url = f"/api/v1/tenders/{tender.pk}/documents/"
    _pieces_from_drafts(buyer, space, tender, 1)
    few = _count(client, url)
    _pieces_from_drafts(buyer, space, tender, 4, start=1)
    many = _count(client, url)
    assert many == few, (few, many)


def test_dce_versions_from_drafts_constant_queries(client_for, buyer, rennes, space):
    tender = make_tender(buyer, rennes)
    draft = draft_create(actor=buyer, space=space, title="CCTP", markdown="# v\n")
    services.tender_document_from_draft(actor=buyer, tender=tender, draft=draft)
    document = tender.documents.get()
    client = client_for(buyer)
    url = f"/api/v1/tenders/{tender.pk}/documents/{document.pk}/versions/"
    few = _count(client, url)
    for _ in range(4):
        services.tender_document_from_draft(
            actor=buyer, tender=tender, draft=draft, document=document
        )
    many = _count(client, url)
    assert many == few, (few, many)
