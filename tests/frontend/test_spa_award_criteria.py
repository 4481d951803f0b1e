"""The award criteria in a real browser, as the buyer: weights that do not total 100 % are
refused in the form before any request, 60/40 is saved on the draft, and once published the
criteria are shown read-only (R.2152-12). Then, from the award's steps: a certificate refused
with a reason, the award corrected before notification, an avenant after it (ADR 0017)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tenders import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _draft(tender_room, reference: str):
    buyer = tender_room["buyer"]
    tender = services.tender_create(
        actor=buyer,
        buyer=tender_room["rennes"],
        reference=reference,
        title="Entretien des espaces verts",
        procedure="appel_offres_ouvert",
        nature="services",
        estimated_value=Decimal("300000"),
        cpv_codes=["77310000-6"],
        question_deadline=timezone.now() + timedelta(days=30),
        response_deadline=timezone.now() + timedelta(days=40),
    )
    services.tender_document_add(
        actor=buyer,
        tender=tender,
        title="RC",
        file=SimpleUploadedFile("rc.pdf", b"%PDF-1.4 rc", content_type="application/pdf"),
    )
    return tender


def test_the_buyer_weighs_two_criteria_on_a_draft_then_publishes(
    page, tender_room, log_in, screenshot
):
    tender = _draft(tender_room, "2026-AO-31")
    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")
    form = page.get_by_role("form", name="Critères d'attribution")
    form.get_by_label("Intitulé du critère 1").fill("Prix")
    form.get_by_label("Pondération du critère 1 (%)").fill("60")
    form.get_by_role("button", name="Ajouter un critère").click()
    form.get_by_label("Intitulé du critère 2").fill("Valeur technique")
    form.get_by_label("Pondération du critère 2 (%)").fill("30")
    total = page.get_by_test_id("criteria-sum")
    expect(total).to_contain_text("total 90 % — il doit être de 100 %")
    form.get_by_role("button", name="Enregistrer les critères").click()
    expect(form.get_by_role("alert")).to_contain_text("totalisent 90 % au lieu de 100 %")
    assert not tender.criteria.exists()  # refused before any request
    screenshot("tender-criteria-sum")

    form.get_by_label("Pondération du critère 2 (%)").fill("40")
    expect(total).to_contain_text("total 100 %.")
    form.get_by_role("button", name="Enregistrer les critères").click()
    expect(page.get_by_text("Critères d'attribution enregistrés.")).to_be_visible()
    saved = list(tender.criteria.order_by("position").values_list("name", "weight"))
    assert saved == [("Prix", 60), ("Valeur technique", 40)]

    page.reload()
    form = page.get_by_role("form", name="Critères d'attribution")
    expect(form.get_by_label("Intitulé du critère 2")).to_have_value("Valeur technique")
    expect(form.get_by_label("Pondération du critère 1 (%)")).to_have_value("60")

    page.get_by_role("button", name="Publier la consultation").click()
    published = page.get_by_role("list", name="Critères d'attribution")
    expect(published).to_contain_text("Prix : 60 %")
    expect(published).to_contain_text("Valeur technique : 40 %")
    expect(page.get_by_role("form", name="Critères d'attribution")).to_have_count(0)
    tender.refresh_from_db()
    assert tender.status == "published"
    screenshot("tender-criteria-published")


def test_the_buyer_refuses_a_certificate_corrects_the_award_then_records_an_avenant(
    page, tender_room, log_in
):
    from collectivites.models import AuditEvent
    from tenders.models import Award
    from tests.tenders.choosing import award_to, opened_with_bids
    from tests.tenders.pdfsign import plain_pdf

    buyer = tender_room["buyer"]
    tender, users = opened_with_bids(
        buyer,
        tender_room["rennes"],
        procedure="mapa",
        bidders=1,
        estimated_value=Decimal("50000"),
        reference="2026-MAPA-32",
    )
    award = award_to(buyer, tender, users[0])
    services.certificates_request(actor=buyer, award=award)
    fiscal = award.certificates.order_by("pk").first()
    services.certificate_upload(
        actor=users[0],
        award=award,
        certificate_id=fiscal.pk,
        file=SimpleUploadedFile("dgfip.pdf", plain_pdf(b"attestation"), "application/pdf"),
    )
    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")

    # A certificate refused, with the reason the titulaire reads.
    certificates = page.get_by_role("list", name="Attestations")
    certificates.get_by_text("Refuser", exact=True).first.click()
    certificates.get_by_label(re.compile("Motif du refus")).first.fill("Plus de six mois.")
    certificates.get_by_role("button", name="Refuser l'attestation").first.click()
    expect(certificates).to_contain_text("refusée : Plus de six mois.")
    fiscal.refresh_from_db()
    assert fiscal.uploaded_at is None and fiscal.refusal_reason == "Plus de six mois."

    # Before notification: a correction, with its reason (audited).
    page.get_by_text("Corriger l'attribution avant sa notification").click()
    page.get_by_label("Montant corrigé (€ HT)").fill("140 000,50")
    page.get_by_label("Motif de la correction (obligatoire)").fill("Erreur de report du montant.")
    page.get_by_role("button", name="Corriger l'attribution").click()
    expect(page.locator("#apres-attribution")).to_contain_text("140")
    award.refresh_from_db()
    assert award.amount == Decimal("140000.50")
    event = AuditEvent.objects.get(action="tender.award_corrected")
    assert event.details["reason"] == "Erreur de report du montant."

    # Notified a month ago (time moved in the database): the contract changes by avenant only.
    notified = timezone.localdate() - timedelta(days=30)
    Award.objects.filter(pk=award.pk).update(notification_date=notified)
    page.reload()
    expect(page.get_by_text("Corriger l'attribution avant sa notification")).to_have_count(0)
    expect(page.get_by_text("Aucune modification enregistrée.")).to_be_visible()
    page.get_by_text("Enregistrer une modification (avenant)").click()
    form = page.get_by_role("form", name=f"Avenant à l'attribution {award.pk}")
    form.get_by_label("Objet de la modification").fill("Travaux supplémentaires de zinguerie")
    form.get_by_label("Nouveau montant du marché (€ HT, facultatif)").fill("150000")
    signed = timezone.localdate() - timedelta(days=2)
    form.get_by_label("Date de signature").fill(signed.isoformat())
    form.get_by_label("Date de notification").fill((signed + timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Enregistrer l'avenant").click()
    listed = page.get_by_role("list", name="Modifications du marché")
    expect(listed).to_contain_text("Avenant n° 1 : Travaux supplémentaires de zinguerie")
    expect(listed).to_contain_text("150")
    modification = award.modifications.get()
    assert modification.amount == Decimal("150000") and modification.signed_on == signed
