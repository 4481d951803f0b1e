"""The errors the stack can give are documented on each operation, in the one error shape."""

import pytest


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/?format=json").json()


@pytest.mark.django_db
def test_a_paginated_list_documents_the_404_of_a_page_past_the_last(schema, client_for, animator):
    responses = schema["paths"]["/api/v1/collectivites/"]["get"]["responses"]
    assert responses["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    response = client_for(animator).get("/api/v1/collectivites/?page=999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_an_operation_without_id_nor_page_does_not_claim_a_404(schema):
    assert "404" not in schema["paths"]["/api/v1/me/"]["get"]["responses"]


@pytest.mark.django_db
def test_a_throttled_view_documents_its_429(schema):
    """Company sign-up is throttled per address (found by the fuzz test: an undocumented 429)."""
    assert "429" in schema["paths"]["/api/v1/companies/register/"]["post"]["responses"]
    assert "429" not in schema["paths"]["/api/v1/me/"]["get"]["responses"]


@pytest.mark.django_db
def test_a_write_documents_the_415_of_a_body_it_cannot_read(schema, api):
    assert "415" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "415" not in schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert api.post("/api/v1/auth/token/", "x", content_type="text/csv").status_code == 415
