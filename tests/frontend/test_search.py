"""The global search in the browser: the header's box (suggestions, Enter), the results page
and its tabs. A member of Rennes finds a draft private to Rennes's drafting space by words of
its text; a member of Brest searching the same words does not, while both find the public
guide that uses them too (so "nothing found" is not a search that finds nothing at all).

The objects are indexed the way production indexes them: they are saved through the services,
and the search backend's writes follow (through the task queue when the backend queues them,
which runs tasks at once under the test settings, ``tests/conftest.py``). Nothing here writes
to the index directly.

These run on ``asgi_live_server``: opening the draft shows its editor, over its WebSocket.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.frontend.conftest import AXE_SCRIPT, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WORDS = "vasques granit"  # in the draft's text and the guide's summary, nowhere else
DRAFT_TITLE = "CCTP fontaines de la place Sainte-Anne"
GUIDE_TITLE = "Entretenir les fontaines publiques"


@pytest.fixture
def search_world(network, make_user, make_membership) -> dict:
    """Network's Rennes (referent Alice, agent Bob) with a drafting space of its own and one
    draft; Erwan, an agent of Brest; a public guide of the library mentioning the same words."""
    from library.models import GuidePage
    from library.setup import library_setup
    from spaces import services

    bodies = network["bodies"]
    erwan = make_user("erwan", first_name="Erwan", last_name="Le Bihan", password="erwan-secret-1")
    make_membership(erwan, bodies["Brest"])
    space = services.space_create(
        actor=network["alice"],
        title="Fontaines du centre-ville",
        members=[(bodies["Rennes"], "editor")],
    )
    draft = services.draft_create(
        actor=network["alice"],
        space=space,
        title=DRAFT_TITLE,
        markdown="# CCTP\n\nNettoyage trimestriel des vasques en granit et détartrage des buses.\n",
    )
    guide = library_setup().add_child(
        instance=GuidePage(
            title=GUIDE_TITLE,
            theme="commande_publique",
            summary="Les vasques en granit se nettoient sans produit acide.",
            body=[{"type": "markdown", "value": "## Calendrier\n\nAu printemps."}],
        )
    )
    guide.save_revision().publish()
    return {"draft": draft, "guide": guide, "space": space}


def search_box(page):
    return page.get_by_role("combobox", name="Rechercher sur e-Partage")


def suggestions(page):
    return page.get_by_role("listbox", name="Suggestions")


def tab(page, label: str):
    return page.get_by_role("tab", name=re.compile(rf"^{label} \(\d+\)$"))


def axe(page) -> list[str]:
    """axe-core's serious and critical violations on the page (as test_spa_mobile does)."""
    assert AXE_SCRIPT.is_file(), "frontend/node_modules/axe-core is missing: run `npm ci`"
    # Evaluated over the DevTools protocol: the page's CSP refuses an inline <script> (rightly).
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter((violation) => ['serious', 'critical'].includes(violation.impact))"
        ".map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(', ')}`)"
    )


