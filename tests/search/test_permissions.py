"""Who may find what: each indexed model's "search" rule agrees with its "view" rule (and, for
acts, "view_published": an act published online is found by everyone) and its check for every
role, the search backend accepts it as a filter, and bids are never indexed."""

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
# Rules besides "view" through which one may read an object, and so find it.
ALSO_READ_THROUGH = {Act: ["view_published"]}


def test_search_and_view_agree_for_every_role(world, people):
    backend = get_search_backend()
    without_word = {(LibraryPage, world["page_rennes"].pk)}
    for role, user in people.items():
        for model in MODELS:
            everything = model.objects.all()
            rules = ["view", *ALSO_READ_THROUGH.get(model, [])]
            searchable = set(visible_to(user, "search", everything).values_list("pk", flat=True))
            readable = set().union(
                *(visible_to(user, rule, everything).values_list("pk", flat=True) for rule in rules)
            )
            checked = {obj.pk for obj in everything if user_can(user, "search", obj)}
            checked_read = {
                obj.pk for obj in everything if any(user_can(user, rule, obj) for rule in rules)
            }
            assert searchable == readable == checked == checked_read, (role, model.__name__)
            # The backend takes the rule as a filter (filter fields only) and applies it.
            found = backend.search(WORD, visible_to(user, "search", everything))
            expected = {pk for pk in searchable if (model, pk) not in without_word}
            assert {obj.pk for obj in found} == expected, (role, model.__name__)
        # The act Brest published online is found by everyone, anonymous visitors included.
        assert world["act_published"].pk in {
            obj.pk for obj in backend.search(WORD, visible_to(user, "search", Act.objects.all()))
        }, role


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
