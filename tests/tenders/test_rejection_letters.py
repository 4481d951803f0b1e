"""Rejection letters (R.2181-1 to -3): to every bidder not chosen, through the platform (an
in-account notification, an e-mail, the letter in PDF), the sending time recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.models import AuditEvent
from tenders.models import Notification, RejectionLetter

from .choosing import REASONS, award_to, opened_with_bids

pytestmark = pytest.mark.django_db


def _send(client, award, **data):
    return client.post(
        f"/api/v1/tenders/{award.tender_id}/awards/{award.pk}/rejection-letters/",
        data,
        format="json",
    )


def test_formalised_letters_need_the_reasons_and_the_winners(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    response = _send(client_for(buyer), award, reasons="")
    assert response.status_code == 400
    body = response.json()
    assert "R.2181-3" in body["message"]
    assert set(body["extra"]["fields"]) == {"reasons", "winner_reasons"}
    assert not RejectionLetter.objects.exists()
    assert not Notification.objects.filter(kind="offer_rejected").exists()


def test_formalised_letters_are_sent_with_what_the_law_requires(
    client_for, buyer, rennes, mailoutbox, django_capture_on_commit_callbacks
):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    special = {str(users[2].company_id): "Offre irrégulière : DPGF non remplie."}
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client_for(buyer), award, **REASONS, reasons_by_company=special)
    assert response.status_code == 200, response.json()
    letters = response.json()["rejection_letters"]
    assert [letter["company"] for letter in letters] == ["Soumissionnaire 2", "Soumissionnaire 3"]
    assert all(letter["electronic"] and letter["sent_at"] for letter in letters)
    assert letters[1]["reasons"] == "Offre irrégulière : DPGF non remplie."
    signable = (timezone.localdate() + timedelta(days=11)).strftime("%d/%m/%Y")
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([users[1].email, users[2].email])
    text = next(mail.body for mail in mailoutbox if mail.to == [users[1].email])
    assert "Attributaire : Soumissionnaire 1." in text
    assert REASONS["reasons"] in text and REASONS["winner_reasons"] in text
    assert f"signé à partir du {signable}" in text
    assert Notification.objects.filter(kind="offer_rejected").count() == 2
    assert AuditEvent.objects.filter(action="tender.rejection_letters_sent").count() == 1
    # Sent once: a second sending finds nobody left.
    assert _send(client_for(buyer), award, **REASONS).status_code == 409


def test_a_mapa_letter_tells_the_right_to_ask_for_reasons(client_for, buyer, rennes):
    tender, users = opened_with_bids(buyer, rennes, procedure="mapa", estimated_value=50000)
    award = award_to(buyer, tender, users[0])
    response = _send(client_for(buyer), award)
    assert response.status_code == 200, response.json()
    letter = RejectionLetter.objects.filter(company=users[1].company).get()
    assert letter.content["rules"] == "R.2181-1, R.2181-2"
    assert "winners" not in letter.content  # on request only, in a MAPA
    text = client_for(users[1]).get("/api/v1/me/rejection-letters/").json()["results"][0]["text"]
    assert "R.2181-2" in text and "quinze jours" in text


def test_only_the_tenders_buyer_sends_letters(client_for, buyer, rennes, brest_buyer, animator):
    tender, users = opened_with_bids(buyer, rennes)
    award = award_to(buyer, tender, users[0])
    for user in (brest_buyer, animator, users[1]):
        assert _send(client_for(user), award, **REASONS).status_code == 403
    assert not RejectionLetter.objects.exists()
