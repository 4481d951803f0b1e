"""Who sees which tender, and the list's filters with bounded query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tenders import services

from ..factories import CollectiviteFactory, MembershipFactory
from .conftest import make_tender, published_tender

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.json()
    return {tender["id"] for tender in response.json()["results"]}


def test_drafts_are_404_to_the_public_and_visible_to_their_buyers(
    client_for, api, buyer, draft, agent, outsider, animator, superuser
):
    url = f"/api/v1/tenders/{draft.pk}/"
    assert api.get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(agent).get(url).status_code == 404  # an agent of Rennes, not a buyer
    for user in (buyer, animator, superuser):
        assert client_for(user).get(url).status_code == 200
    assert draft.pk not in ids(api.get("/api/v1/tenders/"))
    assert draft.pk in ids(client_for(buyer).get("/api/v1/tenders/"))


def test_published_and_later_are_public(api, buyer, rennes, published):
    assert api.get(f"/api/v1/tenders/{published.pk}/").status_code == 200
    cancelled_draft = make_tender(buyer, rennes, reference="X")
    services.tender_cancel(actor=buyer, tender=cancelled_draft, reason="Doublon")
    assert api.get(f"/api/v1/tenders/{cancelled_draft.pk}/").status_code == 404
    services.tender_cancel(actor=buyer, tender=published, reason="Besoin disparu")
    assert api.get(f"/api/v1/tenders/{published.pk}/").json()["status"] == "cancelled"


def test_group_members_see_the_draft_in_their_lists(client_for, buyer, rennes, brest, brest_buyer):
    tender = make_tender(
        buyer,
        rennes,
        lots=[{"number": 1, "title": "Papier"}],
        group_members=[
            {"collectivite": brest, "needs": [{"lot_number": 1, "quantity": "200 ramettes"}]}
        ],
    )
    brest_agent = MembershipFactory(collectivite=brest).user
    assert tender.pk in ids(client_for(brest_buyer).get("/api/v1/tenders/?mine=true"))
    assert tender.pk in ids(
        client_for(brest_buyer).get(f"/api/v1/tenders/?collectivite={brest.pk}")
    )
    detail = client_for(brest_buyer).get(f"/api/v1/tenders/{tender.pk}/").json()
    assert detail["group_members"][0]["needs"] == [
        {"lot_number": 1, "quantity": "200 ramettes", "amount": None}
    ]
    assert detail["can_manage"] is False
    # A member of the group may see, not run, the tender.
    response = client_for(brest_buyer).post(f"/api/v1/tenders/{tender.pk}/publish/")
    assert response.status_code == 403
    assert tender.pk not in ids(client_for(brest_agent).get("/api/v1/tenders/"))


def test_filters(api, buyer, rennes, brest, brest_buyer):
    now = timezone.now()
    works = published_tender(
        buyer, rennes, reference="T", title="Rénovation énergétique de l'école"
    )
    meals = published_tender(
        brest_buyer,
        brest,
        reference="F",
        title="Repas scolaires",
        nature="fournitures",
        procedure="appel_offres_ouvert",
        estimated_value=Decimal("500000"),
        cpv_codes=["15894210-6", "55523100-3"],
        response_deadline=now + timedelta(days=40),
    )
    assert ids(api.get("/api/v1/tenders/?nature=fournitures")) == {meals.pk}
    assert ids(api.get("/api/v1/tenders/?procedure=mapa")) == {works.pk}
    assert ids(api.get("/api/v1/tenders/?cpv=5552")) == {meals.pk}
    assert ids(api.get("/api/v1/tenders/?cpv=4526")) == {works.pk}
    assert ids(api.get(f"/api/v1/tenders/?buyer={brest.pk}")) == {meals.pk}
    assert ids(api.get("/api/v1/tenders/?departement=35")) == {works.pk}
    assert ids(api.get("/api/v1/tenders/?q=renovation ENERGETIQUE")) == {works.pk}
    assert ids(api.get("/api/v1/tenders/?q=brest")) == {meals.pk}
    after = (now + timedelta(days=30)).isoformat().replace("+00:00", "Z")
    assert ids(api.get(f"/api/v1/tenders/?deadline_after={after}")) == {meals.pk}
    assert ids(api.get(f"/api/v1/tenders/?deadline_before={after}")) == {works.pk}
    assert ids(api.get("/api/v1/tenders/?status=published")) == {works.pk, meals.pk}
    assert api.get("/api/v1/tenders/?cpv=abc").status_code == 400
    assert api.get("/api/v1/tenders/?status=nope").status_code == 400


@pytest.mark.parametrize("count", [3, 12])
def test_list_query_count_does_not_grow(
    client_for, api, buyer, rennes, count, django_assert_max_num_queries
):
    for n in range(count):
        published_tender(buyer, rennes, reference=f"Q{n}")
    other = CollectiviteFactory()
    make_tender(MembershipFactory(collectivite=other, capabilities=("buyer",)).user, other)
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/v1/tenders/").json()["results"]) == count
    with django_assert_max_num_queries(6):
        client_for(buyer).get("/api/v1/tenders/?mine=true")
    tender_id = ids(api.get("/api/v1/tenders/")).pop()
    with django_assert_max_num_queries(9):
        assert api.get(f"/api/v1/tenders/{tender_id}/").status_code == 200
