"""Automated accessibility checks (axe-core) and keyboard basics on the main pages."""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def assert_accessible(axe_violations):
    def check() -> None:
        violations = axe_violations()
        assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)

    return check


def test_login_page(page, network, assert_accessible, screenshot):
    page.goto("/connexion")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert_accessible()
    screenshot("login")


def test_directory(page, network, assert_accessible, screenshot):
    page.goto("/collectivites")
    expect(page.get_by_role("status").filter(has_text="collectivité")).to_have_text(
        "7 collectivités"
    )
    assert_accessible()
    screenshot("directory")


def test_account_page(page, network, log_in, assert_accessible, screenshot):
    log_in("alice", "alice-secret-1")
    page.goto("/compte")
    expect(page.get_by_role("table")).to_contain_text("Rennes Métropole")
    assert_accessible()
    screenshot("account-axe")


def test_collectivite_page_for_a_referent(page, network, log_in, assert_accessible, screenshot):
    log_in("alice", "alice-secret-1")
    page.goto(f"/collectivites/{network['bodies']['Rennes'].pk}")
    expect(page.get_by_role("table")).to_contain_text("Bob Le Gall")
    assert_accessible()
    screenshot("collectivite")


def test_forums_module(page, network, assert_accessible, screenshot):
    # Every module of the navigation is built now (the "bientôt disponible" page waits for the
    # next one): the last to arrive is checked from the navigation, as a visitor reaches it.
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Forums"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forums")
    expect(page).to_have_title("Forums · e-Partage")
    assert_accessible()
    screenshot("forums-axe")


def test_tender_list(page, tender_room, assert_accessible, screenshot):
    page.goto("/marches")
    expect(page.get_by_role("status").filter(has_text="consultation")).to_have_text(
        "1 consultation"
    )
    assert_accessible()
    screenshot("tenders-axe")


def test_tender_page_for_a_company(page, tender_room, log_in, assert_accessible, screenshot):
    log_in("yann", tender_room["company_password"])
    page.goto(f"/marches/{tender_room['tender'].pk}")
    expect(page.get_by_label("Votre question")).to_be_visible()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    assert_accessible()
    screenshot("tender-company-axe")


def test_tender_page_for_its_buyer(page, tender_room, log_in, assert_accessible, screenshot):
    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender_room['tender'].pk}")
    expect(page.get_by_role("heading", name="Gestion de la consultation")).to_be_visible()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    assert_accessible()
    screenshot("tender-buyer-axe")


def test_tender_form(page, tender_room, log_in, assert_accessible):
    log_in("claire", tender_room["buyer_password"])
    page.goto("/marches/nouvelle")
    expect(page.get_by_label("Référence")).to_be_visible()
    assert_accessible()


def test_statistics(page, tender_room, assert_accessible, screenshot):
    page.goto("/statistiques")
    expect(page.get_by_role("heading", name=re.compile("Chiffres clés"))).to_be_visible()
    assert_accessible()
    screenshot("stats-axe")


def test_skip_link_and_keyboard_navigation(page, network):
    page.goto("/collectivites")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # The current module is marked for assistive technologies.
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(nav.get_by_role("link", name="Annuaire des collectivités")).to_have_attribute(
        "aria-current", "page"
    )
    # Keyboard-only: reach the directory's first result and open it.
    page.get_by_label("Rechercher par nom").focus()
    page.get_by_label("Rechercher par nom").fill("brest")
    link = page.get_by_role("link", name="Brest")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brest")
    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_award_form_and_the_awarded_tender(page, tender_room, log_in, assert_accessible):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from tenders import services
    from tenders.models import Tender
    from tests.tenders.awarding import contract

    tender = tender_room["tender"]
    past = timezone.now() - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        question_deadline=past - timedelta(days=1), response_deadline=past
    )
    services.tender_close_due()
    tender.refresh_from_db()
    services.tender_open(actor=tender_room["buyer"], tender=tender)
    log_in("claire", tender_room["buyer_password"])
    page.goto(f"/marches/{tender.pk}")
    form = page.get_by_role("form", name="Attribuer")
    expect(form.get_by_role("group", name="Marché innovant")).to_be_visible()
    form.get_by_role("button", name="Ajouter un cotraitant").click()
    form.get_by_label("SIRET de l'entreprise 1").fill(tender_room["company_user"].company.siret)
    form.get_by_label("SIRET de l'entreprise 2").fill("12345678901234")
    form.get_by_role("group", name="Avance attribuée au titulaire").get_by_label("Oui").check()
    expect(form.get_by_label("Type de groupement des titulaires")).to_be_visible()
    expect(form.get_by_label("Taux de l'avance (%)")).to_be_visible()
    assert_accessible()

    services.tender_award(
        actor=tender_room["buyer"],
        tender=tender,
        awards=[
            {
                "amount": Decimal("120000"),
                "companies": [{"siret": tender_room["company_user"].company.siret}],
                **contract(),
            }
        ],
    )
    page.goto(f"/marches/{tender.pk}")
    expect(page.get_by_role("region", name="Attribution")).to_contain_text("6 mois")
    assert_accessible()
