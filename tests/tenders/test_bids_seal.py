"""The seal: before the deadline nobody — buyer, animator, superuser — lists or reads bids, and
the key that would decrypt them cannot even be unwrapped; only counts are known. After it, the
buyer's agents open the bids (logged) and read them; nobody else does."""

import hashlib
import tracemalloc
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from collectivites.models import AuditEvent, Membership
from tenders import crypto
from tenders.models import Bid, BidFile, BidOpening, Tender
from tenders.services import bid_file_read

from ..factories import CompanyFactory, UserFactory
from .bidding import offer, open_after_deadline, stored_bid_files, streamed, submit, upload
from .conftest import expire
from .pdfsign import plain_pdf

pytestmark = pytest.mark.django_db

SECRET = b"Prix global et forfaitaire : 128 400,00 EUR HT"
PDF = plain_pdf(SECRET)  # pyHanko's writer gives each PDF a fresh id: made once


@pytest.fixture
def bid(client_for, company_user, published):
    response = submit(client_for(company_user), published, upload("offre.pdf", PDF))
    assert response.status_code == 201
    return Bid.objects.get(pk=response.json()["id"])


@pytest.fixture
def superbuyer(superuser, rennes):
    """A superuser who is also a buyer of the tender's collectivité: every pass there is."""
    Membership.objects.create(user=superuser, collectivite=rennes, role="agent", is_buyer=True)
    return superuser


def urls(tender, bid):
    file = bid.files.get()
    return (
        f"/api/v1/tenders/{tender.pk}/bids/",
        f"/api/v1/tenders/{tender.pk}/bids/{bid.pk}/files/{file.pk}/download/",
    )


def test_before_the_deadline_nobody_lists_or_reads_bids(
    client_for, published, bid, buyer, animator, superbuyer
):
    listing, download = urls(published, bid)
    for user in (buyer, animator, superbuyer):
        client = client_for(user)
        for url in (listing, download):
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert "scellés" in response.json()["message"]
        # Counts, never who.
        count = client.get(f"/api/v1/tenders/{published.pk}/bids/count/").json()
        assert count["bids"] == 1 and count["sealed"] is True
        assert "company" not in str(count)
    # Opening is refused too.
    assert client_for(buyer).post(f"/api/v1/tenders/{published.pk}/open/").status_code == 409


def test_the_seal_holds_below_the_views(published, bid, superbuyer):
    """Services and the crypto layer refuse by themselves, superuser or not."""
    with pytest.raises(crypto.SealedError):
        bid_file = bid.files.get()
        bid_file_read(actor=superbuyer, tender=published, bid_id=bid.pk, file_id=bid_file.pk)
    with pytest.raises(crypto.SealedError):
        crypto.tender_private_key(published.pk)
    # Even with a stale in-memory deadline in the past: the database's deadline decides.
    published.response_deadline = timezone.now() - timedelta(days=1)
    with pytest.raises(crypto.SealedError):
        crypto.tender_private_key(published.pk)


def test_stored_bytes_are_not_the_plaintext_and_decrypt_after_the_deadline(published, bid):
    (path,) = stored_bid_files()
    data = path.read_bytes()
    assert SECRET not in data and b"%PDF" not in data
    assert len(data) == crypto.ciphertext_size(len(PDF))
    expire(published)
    private = crypto.tender_private_key(published.pk)
    with path.open("rb") as handle:
        assert b"".join(crypto.decrypt_chunks(handle, private=private)) == PDF


def test_a_key_wrapped_for_one_tender_does_not_unwrap_for_another(published, bid):
    blob = Tender.objects.get(pk=published.pk).bid_key_wrapped
    past = timezone.now() - timedelta(seconds=1)
    crypto.unwrap_private_key(tender_pk=published.pk, blob=blob, deadline=past)
    with pytest.raises(Exception):  # noqa: B017 (cryptography's InvalidTag)
        crypto.unwrap_private_key(tender_pk=published.pk + 1, blob=blob, deadline=past)


