"""Signing in and out of the single-page app."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_wrong_password_shows_the_servers_message(page, network, screenshot):
    page.goto("/connexion")
    expect(page).to_have_title("Connexion · e-Partage")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill("not-her-password")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_have_text("Identifiant ou mot de passe incorrect.")
    expect(page).to_have_url(re.compile(r"/connexion$"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    screenshot("login-error")


def test_repeated_failures_show_the_lockout_message(page, network):
    page.goto("/connexion")
    submit = page.get_by_role("button", name="Se connecter")
    for attempt in range(6):
        page.get_by_label("Identifiant").fill("alice")
        page.get_by_label("Mot de passe").fill(f"wrong-{attempt}")
        with page.expect_response("**/api/v1/auth/login/") as response:
            submit.click()
        if response.value.status == 429:
            break
    assert response.value.status == 429
    expect(page.get_by_role("alert")).to_contain_text("Trop de tentatives")
    # Even the right password is refused now.
    page.get_by_label("Mot de passe").fill("alice-secret-1")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("bloqué")
    expect(page).to_have_url(re.compile(r"/connexion$"))


def test_right_password_lands_on_the_app_with_the_users_name(page, network, screenshot):
    page.goto("/connexion")
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill("alice-secret-1")
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(re.compile(r"/$"))
    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("Alice Martin")
    expect(page.get_by_role("main")).to_contain_text("Bonjour Alice Martin")
    # The route change moved focus to the new page's heading.
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    screenshot("home-signed-in")


def test_a_protected_page_sends_to_login_then_back(page, network):
    page.goto("/compte")
    expect(page).to_have_url(re.compile(r"/connexion\?suivant=%2Fcompte$"))
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill("alice-secret-1")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")


def test_logout_returns_to_anonymous(page, network, log_in):
    log_in("alice", "alice-secret-1")
    page.get_by_role("button", name="Se déconnecter").click()

    expect(page.get_by_role("status").filter(has_text="déconnecté")).to_be_visible()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("banner")).not_to_contain_text("Alice Martin")
    # The session is gone on the server too, not only in the page's memory.
    page.goto("/compte")
    expect(page).to_have_url(re.compile(r"/connexion"))
    assert page.request.get("/api/v1/me/").status == 401
