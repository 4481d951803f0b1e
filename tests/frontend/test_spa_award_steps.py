"""After the choice, in a real browser, as the buyer: score the opened offers in the analysis
grid, see the rejection letters sent and the standstill's end, then (time moved in the database,
the certificates in) notify the contract; the titulaire acknowledges it (ADR 0017)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tenders import services
from tenders.models import Bid, Tender

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_buyer_scores_chooses_sends_letters_and_notifies(page, tender_room, log_in, screenshot):
    from collectivites import services as core
    from tests.factories import siret_for
    from tests.tenders.awarding import contract
    from tests.tenders.choosing import REASONS, certificates_in, letters_sent_days_ago

    buyer, winner = tender_room["buyer"], tender_room["company_user"]
    tender = services.tender_create(
        actor=buyer,
        buyer=tender_room["rennes"],
        reference="2026-AO-07",
        title="Restauration scolaire",
        procedure="appel_offres_ouvert",
        nature="services",
        estimated_value=Decimal("900000"),
        cpv_codes=["55524000-9"],
        question_deadline=timezone.now() + timedelta(days=10),
        response_deadline=timezone.now() + timedelta(days=40),
    )
    services.criteria_set(
        actor=buyer,
        tender=tender,
        criteria=[{"name": "Prix", "weight": 60}, {"name": "Valeur technique", "weight": 40}],
    )
    services.tender_document_add(
        actor=buyer,
        tender=tender,
        title="RC",
        file=SimpleUploadedFile("rc.pdf", b"%PDF-1.4 rc", content_type="application/pdf"),
    )
    services.tender_publish(actor=buyer, tender=tender)
    rival = core.company_register(
        company_name="Cuisines de Bretagne",
        siret=siret_for(9),
        username="gwen",
        email="gwen@cuisines.bzh",
        password="rival-secret-1",
        first_name="Gwen",
        last_name="Le Bihan",
    )
    for user in (winner, rival):
        Bid.objects.create(
            tender=tender, company=user.company, submitted_by=user, submitted_at=timezone.now()
        )
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=timezone.now() - timedelta(days=2),
        response_deadline=timezone.now() - timedelta(minutes=5),
    )
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=buyer, tender=tender)

    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")
    grid = page.get_by_role("table", name=re.compile("Grille d'analyse"))
    marks = {"Armor Toitures": ("9", "8"), "Cuisines de Bretagne": ("6", "7")}
    for company, (price, technique) in marks.items():
        grid.get_by_label(f"Note de {company} — Prix").fill(price)
        grid.get_by_label(f"Note de {company} — Valeur technique").fill(technique)
        grid.get_by_role("button", name=f"Enregistrer les notes de {company}").click()
        expect(grid.get_by_role("row", name=re.compile(company))).to_contain_text(
            "86.00" if company == "Armor Toitures" else "64.00"
        )
    first = grid.get_by_role("row").nth(1)
    expect(first).to_contain_text("Armor Toitures")
    screenshot("tender-analysis-grid")

    # The choice (the award form itself is tested in test_spa_tenders.py).
    services.tender_award(
        actor=buyer,
        tender=tender,
        awards=[
            {
                "amount": Decimal("850000"),
                "companies": [{"siret": winner.company.siret}],
                **contract(ccag="Fournitures courantes et services"),
            }
        ],
    )
    page.reload()
    letters = page.get_by_role("form", name="Lettres de rejet")
    expect(letters).to_contain_text("Cuisines de Bretagne")
    letters.get_by_label("Motifs du rejet").fill(REASONS["reasons"])
    letters.get_by_label("Motifs du choix de l'offre retenue").fill(REASONS["winner_reasons"])
    letters.get_by_role("button", name="Envoyer les lettres de rejet").click()
    sent = page.get_by_role("list", name="Lettres de rejet envoyées")
    expect(sent).to_contain_text("Cuisines de Bretagne")
    expect(sent).to_contain_text("par la plateforme")
    signable = timezone.localdate() + timedelta(days=11)
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    expected = f"{signable.day} {months[signable.month - 1]} {signable.year}"
    expect(page.get_by_test_id("signable-from")).to_have_text(expected)
    screenshot("tender-standstill")

    # Notifying now is refused, naming the rule.
    page.get_by_role("button", name="Signer et notifier le marché par la plateforme").click()
    expect(page.get_by_role("alert")).to_contain_text("R.2182-1")

    # Eleven days later, the certificates in: the buyer notifies.
    award = tender.awards.get()
    letters_sent_days_ago(award, 11)
    certificates_in(buyer, award, None)
    page.reload()
    page.get_by_role("button", name="Signer et notifier le marché par la plateforme").click()
    expect(page.get_by_text("en attente de son accusé de réception")).to_be_visible()
    screenshot("tender-notified")

    # The titulaire acknowledges receipt: the contract takes effect that day.
    page.get_by_role("button", name="Se déconnecter").click()
    log_in("yann", tender_room["company_password"])
    page.goto(f"/marches/{tender.pk}")
    page.get_by_role("button", name="Accuser réception de la notification du marché").click()
    expect(page.get_by_text("Marché notifié : il a pris effet à sa réception.")).to_be_visible()
    award.refresh_from_db()
    assert award.notification_date == timezone.localdate()
