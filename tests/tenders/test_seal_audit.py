"""The seal's trust model, in the audit log: every unwrap of a tender's private key (who, when,
why), every refused attempt before the deadline, and every deadline change with old and new."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders import crypto, services

from .bidding import open_after_deadline, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def bid(client_for, company_user, published):
    response = submit(client_for(company_user), published)
    assert response.status_code == 201
    return response.json()


def test_an_unwrap_before_the_deadline_is_refused_and_flagged(buyer, published, bid):
    with pytest.raises(crypto.SealedError):
        crypto.tender_private_key(published.pk, actor=buyer, purpose="shell")
    event = AuditEvent.objects.get(action="tender.bid_key_unwrap_refused")
    assert event.actor == buyer
    assert event.details["tender"] == published.pk and event.details["purpose"] == "shell"
    assert not AuditEvent.objects.filter(action="tender.bid_key_unwrapped").exists()


def test_every_unwrap_after_the_deadline_is_audited_with_its_reader(
    client_for, buyer, published, bid
):
    client = client_for(buyer)
    open_after_deadline(client, published)
    file_id = bid["files"][0]["id"]
    response = client.get(
        f"/api/v1/tenders/{published.pk}/bids/{bid['id']}/files/{file_id}/download/"
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action="tender.bid_key_unwrapped")
    assert event.actor == buyer and event.details["purpose"] == "bid_file_read"
    crypto.tender_private_key(published.pk)  # a shell, no actor: still in the log
    assert AuditEvent.objects.filter(
        action="tender.bid_key_unwrapped", actor__isnull=True, actor_label="système"
    ).exists()


def test_every_deadline_change_is_audited_with_who_and_the_values(buyer, published):
    old = published.response_deadline
    new = old + timedelta(days=3)
    services.tender_update(actor=buyer, tender=published, response_deadline=new)
    event = AuditEvent.objects.get(action="tender.deadline_changed")
    assert event.actor == buyer
    assert event.details["from"][1] == old.isoformat()
    assert event.details["to"][1] == new.isoformat()
    assert event.at <= timezone.now()
