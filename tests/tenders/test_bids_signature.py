"""PDF signatures are checked with pyHanko when the bid arrives; a signature is optional."""

import pytest
from cryptography.hazmat.primitives import serialization

from tenders.models import BidFile

from .bidding import submit, upload
from .pdfsign import plain_pdf, self_signed, signed_pdf, tampered, updated_after_signing

pytestmark = pytest.mark.django_db


def status_of(client, tender, content: bytes) -> BidFile:
    response = submit(client, tender, upload("offre-signee.pdf", content, "application/pdf"))
    assert response.status_code == 201, response.json()
    (item,) = response.json()["files"]
    return BidFile.objects.get(pk=item["id"])


def test_a_signed_pdf_is_recorded_signed_its_certificate_not_recognised(
    client_for, company_user, published
):
    row = status_of(client_for(company_user), published, signed_pdf())
    assert row.signature_status == "signed"
    (signature,) = row.signature_details["signatures"]
    assert signature["intact"] and signature["valid"] and not signature["trusted"]
    assert "Armor Bâtiment" in signature["signer"]
    assert signature["coverage"] == "ENTIRE_FILE"
    assert row.signature_integrity == "signed_unchanged"


def test_a_pdf_altered_after_signing_is_invalid(client_for, company_user, published):
    row = status_of(client_for(company_user), published, tampered(signed_pdf()))
    assert row.signature_status == "signed_invalid"
    assert row.signature_details["signatures"][0]["intact"] is False
    assert row.signature_integrity == "signed_changed"


def test_an_unsigned_pdf_is_accepted_as_unsigned(client_for, company_user, published):
    row = status_of(client_for(company_user), published, plain_pdf())
    assert row.signature_status == "unsigned"
    assert row.signature_integrity == "unsigned"


def test_a_certificate_from_a_trusted_root_makes_it_valid(
    client_for, company_user, published, settings, tmp_path
):
    key, cert = self_signed("Autorité de test")
    pem = tmp_path / "root.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.BID_SIGNATURE_TRUST_ROOTS = [str(pem)]
    row = status_of(client_for(company_user), published, signed_pdf(key=key, cert=cert))
    assert row.signature_status == "signed_valid"
    assert row.signature_details["signatures"][0]["trusted"] is True


def test_a_pdf_changed_by_an_incremental_update_after_signing_is_not_valid(
    client_for, company_user, published, settings, tmp_path
):
    """The signed revision is intact, but an update appended after it changes the price:
    pyHanko's difference analysis (modification level OTHER, coverage of one revision only)
    decides, even with a trusted certificate."""
    key, cert = self_signed("Autorité de test")
    pem = tmp_path / "root.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    settings.BID_SIGNATURE_TRUST_ROOTS = [str(pem)]
    changed = updated_after_signing(signed_pdf(key=key, cert=cert))
    row = status_of(client_for(company_user), published, changed)
    assert row.signature_status == "signed_invalid"
    assert row.signature_integrity == "signed_changed"
    (signature,) = row.signature_details["signatures"]
    assert signature["intact"] is True  # the signed bytes themselves were not touched
    assert signature["coverage"] == "ENTIRE_REVISION"
    assert signature["modification_level"] == "OTHER"
    assert signature["bottom_line"] is False and signature["unchanged"] is False


def test_the_receipt_says_whether_each_file_changed_since_signing(
    client_for, company_user, published
):
    from .bidding import submit, upload

    response = submit(
        client_for(company_user),
        published,
        upload("intact.pdf", signed_pdf(), "application/pdf"),
        upload("modifie.pdf", updated_after_signing(signed_pdf()), "application/pdf"),
        upload("simple.pdf", plain_pdf(), "application/pdf"),
    )
    assert response.status_code == 201, response.json()
    files = response.json()["receipt"]["files"]
    assert [item["signature_integrity"] for item in files] == [
        "signed_unchanged",
        "signed_changed",
        "unsigned",
    ]
    assert [item["signature_integrity"] for item in response.json()["files"]] == [
        "signed_unchanged",
        "signed_changed",
        "unsigned",
    ]
