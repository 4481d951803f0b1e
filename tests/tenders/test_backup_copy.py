"""The backup copy (copie de sauvegarde, R.2132-11): its own sealed deposit, not the bid; opened
only for a virus, a bid not received in time or one that cannot be opened, by a reasoned,
audited act of the buyer."""

import pytest

from collectivites.models import AuditEvent
from tenders.models import Bid

from .bidding import offer, open_after_deadline, submit

pytestmark = pytest.mark.django_db


def _backup(client, tender):
    response = client.post(
        f"/api/v1/tenders/{tender.pk}/bids/",
        {"files": [offer()], "backup": "true"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_backup_copy_is_its_own_deposit_and_not_the_bid(client_for, company_user, published):
    client = client_for(company_user)
    bid = submit(client, published).json()
    backup = _backup(client, published)
    assert backup["is_backup"] is True and backup["receipt"]["kind"] == "copie_de_sauvegarde"
    assert Bid.objects.get(pk=bid["id"]).is_current  # the bid is not replaced by its copy
    assert not Bid.objects.get(pk=backup["id"]).is_current


def test_it_stays_sealed_until_a_reasoned_opening(client_for, buyer, company_user, published):
    company = client_for(company_user)
    submit(company, published)
    backup = _backup(company, published)
    client = client_for(buyer)
    open_after_deadline(client, published)
    listed = client.get(f"/api/v1/tenders/{published.pk}/bids/").json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert backup["id"] not in [item["id"] for item in listed]
    file_id = backup["files"][0]["id"]
    download = f"/api/v1/tenders/{published.pk}/bids/{backup['id']}/files/{file_id}/download/"
    refused = client.get(download)
    assert refused.status_code == 409 and refused.json()["extra"]["rule"] == "R.2132-11"
    url = f"/api/v1/tenders/{published.pk}/backups/{backup['id']}/open/"
    assert (
        client.post(url, {"ground": "convenience", "reason": "x"}, format="json").status_code == 400
    )
    assert client.post(url, {"ground": "virus", "reason": ""}, format="json").status_code == 400
    # A bid of this company came in time: "not received" does not apply.
    not_received = client.post(url, {"ground": "not_received", "reason": "x"}, format="json")
    assert not_received.status_code == 409
    assert not AuditEvent.objects.filter(action="tender.backup_opened").exists()
    opened = client.post(
        url,
        {"ground": "virus", "reason": "Virus détecté dans l'offre à l'ouverture"},
        format="json",
    )
    assert opened.status_code == 200, opened.json()
    event = AuditEvent.objects.get(action="tender.backup_opened")
    assert event.actor == buyer and event.details["ground"] == "virus"
    assert client.get(download).status_code == 200
    assert client.post(url, {"ground": "virus", "reason": "x"}, format="json").status_code == 409
    backups = client.get(f"/api/v1/tenders/{published.pk}/backups/").json()
    assert backups[0]["opening"]["ground"] == "virus"


def test_only_the_buyer_opens_and_only_after_the_deadline(
    client_for, buyer, company_user, published
):
    backup = _backup(client_for(company_user), published)
    url = f"/api/v1/tenders/{published.pk}/backups/{backup['id']}/open/"
    before = client_for(buyer).post(url, {"ground": "virus", "reason": "x"}, format="json")
    assert before.status_code in (403, 409)  # sealed until the deadline
    company = client_for(company_user).post(url, {"ground": "virus", "reason": "x"}, format="json")
    assert company.status_code == 403
