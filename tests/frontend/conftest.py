"""Browser tests of the single-page app: Debian's chromium, driven by Playwright's sync API,
against a live server in a thread of the test process (which serves the built SPA from
``frontend/dist``).

Two servers, both on the test database:

- ``live_server``: pytest-django's (Django's ``LiveServerThread``, WSGI), for pages that only
  use HTTP.
- ``asgi_live_server``: uvicorn running HTTP *and* WebSocket, for co-editing. The WebSocket
  side is the project's own (``config.asgi``'s websocket router: origin check, session
  authentication, the apps' routes); HTTP is Django's WSGI handler behind a2wsgi, as in
  ``config.asgi``, built afresh under the test settings. Both are served from one origin, so
  the session cookie set by logging in authenticates the WebSocket, as in production. On
  SQLite the test database is a file (see ``django_db_modify_db_settings`` in
  ``tests/conftest.py``) so that the server's threads, which open their own connections, see
  what the test wrote; tests using it are transactional (``django_db(transaction=True)``).

Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
calls from it ("You cannot call this from an async context") unless told it is safe here.
"""

import itertools
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # a common phone's CSS viewport (portrait)
AXE_SCRIPT = settings.BASE_DIR / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-results" / "frontend"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip, with the reason, what cannot run here rather than failing obscurely."""
    reason = None
    if not (settings.FRONTEND_DIST / "index.html").is_file():
        reason = "frontend/dist is not built: run `make frontend` (make test builds it)"
    elif not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        reason = f"{CHROMIUM} not found: run `make chromium` (Debian's chromium package)"
    if reason is None:
        return
    if os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"Browser tests required (E2E_REQUIRED) but cannot run: {reason}")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


# --- Server ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, started with the HTTPS redirect off.

    Production settings (DEBUG off) redirect every plain-HTTP request to HTTPS, and
    SecurityMiddleware reads that setting once, when the server's handler is built, so it is
    overridden while the server starts. Secure cookies still work: browsers treat
    http://localhost as a secure context. It starts after the test database exists, so that
    it shares the in-memory SQLite connection (and serialized rollbacks) with the tests.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer(address)
    yield server
    server.stop()


class AsgiLiveServer:
    """uvicorn in a daemon thread, on a free port of the loopback interface."""

    def __init__(self, app, host: str = "localhost") -> None:
        import socket
        import threading

        import uvicorn

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        config = uvicorn.Config(
            app,
            lifespan="off",
            log_level="warning",
            ws_max_size=16 * 1024 * 1024,  # as `make run`
            ws_per_message_deflate=False,  # as `make run` and platform/
        )
        self._server = uvicorn.Server(config)
        # Not the main thread: uvicorn installs no signal handlers.
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup):
    """HTTP and WebSocket on one origin, for the co-editing tests (see the module docstring)."""
    from a2wsgi import WSGIMiddleware
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    # Middleware reads these settings once, when the handler is built (see live_server).
    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        http = WSGIMiddleware(StaticFilesHandler(get_wsgi_application()), workers=8)
    from config.asgi import application

    app = ProtocolTypeRouter(
        {"http": http, "websocket": application.application_mapping["websocket"]}
    )
    server = AsgiLiveServer(app)
    yield server
    server.stop()


# --- Browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module: Playwright's sync API holds an event loop while it runs,
    so it is stopped before the rest of the suite (async tests among them) goes on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request) -> Iterator:
    """A fresh browser context (no cookies) whose relative URLs point at the live server.

    Uncaught JavaScript errors fail the test: a blank page should not pass silently. The cache
    is cleared first: it holds DRF's per-address login throttle, shared by every test of the
    process (the live server runs in a thread of it).
    """
    from django.core.cache import cache

    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    watch_content_security_policy(page, errors)
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


@pytest.fixture
def watch_csp() -> Callable:
    """``watch_content_security_policy`` for tests that open their own browser contexts."""
    return watch_content_security_policy


