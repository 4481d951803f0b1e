"""The SPA runs under the production Content-Security-Policy, and a violation would be seen.

Every browser test counts CSP violations as page errors (``watch_content_security_policy`` in
conftest.py); this module proves that watch is not blind: an inline script that a compromised
dependency or an XSS would add is blocked by the browser and reported.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}


def test_the_spa_has_its_policy_and_inline_scripts_are_blocked(browser, live_server, watch_csp):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    violations: list[str] = []
    watch_csp(page, violations)
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"  # nothing else: no inline script
    expect(page.get_by_role("link", name="Aller au contenu principal")).to_be_attached()
    assert violations == []  # the SPA itself needs nothing the policy refuses

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in v for v in violations), violations
    context.close()


def test_swagger_ui_runs_under_the_api_policy(browser, live_server, watch_csp):
    """The API's documentation page needs no inline script (drf-spectacular's split view)."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    violations: list[str] = []
    page.on("pageerror", lambda error: violations.append(str(error)))
    watch_csp(page, violations)
    page.goto("/api/v1/docs/")
    # The schema is generated on request: seconds on a busy machine.
    expect(page.get_by_text("e-Partage API").first).to_be_visible(timeout=60_000)
    assert violations == []
    context.close()
