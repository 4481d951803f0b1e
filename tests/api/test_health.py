"""The liveness check answers anyone, without touching the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_anyone_gets_ok_without_a_query(api):
    with CaptureQueriesContext(connection) as queries:
        response = api.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_only_get(api):
    response = api.post("/api/v1/health/", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
