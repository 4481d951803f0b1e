"""Receipts signed by the platform: a PAdES signature on the PDF, a detached signature on the
JSON, checkable with the published key alone; both fail once tampered with."""

import copy
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from tenders import receipt_signing, signatures
from tenders.models import Bid

from .bidding import submit, upload
from .pdfsign import plain_pdf, updated_after_signing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key(settings, tmp_path):
    settings.RECEIPT_SIGNING_KEY = str(tmp_path / "keys" / "key.pem")
    settings.RECEIPT_SIGNING_CERT = str(tmp_path / "keys" / "cert.pem")


@pytest.fixture
def my_bid(client_for, company_user, published):
    client = client_for(company_user)
    response = submit(client, published, upload("offre.pdf", plain_pdf(), "application/pdf"))
    assert response.status_code == 201, response.json()
    return client, response.json()


def test_the_key_is_made_once_private_and_published(api, settings):
    assert receipt_signing.ensure_signing_key() is True
    assert receipt_signing.ensure_signing_key() is False
    from pathlib import Path

    assert Path(settings.RECEIPT_SIGNING_KEY).stat().st_mode & 0o077 == 0
    published = api.get("/api/v1/tenders/receipt-key/")
    assert published.status_code == 200  # anonymous: a company checks without an account
    body = published.json()
    assert body["algorithm"] == "ECDSA-P256-SHA256"
    assert "BEGIN PUBLIC KEY" in body["public_key_pem"]
    assert "BEGIN CERTIFICATE" in body["certificate_pem"]


def test_the_json_receipt_verifies_with_the_published_key_and_fails_tampered(api, my_bid):
    client, bid = my_bid
    key = api.get("/api/v1/tenders/receipt-key/").json()
    seal = bid["receipt_seal"]
    assert seal["key_fingerprint"] == key["key_fingerprint"]
    receipt = bid["receipt"]
    assert receipt["received_at"] == Bid.objects.get(pk=bid["id"]).submitted_at.isoformat()
    public = key["public_key_pem"].encode()
    assert receipt_signing.verify_receipt(receipt, seal["signature"], public)
    assert receipt_signing.verify_receipt(
        receipt, seal["signature"], key["certificate_pem"].encode()
    )
    forged = copy.deepcopy(receipt)
    forged["received_at"] = "2026-01-01T00:00:00+00:00"
    assert not receipt_signing.verify_receipt(forged, seal["signature"], public)
    forged = copy.deepcopy(receipt)
    forged["files"][0]["sha256"] = "0" * 64
    assert not receipt_signing.verify_receipt(forged, seal["signature"], public)
    assert not receipt_signing.verify_receipt(receipt, "AAAA", public)
    served = client.get(f"/api/v1/me/bids/{bid['id']}/receipt.json")
    assert served["X-Receipt-Signature"] == seal["signature"]
    assert receipt_signing.verify_receipt(served.json(), served["X-Receipt-Signature"], public)


def _validate(pdf: bytes, cert_pem: bytes):
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    _, _, der = pem.unarmor(cert_pem)
    root = asn1_x509.Certificate.load(der)
    context = ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=[root]), allow_fetching=False
    )
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return validate_pdf_signature(signature, signer_validation_context=context)


def test_the_pdf_receipt_carries_a_pades_signature_of_the_platform(api, my_bid, settings):
    client, bid = my_bid
    response = client.get(f"/api/v1/me/bids/{bid['id']}/receipt.pdf")
    assert response.status_code == 200
    pdf = response.content
    cert_pem = api.get("/api/v1/tenders/receipt-key/").json()["certificate_pem"].encode()
    status = _validate(pdf, cert_pem)
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
    assert "/ETSI.CAdES.detached" in str(
        PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object["/SubFilter"]
    )
    # The bid checker, trusting the platform's certificate, says the same.
    settings.BID_SIGNATURE_TRUST_ROOTS = [settings.RECEIPT_SIGNING_CERT]
    signatures._trust_roots.cache_clear()
    state, details = signatures.check_pdf(io.BytesIO(pdf))
    assert (state, details["integrity"]) == ("signed_valid", "signed_unchanged")
    # Changed after signing (an appended update, or bytes of the signed content): not valid.
    state, details = signatures.check_pdf(io.BytesIO(updated_after_signing(pdf)))
    assert (state, details["integrity"]) == ("signed_invalid", "signed_changed")
    position = pdf.index(b"/Producer") if b"/Producer" in pdf else 200
    tampered = pdf[:position] + b"X" + pdf[position + 1 :]
    assert not _validate(tampered, cert_pem).intact
