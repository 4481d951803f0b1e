"""Who may find what: each indexed model's "search" rule agrees with its "view" rule and its
check for every role, the search backend accepts it as a filter, and bids are never indexed."""

import pytest
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from acts.models import Act
from collectivites.permissions import user_can, visible_to
from forums.models import Post
from library.models import LibraryPage
from spaces.models import Draft
from tenders.models import Tender
from tests.tenders.bidding import offer, submit

from .conftest import WORD, reindex

pytestmark = pytest.mark.django_db

MODELS = [LibraryPage, Draft, Post, Tender, Act]


def test_search_and_view_agree_for_every_role(world, people):
    backend = get_search_backend()
    without_word = {(LibraryPage, world["page_rennes"].pk)}
    for role, user in people.items():
        for model in MODELS:
            everything = model.objects.all()
            searchable = set(visible_to(user, "search", everything).values_list("pk", flat=True))
            viewable = set(visible_to(user, "view", everything).values_list("pk", flat=True))
            checked = {obj.pk for obj in everything if user_can(user, "search", obj)}
            assert searchable == viewable == checked, (role, model.__name__)
            # The backend takes the rule as a filter (filter fields only) and applies it.
            found = backend.search(WORD, visible_to(user, "search", everything))
            expected = {pk for pk in searchable if (model, pk) not in without_word}
            assert {obj.pk for obj in found} == expected, (role, model.__name__)


def test_bids_are_never_indexed(world, people, client_for):
    indexed = {model.__name__ for model in index.get_indexed_models()}
    assert indexed.isdisjoint({"Bid", "BidFile", "BidOpening", "Award", "AwardedCompany"})
    tender = world["tender_public"]
    company = people["company"]
    file = offer("offre-sesquioxyde.pdf", b"Offre sesquioxyde : 99 999 EUR HT")
    response = submit(client_for(company), tender, file)
    assert response.status_code == 201, response.json()
    reindex()
    for role in ("company", "member_a", "superuser"):
        answer = client_for(people[role]).get("/api/v1/search/?q=sesquioxyde").json()
        assert answer["count"] == 0, role
        assert set(answer["facets"].values()) == {0}, role
