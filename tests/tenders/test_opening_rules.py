"""Issue 12, bug 4: a consultation is declared unsuccessful only once its bids were opened
(unless nobody bid: there is nothing to open), and only the last bid of each company is opened
and read (R.2151-6); an earlier one only through an explicit, reasoned, audited action (the
Conseil d'État, 20 December 2021, Société TDS, n° 454801: a later deposit may not replace the
whole answer, so the buyer must be able to look at the earlier one, and say why)."""

import pytest

from collectivites.models import AuditEvent
from tenders.models import EarlierBidOpening, Tender

from ..factories import UserFactory
from .bidding import offer, open_after_deadline, submit
from .conftest import expire

pytestmark = pytest.mark.django_db


def test_unsuccessful_needs_the_bids_opened_first(client_for, buyer, company_user, published):
    assert submit(client_for(company_user), published).status_code == 201
    expire(published)
    client = client_for(buyer)
    response = client.post(f"/api/v1/tenders/{published.pk}/unsuccessful/", {"reason": "Rien."})
    assert response.status_code == 409, response.json()
    assert "ouv" in response.json()["message"]
    assert Tender.objects.get(pk=published.pk).status == "closed"
    assert client.post(f"/api/v1/tenders/{published.pk}/open/").status_code == 200
    response = client.post(f"/api/v1/tenders/{published.pk}/unsuccessful/", {"reason": "Rien."})
    assert response.status_code == 200, response.json()


def test_unsuccessful_without_any_bid_needs_no_opening(client_for, buyer, published):
    expire(published)
    response = client_for(buyer).post(
        f"/api/v1/tenders/{published.pk}/unsuccessful/", {"reason": "Aucun pli."}
    )
    assert response.status_code == 200, response.json()


@pytest.fixture
def two_deposits(client_for, company_user, published):
    client = client_for(company_user)
    first = submit(client, published, offer(text=b"Premier prix : 100 EUR")).json()
    second = submit(client, published, offer(text=b"Second prix : 90 EUR")).json()
    return first, second


def test_only_the_last_bid_is_listed_and_read(client_for, buyer, published, two_deposits):
    first, second = two_deposits
    client = client_for(buyer)
    open_after_deadline(client, published)
    listed = client.get(f"/api/v1/tenders/{published.pk}/bids/").json()["results"]
    assert [bid["id"] for bid in listed] == [second["id"]]
    old_file = first["files"][0]["id"]
    response = client.get(
        f"/api/v1/tenders/{published.pk}/bids/{first['id']}/files/{old_file}/download/"
    )
    assert response.status_code == 409, response
    assert "R.2151-6" in response.json()["message"]
    new_file = second["files"][0]["id"]
    response = client.get(
        f"/api/v1/tenders/{published.pk}/bids/{second['id']}/files/{new_file}/download/"
    )
    assert response.status_code == 200


def test_an_earlier_bid_is_opened_only_with_a_reason_and_audited(
    client_for, buyer, published, two_deposits
):
    first, _ = two_deposits
    client = client_for(buyer)
    open_after_deadline(client, published)
    url = f"/api/v1/tenders/{published.pk}/bids/{first['id']}/open-earlier/"
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.json()["extra"]["fields"]
    assert not EarlierBidOpening.objects.exists()
    response = client.post(url, {"reason": "Le dernier dépôt ne contient que le Kbis."})
    assert response.status_code == 201, response.json()
    assert AuditEvent.objects.filter(action="tender.earlier_bid_opened").count() == 1
    old_file = first["files"][0]["id"]
    response = client.get(
        f"/api/v1/tenders/{published.pk}/bids/{first['id']}/files/{old_file}/download/"
    )
    assert response.status_code == 200
    listed = client.get(f"/api/v1/tenders/{published.pk}/bids/").json()["results"]
    assert first["id"] in [bid["id"] for bid in listed]
    # Twice is once: a conflict, nothing more written.
    assert client.post(url, {"reason": "Encore."}).status_code == 409


def test_the_last_bid_is_not_opened_as_an_earlier_one(client_for, buyer, published, two_deposits):
    _, second = two_deposits
    client = client_for(buyer)
    open_after_deadline(client, published)
    url = f"/api/v1/tenders/{published.pk}/bids/{second['id']}/open-earlier/"
    assert client.post(url, {"reason": "Pourquoi pas."}).status_code == 409


def test_an_earlier_bid_is_not_opened_before_the_opening(
    client_for, buyer, published, two_deposits
):
    first, _ = two_deposits
    expire(published)
    url = f"/api/v1/tenders/{published.pk}/bids/{first['id']}/open-earlier/"
    assert client_for(buyer).post(url, {"reason": "Vite."}).status_code == 409
    other = UserFactory(username="autre")
    assert client_for(other).post(url, {"reason": "Vite."}).status_code == 403
    assert not EarlierBidOpening.objects.exists()
