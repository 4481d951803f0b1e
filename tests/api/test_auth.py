"""Token and session authentication, and the lockout after repeated failures."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.test import APIClient

from ..factories import DEMO_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


@pytest.mark.django_db
def test_token_flow(api, agent):
    response = api.post(TOKEN_URL, {"username": agent.username, "password": DEMO_PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == agent.username

    # Same token on a second request for a token; revoking it ends it.
    again = api.post(TOKEN_URL, {"username": agent.username, "password": DEMO_PASSWORD})
    assert again.json()["token"] == token
    assert client.delete("/api/v1/auth/token/revoke/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
def test_anonymous_request_is_told_how_to_authenticate(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert set(response.json()) == {"message", "code", "extra"}
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_wrong_password_is_a_clear_400(api, agent):
    response = api.post(TOKEN_URL, {"username": agent.username, "password": "nope"})
    assert response.status_code == 400
    assert response.json() == {
        "message": "Identifiant ou mot de passe incorrect.",
        "code": "authentication_failed",
        "extra": {},
    }


@pytest.mark.django_db
def test_missing_fields_are_field_errors(api):
    response = api.post(TOKEN_URL, {"username": "x"})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"password": ["Champ requis."]}


@pytest.mark.django_db
def test_an_inactive_account_cannot_get_a_token(api, agent):
    agent.is_active = False
    agent.save()
    response = api.post(TOKEN_URL, {"username": agent.username, "password": DEMO_PASSWORD})
    assert response.status_code == 400


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out_for_a_while(api, agent, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            api.post(TOKEN_URL, {"username": agent.username, "password": "bad"}).status_code == 400
        )
    locked = api.post(TOKEN_URL, {"username": agent.username, "password": "bad"})
    assert locked.status_code == 429
    assert "bloqué" in locked.json()["message"]
    assert locked.json()["code"] == "locked_out"
    assert locked.json()["extra"]["retry_after_seconds"] == 15 * 60

    # Even the right password is refused during the lockout...
    right = api.post(TOKEN_URL, {"username": agent.username, "password": DEMO_PASSWORD})
    assert right.status_code == 429

    # ...and accepted once the cool-off has passed.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    right = api.post(TOKEN_URL, {"username": agent.username, "password": DEMO_PASSWORD})
    assert right.status_code == 200


@pytest.mark.django_db
def test_the_lockout_of_one_account_does_not_lock_another(api, agent, referent, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN_URL, {"username": agent.username, "password": "bad"})
    ok = api.post(TOKEN_URL, {"username": referent.username, "password": DEMO_PASSWORD})
    assert ok.status_code == 200


@pytest.mark.django_db
def test_session_login_requires_csrf_then_logout(agent):
    client = APIClient(enforce_csrf_checks=True)
    credentials = {"username": agent.username, "password": DEMO_PASSWORD}

    refused = client.post("/api/v1/auth/login/", credentials)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["message"]

    csrf = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    logged_in = client.post("/api/v1/auth/login/", credentials, HTTP_X_CSRFTOKEN=csrf)
    assert logged_in.status_code == 200
    assert logged_in.json()["username"] == agent.username

    csrf = client.cookies["csrftoken"].value  # rotated at login
    assert client.get("/api/v1/me/").status_code == 200
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert client.get("/api/v1/me/").status_code in (401, 403)


@pytest.mark.django_db
def test_me_lists_roles_memberships_and_capabilities(client_for, rennes, brest, animator):
    from ..factories import MembershipFactory

    MembershipFactory(user=animator, collectivite=rennes, role="referent", capabilities=["buyer"])
    MembershipFactory(user=animator, collectivite=brest, capabilities=["act_officer", "buyer"])
    body = client_for(animator).get("/api/v1/me/").json()
    assert body["platform_roles"] == ["network_animator"]
    assert body["company"] is None
    assert [
        (m["collectivite"]["name"], m["role"], m["capabilities"]) for m in body["memberships"]
    ] == [("Brest", "agent", ["buyer", "act_officer"]), ("Rennes", "referent", ["buyer"])]


@pytest.mark.django_db
def test_me_for_a_company_account(client_for, company_user):
    body = client_for(company_user).get("/api/v1/me/").json()
    assert body["company"]["siret"] == company_user.company.siret
    assert body["memberships"] == []


@pytest.mark.django_db
def test_platform_roles_are_read_in_one_query_and_only_the_roles(platform, rennes, agent):
    """The roles' query is written once (collectivites.permissions): the same answer as the
    groups relation, a collectivité's group is no role, and one query a request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from collectivites.roles import PlatformRole
    from collectivites.services import platform_role_grant

    platform_role_grant(actor=None, user=agent, role=PlatformRole.FORUM_MODERATOR)
    platform_role_grant(actor=None, user=agent, role=PlatformRole.NETWORK_ANIMATOR)
    assert agent.groups.count() > 2  # the collectivité's group too
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/me/").json()
    assert body["platform_roles"] == ["forum_moderator", "network_animator"]
    assert sum('"auth_group"' in q["sql"] for q in queries.captured_queries) == 1
