"""``GET /api/v1/search/`` and its suggestions through the HTTP API, for every role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from forums.services.posts import post_create, topic_create
from spaces.services import draft_create

from .conftest import ROLES, reindex

pytestmark = pytest.mark.django_db

# role: hits per kind for "gravillons" (tests/search/conftest.py says what exists)
FOUND = {
    # Everyone finds the act Brest published online.
    "anonymous": {"library": 1, "draft": 0, "post": 1, "tender": 1, "act": 1},
    "company": {"library": 1, "draft": 0, "post": 1, "tender": 1, "act": 1},
    # Rennes agent, buyer and act officer: the Rennes page, space, forum, tender draft and act,
    # and their own hidden post (not their deleted one).
    "member_a": {"library": 3, "draft": 1, "post": 4, "tender": 2, "act": 2},
    "member_b": {"library": 2, "draft": 1, "post": 2, "tender": 2, "act": 2},
    "referent": {"library": 3, "draft": 1, "post": 3, "tender": 1, "act": 1},
    # Animators read every page, space and post and see tender drafts; acts are the offices'
    # (but the published one).
    "animator": {"library": 4, "draft": 2, "post": 5, "tender": 3, "act": 1},
    "superuser": {"library": 4, "draft": 2, "post": 5, "tender": 3, "act": 3},
}


def client(people, role, client_for):
    return APIClient() if role == "anonymous" else client_for(people[role])


def test_what_each_role_finds(world, people, client_for):
    for role in ROLES:
        response = client(people, role, client_for).get("/api/v1/search/?q=gravillons")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["facets"] == FOUND[role], role
        assert body["count"] == sum(FOUND[role].values())
        kinds = [hit["type"] for hit in body["results"]]
        assert {kind: kinds.count(kind) for kind in FOUND[role] if kinds.count(kind)} == {
            kind: n for kind, n in FOUND[role].items() if n
        }
        for hit in body["results"]:
            assert hit["url"].startswith("/")
        by_type = client(people, role, client_for).get("/api/v1/search/?q=gravillons&type=post")
        assert [hit["type"] for hit in by_type.json()["results"]] == ["post"] * FOUND[role]["post"]
        assert by_type.json()["count"] == FOUND[role]["post"]


def test_an_outsider_finds_nothing_of_a_private_draft(world, people, client_for):
    draft = world["draft_a"]
    member = client_for(people["member_a"]).get("/api/v1/search/?q=confidentiel").json()
    assert [(hit["type"], hit["id"]) for hit in member["results"]] == [("draft", draft.pk)]
    hit = member["results"][0]
    assert hit["url"] == f"/brouillons/{draft.pk}"
    assert hit["context"] == "Voirie de Rennes"
    assert "<mark>confidentiel</mark>" in hit["excerpt"]
    for role in ("anonymous", "company", "member_b"):
        answer = client(people, role, client_for).get("/api/v1/search/?q=confidentiel").json()
        assert answer["count"] == 0, role
        assert answer["results"] == []
        assert set(answer["facets"].values()) == {0}, role
        drafts = client(people, role, client_for).get("/api/v1/search/?q=confidentiel&type=draft")
        assert drafts.json()["results"] == []


def test_a_published_act_leads_each_reader_to_a_page_they_may_open(world, people, client_for):
    """Its office opens the act itself; everyone else, the collectivité's public page."""
    act = world["act_published"]
    for role, url in [
        ("anonymous", f"/collectivites/{act.collectivite_id}#actes-publies"),
        ("member_a", f"/collectivites/{act.collectivite_id}#actes-publies"),
        ("member_b", f"/actes/{act.pk}"),  # an act officer of Brest
        ("superuser", f"/actes/{act.pk}"),
    ]:
        answer = client(people, role, client_for).get("/api/v1/search/?q=chemins&type=act")
        assert [(hit["id"], hit["url"]) for hit in answer.json()["results"]] == [(act.pk, url)], (
            role
        )


