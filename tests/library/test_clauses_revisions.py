"""The clause picker's API: visible clauses, and each clause's published revisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from .clause_helpers import make_clause, republish, save_draft_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def clauses(platform, rennes):
    public = make_clause(reference="RC-PUBLIC", title="Variantes", text="v1")
    restricted = make_clause(reference="RC-RENNES", title="Allotissement", text="lots")
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([rennes.group])
    return {"public": public, "restricted": restricted}


def test_the_list_shows_what_the_reader_may_read(client_for, api, agent, outsider, clauses):
    def refs(client):
        return [c["reference"] for c in client.get("/api/v1/library/clauses/").json()["results"]]

    assert refs(client_for(agent)) == ["RC-PUBLIC", "RC-RENNES"]
    assert refs(client_for(outsider)) == ["RC-PUBLIC"]
    assert refs(api) == ["RC-PUBLIC"]
    found = client_for(agent).get("/api/v1/library/clauses/?q=allot").json()["results"]
    assert [c["reference"] for c in found] == ["RC-RENNES"]
    assert (
        found[0]["text"] == "lots"
        and found[0]["revision_id"] == clauses["restricted"].live_revision_id
    )


def test_revisions_are_the_published_ones_newest_first(client_for, agent, clauses):
    clause = clauses["public"]
    first = clause.live_revision_id
    republish(clause, "v2")
    save_draft_revision(clause, "v3 jamais publiée")
    response = client_for(agent).get(f"/api/v1/library/clauses/{clause.pk}/revisions/")
    assert response.status_code == 200
    revisions = response.json()
    assert [r["text"] for r in revisions] == ["v2", "v1"]
    assert revisions[1]["id"] == first
    assert [r["is_current"] for r in revisions] == [True, False]


def test_revisions_of_a_clause_one_may_not_read_are_not_found(client_for, api, outsider, clauses):
    path = f"/api/v1/library/clauses/{clauses['restricted'].pk}/revisions/"
    assert client_for(outsider).get(path).status_code == 404
    assert api.get(path).status_code == 404
    assert api.get(f"/api/v1/library/clauses/{clauses['restricted'].pk}/").status_code == 404


def test_another_kind_of_page_is_not_a_clause(client_for, agent, clauses):
    index = clauses["public"].get_parent()
    assert client_for(agent).get(f"/api/v1/library/clauses/{index.pk}/").status_code == 404


def test_list_queries_are_constant(client_for, agent, clauses, django_assert_num_queries):
    client = client_for(agent)
    client.get("/api/v1/library/clauses/")
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/library/clauses/")
    for i in range(4):
        make_clause(reference=f"X-{i}", title=f"Clause {i}")
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/library/clauses/").json()["count"] == 6
