"""Approvals: each editor collectivité signs off on the current text; an edit voids them."""

import hashlib

import pytest

from collectivites.models import AuditEvent
from spaces.models import Draft

from ..factories import MembershipFactory
from .conftest import ROLES
from .test_drafts_api import append

pytestmark = pytest.mark.django_db

# Who may approve: agents of an editor collectivité (and superusers, for any of them).
APPROVERS = ["editor_agent", "referent", "superuser"]


def approvals_url(draft, collectivite=None):
    base = f"/api/v1/drafts/{draft.pk}/approvals/"
    return f"{base}{collectivite.pk}/" if collectivite else base


@pytest.mark.parametrize("role", ROLES)
def test_who_approves(as_role, role, draft, rennes):
    payload = {"collectivite": rennes.pk} if role == "superuser" else {}
    response = as_role(role).post(approvals_url(draft), payload)
    expected = {"anonymous": 401, "outsider": 404, "reader_agent": 403, "animator": 403}
    assert response.status_code == expected.get(role, 200), response.json()
    if response.status_code == 200:
        (approval,) = response.json()["approvals"]
        assert approval["collectivite"]["name"] == "Rennes"
        assert approval["current"] is True
        assert response.json()["status"] == "writing"  # Quimper has not approved yet


def test_the_draft_is_approved_once_every_editor_collectivite_approved(
    client_for, agent, quimper_agent, draft, rennes, quimper
):
    client_for(agent).post(approvals_url(draft))
    body = client_for(quimper_agent).post(approvals_url(draft)).json()
    assert body["status"] == "approved"
    assert {(a["collectivite"]["name"], a["current"]) for a in body["approvals"]} == {
        ("Rennes", True),
        ("Quimper", True),
    }
    events = AuditEvent.objects.filter(object_id=str(draft.pk), action__startswith="draft.")
    assert {e.action for e in events} >= {"draft.approved", "draft.status_changed"}
    approved = events.filter(action="draft.approved", collectivite=quimper).get()
    assert len(approved.details["content_sha256"]) == 64


def test_an_edit_after_approval_resets_it(client_for, agent, quimper_agent, draft):
    client_for(agent).post(approvals_url(draft))
    client_for(quimper_agent).post(approvals_url(draft))
    append(draft.pk, agent.pk, "\nUne virgule de plus,")
    body = client_for(agent).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert body["status"] == "review"
    assert [a["current"] for a in body["approvals"]] == [False, False]
    # Approving again counts only once every collectivité has signed the new text.
    assert client_for(agent).post(approvals_url(draft)).json()["status"] == "review"
    assert client_for(quimper_agent).post(approvals_url(draft)).json()["status"] == "approved"


def test_an_agent_of_two_editor_collectivites_names_which_one(client_for, draft, rennes, quimper):
    both = MembershipFactory(collectivite=rennes).user
    MembershipFactory(user=both, collectivite=quimper)
    client = client_for(both)
    response = client.post(approvals_url(draft))
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"collectivite": ["Requis."]}
    assert {c["name"] for c in response.json()["extra"]["choices"]} == {"Rennes", "Quimper"}
    body = client.post(approvals_url(draft), {"collectivite": quimper.pk}).json()
    assert [a["collectivite"]["name"] for a in body["approvals"]] == ["Quimper"]


def test_one_cannot_approve_for_another_collectivite(client_for, agent, draft, quimper, vannes):
    client = client_for(agent)
    assert client.post(approvals_url(draft), {"collectivite": quimper.pk}).status_code == 403
    # Vannes is only a reader of the space.
    assert client.post(approvals_url(draft), {"collectivite": vannes.pk}).status_code == 400


