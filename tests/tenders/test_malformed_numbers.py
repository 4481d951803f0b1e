"""Unicode digits pass ``str.isdigit()`` but not ``int()``: these must be 4xx, never 500."""

import pytest

from tests.factories import CompanyFactory, UserFactory
from tests.tenders.bidding import offer, submit

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "\u00b2"  # "²".isdigit() is True, int("²") raises ValueError


def test_bid_lot_superscript_digit_is_a_400(client_for, published):
    company_user = UserFactory(company=CompanyFactory())
    client = client_for(company_user)
    client.raise_request_exception = False
    response = submit(client, published, offer(), lot=SUPERSCRIPT_TWO)
    assert response.status_code == 400, response.status_code


def test_my_bids_tender_filter_superscript_digit_is_a_400(client_for):
    company_user = UserFactory(company=CompanyFactory())
    client = client_for(company_user)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/bids/", {"tender": SUPERSCRIPT_TWO})
    assert response.status_code == 400, response.status_code


def test_ocds_after_superscript_digit_is_a_400(api):
    api.raise_request_exception = False
    response = api.get("/api/v1/tenders/ocds/", {"after": SUPERSCRIPT_TWO})
    assert response.status_code == 400, response.status_code


def test_dce_download_version_superscript_digit_is_a_404(api, published):
    api.raise_request_exception = False
    document = published.documents.get()
    response = api.get(
        f"/api/v1/tenders/{published.pk}/documents/{document.pk}/download/",
        {"version": SUPERSCRIPT_TWO},
    )
    assert response.status_code == 404, response.status_code
