"""Submitting bids: identified companies, until the deadline by the server's clock, within the
limits; a new submission replaces the previous one and both are kept."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tenders.models import Bid, Tender
from tenders.services import bids as bid_services

from ..factories import CompanyFactory, UserFactory
from .bidding import PNG, offer, stored_bid_files, submit, upload
from .conftest import make_tender, published_tender
from .pdfsign import plain_pdf

pytestmark = pytest.mark.django_db


def test_company_submits_a_bid_stored_hashed_and_encrypted(client_for, company_user, published):
    content = plain_pdf(b"Memoire technique")
    response = submit(
        client_for(company_user),
        published,
        upload("Mémoire technique.pdf", content, "application/pdf"),
        upload("prix.png", PNG, "image/png"),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_current"] is True
    assert body["tender"]["reference"] == published.reference
    memo, image = body["files"]
    assert memo["name"] == "Mémoire technique.pdf"
    assert memo["size"] == len(content)
    assert memo["sha256"] == hashlib.sha256(content).hexdigest()
    assert memo["content_type"] == "application/pdf"
    assert memo["signature_status"] == "unsigned"
    assert image["content_type"] == "image/png"
    # At rest: opaque names, and not the plaintext.
    stored = stored_bid_files()
    assert len(stored) == 2
    for path in stored:
        assert path.suffix == ".enc" and "Mémoire" not in path.name
        data = path.read_bytes()
        assert content not in data and b"Memoire technique" not in data and PNG not in data


def test_one_second_late_is_refused_whatever_the_client_says(client_for, company_user, published):
    Tender.objects.filter(pk=published.pk).update(
        response_deadline=timezone.now() - timedelta(seconds=1)
    )
    response = submit(
        client_for(company_user),
        published,
        HTTP_DATE="Mon, 01 Jan 2024 00:00:00 GMT",
        HTTP_X_SUBMITTED_AT="2024-01-01T00:00:00Z",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["extra"]["code"] == "hors_delai"
    assert "hors délai" in body["message"]
    assert not Bid.objects.exists() and stored_bid_files() == []


def test_received_before_the_deadline_it_is_accepted_even_if_checking_ends_after(
    client_for, company_user, published, monkeypatch
):
    """The upload ended one second before the deadline; the signature check and encryption
    end after it. The time of reception is taken once, when the upload ended: the bid is on
    time, and that time is on the receipt."""
    before = published.response_deadline - timedelta(seconds=1)
    after = published.response_deadline + timedelta(seconds=1)
    clock = iter([before, after, after, after])
    monkeypatch.setattr(bid_services, "now", lambda: next(clock))
    response = submit(client_for(company_user), published)
    assert response.status_code == 201, response.json()
    bid = Bid.objects.get()
    assert bid.submitted_at == before
    assert bid.receipt["received_at"] == before.isoformat()


def test_cancelled_while_it_was_encrypted_it_is_refused_and_nothing_kept(
    client_for, company_user, published, monkeypatch
):
    """The check under the row lock still refuses what changed meanwhile (a cancellation)."""
    from tenders.models import Tender

    real = bid_services.tender_public_key

    def cancel_meanwhile(*, tender):
        Tender.objects.filter(pk=tender.pk).update(status="cancelled")
        return real(tender=tender)

    monkeypatch.setattr(bid_services, "tender_public_key", cancel_meanwhile)
    response = submit(client_for(company_user), published)
    assert response.status_code == 409
    assert not Bid.objects.exists() and stored_bid_files() == []


def test_at_the_deadline_itself_it_is_too_late(client_for, company_user, published, monkeypatch):
    monkeypatch.setattr(bid_services, "now", lambda: published.response_deadline)
    assert submit(client_for(company_user), published).status_code == 409


def test_a_new_submission_replaces_the_previous_one_both_kept(
    client_for, company_user, buyer, published
):
    client = client_for(company_user)
    first = submit(client, published, offer(text=b"Premiere offre")).json()
    second = submit(client, published, offer(text=b"Offre corrigee")).json()
    old, new = Bid.objects.get(pk=first["id"]), Bid.objects.get(pk=second["id"])
    assert (old.is_current, old.superseded_by_id) == (False, new.pk)
    assert (new.is_current, new.superseded_by_id) == (True, None)
    assert new.receipt["replaces"]["bid_id"] == old.pk
    mine = client.get("/api/v1/me/bids/").json()
    assert [bid["id"] for bid in mine["results"]] == [new.pk, old.pk]
    count = client_for(buyer).get(f"/api/v1/tenders/{published.pk}/bids/count/").json()
    assert (count["bids"], count["submissions"], count["companies"]) == (1, 2, 1)


def test_bids_per_lot_replace_only_the_same_lot(client_for, company_user, buyer, rennes):
    tender = published_tender(
        buyer,
        rennes,
        reference="2026-LOTS",
        lots=[{"number": 1, "title": "Gros œuvre"}, {"number": 2, "title": "Couverture"}],
    )
    client = client_for(company_user)
    assert submit(client, tender, lot=1).status_code == 201
    assert submit(client, tender, lot=2).status_code == 201
    assert submit(client, tender, lot=2).status_code == 201
    current = Bid.objects.filter(tender=tender, is_current=True).order_by("lot__number")
    assert [bid.lot.number for bid in current] == [1, 2]
    assert Bid.objects.filter(tender=tender).count() == 3
    response = submit(client, tender, lot=7)
    assert response.status_code == 400 and "lot" in response.json()["extra"]["fields"]


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("virus.exe", b"MZ\x90\x00", 400, "format"),
        ("offre.pdf", PNG, 400, "contenu"),  # a PNG named .pdf
        ("offre.pdf", b"just some text, not a PDF", 400, "contenu"),
        ("photo.png", b"%PDF-1.4 not an image", 400, "contenu"),
        ("sans-extension", b"%PDF-1.4", 400, "format"),
    ],
)
def test_types_are_checked_from_the_content(
    client_for, company_user, published, name, content, code, words
):
    response = submit(client_for(company_user), published, offer("ok.pdf"), upload(name, content))
    assert response.status_code == code
    assert name in response.json()["message"] and words in response.json()["message"]
    assert not Bid.objects.exists() and stored_bid_files() == []


def test_size_limits_per_file_and_per_bid(client_for, company_user, published, settings):
    client = client_for(company_user)
    big = plain_pdf(b"x" * 3000)
    settings.BID_MAX_FILE_BYTES = len(big) - 1
    response = submit(client, published, upload("annexe.pdf", big, "application/pdf"))
    assert response.status_code == 413
    assert "annexe.pdf" in response.json()["message"]

    settings.BID_MAX_FILE_BYTES = len(big)
    settings.BID_MAX_TOTAL_BYTES = 2 * len(big) - 1
    response = submit(
        client,
        published,
        upload("a.pdf", big, "application/pdf"),
        upload("b.pdf", big, "application/pdf"),
    )
    assert response.status_code == 413
    assert "b.pdf" in response.json()["message"]

    settings.BID_MAX_FILES = 2
    response = submit(client, published, offer("1.pdf"), offer("2.pdf"), offer("3.pdf"))
    assert response.status_code == 400
    assert not Bid.objects.exists() and stored_bid_files() == []


def test_a_request_too_large_is_refused_before_it_is_read(client_for, company_user, published):
    response = submit(
        client_for(company_user),
        published,
        CONTENT_LENGTH=str(bid_services.max_request_bytes() + 1),
    )
    assert response.status_code == 413


def test_a_bid_needs_a_file(client_for, company_user, published):
    response = client_for(company_user).post(
        f"/api/v1/tenders/{published.pk}/bids/", {}, format="multipart"
    )
    assert response.status_code == 400


def test_only_identified_companies_submit(api, client_for, agent, buyer, superuser, published):
    assert submit(api, published).status_code in (401, 403)
    for user in (agent, buyer, superuser):
        response = submit(client_for(user), published)
        assert response.status_code == 403, user
    assert not Bid.objects.exists()


def test_no_bid_on_a_draft_or_a_cancelled_tender(
    client_for, company_user, buyer, rennes, published
):
    draft = make_tender(buyer, rennes, reference="2026-DRAFT")
    assert submit(client_for(company_user), draft).status_code == 404
    client_for(buyer).post(f"/api/v1/tenders/{published.pk}/cancel/", {"reason": "Erreur"})
    assert submit(client_for(company_user), published).status_code == 409


def test_companies_see_only_their_own_bids_and_receipts(client_for, company_user, published):
    mine = submit(client_for(company_user), published).json()
    rival = UserFactory(username="concurrent", company=CompanyFactory(name="Concurrent SARL"))
    rival_client = client_for(rival)
    assert rival_client.get("/api/v1/me/bids/").json()["count"] == 0
    assert rival_client.get(f"/api/v1/me/bids/{mine['id']}/").status_code == 404
    assert rival_client.get(f"/api/v1/me/bids/{mine['id']}/receipt.json").status_code == 404
    assert rival_client.get(f"/api/v1/me/bids/{mine['id']}/receipt.pdf").status_code == 404
    # A colleague of the same company sees it.
    colleague = UserFactory(username="collegue", company=company_user.company)
    assert client_for(colleague).get("/api/v1/me/bids/").json()["count"] == 1
    filtered = client_for(colleague).get(f"/api/v1/me/bids/?tender={published.pk + 1}")
    assert filtered.json()["count"] == 0
