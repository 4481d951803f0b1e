"""The opening session and the registre des dépôts: every deposit with its time, size, SHA-256
and signature state, replaced ones and late refusals included; the PV as a PDF; closed to
everybody before the deadline, and to others than the buyer's agents after."""

import pytest

from tenders.models import OpenedDeposit, RefusedDeposit

from .bidding import offer, submit
from .conftest import expire

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposits(client_for, company_user, published):
    client = client_for(company_user)
    first = submit(client, published, offer(text=b"Premier")).json()
    second = submit(client, published, offer(text=b"Second")).json()
    return first, second


def test_register_lists_every_deposit_and_the_session(
    client_for, buyer, company_user, published, deposits
):
    _first, second = deposits
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/register/"
    assert client.get(url).status_code == 409  # before the deadline
    expire(published)
    late = submit(client_for(company_user), published, offer(text=b"Tard"))
    assert late.status_code == 409
    assert RefusedDeposit.objects.filter(tender=published).count() == 1
    response = client.post(f"/api/v1/tenders/{published.pk}/open/")
    assert response.status_code == 200
    assert list(OpenedDeposit.objects.values_list("bid_id", flat=True)) == [second["id"]]
    register = client.get(url).json()
    states = [(entry["kind"], entry["state"], entry["opened"]) for entry in register["deposits"]]
    assert states == [
        ("offre", "replaced", False),
        ("offre", "current", True),
        ("offre", "refused_late", False),
    ]
    entry = register["deposits"][1]
    assert entry["files"][0]["sha256"] == second["files"][0]["sha256"]
    assert entry["files"][0]["signature_status"] == "unsigned"
    assert entry["total_size"] == second["files"][0]["size"]
    assert register["sessions"][0]["deposits"] == [second["id"]]
    assert register["sessions"][0]["opened_by"]
    pdf = client.get(f"/api/v1/tenders/{published.pk}/opening-pv.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_register_is_the_buyers_own(client_for, published, deposits, animator, superuser):
    expire(published)
    for user in (animator, superuser):
        response = client_for(user).get(f"/api/v1/tenders/{published.pk}/register/")
        assert response.status_code == 403


def test_no_pv_before_the_opening(client_for, buyer, published, deposits):
    expire(published)
    response = client_for(buyer).get(f"/api/v1/tenders/{published.pk}/opening-pv.pdf")
    assert response.status_code == 409
