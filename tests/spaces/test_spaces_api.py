"""Spaces through the API: who sees them, who creates them, who manages their members."""

import pytest

from collectivites.models import AuditEvent
from spaces.models import SpaceMember, SpacePage
from spaces.services import space_create

from ..factories import CollectiviteFactory, MembershipFactory
from .conftest import ROLES

pytestmark = pytest.mark.django_db

SEES = ["reader_agent", "editor_agent", "referent", "animator", "superuser"]
MANAGES = ["referent", "animator", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_space_and_with_which_role(as_role, role, space):
    listing = as_role(role).get("/api/v1/spaces/")
    detail = as_role(role).get(f"/api/v1/spaces/{space.pk}/")
    if role == "anonymous":
        assert listing.status_code == detail.status_code == 401
        return
    assert listing.status_code == 200
    ids = [item["id"] for item in listing.json()["results"]]
    if role not in SEES:
        assert ids == []
        assert detail.status_code == 404
        assert detail.json() == {
            "message": "Ressource introuvable.",
            "code": "not_found",
            "extra": {},
        }
        return
    assert ids == [space.pk]
    body = detail.json()
    assert body == listing.json()["results"][0]
    assert body["title"] == "Voirie mutualisée"
    assert body["draft_count"] == 0
    assert {(m["collectivite"]["name"], m["role"]) for m in body["members"]} == {
        ("Rennes", "editor"),
        ("Quimper", "editor"),
        ("Vannes", "reader"),
    }
    expected_role = {"reader_agent": "reader", "editor_agent": "editor", "referent": "editor"}
    assert body["my_role"] == expected_role.get(role)
    assert body["can_manage"] is (role in MANAGES)


def test_listing_spaces_takes_a_fixed_number_of_queries(
    client_for, animator, agent, rennes, django_assert_max_num_queries
):
    def add_spaces(n):
        for i in range(n):
            others = [(CollectiviteFactory(), "reader") for _ in range(3)]
            space_create(actor=animator, title=f"Espace {i}", members=[(rennes, "editor"), *others])

    add_spaces(2)
    client = client_for(agent)
    with django_assert_max_num_queries(12) as few:
        assert client.get("/api/v1/spaces/").json()["count"] == 2
    baseline = len(few.captured_queries)  # before the next request resets the log
    add_spaces(10)
    with django_assert_max_num_queries(baseline):
        assert client.get("/api/v1/spaces/").json()["count"] == 12


@pytest.mark.parametrize("role", ROLES)
def test_who_creates_a_space(as_role, role, rennes, quimper):
    response = as_role(role).post(
        "/api/v1/spaces/",
        {
            "title": "Restauration scolaire",
            "members": [
                {"collectivite": rennes.pk, "role": "editor"},
                {"collectivite": quimper.pk, "role": "reader"},
            ],
        },
    )
    # Animators create spaces; referents too, with their own collectivité as an editor (the
    # outsider, a referent of Brest, is refused: it could not even see this space); agents not.
    expected = {"anonymous": 401, "reader_agent": 403, "editor_agent": 403, "outsider": 400}
    expected = expected.get(role, 201)
    assert response.status_code == expected, response.json()
    created = SpacePage.objects.filter(title="Restauration scolaire")
    assert created.exists() is (expected == 201)
    if expected == 201:
        body = response.json()
        assert body["id"] == created.get().pk and body["draft_count"] == 0
        assert [m["collectivite"]["name"] for m in body["members"]] == ["Quimper", "Rennes"]
        assert AuditEvent.objects.filter(action="space.created").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "", "members": []},
        {"title": "Sans rédactrice", "members": []},
        {"title": "x", "members": [{"collectivite": 1, "role": "owner"}]},
        {"title": "x", "members": [{"collectivite": 2**70, "role": "editor"}]},
        {"title": "x", "members": "Rennes"},
        {"title": "x" * 300, "members": []},
    ],
)
def test_bad_space_input_is_a_400(client_for, animator, payload):
    response = client_for(animator).post("/api/v1/spaces/", payload)
    assert response.status_code == 400, response.json()
    assert "fields" in response.json()["extra"]


def test_an_unknown_member_collectivite_is_a_404(client_for, animator):
    response = client_for(animator).post(
        "/api/v1/spaces/", {"title": "x", "members": [{"collectivite": 999999, "role": "editor"}]}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_who_manages_members(as_role, role, space, brest):
    client = as_role(role)
    added = client.post(
        f"/api/v1/spaces/{space.pk}/members/", {"collectivite": brest.pk, "role": "reader"}
    )
    expected = 200 if role in MANAGES else 401 if role == "anonymous" else 404
    if role in ("reader_agent", "editor_agent"):
        expected = 403
    assert added.status_code == expected
    if expected == 200:
        assert ("Brest", "reader") in {
            (m["collectivite"]["name"], m["role"]) for m in added.json()["members"]
        }
        removed = client.delete(f"/api/v1/spaces/{space.pk}/members/{brest.pk}/")
        assert removed.status_code == 204
        assert not SpaceMember.objects.filter(space=space, collectivite=brest).exists()
        assert AuditEvent.objects.filter(action="space.member_removed").exists()
    else:
        removed = client.delete(f"/api/v1/spaces/{space.pk}/members/{brest.pk}/")
        assert removed.status_code == expected


def test_a_removed_collectivite_loses_access(client_for, animator, space, quimper):
    quimper_agent = MembershipFactory(collectivite=quimper).user
    assert client_for(quimper_agent).get(f"/api/v1/spaces/{space.pk}/").status_code == 200
    response = client_for(animator).delete(f"/api/v1/spaces/{space.pk}/members/{quimper.pk}/")
    assert response.status_code == 204
    assert client_for(quimper_agent).get(f"/api/v1/spaces/{space.pk}/").status_code == 404


def test_the_last_editor_cannot_leave(client_for, animator, rennes):
    space = space_create(actor=animator, title="Seule", members=[(rennes, "editor")])
    client = client_for(animator)
    assert client.delete(f"/api/v1/spaces/{space.pk}/members/{rennes.pk}/").status_code == 409
    demoted = client.post(
        f"/api/v1/spaces/{space.pk}/members/", {"collectivite": rennes.pk, "role": "reader"}
    )
    assert demoted.status_code == 409
    assert demoted.json()["message"] == "Un espace garde au moins une collectivité rédactrice."


def test_removing_a_collectivite_that_is_not_a_member_is_a_404(client_for, animator, space, brest):
    response = client_for(animator).delete(f"/api/v1/spaces/{space.pk}/members/{brest.pk}/")
    assert response.status_code == 404
    huge = client_for(animator).delete(f"/api/v1/spaces/{space.pk}/members/{'9' * 30}/")
    assert huge.status_code == 404
