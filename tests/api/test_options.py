"""Every route of the API answers OPTIONS (or 405) without error, whoever asks.

DRF's default metadata asked each view for a serializer it may not declare, and answered 500
(``/tenders/<id>/documents/from-draft/``); ``api.metadata.ApiMetadata`` describes what it can.
"""

import pytest
from django.urls import resolve
from rest_framework.test import APIClient

from .routes import api_routes
from .test_errors import assert_error_shape


@pytest.fixture(params=["anonymous", "animator", "buyer", "company"])
def caller(request, api_world) -> APIClient:
    client = APIClient()
    if request.param != "anonymous":
        client.force_authenticate(getattr(api_world, request.param))
    return client


@pytest.mark.django_db
def test_every_route_answers_options(api_world, caller):
    routes = list(api_routes(api_world.ids))
    assert len(routes) > 50
    failures = []
    for route in routes:
        assert resolve(route.url).func is route.pattern.callback, route.url
        response = caller.options(route.url)
        if response.status_code >= 500:
            failures.append(f"{route.url}: {response.status_code}")
        elif response.status_code >= 400:
            assert_error_shape(response, response.status_code)
        else:
            assert response["Content-Type"].startswith("application/json"), route.url
    assert not failures, failures


@pytest.mark.django_db
def test_options_describes_the_fields_of_a_write_declared_only_in_the_schema(api_world):
    """The DCE-from-draft view validates its own input: OPTIONS reads it from the schema."""
    client = APIClient()
    client.force_authenticate(api_world.buyer)
    tender = api_world.ids["tender_pk"]
    response = client.options(f"/api/v1/tenders/{tender}/documents/from-draft/")
    assert response.status_code == 200
    body = response.json()
    assert body["methods"] == ["OPTIONS", "POST"]
    fields = body["actions"]["POST"]
    assert {"draft", "version", "format", "title"} <= set(fields)
    assert fields["draft"]["required"] is True
    assert {choice["value"] for choice in fields["format"]["choices"]} >= {"pdf"}


@pytest.mark.django_db
def test_options_of_a_generic_view_still_lists_its_serializer(client_for, animator):
    response = client_for(animator).options("/api/v1/spaces/")
    assert response.status_code == 200
    assert "title" in response.json()["actions"]["POST"]