def test_a_member_finds_the_private_draft_from_the_suggestions(search_world, asgi_page):
    page = asgi_page("bob", "bob-secret-1")
    box = search_box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("fontai", delay=30)
    listbox = suggestions(page)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.filter(has_text=DRAFT_TITLE)).to_have_text(f"{DRAFT_TITLE} Brouillon")
    expect(options.filter(has_text=GUIDE_TITLE)).to_have_text(f"{GUIDE_TITLE} Bibliothèque")
    expect(options.last).to_have_text("Tous les résultats pour « fontai »")
    assert axe(page) == []

    # The keyboard walks the list (the focus stays in the box); Escape closes it, ArrowDown
    # opens it again; Enter opens the highlighted suggestion.
    draft_index = [text.startswith(DRAFT_TITLE) for text in options.all_text_contents()].index(True)
    for _ in range(draft_index + 1):
        box.press("ArrowDown")
    draft_option = options.filter(has_text=DRAFT_TITLE)
    expect(draft_option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", draft_option.get_attribute("id"))
    expect(box).to_be_focused()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("fontai")
    box.press("ArrowDown")
    expect(listbox).to_be_visible()
    for _ in range(draft_index):
        box.press("ArrowDown")
    box.press("Enter")

    expect(page).to_have_url(re.compile(rf"/brouillons/{search_world['draft'].pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DRAFT_TITLE)
    expect(page.locator(".cm-content")).to_contain_text("vasques en granit")


def test_a_member_finds_the_private_draft_on_the_results_page(search_world, asgi_page):
    page = asgi_page("bob", "bob-secret-1", path="/collectivites")
    box = search_box(page)
    box.fill(WORDS)
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/recherche\?q=vasques\+granit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recherche")
    expect(page).to_have_title(f"Recherche : {WORDS} · e-Partage")
    expect(page.get_by_role("status").filter(has_text="résultat")).to_have_text(
        f"2 résultats pour « {WORDS} »"
    )
    expect(page.get_by_role("tab")).to_have_text(
        [
            "Tout (2)",
            "Bibliothèque (1)",
            "Brouillons (1)",
            "Forums (0)",
            "Consultations (0)",
            "Actes (0)",
        ]
    )
    expect(tab(page, "Tout")).to_have_attribute("aria-selected", "true")
    assert axe(page) == []

    tab(page, "Brouillons").click()
    expect(page).to_have_url(re.compile(r"type=draft"))
    expect(tab(page, "Brouillons")).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("listitem")).to_have_count(1)
    result = panel.get_by_role("listitem")
    expect(result.get_by_role("link")).to_have_text(DRAFT_TITLE)
    expect(result).to_contain_text("Brouillon · Fontaines du centre-ville")
    # The words found, highlighted: the API's <mark>, rendered as HTML (and nothing else is).
    expect(result.locator(".search-excerpt mark")).to_have_text(["vasques", "granit"])
    expect(result.locator(".search-excerpt")).to_contain_text(
        "Nettoyage trimestriel des vasques en granit"
    )
    assert axe(page) == []

    # The arrow keys move between tabs (WAI-ARIA tabs), and the URL follows.
    tab(page, "Brouillons").focus()
    page.keyboard.press("ArrowLeft")
    expect(tab(page, "Bibliothèque")).to_be_focused()
    expect(page.get_by_role("tabpanel").get_by_role("link")).to_have_text(GUIDE_TITLE)
    expect(page).to_have_url(re.compile(r"type=library"))
    page.keyboard.press("ArrowRight")
    result.get_by_role("link", name=DRAFT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DRAFT_TITLE)


def test_an_outsider_searching_the_same_words_finds_no_draft(search_world, asgi_page):
    page = asgi_page("erwan", "erwan-secret-1")
    box = search_box(page)
    box.press_sequentially("fontai", delay=30)
    options = suggestions(page).get_by_role("option")
    expect(options.last).to_have_text("Tous les résultats pour « fontai »")
    expect(options.filter(has_text=GUIDE_TITLE)).to_have_count(1)
    expect(options.filter(has_text=DRAFT_TITLE)).to_have_count(0)

    box.fill(WORDS)
    box.press("Enter")
    expect(page.get_by_role("status").filter(has_text="résultat")).to_have_text(
        f"1 résultat pour « {WORDS} »"
    )
    expect(tab(page, "Tout")).to_have_text("Tout (1)")
    expect(tab(page, "Brouillons")).to_have_text("Brouillons (0)")
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("link", name=GUIDE_TITLE)).to_be_visible()
    expect(panel.get_by_role("link", name=DRAFT_TITLE)).to_have_count(0)

    tab(page, "Brouillons").click()
    expect(page.get_by_role("tabpanel")).to_contain_text(f"Aucun résultat pour « {WORDS} »")
    expect(page.get_by_role("tabpanel").get_by_role("link")).to_have_text(
        "Voir tous les types (1 résultat)"
    )
    assert axe(page) == []
    # The API says the same as the page.
    answer = page.request.get("/api/v1/search/", params={"q": WORDS, "type": "draft"}).json()
    assert answer["count"] == 0
    assert answer["results"] == []
    assert answer["facets"]["draft"] == 0


def test_the_search_fits_a_phone_behind_its_button(search_world, asgi_page):
    page = asgi_page("bob", "bob-secret-1", viewport=PHONE)
    box = search_box(page)
    toggle = page.get_by_role("button", name="Recherche", exact=True)
    expect(box).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(box).to_be_focused()
    box.fill(WORDS)
    box.press("Enter")
    expect(tab(page, "Brouillons")).to_have_text("Brouillons (1)")
    expect(toggle).to_have_attribute("aria-expanded", "false")  # closed by the page change
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    # Escape in the empty box closes it and gives the focus back to its button.
    toggle.click()
    box.fill("")
    box.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
