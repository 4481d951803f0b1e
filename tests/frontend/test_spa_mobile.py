"""The SPA on a phone (390 CSS pixels wide): every route, for each kind of visitor, fits the
width (no horizontal scrolling) and the navigation is a collapsed menu until opened.

The routes are read from the router's sources, so a route added without a URL here fails
``test_every_route_of_the_router_is_visited`` instead of going unchecked.

These run on ``asgi_live_server``: the draft page needs its WebSocket to show the editor.
"""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.frontend.conftest import (
    AXE_SCRIPT,
    BUYER_PASSWORD,
    COMPANY_PASSWORD,
    DEFAULT_PASSWORD,
    DESKTOP,
    PHONE,
    SCREENSHOTS,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

SOURCES = settings.BASE_DIR / "frontend" / "src"
ROUTER_FILES = [
    SOURCES / "App.tsx",
    SOURCES / "pages" / "tenders" / "routes.tsx",
    SOURCES / "pages" / "library" / "routes.tsx",
    SOURCES / "pages" / "forums" / "routes.tsx",
    SOURCES / "pages" / "acts" / "routes.tsx",
    SOURCES / "pages" / "search" / "routes.tsx",
]
# A closed menu: a single row for the toggle; the whole header stays under a fifth of the screen.
CLOSED_NAV_MAX_HEIGHT = 60
HEADER_MAX_SHARE = 0.2

ROLES = {
    "anonymous": (None, None),
    "agent": ("bob", DEFAULT_PASSWORD),
    "buyer": ("claire", BUYER_PASSWORD),
    "company": ("yann", COMPANY_PASSWORD),
}


def router_paths() -> set[str]:
    """The route patterns of the router (``path="…"``) and the modules' paths (text.ts)."""
    paths = set()
    for source in ROUTER_FILES:
        paths |= set(re.findall(r'\bpath="([^"]+)"', source.read_text()))
    modules = (SOURCES / "text.ts").read_text()
    paths |= {path.lstrip("/") for path in re.findall(r'\bpath: "(/[^"]*)"', modules)}
    paths.discard("")  # "/" is the index route
    return paths | {"/"}


@pytest.fixture
def mobile_world(tender_room, make_user, make_membership) -> dict:
    """The tender room (buyer Claire, company Yann, a published tender), an agent of Rennes
    (Bob) and a drafting space of Rennes with one draft, created by its referent."""
    from spaces import services

    rennes = tender_room["rennes"]
    bob = make_user("bob", first_name="Bob", last_name="Le Gall")
    make_membership(bob, rennes)
    rozenn = make_user("rozenn", first_name="Rozenn", last_name="Guillou")
    make_membership(rozenn, rennes, role="referent")
    space = services.space_create(
        actor=rozenn,
        title="Marché d'entretien des espaces verts",
        description="Groupement de commandes.",
        members=[(rennes, "editor")],
    )
    draft = services.draft_create(
        actor=rozenn, space=space, title="CCTP", markdown="# CCTP\n\nObjet du marché.\n"
    )
    from library.models import GuidePage
    from library.setup import library_setup

    guide = library_setup().add_child(
        instance=GuidePage(
            title="Passer un marché à procédure adaptée",
            theme="commande_publique",
            body=[{"type": "markdown", "value": "## Estimer\n\n| Seuil | Montant |\n|---|---|\n"
                   "| Fournitures et services | 216 000 € HT |"}],
        )
    )  # fmt: skip
    guide.save_revision().publish()
    from tests.library.training_helpers import make_module

    module, _lessons = make_module()
    from forums.services.posts import topic_create

    forum = _public_forum()
    topic = topic_create(actor=bob, forum=forum, title="MAPA ?", body="Publicité obligatoire ?")
    return {
        **tender_room,
        "space": space,
        "draft": draft,
        "guide": guide,
        "module": module,
        "forum": forum,
        "topic": topic,
    }


def _public_forum():
    """A public forum (anyone reads it), opened by an animator as in the admin."""
    from collectivites.roles import PlatformRole
    from collectivites.services import platform_role_grant, user_create
    from forums.models import Audience
    from forums.services.forums import forum_create

    animator = user_create(username="animatrice-forums", password=DEFAULT_PASSWORD)
    platform_role_grant(actor=None, user=animator, role=PlatformRole.NETWORK_ANIMATOR)
    return forum_create(actor=animator, title="Entraide", visibility=Audience.PUBLIC)


def urls(world: dict) -> dict[str, str]:
    """One URL for each route pattern of the router."""
    tender = world["tender"].pk
    training = f"/base-documentaire/formation/{world['module'].pk}"
    return {
        "/": "/",
        "connexion": "/connexion",
        "collectivites": "/collectivites",
        "collectivites/:id": f"/collectivites/{world['rennes'].pk}",
        "compte": "/compte",
        "espaces": "/espaces",
        "espaces/:id": f"/espaces/{world['space'].pk}",
        "brouillons/:id": f"/brouillons/{world['draft'].pk}",
        "marches": "/marches",
        "marches/nouvelle": "/marches/nouvelle",
        "marches/mon-espace": "/marches/mon-espace",
        "marches/:id": f"/marches/{tender}",
        "marches/:id/modifier": f"/marches/{tender}/modifier",
        "statistiques": "/statistiques",
        "actes": "/actes",
        "actes/nouveau": "/actes/nouveau",
        "actes/flux-comptables": "/actes/flux-comptables",
        "actes/:id": "/actes/999999",  # not visible: the page says so, in the layout
        "forums": "/forums",
        "forums/moderation": "/forums/moderation",
        "forums/journal": "/forums/journal",
        "forums/:id": f"/forums/{world['forum'].pk}",
        "forums/sujets/:id": f"/forums/sujets/{world['topic'].pk}",
        "base-documentaire": "/base-documentaire",
        "base-documentaire/:id": f"/base-documentaire/{world['guide'].pk}",
        "base-documentaire/apercu": "/base-documentaire/apercu/?token=perime",
        "base-documentaire/formation/:id": training,
        "base-documentaire/formation/:id/suivi": f"{training}/suivi",
        "base-documentaire/formation/:id/collectivites/:collectiviteId": (
            f"{training}/collectivites/{world['rennes'].pk}"
        ),
        "recherche": "/recherche?q=march%C3%A9",
        "*": "/page-qui-n-existe-pas",
    }


def wait_until_shown(page) -> None:
    """The page's heading is there and nothing is still loading."""
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".loading")).to_have_count(0)