def test_counts_only_for_the_buyer_side_and_animators(client_for, published, bid, company_user):
    outsider_buyer = UserFactory(username="autre-acheteur")
    for user in (company_user, outsider_buyer):
        response = client_for(user).get(f"/api/v1/tenders/{published.pk}/bids/count/")
        assert response.status_code == 403


def test_after_the_deadline_the_buyer_opens_then_reads(client_for, published, bid, buyer):
    client = client_for(buyer)
    listing, download = urls(published, bid)
    expire(published)
    # Deadline passed but not opened yet: not readable.
    assert client.get(listing).status_code == 409
    open_after_deadline(client, published)
    assert BidOpening.objects.filter(tender=published, opened_by=buyer).exists()
    assert AuditEvent.objects.filter(
        action="tender.opened", object_id=str(published.pk), actor=buyer
    ).exists()

    body = client.get(listing).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["company"]["siret"] == bid.company.siret
    response = client.get(download)
    assert response.status_code == 200
    content = streamed(response)
    assert content == PDF
    assert response["X-Content-SHA256"] == hashlib.sha256(content).hexdigest()
    assert "offre.pdf" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="tender.bid_file_read", actor=buyer).count() == 1


def test_after_opening_other_roles_are_still_refused(
    client_for, published, bid, buyer, animator, superuser, company_user, brest_buyer
):
    open_after_deadline(client_for(buyer), published)
    listing, download = urls(published, bid)
    for user in (animator, superuser, company_user, brest_buyer):
        for url in (listing, download):
            assert client_for(user).get(url).status_code == 403, (user, url)
    assert not AuditEvent.objects.filter(action="tender.bid_file_read").exists()


def test_buyers_list_bids_in_constant_queries(client_for, published, buyer):
    def add_bids(n):
        for _ in range(n):
            user = UserFactory(company=CompanyFactory())
            assert (
                submit(client_for(user), published, offer(), offer("annexe.pdf")).status_code == 201
            )

    add_bids(2)
    Tender.objects.filter(pk=published.pk).update(response_deadline=timezone.now())
    published.refresh_from_db()
    open_after_deadline(client_for(buyer), published)
    client = client_for(buyer)
    url = f"/api/v1/tenders/{published.pk}/bids/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).json()["count"] == 2
    Tender.objects.filter(pk=published.pk).update(
        status="published", response_deadline=timezone.now() + timedelta(days=1)
    )
    add_bids(4)
    Tender.objects.filter(pk=published.pk).update(
        status="opened", response_deadline=timezone.now() - timedelta(seconds=1)
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["count"] == 6
    assert len(many) == len(few) <= 10, [q["sql"] for q in many]


def test_bids_are_in_no_admin(superuser):
    assert Bid not in admin.site._registry and BidFile not in admin.site._registry
    assert Bid not in get_snippet_models() and BidFile not in get_snippet_models()
    client = Client()
    client.force_login(superuser)
    for url in ("/admin/snippets/tenders/bid/", "/admin/snippets/tenders/bidfile/"):
        assert client.get(url).status_code == 404


def test_decryption_streams_in_constant_memory(tmp_path):
    """A 24 MiB file is encrypted and decrypted with a few chunks in memory at most."""
    blob = crypto.new_key_blob(1)
    size = 24 * 1024 * 1024
    block = b"\x5a" * (1024 * 1024)
    path = tmp_path / "big.enc"
    tracemalloc.start()
    with path.open("wb") as out:
        digest, written = crypto.encrypt_to(
            (block for _ in range(size // len(block))), recipient=crypto.public_key(blob), out=out
        )
    private = crypto.unwrap_private_key(
        tender_pk=1, blob=blob, deadline=timezone.now() - timedelta(seconds=1)
    )
    check = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in crypto.decrypt_chunks(handle, private=private):
            check.update(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert written == size and check.hexdigest() == digest
    assert peak < 4 * 1024 * 1024, peak