def test_excerpts_are_escaped_and_marked(world, people, client_for):
    topic = world["post_public"].topic
    post = post_create(
        actor=people["member_a"], topic=topic, body='<img src=x onerror="alert(1)"> grumeaux'
    )
    reindex()
    body = APIClient().get("/api/v1/search/?q=grumeaux").json()
    assert [hit["id"] for hit in body["results"]] == [post.pk]
    excerpt = body["results"][0]["excerpt"]
    assert "<img" not in excerpt
    assert "&lt;img" in excerpt
    assert "<mark>grumeaux</mark>" in excerpt
    assert body["results"][0]["url"] == f"/forums/sujets/{topic.pk}#message-{post.pk}"


def test_of_one_collectivite(world, people, client_for, rennes):
    answer = client_for(people["member_a"]).get(
        f"/api/v1/search/?q=gravillons&collectivite={rennes.pk}"
    )
    assert answer.json()["facets"] == {"library": 0, "draft": 1, "post": 1, "tender": 2, "act": 1}
    for hit in answer.json()["results"]:
        if hit["type"] in ("tender", "act"):
            assert hit["collectivite"]["id"] == rennes.pk


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("", "query_empty", "q"),
        ("q=%20%20", "query_empty", "q"),
        ("q=" + "a" * 201, "query_too_long", "q"),
        ("q=gravillons&type=bid", "invalid", "type"),
        ("q=gravillons&page=0", "invalid", "page"),
        ("q=gravillons&page=abc", "invalid", "page"),
        ("q=gravillons&collectivite=abc", "invalid", "collectivite"),
    ],
)
def test_bad_input_is_a_400_with_a_stable_code(db, query, code, field):
    response = APIClient().get(f"/api/v1/search/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["extra"]["fields"]


def test_suggestions(world, people, client_for):
    def titles(role, prefix):
        response = client(people, role, client_for).get(f"/api/v1/search/suggestions/?q={prefix}")
        assert response.status_code == 200, response.json()
        return {hit["title"] for hit in response.json()}

    anonymous = titles("anonymous", "gravil")
    assert "Fourniture de gravillons" in anonymous
    assert not anonymous & {"Gravillons en préparation", "Gravillons du groupement"}
    assert "Gravillons en préparation" in titles("member_a", "gravil")
    assert "Gravillons du groupement" in titles("member_a", "gravil")
    assert "Gravillons de Brest en préparation" not in titles("member_a", "gravil")
    assert titles("member_b", "cctp") == {"CCTP de Brest"}
    too_long = APIClient().get("/api/v1/search/suggestions/?q=" + "a" * 201)
    assert too_long.status_code == 400
    assert too_long.json()["code"] == "query_too_long"


def test_query_count_does_not_grow_with_the_data(world, people, client_for, animator):
    def count(role):
        # A fresh user object each time: the permission layer caches on the object it is given.
        user = people[role]
        fresh = (
            APIClient() if role == "anonymous" else client_for(type(user).objects.get(pk=user.pk))
        )
        with CaptureQueriesContext(connection) as queries:
            response = fresh.get("/api/v1/search/?q=gravillons")
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    before = {role: count(role) for role in ("anonymous", "member_a", "superuser")}
    a = people["member_a"]
    topic = world["post_public"].topic
    space = world["draft_a"].space
    for n in range(2):
        post_create(actor=a, topic=topic, body=f"Encore des gravillons ({n}).")
        draft_create(actor=a, space=space, title=f"Gravillons {n}", markdown="Gravillons.")
        topic_create(actor=a, forum=topic.forum, title=f"Gravillons {n} ?", body="Des gravillons ?")
    reindex()
    for role, (queries, found) in before.items():
        now, more = count(role)
        assert more > found, role
        assert now == queries, role


def test_changes_made_without_save_reach_the_index(world, people, client_for, rennes):
    """A status transition is a conditional UPDATE (no signal): the service tells the index."""
    from tenders import services
    from tests.tenders.conftest import pdf

    a = people["member_a"]
    tender = world["tender_draft_a"]
    assert APIClient().get("/api/v1/search/?q=préparation&type=tender").json()["count"] == 0
    services.tender_document_add(actor=a, tender=tender, title="RC", file=pdf())
    services.tender_publish(actor=a, tender=tender)
    found = APIClient().get("/api/v1/search/?q=préparation&type=tender").json()
    assert [hit["id"] for hit in found["results"]] == [tender.pk]
