"""The Wagtail site skeleton, the admin for animators, and the SPA entry point."""

import pytest
from django.test import Client

from ..factories import DEMO_PASSWORD


@pytest.mark.django_db
def test_the_home_page_is_served_under_pages():
    response = Client().get("/pages/")
    assert response.status_code == 200
    assert "Accueil" in response.content.decode()


@pytest.mark.django_db
def test_animators_log_in_to_the_wagtail_admin(animator):
    client = Client()
    client.force_login(animator)
    assert client.get("/admin/").status_code == 200
    pages = client.get("/admin/pages/")
    assert pages.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "referent", "moderator", "company_user"])
def test_other_roles_are_kept_out_of_the_admin(request, role, platform):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/pages/").status_code in (302, 403)


@pytest.mark.django_db
def test_the_admin_login_is_protected_by_the_lockout(agent, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": agent.username, "password": "wrong"})
    response = client.post("/admin/login/", {"username": agent.username, "password": DEMO_PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_client_side_routes_get_the_app_shell(settings, tmp_path):
    from config import views

    settings.FRONTEND_DIST = tmp_path
    views._index_html.cache_clear()
    missing = Client().get("/collectivites/12")
    assert missing.status_code == 503
    assert "make run" in missing.content.decode()

    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>", encoding="utf-8")
    views._index_html.cache_clear()
    for path in ["/", "/connexion", "/collectivites/12", "/compte"]:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert b"id=root" in response.content
        assert "csrftoken" in response.cookies
    views._index_html.cache_clear()
