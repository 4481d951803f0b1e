"""The tender room in a real browser: a company's and a buyer's journeys, and the statistics.

Data comes from the tenders services (``tender_room`` in conftest); time passes by moving the
deadline into the past through the ORM, as the clock would.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tenders import services
from tests.factories import siret_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_public_list_filters_and_opens_a_tender(page, tender_room, screenshot):
    tender = tender_room["tender"]
    page.goto("/marches")
    count = page.get_by_role("status").filter(has_text="consultation")
    expect(count).to_have_text("1 consultation")
    page.get_by_label("Nature").select_option(label="Fournitures")
    expect(count).to_have_text("0 consultation correspondant aux critères")
    expect(page).to_have_url(re.compile(r"\?nature=fournitures$"))
    page.get_by_label("Nature").select_option(label="Travaux")
    page.get_by_label("Code CPV").fill("4526")
    expect(count).to_have_text("1 consultation correspondant aux critères")
    page.get_by_label("Rechercher", exact=True).fill("ardoise toiture")
    expect(page).to_have_url(re.compile(r"q=ardoise"))
    expect(count).to_have_text("1 consultation correspondant aux critères")
    screenshot("tenders-list")

    page.get_by_role("link", name=tender.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tender.title)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Procédure adaptée")
    expect(main).to_contain_text("150 000 € HT")
    expect(main).to_contain_text("45261000-4")
    # Deadlines in Paris time, as the server computes them.
    deadline = timezone.localtime(tender.response_deadline)
    expect(main).to_contain_text(f"{deadline:%H:%M}")
    expect(page.get_by_role("link", name="Télécharger tout le DCE (ZIP)")).to_be_visible()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    expect(main).to_contain_text("Consultation publiée")


def test_a_company_downloads_asks_bids_and_gets_its_receipt(page, tender_room, log_in, screenshot):
    from tenders.models import Bid, Download, Question

    tender = tender_room["tender"]
    log_in("yann", tender_room["company_password"])
    page.goto("/marches")
    page.get_by_role("link", name=tender.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tender.title)

    # Download a piece of the DCE: the browser saves it, the registre des retraits records it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Règlement de la consultation")).click()
    download = download_info.value
    assert download.suggested_filename == "rc.pdf"
    assert download.failure() is None
    assert Download.objects.filter(tender=tender, user=tender_room["company_user"]).count() == 1

    # Ask a question before the question deadline.
    page.get_by_label("Votre question").fill("Le diagnostic amiante est-il disponible ?")
    page.get_by_role("button", name="Envoyer la question").click()
    expect(page.get_by_text("Question envoyée à l'acheteur.")).to_be_visible()
    assert Question.objects.filter(tender=tender).count() == 1

    # Submit a bid. Modest size: the server's signature check of a malformed PDF reads it byte
    # by byte through Django's upload wrapper (about 40 s for 3 MB, reported to the bids branch).
    content = b"%PDF-1.4 offre Armor Toitures\n" + b"0" * (256 * 1024) + b"\n%%EOF\n"
    page.get_by_label("Fichiers de l'offre").set_input_files(
        {"name": "offre.pdf", "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Déposer mon offre").click()
    progress = page.get_by_label("Envoi du pli")
    expect(progress).to_have_js_property("value", 100)
    receipt = page.locator("#accuse")
    expect(receipt).to_contain_text("Votre pli a bien été reçu.", timeout=20_000)
    expect(receipt).to_contain_text("offre.pdf")
    expect(receipt).to_contain_text(hashlib.sha256(content).hexdigest())
    expect(
        receipt.get_by_role("link", name=re.compile(r"accusé de réception \(PDF\)"))
    ).to_be_visible()
    assert Bid.objects.filter(tender=tender, is_current=True).count() == 1
    screenshot("tender-bid-receipt")

    # The receipt is also in the company's space, downloadable as JSON.
    page.goto("/marches/mon-espace")
    expect(page.get_by_role("heading", name="Mes retraits de DCE")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Règlement de la consultation")
    expect(page.get_by_role("main")).to_contain_text(hashlib.sha256(content).hexdigest())
    with page.expect_download() as json_info:
        page.get_by_role("link", name=re.compile(r"Accusé de réception \(JSON\)")).first.click()
    assert json_info.value.suggested_filename.endswith(".json")


def test_a_buyer_creates_uploads_publishes_then_opens_after_the_deadline(
    page, tender_room, log_in, screenshot
):
    from tenders.models import Tender

    log_in("claire", tender_room["buyer_password"])
    page.goto("/marches")
    page.get_by_role("link", name="Nouvelle consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle consultation")
    page.get_by_label("Référence").fill("2026-042")
    page.get_by_label("Intitulé", exact=True).fill("Entretien des espaces verts")
    page.get_by_label("Objet").fill("Tonte et taille sur les parcs de la ville.")
    page.get_by_label("Nature").select_option(label="Services")
    page.get_by_label("Codes CPV").fill("77310000-6")
    page.get_by_label("Valeur estimée (€ HT)").fill("90 000")
    soon = timezone.localtime(timezone.now() + timedelta(days=30))
    page.get_by_label("Date limite des questions").fill(
        (soon - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Date limite de remise des offres").fill(soon.strftime("%Y-%m-%dT12:00"))
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entretien des espaces verts")
    tender = Tender.objects.get(reference="2026-042")
    # Typed in Paris time, stored as that instant.
    assert timezone.localtime(tender.response_deadline).strftime("%H:%M") == "12:00"
    expect(page.get_by_role("main")).to_contain_text("Brouillon")

    # Publishing without a DCE is refused with the server's reason.
    page.get_by_role("button", name="Publier la consultation").click()
    expect(page.get_by_role("alert")).to_contain_text("au moins un document")

    page.get_by_label("Intitulé de la pièce").fill("Cahier des charges")
    page.get_by_label("Fichier", exact=True).set_input_files(
        {"name": "cctp.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 cctp"}
    )
    page.get_by_role("button", name="Ajouter la pièce").click()
    expect(page.get_by_text("Pièce ajoutée au DCE.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Cahier des charges"))).to_be_visible()

    page.get_by_role("button", name="Publier la consultation").click()
    expect(page.get_by_text("Consultation publiée.")).to_be_visible()
    expect(page.locator(".status").first).to_have_text("Publiée")
    screenshot("tender-buyer-published")

    # A company bids through the services, then time passes.
    tender.refresh_from_db()
    company_bid = services.bid_submit(
        actor=tender_room["company_user"],
        tender=tender,
        files=[SimpleUploadedFile("offre.pdf", b"%PDF-1.4 offre", "application/pdf")],
        lot_number=None,
    )
    past = timezone.now() - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=past - timedelta(days=1), response_deadline=past
    )
    page.reload()
    page.get_by_role("button", name="Ouvrir les plis").click()
    expect(page.get_by_text("Plis ouverts.", exact=True)).to_be_visible()
    tender.refresh_from_db()
    assert tender.status == "opened"
    table = page.get_by_role("table", name=re.compile("Plis ouverts"))
    expect(table).to_contain_text("Armor Toitures")
    expect(table).to_contain_text(company_bid.files.get().name)
    expect(page.get_by_role("heading", name="Attribuer")).to_be_visible()
    screenshot("tender-buyer-opened")

    # The award, with the contract data the open data publish: nothing is preselected.
    form = page.get_by_role("form", name="Attribuer")
    form.get_by_label("Montant (€ HT)").fill("84 600")
    form.get_by_label("SIRET de l'entreprise").fill(tender_room["company_user"].company.siret)
    expect(form.get_by_text("Type de groupement : Pas de groupement")).to_be_visible()
    form.get_by_role("button", name="Ajouter un cotraitant").click()
    form.get_by_label("SIRET de l'entreprise 2").fill("12345678901234")
    form.get_by_label("Raison sociale").nth(1).fill("Paysages d'Armor")
    grouping = form.get_by_label("Type de groupement des titulaires")
    expect(grouping).to_have_value("")  # two titulaires: the buyer says which groupement
    grouping.select_option("Solidaire")
    form.get_by_label("Durée du marché (mois)").fill("24")
    expect(form.get_by_label("Forme du prix")).to_have_value("")
    form.get_by_label("Forme du prix").select_option("Mixte")
    form.get_by_label("CCAG de référence").select_option("Fournitures courantes et services")

    def group(name: str):
        return form.get_by_role("group", name=name)

    group("Types de prix (au moins un)").get_by_label("Définitif révisable").check()
    techniques = group("Techniques d'achat (« Sans objet » si aucune)")
    techniques.get_by_label("Accord-cadre").check()
    techniques.get_by_label("Sans objet").check()  # stands alone: unticks the other
    expect(techniques.get_by_label("Accord-cadre")).not_to_be_checked()
    group("Modalités d'exécution (« Sans objet » si aucune)").get_by_label(
        "Bons de commande"
    ).check()
    innovative = group("Marché innovant")
    expect(innovative.get_by_label("Oui")).not_to_be_checked()
    expect(innovative.get_by_label("Non")).not_to_be_checked()
    innovative.get_by_label("Non").check()
    group("Sous-traitance déclarée à la notification").get_by_label("Oui").check()
    expect(form.get_by_label("Taux de l'avance (%)")).to_have_count(0)
    group("Avance attribuée au titulaire").get_by_label("Oui").check()
    form.get_by_label("Taux de l'avance (%)").fill("5")
    group("Considérations sociales").get_by_label("Marché réservé").check()
    screenshot("tender-buyer-award-form")

    # No environmental answer: the API's message shows beside that group.
    form.get_by_role("button", name="Enregistrer l'attribution").click()
    environmental = group("Considérations environnementales")
    expect(environmental.locator(".field-error")).to_be_visible()
    expect(form.get_by_role("alert")).to_contain_text("invalides")
    environmental.get_by_label("Critère environnemental").check()

    # The second SIRET is wrong: the service's message shows beside it.
    form.get_by_role("button", name="Enregistrer l'attribution").click()
    siret = form.get_by_label("SIRET de l'entreprise 2")
    expect(siret).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#attribution-0-siret-1-error")).to_have_text(
        "SIRET invalide : 12345678901234."
    )
    assert not tender.awards.exists()
    siret.fill(siret_for(8))
    form.get_by_role("button", name="Enregistrer l'attribution").click()
    expect(page.get_by_text("Consultation attribuée.")).to_be_visible()

    award = tender.awards.get()
    assert (award.duration_months, award.price_form, award.grouping_type) == (
        24,
        "Mixte",
        "Solidaire",
    )
    assert award.techniques == ["Sans objet"]
    assert award.environmental_considerations == ["Critère environnemental"]
    assert str(award.advance_rate) == "0.0500"
    # The contract data are on the public tender page.
    result = page.get_by_role("region", name="Attribution")
    expect(result).to_contain_text("84 600")
    expect(result).to_contain_text("24 mois")
    expect(result).to_contain_text("Paysages d'Armor")
    expect(result).to_contain_text("Fournitures courantes et services")
    expect(result).to_contain_text(re.compile(r"Oui, 5\s%"))
    expect(result).to_contain_text("Solidaire")
    screenshot("tender-awarded")


def test_the_buyer_awards_the_lots_left_after_a_first_award(page, tender_room, log_in):
    """Lots are awarded together or one by one: once lot 1 is, the form offers lot 2 only."""
    from tenders.models import Tender
    from tests.tenders.awarding import contract

    buyer, rennes = tender_room["buyer"], tender_room["rennes"]
    now = timezone.now()
    tender = services.tender_create(
        actor=buyer,
        buyer=rennes,
        reference="2026-077",
        title="Travaux de couverture et de zinguerie",
        object="Deux lots.",
        procedure="mapa",
        nature="travaux",
        estimated_value=80_000,
        cpv_codes=["45261000-4"],
        question_deadline=now + timedelta(days=1),
        response_deadline=now + timedelta(days=2),
        lots=[{"number": 1, "title": "Couverture"}, {"number": 2, "title": "Zinguerie"}],
    )
    services.tender_document_add(
        actor=buyer,
        tender=tender,
        title="RC",
        file=SimpleUploadedFile("rc.pdf", b"%PDF-1.4 rc", content_type="application/pdf"),
    )
    services.tender_publish(actor=buyer, tender=tender)
    past = now - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=past - timedelta(days=1), response_deadline=past
    )
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=buyer, tender=tender)
    siret = tender_room["company_user"].company.siret
    services.tender_award(
        actor=buyer,
        tender=tender,
        awards=[{"lot_number": 1, "amount": 1000, "companies": [{"siret": siret}], **contract()}],
    )

    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")
    expect(page.locator(".status").first).to_have_text("Attribuée")
    form = page.get_by_role("form", name="Attribuer")
    options = form.get_by_label("Lot").locator("option")
    expect(options).to_have_text(["Choisir…", "Lot 2 — Zinguerie"])


def test_the_statistics_show_a_year_with_data(page, tender_room, screenshot):
    year = timezone.localdate().year
    page.goto(f"/statistiques?annee={year}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques du réseau")
    figures = page.locator(".figures")
    published = figures.locator(".figure").filter(has_text="Consultations publiées")
    expect(published.locator("dd")).to_have_text("1")
    expect(figures.locator(".figure").filter(has_text="Part des procédures")).to_contain_text("100")
    table = page.get_by_role("table", name=f"Séries mensuelles {year}")
    month = timezone.localdate().strftime("%m")
    row = table.get_by_role("row").nth(int(month))
    expect(row).to_contain_text("1")
    expect(page.locator("canvas").first).to_be_visible()
    screenshot("stats")


def test_a_list_longer_than_its_count_says_so_and_asks_to_refine(page, tender_room, monkeypatch):
    """Long lists count their first rows only (docs/decisions/0023): the SPA says "plus de" and
    the last page it can number asks to refine the criteria instead of offering a next page."""
    from api.pagination import KeysetPagination
    from tenders.models import Tender

    tender = tender_room["tender"]
    for number in range(24):
        copy = Tender.objects.get(pk=tender.pk)
        copy.pk = copy.id = None
        copy.reference = f"{tender.reference}-{number}"
        copy.save()
    monkeypatch.setattr(KeysetPagination, "count_limit", 21)

    page.goto("/marches")
    count = page.get_by_role("status").filter(has_text="consultation")
    expect(count).to_have_text("plus de 21 consultations")
    pages = page.get_by_role("navigation", name="Pagination")
    expect(pages).to_contain_text("Page 1 sur plus de 2")
    pages.get_by_role("link", name="Page suivante →").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(pages).to_contain_text("Page 2 sur plus de 2 : affinez les critères pour voir la suite")
    expect(pages.get_by_role("link", name="Page suivante →")).to_have_count(0)
    expect(page.locator(".tender-list > li")).to_have_count(5)  # 25 tenders, 20 a page