def watch_content_security_policy(page, errors: list[str], who: str = "") -> None:
    """Count any Content-Security-Policy violation as an error of the page.

    The server sends its production policy (docs/decisions/0024), so a script or style that
    production would block fails the test instead of leaving a half-working page. Chromium
    reports each violation on the console ("Refused to ... because it violates the following
    Content Security Policy directive") and as a ``securitypolicyviolation`` event, relayed to
    the console here for reports that have no console line of their own.
    """
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => console.error("
        "`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`))"
    )

    def on_console(message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            errors.append(f"{who}{text}")

    page.on("console", on_console)


@pytest.fixture
def asgi_page(browser, asgi_live_server) -> Iterator[Callable]:
    """Open fresh browser contexts on the ASGI server, each signed in as the given user
    (``None``: an anonymous visitor), at the given viewport size (a desktop by default).

    Several contexts are several people (separate cookies). Uncaught JavaScript errors in any
    of them fail the test, as with ``page``.
    """
    from django.core.cache import cache

    cache.clear()
    contexts = []
    errors: list[str] = []

    def open_page(
        username: str | None,
        password: str = DEFAULT_PASSWORD,
        path: str = "/",
        viewport: dict[str, int] = DESKTOP,
    ):
        context = browser.new_context(
            base_url=asgi_live_server.url, viewport=viewport, locale="fr-FR"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{username or 'anonymous'}: {error}"))
        watch_content_security_policy(page, errors, f"{username or 'anonymous'}: ")
        if username is None:
            page.goto(path)
            return page
        sign_in(page, username, password, next_path=path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    _wait_for_rooms_to_unload()
    assert not errors, f"JavaScript errors in the pages: {errors}"


def _wait_for_rooms_to_unload(timeout: float = 5.0) -> None:
    """Let the server unload (and compact) the test's drafts before the database is flushed.

    A room unloads when its last connection leaves, a moment after the browser closes; its
    compaction would otherwise run against a flushed database (and log a missing draft).
    """
    from spaces.coedit import rooms

    deadline = time.monotonic() + timeout
    while not rooms.registry.idle() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def screenshot(page) -> Callable[[str], Path]:
    """Keep a full-page picture for humans to review (test-results/ is git-ignored)."""

    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_violations(page) -> Callable[..., list[dict]]:
    """Run axe-core (the npm package, injected from node_modules) on the current page."""
    if not AXE_SCRIPT.is_file():
        pytest.skip("frontend/node_modules/axe-core is missing: run `npm ci` in frontend/")

    def run(impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
        # Evaluated over the DevTools protocol, not added as an inline <script>: the page's
        # Content-Security-Policy (rightly) refuses inline scripts.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in result["violations"]
            if violation["impact"] in impacts
        ]

    return run


# --- Data -----------------------------------------------------------------------------------

DEFAULT_PASSWORD = "mot-de-passe-solide"
_siren_numbers = itertools.count(1)


def _next_siren() -> str:
    from collectivites.identifiers import luhn_check_digit

    partial = f"21{next(_siren_numbers):06d}"
    return partial + luhn_check_digit(partial)


@pytest.fixture
def make_collectivite(platform) -> Callable:
    from collectivites import services

    def make(name: str, *, kind: str = "commune", departement_code: str = "35", **fields):
        return services.collectivite_create(
            actor=None,
            name=name,
            kind=kind,
            siren=_next_siren(),
            departement_code=departement_code,
            adhesion_date=fields.pop("adhesion_date", date(2008, 1, 15)),
            **fields,
        )

    return make


@pytest.fixture
def make_user(platform) -> Callable:
    from collectivites import services

    def make(username: str, *, password: str | None = None, **fields):
        fields.setdefault("email", f"{username}@example.org")
        return services.user_create(
            username=username, password=password or DEFAULT_PASSWORD, **fields
        )

    return make


@pytest.fixture
def make_membership(platform) -> Callable:
    from collectivites import services

    def make(user, collectivite, *, role: str = "agent", capabilities=()):
        return services.membership_create(
            actor=None, collectivite=collectivite, user=user, role=role, capabilities=capabilities
        )

    return make


@pytest.fixture
def network(make_collectivite, make_user, make_membership) -> dict:
    """A small network: seven bodies in four départements, a referent and an agent."""
    bodies = {
        name: make_collectivite(name, kind=kind, departement_code=departement)
        for name, kind, departement in [
            ("Rennes", "commune", "35"),
            ("Rennes Métropole", "epci", "35"),
            ("Fougères", "commune", "35"),
            ("Saint-Brieuc", "commune", "22"),
            ("Quimper", "commune", "29"),
            ("Brest", "commune", "29"),
            ("Vannes", "commune", "56"),
        ]
    }
    alice = make_user("alice", first_name="Alice", last_name="Martin", password="alice-secret-1")
    bob = make_user("bob", first_name="Bob", last_name="Le Gall", password="bob-secret-1")
    make_membership(alice, bodies["Rennes"], role="referent", capabilities=["buyer"])
    make_membership(alice, bodies["Rennes Métropole"], capabilities=["act_officer"])
    make_membership(bob, bodies["Rennes"])
    return {"bodies": bodies, "alice": alice, "bob": bob}


@pytest.fixture
def log_in(page) -> Callable:
    """Sign in through the login form, as a user would."""

    def log_in(username: str, password: str, *, next_path: str = "") -> None:
        sign_in(page, username, password, next_path=next_path)

    return log_in


def sign_in(page, username: str, password: str, *, next_path: str = "") -> None:
    """Sign in through the login form and wait until the page the form leads to has settled.

    The header shows "Se déconnecter" as soon as the session is known, a moment *before* the
    login page navigates on, and that navigation moves the focus to the new page's heading
    (Layout's focus effect). A test that started typing in the header's search box in between
    lost its keys (CI, stop 19). So this waits for the URL to leave /connexion, the form to go,
    and the focus to be inside <main>, which is the last thing the navigation does.
    """
    from playwright.sync_api import expect

    page.goto(f"/connexion{next_path and f'?suivant={next_path}'}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    # Locators, not wait_for_function: a string predicate that has to poll is eval'd in the
    # page, which the SPA's CSP refuses (and the CSP watcher reports). The login form gone,
    # the focus leaves the clicked button (for <body>) until the layout moves it into <main>.
    expect(page).not_to_have_url(re.compile(r"/connexion(\?|$)"))
    expect(page.get_by_label("Mot de passe")).to_have_count(0)
    expect(page.locator("main:focus, main :focus")).to_have_count(1)


# --- Tender room ----------------------------------------------------------------------------

COMPANY_PASSWORD = "entreprise-secret-1"
BUYER_PASSWORD = "acheteuse-secret-1"


@pytest.fixture
def tender_room(settings, tmp_path, make_collectivite, make_user, make_membership) -> dict:
    """A buyer of Rennes (Claire), a registered company (Armor Toitures, user Yann) and a
    tender published through the services, its DCE holding one piece (rc.pdf)."""
    from datetime import timedelta
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from collectivites import services as core
    from tenders import services
    from tests.factories import siret_for

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rennes = make_collectivite("Rennes", departement_code="35")
    buyer = make_user("claire", first_name="Claire", last_name="Buyer", password=BUYER_PASSWORD)
    make_membership(buyer, rennes, capabilities=["buyer"])
    company_user = core.company_register(
        company_name="Armor Toitures",
        siret=siret_for(7),
        username="yann",
        email="yann@armor-toitures.bzh",
        password=COMPANY_PASSWORD,
        first_name="Yann",
        last_name="Kerjean",
    )
    now = timezone.now()
    tender = services.tender_create(
        actor=buyer,
        buyer=rennes,
        reference="2026-001",
        title="Réfection de la toiture de l'école Jules-Ferry",
        object="Dépose et remplacement de la couverture en ardoise.",
        procedure="mapa",
        nature="travaux",
        estimated_value=Decimal("150000"),
        cpv_codes=["45261000-4"],
        place_of_performance="Rennes",
        question_deadline=now + timedelta(days=10),
        response_deadline=now + timedelta(days=20),
    )
    services.tender_document_add(
        actor=buyer,
        tender=tender,
        title="Règlement de la consultation",
        file=SimpleUploadedFile("rc.pdf", b"%PDF-1.4 reglement", content_type="application/pdf"),
    )
    services.tender_publish(actor=buyer, tender=tender)
    return {
        "rennes": rennes,
        "buyer": buyer,
        "company_user": company_user,
        "tender": tender,
        "buyer_password": BUYER_PASSWORD,
        "company_password": COMPANY_PASSWORD,
    }
