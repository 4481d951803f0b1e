"""Security headers per area (docs/decisions/0024), CSRF on session writes, CORS by origin."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def spa_built(settings, tmp_path):
    from config import views

    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>", encoding="utf-8")
    views._index_html.cache_clear()
    yield
    views._index_html.cache_clear()


def test_the_spa_gets_the_strict_policy(spa_built):
    response = Client().get("/appels-offres")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]  # the editor's, ADR 0024
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    # The admin's preview frames the reading view; nobody else may.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_answers_get_a_policy_without_inline_scripts(client_for, agent):
    json_answer = client_for(agent).get("/api/v1/me/")
    assert json_answer.status_code == 200
    policy = directives(json_answer)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["default-src"]
    assert json_answer["X-Frame-Options"] == "DENY"
    # Swagger UI: its start-up script is a file of its own, so no inline script is needed.
    docs = Client().get("/api/v1/docs/")
    assert docs.status_code == 200
    assert directives(docs)["script-src"] == ["'self'"]
    assert "<script>" not in docs.content.decode()
    script = Client().get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_the_wagtail_admin_gets_its_own_looser_policy(animator):
    client = Client()
    client.force_login(animator)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


def test_hsts_is_sent_over_https_only(client_for, agent):
    client = client_for(agent)
    secure = client.get("/api/v1/me/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/api/v1/me/")


def space(collectivite) -> dict:
    return {"title": "Voirie", "members": [{"collectivite": collectivite.pk, "role": "editor"}]}


def test_a_session_write_without_the_csrf_token_is_refused_with_its_own_code(animator, rennes):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(animator)  # a session cookie, as the SPA has
    refused = client.post("/api/v1/spaces/", space(rennes), format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert "CSRF" in refused.json()["message"]

    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    accepted = client.post("/api/v1/spaces/", space(rennes), format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201, accepted.json()


def test_a_token_authenticated_write_needs_no_csrf_token(animator, rennes):
    client = APIClient(enforce_csrf_checks=True)
    token = Token.objects.create(user=animator)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/spaces/", space(rennes), format="json")
    assert response.status_code == 201, response.json()


def test_cors_answers_only_configured_origins(settings, client_for, agent):
    settings.CORS_ALLOWED_ORIGINS = ["https://partenaire.example.fr"]
    client = client_for(agent)
    allowed = client.get("/api/v1/me/", HTTP_ORIGIN="https://partenaire.example.fr")
    assert allowed["Access-Control-Allow-Origin"] == "https://partenaire.example.fr"
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    other = client.get("/api/v1/me/", HTTP_ORIGIN="https://malveillant.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = APIClient().options(
        "/api/v1/spaces/",
        HTTP_ORIGIN="https://malveillant.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight
