"""The public directory of collectivités: search, filters, pagination."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def results(page):
    """The names in the result list (auto-waiting: the list updates after the request)."""
    return page.locator(".directory h2")


def test_search_filters_the_list_and_updates_the_count(page, network, screenshot):
    page.goto("/collectivites")
    count = page.get_by_role("status").filter(has_text="collectivité")
    expect(count).to_have_text("7 collectivités")

    page.get_by_label("Rechercher par nom").fill("renn")
    expect(count).to_have_text("2 collectivités correspondant aux critères")
    expect(results(page)).to_have_text(["Rennes", "Rennes Métropole"])
    expect(page).to_have_url(re.compile(r"\?q=renn$"))
    # The search input keeps focus while the list filters as one types.
    expect(page.get_by_label("Rechercher par nom")).to_be_focused()
    screenshot("directory-search")

    # Accent-insensitive, and Enter applies at once.
    page.get_by_label("Rechercher par nom").fill("fougeres")
    page.get_by_label("Rechercher par nom").press("Enter")
    expect(count).to_have_text("1 collectivité correspondant aux critères")
    expect(results(page)).to_have_text(["Fougères"])

    page.get_by_role("button", name="Effacer les filtres").click()
    expect(count).to_have_text("7 collectivités")


def test_filter_by_departement_and_kind(page, network):
    page.goto("/collectivites")
    count = page.get_by_role("status").filter(has_text="collectivité")
    expect(count).to_have_text("7 collectivités")

    page.get_by_label("Département").fill("29")
    expect(count).to_have_text("2 collectivités correspondant aux critères")
    expect(results(page)).to_have_text(["Brest", "Quimper"])

    page.get_by_label("Département").fill("35")
    page.get_by_label("Nature").select_option(label="EPCI")
    expect(count).to_have_text("1 collectivité correspondant aux critères")
    expect(results(page)).to_have_text(["Rennes Métropole"])

    page.get_by_label("Département").fill("56")
    expect(count).to_have_text("0 collectivité correspondant aux critères")
    expect(page.get_by_text("Aucune collectivité ne correspond")).to_be_visible()


def test_pagination(page, make_collectivite):
    for number in range(1, 24):
        make_collectivite(f"Commune {number:02d}")
    page.goto("/collectivites")
    expect(page.get_by_role("status").filter(has_text="collectivité")).to_have_text(
        "23 collectivités"
    )
    pagination = page.get_by_role("navigation", name="Pagination")
    expect(pagination).to_contain_text("Page 1 sur 2")
    pagination.get_by_role("link", name="Page suivante").click()
    expect(pagination).to_contain_text("Page 2 sur 2")
    expect(results(page)).to_have_text(["Commune 21", "Commune 22", "Commune 23"])
    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_collectivite_page_is_public_but_members_are_not(page, network):
    rennes = network["bodies"]["Rennes"]
    page.goto("/collectivites")
    page.get_by_role("link", name="Rennes", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/collectivites/{rennes.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rennes")
    expect(page).to_have_title("Rennes · e-Partage")
    expect(page.get_by_role("main")).to_contain_text(rennes.siren)
    expect(page.get_by_role("main")).to_contain_text("15 janvier 2008")
    expect(page.get_by_role("heading", name="Membres")).to_have_count(0)
    expect(page.get_by_role("link", name="Connectez-vous")).to_be_visible()


def test_unknown_collectivite_shows_not_found(page, network):
    page.goto("/collectivites/999999")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
