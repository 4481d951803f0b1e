"""Drafts through the API: listing, creating, reading the live text, renaming, tickets."""

import pytest
from pycrdt import Text

from collectivites.models import AuditEvent
from spaces.coedit import store
from spaces.models import Draft
from spaces.services import draft_create

from .conftest import CCTP, ROLES

pytestmark = pytest.mark.django_db

SEES = ["reader_agent", "editor_agent", "referent", "animator", "superuser"]
WRITES = ["editor_agent", "referent", "superuser"]


def expected_status(role: str, ok: int) -> int:
    if role == "anonymous":
        return 401
    if role not in SEES:
        return 404
    return ok if role in WRITES else 403


def append(draft_id: int, user_id: int, suffix: str) -> int:
    doc, _seq = store.load_document(draft_id)
    before = doc.get_state()
    doc.get("content", type=Text).__iadd__(suffix)
    return store.append_update(draft_id=draft_id, user_id=user_id, data=doc.get_update(before))


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_draft(as_role, role, draft, agent):
    detail = as_role(role).get(f"/api/v1/drafts/{draft.pk}/")
    listing = as_role(role).get("/api/v1/drafts/", {"space": draft.space_id})
    if role == "anonymous":
        assert detail.status_code == listing.status_code == 401
        return
    if role not in SEES:
        assert detail.status_code == 404
        assert listing.json()["results"] == []
        return
    body = detail.json()
    assert body["title"] == "CCTP voirie 2027" and body["markdown"] == CCTP
    assert "<table>" in body["html"] and 'id="article-1-objet"' in body["html"]
    assert body["status"] == "writing" and body["space_title"] == "Voirie mutualisée"
    assert body["can_edit"] is (role in WRITES)
    assert body["can_approve"] is (role in ("editor_agent", "referent", "superuser"))
    assert body["created_by"] == {"id": agent.pk, "display_name": agent.display_name}
    assert [c["name"] for c in body["editor_collectivites"]] == ["Quimper", "Rennes"]
    assert body["approvals"] == []
    (item,) = listing.json()["results"]
    assert item == {
        "id": draft.pk,
        "space": draft.space_id,
        "title": "CCTP voirie 2027",
        "status": "writing",
        "updated_at": item["updated_at"],
        "updated_by": {"id": agent.pk, "display_name": agent.display_name},
    }


@pytest.mark.parametrize("role", ROLES)
def test_who_creates_a_draft(as_role, role, space):
    response = as_role(role).post(
        "/api/v1/drafts/", {"space": space.pk, "title": "RC", "markdown": "# Règlement\n"}
    )
    assert response.status_code == expected_status(role, 201), response.json()
    if response.status_code == 201:
        assert response.json()["markdown"] == "# Règlement\n"
        assert response.json()["can_edit"] is True
    assert Draft.objects.filter(title="RC").exists() is (response.status_code == 201)


@pytest.mark.parametrize(
    "payload",
    [{}, {"space": "x", "title": "t"}, {"space": 1, "title": ""}, {"space": 2**64, "title": "t"}],
)
def test_bad_draft_input_is_a_400(client_for, agent, space, payload):
    assert client_for(agent).post("/api/v1/drafts/", payload).status_code == 400


def test_reading_a_draft_returns_the_live_text_and_compacts(client_for, reader_agent, draft, agent):
    append(draft.pk, agent.pk, "\nAjout en direct.")
    append(draft.pk, agent.pk, " Encore.")
    body = client_for(reader_agent).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert body["markdown"] == CCTP + "\nAjout en direct. Encore."
    assert "Ajout en direct." in body["html"]
    draft.refresh_from_db()
    assert draft.snapshot_seq == draft.last_seq == 2
    assert draft.markdown == body["markdown"]
    assert not draft.updates.exists()


def test_listing_drafts_takes_a_fixed_number_of_queries(
    client_for, agent, space, django_assert_max_num_queries
):
    client = client_for(agent)
    for i in range(2):
        draft_create(actor=agent, space=space, title=f"D{i}")
    with django_assert_max_num_queries(10) as few:
        assert client.get("/api/v1/drafts/", {"space": space.pk}).json()["count"] == 2
    baseline = len(few.captured_queries)  # before the next request resets the log
    for i in range(15):
        draft_create(actor=agent, space=space, title=f"E{i}")
    with django_assert_max_num_queries(baseline):
        assert client.get("/api/v1/drafts/", {"space": space.pk}).json()["count"] == 17


def test_the_space_filter_is_validated(client_for, agent):
    assert client_for(agent).get("/api/v1/drafts/", {"space": "abc"}).status_code == 400
    assert client_for(agent).get("/api/v1/drafts/", {"space": 2**70}).status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_who_renames_a_draft(as_role, role, draft):
    response = as_role(role).patch(f"/api/v1/drafts/{draft.pk}/", {"title": "CCTP v2"})
    assert response.status_code == expected_status(role, 200)
    draft.refresh_from_db()
    assert (draft.title == "CCTP v2") is (response.status_code == 200)


def test_status_moves_between_writing_and_review_and_is_audited(client_for, agent, draft):
    client = client_for(agent)
    url = f"/api/v1/drafts/{draft.pk}/"
    assert client.patch(url, {"status": "review"}).json()["status"] == "review"
    assert client.patch(url, {"status": "writing"}).json()["status"] == "writing"
    events = AuditEvent.objects.filter(action="draft.status_changed", object_id=str(draft.pk))
    assert [(e.details["from"], e.details["to"]) for e in events.order_by("id")] == [
        ("writing", "review"),
        ("review", "writing"),
    ]


@pytest.mark.parametrize("target", ["approved", "published"])
def test_approved_and_published_cannot_be_set_by_hand(client_for, agent, draft, target):
    response = client_for(agent).patch(f"/api/v1/drafts/{draft.pk}/", {"status": target})
    assert response.status_code == 409
    assert (
        client_for(agent).patch(f"/api/v1/drafts/{draft.pk}/", {"status": "done"}).status_code
        == 400
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_a_ticket(as_role, role, draft):
    response = as_role(role).post(f"/api/v1/drafts/{draft.pk}/ticket/")
    expected = 401 if role == "anonymous" else 404 if role not in SEES else 200
    assert response.status_code == expected
    if expected == 200:
        assert len(response.json()["ticket"]) > 30


def test_unknown_and_huge_ids_are_404s(client_for, agent):
    client = client_for(agent)
    assert client.get("/api/v1/drafts/999999/").status_code == 404
    assert client.get(f"/api/v1/drafts/{'9' * 25}/").status_code == 404
    assert client.get(f"/api/v1/drafts/{2**63 - 1}/versions/").status_code == 404
