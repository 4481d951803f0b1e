"""Acts in a real browser: an act officer submits an act (a validation message first), transmits
it, sees the simulated prefecture's acknowledgement, and downloads the stamped PDF, which bears
the @CTES identifier."""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from acts.models import Act, ActStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_pdf(path) -> str:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return str(path)


def test_submit_transmit_and_download_the_stamped_act(
    page, settings, tmp_path, make_collectivite, make_user, make_membership, log_in, screenshot
):
    from acts.services.classification import classification_ensure_national
    from tests.frontend.conftest import DEFAULT_PASSWORD

    settings.MEDIA_ROOT = tmp_path / "media"
    classification_ensure_national()
    rennes = make_collectivite("Rennes", departement_code="35")
    officer = make_user("maelle", first_name="Maëlle", last_name="Le Floch")
    make_membership(officer, rennes, capabilities=("act_officer",))
    log_in("maelle", DEFAULT_PASSWORD)

    page.goto("/actes")
    page.get_by_role("link", name="Déposer un acte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer un acte")
    page.get_by_label("Matière (classification)").select_option("7.1")
    decided = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Date de la décision").fill(decided.isoformat())
    page.get_by_label("Numéro interne").fill("2026-12")  # a hyphen: refused by the server
    page.get_by_label("Objet").fill("Budget supplémentaire 2026")
    page.get_by_label("Acte (PDF ; XML pour un document budgétaire)").set_input_files(
        a_pdf(tmp_path / "deliberation.pdf")
    )
    page.get_by_role("button", name="Déposer l'acte").click()
    expect(page.get_by_text("Le numéro interne compte 1 à 15 caractères").first).to_be_visible()
    assert not Act.objects.exists()
    screenshot("acts-form-error")

    page.get_by_label("Numéro interne").fill("2026_12")
    page.get_by_role("button", name="Déposer l'acte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acte 2026_12")
    expect(page.get_by_text("Déposé", exact=True)).to_be_visible()

    page.get_by_role("button", name="Transmettre à la préfecture").click()
    expect(page.get_by_text("Acquitté", exact=True)).to_be_visible(timeout=20_000)
    act = Act.objects.get()
    assert act.status == ActStatus.ACKNOWLEDGED
    identifier = f"035-{rennes.siren}-{decided:%Y%m%d}-2026_12-DE"
    assert act.identifier == identifier
    expect(page.get_by_test_id("identifiant")).to_have_text(identifier)
    expect(page.get_by_role("main")).to_contain_text("Accusé de réception de la préfecture")
    screenshot("acts-acknowledged")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Acte tamponné (PDF)").click()
    download = download_info.value
    assert download.failure() is None
    assert re.fullmatch(rf"{re.escape(identifier)}-tamponne\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert identifier in text
    assert f"Reçu en préfecture le {act.received_on:%d/%m/%Y}" in text
    assert act.received_on == date.today() or act.received_on == timezone.localdate()


def test_anyone_finds_a_published_act_and_reaches_the_public_list(
    page, settings, tmp_path, make_collectivite, make_user, make_membership
):
    """An act published online is public: an anonymous visitor finds it in the search, and the
    hit leads to the collectivité's page, where its published acts are listed (the act's own
    page is its office's)."""
    from acts.services.acts import act_create, act_publish, act_transmit
    from acts.services.classification import classification_ensure_national
    from tests.acts.conftest import pdf_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    classification_ensure_national()
    rennes = make_collectivite("Rennes", departement_code="35")
    officer = make_user("maelle", first_name="Maëlle", last_name="Le Floch")
    make_membership(officer, rennes, capabilities=("act_officer",))
    act = act_create(
        actor=officer,
        collectivite=rennes,
        nature=1,
        classification="7.1",
        decision_date=timezone.localdate() - timedelta(days=2),
        number="2026_40",
        object="Curage des fossés des chemins ruraux",
        file=upload("deliberation.pdf", pdf_bytes()),
    )
    act_transmit(actor=officer, act=act)  # acknowledged at once (the simulated prefecture)
    act.refresh_from_db()
    assert act.status == ActStatus.ACKNOWLEDGED
    act_publish(actor=officer, act=act, publication_date=act.received_on, online=True)

    page.goto("/recherche?q=fossés")
    hit = page.get_by_role("link", name="Curage des fossés des chemins ruraux")
    expect(hit).to_be_visible()
    hit.click()
    expect(page).to_have_url(re.compile(rf"/collectivites/{rennes.pk}#actes-publies$"))
    published = page.get_by_role("region", name="Actes publiés en ligne")
    expect(published).to_contain_text("2026_40 — Curage des fossés des chemins ruraux")
    expect(published).to_contain_text(
        re.compile(rf"publié le {act.received_on.day} [^ ]+ {act.received_on.year}")
    )
