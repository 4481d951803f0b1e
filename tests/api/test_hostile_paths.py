"""Every answer under /api/ is JSON in the error shape, whatever the path holds.

The API's catch-all was ``^.*$``: ``.`` does not match a newline, so ``/api/v1/tenders/1%0A/``
fell through to Django's HTML 404. Paths no API pattern sees (``/api/``, ``/api/v2/``) and
failures outside DRF go through the project's error handlers, which answer JSON under /api/.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from collectivites.errors import ErrorCode

from .test_errors import assert_error_shape

HOSTILE = [
    "/api/v1/tenders/1%0A/",
    "/api/v1/tenders/1%0A",
    "/api/v1/%0A",
    "/api/v1/tenders/%0D%0A/documents/",
    "/api/v1/tenders/1%00/",
    "/api/v1/tenders/%00",
    "/api/v1/tenders/999999999999999999999999999999999999/",
    "/api/v1/tenders/1/documents/9999999999999999999999/download/",
    "/api/v1/me/bids/99999999999999999999999/receipt.pdf",
    "/api/v1/../admin/",
    "/api/v1/tenders/..%2F..%2Fadmin/",
    "/api/v1/tenders/%2e%2e/%2e%2e/",
    "/api/v1/tenders/%C3%A9t%C3%A9/",
    "/api/v1/tenders/%F0%9F%92%A5/",
    "/api/v1/tenders/%FF%FE/",
    "/api/v1/" + "a" * 5000 + "/",
    "/api/",
    "/api",
    "/api/v2/tenders/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE)
@pytest.mark.parametrize("method", ["get", "post", "delete", "options"])
def test_hostile_paths_answer_a_json_404(api, path, method):
    body = assert_error_shape(getattr(api, method)(path), 404, ErrorCode.NOT_FOUND)
    assert body["message"] == "Point d'accès inconnu."


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/tenders/1%0A/", "/api/v1/tenders/1%00/", "/api/"])
def test_hostile_paths_as_a_signed_in_user(client_for, agent, path):
    assert_error_shape(client_for(agent).get(path), 404, ErrorCode.NOT_FOUND)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/tenders/1.5/documents/", "/api/v1/nothing/%0A"])
def test_a_write_to_an_unknown_path_without_csrf_token_is_a_json_404(agent, path):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    assert_error_shape(client.post(path, {}), 404, ErrorCode.NOT_FOUND)


def test_the_catch_all_patterns_keep_urls_reversible():
    """Django cannot reverse "(?s:...)": any reverse() through the API's URLs would fail."""
    assert reverse("tender-ocds-package") == "/api/v1/tenders/ocds/"
    assert reverse("spa") == "/"


@pytest.mark.django_db
def test_the_api_root_without_its_slash_redirects_to_it(api):
    response = api.get("/api/v1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/"
    assert_error_shape(api.get(response["Location"]), 404, ErrorCode.NOT_FOUND)


@pytest.mark.django_db
def test_other_paths_keep_the_spa_and_html(api):
    """Outside /api/, a path with a newline is the single-page app's (it shows its own 404)."""
    assert not api.get("/appels-d-offres/1%0A/")["Content-Type"].startswith("application/json")
    response = api.get("/admin/nothing%0A/")
    assert response.status_code in (302, 404)
    assert not response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_a_disallowed_host_is_a_json_400_under_the_api(api):
    response = api.get("/api/v1/tenders/", HTTP_HOST="evil.example")
    assert_error_shape(response, 400, ErrorCode.INVALID)


@pytest.mark.django_db
@pytest.mark.urls("tests.api.boom_urls")
def test_a_server_error_under_the_api_is_json():
    client = APIClient(raise_request_exception=False)
    body = assert_error_shape(client.get("/api/v1/boom/"), 500, ErrorCode.SERVER_ERROR)
    assert "a bug" not in body["message"]  # nothing of the failure leaks
    page = client.get("/boom/")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
