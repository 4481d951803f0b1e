"""Opening as the buyer, in a real browser (tendb): open the session, read the registre des
dépôts (the replaced deposit listed, not opened; a late attempt listed as refused), and
download the PV d'ouverture."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tenders import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offer(text: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("offre.pdf", b"%PDF-1.4 " + text, "application/pdf")


def test_the_buyer_opens_reads_the_register_and_downloads_the_pv(
    page, tender_room, log_in, screenshot
):
    from tenders.models import Tender

    tender, company = tender_room["tender"], tender_room["company_user"]
    services.bid_submit(actor=company, tender=tender, files=[_offer(b"premier")])
    services.bid_submit(actor=company, tender=tender, files=[_offer(b"second")])
    past = timezone.now() - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=past - timedelta(days=1), response_deadline=past
    )
    with pytest.raises(services.LateBidError):
        services.bid_submit(actor=company, tender=tender, files=[_offer(b"tard")])

    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(tender.title)
    page.get_by_role("button", name="Ouvrir les plis").click()
    # Opening decrypts and checks every bid file's signature: seconds on a loaded machine (it
    # took over the default 5 s once with two test suites beside).
    expect(page.get_by_text("Plis ouverts.", exact=True)).to_be_visible(timeout=30_000)

    section = page.get_by_role("region", name="Ouverture des plis et registre des dépôts")
    expect(section).to_contain_text("Séance d'ouverture du")
    expect(section).to_contain_text("Claire")
    register = section.get_by_role("table", name=re.compile("Registre des dépôts"))
    expect(register).to_contain_text("Remplacé")
    expect(register).to_contain_text("Dernier dépôt — ouvert")
    expect(register).to_contain_text("Refusé (hors délai)")
    screenshot("tender-buyer-register")

    with page.expect_download() as download_info:
        section.get_by_role("link", name=re.compile("procès-verbal d'ouverture")).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"pv-ouverture-{tender.reference}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
