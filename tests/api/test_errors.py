"""Every 4xx has the same shape: {"message": str, "code": str, "extra": dict}."""

import pytest

from collectivites.errors import ErrorCode


def assert_error_shape(response, status, code: ErrorCode | None = None):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert isinstance(body["message"], str) and body["message"]
    assert body["code"] in {member.value for member in ErrorCode}
    if code is not None:
        assert body["code"] == code
    assert isinstance(body["extra"], dict)
    return body


@pytest.mark.django_db
def test_unknown_api_path(api):
    body = assert_error_shape(api.get("/api/v1/nothing-here/"), 404, ErrorCode.NOT_FOUND)
    assert body["extra"]["path"] == "/api/v1/nothing-here/"


@pytest.mark.django_db
def test_unknown_object(api):
    assert_error_shape(api.get("/api/v1/collectivites/999999/"), 404, ErrorCode.NOT_FOUND)


@pytest.mark.django_db
def test_method_not_allowed(api):
    assert_error_shape(api.delete("/api/v1/auth/csrf/"), 405, ErrorCode.METHOD_NOT_ALLOWED)


@pytest.mark.django_db
def test_malformed_json(api):
    response = api.post("/api/v1/auth/token/", "{bad", content_type="application/json")
    body = assert_error_shape(response, 400, ErrorCode.PARSE_ERROR)
    assert body["message"] == "La requête est mal formée."
    assert "JSON" in body["extra"]["detail"]


@pytest.mark.django_db
def test_unsupported_media_type(api):
    response = api.post("/api/v1/auth/token/", "x", content_type="application/xml")
    assert_error_shape(response, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE)


@pytest.mark.django_db
def test_not_authenticated(api):
    assert_error_shape(api.get("/api/v1/me/"), 401, ErrorCode.NOT_AUTHENTICATED)


@pytest.mark.django_db
def test_validation_errors_list_each_field(api):
    body = assert_error_shape(api.post("/api/v1/auth/token/", {}), 400, ErrorCode.INVALID)
    assert body["extra"]["fields"] == {"username": ["Champ requis."], "password": ["Champ requis."]}


@pytest.mark.django_db
def test_non_numeric_id_is_a_404_not_a_500(api):
    assert_error_shape(api.get("/api/v1/collectivites/abc/"), 404)


@pytest.mark.django_db
def test_oversized_page_size_is_capped_not_an_error(api, rennes):
    assert api.get("/api/v1/collectivites/?page_size=100000").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "collectivite=99999999999999999999999",
        "collectivite=-9.8e104",
        "collectivite=1.5",
        "since=hier",
    ],
)
def test_out_of_range_filters_are_400s(client_for, animator, query):
    response = client_for(animator).get(f"/api/v1/audit-events/?{query}")
    assert_error_shape(response, 400)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/collectivites/99999999999999999999999/",
        "/api/v1/collectivites/99999999999999999999999/memberships/",
        "/api/v1/audit-events/99999999999999999999999/",
    ],
)
def test_ids_beyond_the_database_range_are_404s(client_for, animator, path):
    assert_error_shape(client_for(animator).get(path), 404)


@pytest.mark.django_db
def test_offsets_beyond_what_postgresql_accepts_are_read_as_utc(client_for, animator):
    response = client_for(animator).get("/api/v1/audit-events/?since=5085-07-26T09:46:35%2B19:40")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_every_error_code_is_listed_in_the_schema(api):
    """Clients key their behaviour on ``code``: the schema must list every value it can take."""
    schema = api.get("/api/v1/schema/?format=json").json()
    listed = schema["components"]["schemas"]["ErrorCodeEnum"]["enum"]
    assert set(listed) == {member.value for member in ErrorCode}
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"message", "code", "extra"}
