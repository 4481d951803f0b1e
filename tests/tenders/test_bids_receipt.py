"""The accusé de réception: server time, tender, company, files with sizes and hashes; in JSON
and PDF. And the figures the network statistics read."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tenders.models import Bid
from tenders.selectors import bid_figures
from tenders.services import bids as bid_services

from .bidding import PNG, submit, upload
from .conftest import published_tender
from .pdfsign import plain_pdf, signed_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt_bid(client_for, company_user, buyer, rennes, monkeypatch):
    tender = published_tender(
        buyer, rennes, reference="2026-REC", lots=[{"number": 1, "title": "Menuiseries"}]
    )
    moment = timezone.now().replace(microsecond=0)
    monkeypatch.setattr(bid_services, "now", lambda: moment)
    content = plain_pdf(b"Acte d'engagement")
    response = submit(
        client_for(company_user),
        tender,
        upload("Acte d'engagement.pdf", content, "application/pdf"),
        upload("plan.png", PNG, "image/png"),
        lot=1,
    )
    assert response.status_code == 201
    return response.json(), content, moment


def test_receipt_json_lists_tender_company_files_and_server_time(
    client_for, company_user, receipt_bid
):
    bid, content, moment = receipt_bid
    response = client_for(company_user).get(f"/api/v1/me/bids/{bid['id']}/receipt.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    receipt = response.json()
    assert receipt == bid["receipt"]
    assert receipt["received_at"] == moment.isoformat()
    assert receipt["tender"]["reference"] == "2026-REC"
    assert receipt["lot"] == {"number": 1, "title": "Menuiseries"}
    assert receipt["company"] == {
        "name": company_user.company.name,
        "siret": company_user.company.siret,
    }
    first, second = receipt["files"]
    assert first["name"] == "Acte d'engagement.pdf"
    assert (first["size"], first["sha256"]) == (len(content), hashlib.sha256(content).hexdigest())
    assert second["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert receipt["total_size"] == len(content) + len(PNG)


def test_receipt_pdf_says_the_same(client_for, company_user, receipt_bid):
    bid, content, moment = receipt_bid
    response = client_for(company_user).get(f"/api/v1/me/bids/{bid['id']}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    text = " ".join(text.split())  # the table wraps long names and hashes
    assert "Accusé de réception" in text
    assert "2026-REC" in text and company_user.company.siret in text
    assert "Acte d'engagement.pdf" in text and "Lot 1" in text
    assert hashlib.sha256(content).hexdigest() in flat
    assert f"{timezone.localtime(moment):%d/%m/%Y à %H:%M:%S}" in text


def test_bid_figures_count_current_bids_and_those_without_certificate(
    client_for, company_user, published
):
    client = client_for(company_user)
    submit(client, published, upload("a.pdf", plain_pdf(), "application/pdf"))
    submit(client, published, upload("b.pdf", signed_pdf(), "application/pdf"))  # replaces
    from ..factories import CompanyFactory, UserFactory

    other = client_for(UserFactory(company=CompanyFactory()))
    submit(other, published, upload("c.pdf", plain_pdf(), "application/pdf"))
    year = timezone.localdate().year
    figures = bid_figures(year=year)
    assert (figures["electronic_bids"], figures["bids_without_certificate"]) == (2, 1)
    month = timezone.localdate().month
    assert figures["monthly"][month - 1] == {
        "month": month,
        "electronic_bids": 2,
        "bids_without_certificate": 1,
    }
    Bid.objects.update(submitted_at=timezone.now() - timedelta(days=800))
    assert bid_figures(year=year)["electronic_bids"] == 0