def overflow(page) -> dict:
    """The document's width against the viewport's, with the elements that stick out."""
    return page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            outside: [...document.querySelectorAll('body *')]
                .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 8)
                .map((node) => node.outerHTML.slice(0, 160)),
        })"""
    )


def nav_toggle(page):
    return page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "button", name="Menu"
    )


def heights(page) -> dict:
    return page.evaluate(
        """() => ({
            header: document.querySelector('header').getBoundingClientRect().height,
            nav: document.querySelector('nav.main-nav').getBoundingClientRect().height,
            viewport: window.innerHeight,
        })"""
    )


def shoot(page, name: str) -> None:
    """The first screen, for humans to review (test-results/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_every_route_of_the_router_is_visited(mobile_world):
    assert router_paths() == set(urls(mobile_world))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_with_the_menu_closed(mobile_world, asgi_page, role):
    username, password = ROLES[role]
    page = asgi_page(username, password or DEFAULT_PASSWORD, viewport=PHONE)
    problems = []
    for pattern, url in urls(mobile_world).items():
        page.goto(url)
        wait_until_shown(page)
        if pattern == "brouillons/:id" and role in ("agent", "buyer"):
            expect(page.locator(".cm-content")).to_contain_text("Objet du marché")
        if pattern in ("/", "marches", "marches/:id"):
            name = pattern.strip("/").replace("/", "-").replace(":", "") or "home"
            shoot(page, f"phone-{role}-{name}")
        measured = overflow(page)
        if measured["scrollWidth"] > measured["innerWidth"]:
            problems.append({"url": page.url, **measured})
        expect(nav_toggle(page)).to_have_attribute("aria-expanded", "false")
        size = heights(page)
        if (
            size["nav"] > CLOSED_NAV_MAX_HEIGHT
            or size["header"] > HEADER_MAX_SHARE * size["viewport"]
        ):
            problems.append({"url": page.url, **size})
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)


def test_the_menu_is_a_keyboard_usable_disclosure(mobile_world, asgi_page):
    page = asgi_page(None, viewport=PHONE, path="/marches")
    wait_until_shown(page)
    nav = page.get_by_role("navigation", name="Navigation principale")
    toggle = nav_toggle(page)
    menu = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    links = nav.get_by_role("link")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(links).to_have_count(0)  # hidden from everyone, assistive technologies included
    closed = heights(page)

    # Keyboard only: from the skip link, Tab reaches the toggle; Enter opens the menu.
    for _ in range(10):
        page.keyboard.press("Tab")
        if toggle.evaluate("element => element === document.activeElement"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(nav.get_by_role("link", name="Salle des marchés")).to_have_attribute(
        "aria-current", "page"
    )
    assert heights(page)["nav"] > closed["nav"] + 200
    shoot(page, "phone-menu-open")
    measured = overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
    # axe-core as in the axe_violations fixture (which is bound to `page`, not this server).
    assert AXE_SCRIPT.is_file(), "frontend/node_modules/axe-core is missing: run `npm ci`"
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))  # not inline: the CSP refuses it
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter((violation) => ['serious', 'critical'].includes(violation.impact))"
        ".map((violation) => violation.id)"
    )
    assert violations == []

    # Escape closes it and leaves the focus on the toggle; Space opens it again.
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Accueil")).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")

    # Following a link closes the menu; the new page's heading takes the focus.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Annuaire des collectivités")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des collectivités")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    # Clicking the toggle works as well, and so does following the current page's own link.
    toggle.click()
    nav.get_by_role("link", name="Annuaire des collectivités").click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()


def test_the_desktop_layout_keeps_the_navigation_open(mobile_world, asgi_page):
    page = asgi_page(None, viewport=DESKTOP, path="/marches")
    wait_until_shown(page)
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(nav_toggle(page)).to_be_hidden()
    expect(nav.get_by_role("link")).to_have_count(
        len(re.findall(r'\bpath: "/', (SOURCES / "text.ts").read_text()))
    )
    expect(nav.get_by_role("link", name="Base documentaire")).to_be_visible()
    # One row of links under the brand, as before.
    assert heights(page)["nav"] < 60
