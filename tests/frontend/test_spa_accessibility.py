"""Automated accessibility checks (axe-core) and keyboard basics on the main pages."""

import json

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


def test_coming_soon_module(page, network, assert_accessible, screenshot):
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Salle des marchés"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salle des marchés")
    expect(page.get_by_role("main")).to_contain_text("bientôt disponible")
    expect(page).to_have_title("Salle des marchés · e-Partage")
    assert_accessible()
    screenshot("coming-soon")


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
