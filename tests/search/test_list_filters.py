"""The tender list's and the library's ``q`` go through the platform search."""

import pytest
from rest_framework.test import APIClient
from wagtail.search.backends import get_search_backend

from tests.tenders.conftest import published_tender

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_library_q_reads_the_body_and_keeps_visibility(world, people, client_for):
    # "publics" is only in the public guide's body (the old q read the title and summary).
    assert ids(APIClient().get("/api/v1/library/pages/?q=publics")) == {world["page_public"].pk}
    restricted = {world["page_members"].pk, world["page_rennes_child"].pk}
    assert ids(APIClient().get("/api/v1/library/pages/?q=gravillons")) == {world["page_public"].pk}
    member_a = client_for(people["member_a"])
    assert ids(member_a.get("/api/v1/library/pages/?q=gravillons")) == {
        world["page_public"].pk,
        *restricted,
    }


def test_tender_q_keeps_visibility(world, people, client_for):
    found = ids(client_for(people["member_b"]).get("/api/v1/tenders/?q=gravillons"))
    assert found == {world["tender_public"].pk, world["tender_draft_b"].pk}
    assert ids(APIClient().get("/api/v1/tenders/?q=gravillons")) == {world["tender_public"].pk}


def test_french_stemming_in_both_lists(world, people, rennes):
    backend = get_search_backend()
    if type(backend).__module__.startswith("modelsearch.backends.database.sqlite"):
        pytest.skip("SQLite's FTS5 does not stem French; the Whoosh and PostgreSQL backends do")
    tender = published_tender(
        people["member_a"], rennes, reference="MP-1", title="Marchés publics de voirie"
    )
    assert ids(APIClient().get("/api/v1/tenders/?q=marche public")) == {tender.pk}
    assert ids(APIClient().get("/api/v1/library/pages/?q=marche public")) == {
        world["page_public"].pk
    }


def test_matching_ids_are_the_newest_matches_as_the_rows_say(people, rennes):
    """The lists ask for ids only (collectivites/search_ids.py; Whoosh answers from its index
    without reading rows back): the same ids, in the same order, as the backend's rows."""
    from collectivites.search_ids import matching_ids
    from tenders.models import Tender

    made = [
        published_tender(people["member_a"], rennes, reference=f"MP-{n}", title=f"Gravier {n}")
        for n in range(5)
    ]
    backend = get_search_backend()
    rows = backend.search("gravier", Tender.objects.all(), order_by_relevance=False)
    newest_first = sorted((tender.pk for tender in made), reverse=True)
    assert [tender.pk for tender in rows] == newest_first
    assert matching_ids("gravier", Tender.objects.all(), limit=3) == newest_first[:3]
    assert matching_ids("gravier", Tender.objects.filter(pk=made[0].pk), limit=3) == [made[0].pk]
    assert matching_ids("introuvable", Tender.objects.all(), limit=3) == []