def test_withdrawing_an_approval(client_for, agent, quimper_agent, draft, rennes, quimper):
    client_for(agent).post(approvals_url(draft))
    client_for(quimper_agent).post(approvals_url(draft))
    # Quimper's agent cannot withdraw Rennes's approval.
    assert client_for(quimper_agent).delete(approvals_url(draft, rennes)).status_code == 403
    assert client_for(agent).delete(approvals_url(draft, rennes)).status_code == 204
    draft.refresh_from_db()
    assert draft.status == Draft.Status.REVIEW
    assert client_for(agent).delete(approvals_url(draft, rennes)).status_code == 404
    assert AuditEvent.objects.filter(action="draft.approval_withdrawn", collectivite=rennes)


def test_a_new_editor_collectivite_must_approve_too(
    client_for, animator, agent, quimper_agent, draft, vannes
):
    client_for(agent).post(approvals_url(draft))
    client_for(quimper_agent).post(approvals_url(draft))
    client_for(animator).post(
        f"/api/v1/spaces/{draft.space_id}/members/", {"collectivite": vannes.pk, "role": "editor"}
    )
    draft.refresh_from_db()
    assert draft.status == Draft.Status.REVIEW


def test_publishing_only_from_approved(client_for, agent, quimper_agent, reader_agent, draft):
    url = f"/api/v1/drafts/{draft.pk}/"
    assert client_for(agent).patch(url, {"status": "published"}).status_code == 409
    client_for(agent).post(approvals_url(draft))
    client_for(quimper_agent).post(approvals_url(draft))
    assert client_for(reader_agent).patch(url, {"status": "published"}).status_code == 403
    body = client_for(agent).patch(url, {"status": "published"}).json()
    assert body["status"] == "published" and body["can_approve"] is False
    assert body["can_edit"] is False  # nor its text (the socket treats editors as readers)
    # Published is final.
    assert client_for(agent).patch(url, {"status": "writing"}).status_code == 409
    assert client_for(agent).post(approvals_url(draft)).status_code == 409


def test_an_approval_names_the_text_it_signs_off_on(client_for, agent, quimper_agent, draft):
    """Others may type while an agent reads: the hash of the text read is checked."""
    seen = client_for(agent).get(f"/api/v1/drafts/{draft.pk}/").json()
    assert seen["content_sha256"] == hashlib.sha256(seen["markdown"].encode()).hexdigest()
    append(draft.pk, quimper_agent.pk, "\nAjout de Quimper pendant la relecture.")
    response = client_for(agent).post(
        approvals_url(draft), {"content_sha256": seen["content_sha256"]}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale"  # what a client keys on: re-read, then approve
    assert "relisez-le" in response.json()["message"]
    assert not Draft.objects.get(pk=draft.pk).approvals.exists()
    current = client_for(agent).get(f"/api/v1/drafts/{draft.pk}/").json()["content_sha256"]
    assert current == response.json()["extra"]["content_sha256"]
    response = client_for(agent).post(approvals_url(draft), {"content_sha256": current})
    assert response.status_code == 200
    assert response.json()["approvals"][0]["current"] is True


@pytest.mark.parametrize("value", ["abc", "G" * 64, "A" * 64, 12])
def test_a_malformed_hash_is_a_400(client_for, agent, draft, value):
    response = client_for(agent).post(approvals_url(draft), {"content_sha256": value})
    assert response.status_code == 400
    assert "content_sha256" in response.json()["extra"]["fields"]


@pytest.mark.parametrize("role", ROLES)
def test_who_withdraws_an_approval(as_role, role, draft, rennes, agent):
    """Who may sign for Rennes may take its approval back; others see a 403, or a 404 when
    they cannot even read the draft. Nothing changes for them."""
    as_role("editor_agent").post(approvals_url(draft))
    response = as_role(role).delete(approvals_url(draft, rennes))
    expected = {"anonymous": 401, "outsider": 404, "reader_agent": 403, "animator": 403}
    assert response.status_code == expected.get(role, 204)
    left = Draft.objects.get(pk=draft.pk).approvals.count()
    assert left == (0 if response.status_code == 204 else 1)
