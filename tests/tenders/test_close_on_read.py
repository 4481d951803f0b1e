"""Reading the tender list closes the tenders whose deadline passed, cheaply when none did.

Every list read asks first; almost always nothing is due, and then the asking is one indexed
``LIMIT 1`` query, no rows read (bench/README.md, "API under load").
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import expire, published_tender

pytestmark = pytest.mark.django_db


def _due_checks(queries) -> list[str]:
    return [q["sql"] for q in queries if '"response_deadline" <=' in q["sql"]]


def test_nothing_due_costs_one_limit_1_query(api, buyer, rennes):
    published_tender(buyer, rennes, reference="A")
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/tenders/").status_code == 200
    (check,) = _due_checks(queries.captured_queries)
    assert "LIMIT 1" in check
    assert "JOIN" not in check


def test_a_due_tender_shows_closed_in_the_list_and_its_page(api, buyer, rennes):
    due = published_tender(buyer, rennes, reference="A")
    still_open = published_tender(buyer, rennes, reference="B")
    expire(due)
    rows = {row["id"]: row for row in api.get("/api/v1/tenders/").json()["results"]}
    assert rows[due.pk]["status"] == "closed"
    assert rows[still_open.pk]["status"] == "published"
    assert api.get(f"/api/v1/tenders/{due.pk}/").json()["status"] == "closed"
    due.refresh_from_db()
    assert due.status == "closed"
