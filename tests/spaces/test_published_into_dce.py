"""A published draft is final, and is what goes into a tender's DCE."""

import pytest

from spaces.models import Draft
from spaces.services import draft_approve, draft_update
from tenders.models import TenderDraft
from tests.factories import MembershipFactory
from tests.tenders.conftest import make_tender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_published_draft_can_be_put_into_the_dce(rennes, quimper_agent, client_for, draft):
    rennes_buyer = MembershipFactory(
        collectivite=rennes, role="agent", capabilities=("buyer",)
    ).user
    draft_approve(actor=rennes_buyer, draft=draft)
    draft_approve(actor=quimper_agent, draft=draft)
    draft_update(actor=rennes_buyer, draft=draft, status="published")
    assert Draft.objects.get(pk=draft.pk).status == "published"
    tender = make_tender(rennes_buyer, rennes)
    response = client_for(rennes_buyer).post(
        f"/api/v1/tenders/{tender.pk}/documents/from-draft/", {"draft": draft.pk}, format="json"
    )
    # The final text is exactly what the DCE needs: its version is saved, the draft linked.
    assert response.status_code == 201, response.json()
    assert TenderDraft.objects.get(draft=draft).tender == tender
    assert response.json()["source"]["draft"] == draft.pk


def test_editors_name_a_version_of_a_published_draft_readers_do_not(
    rennes, quimper_agent, reader_agent, client_for, draft
):
    """A version is a snapshot: naming one changes nothing in a final text."""
    rennes_agent = MembershipFactory(collectivite=rennes, role="agent").user
    draft_approve(actor=rennes_agent, draft=draft)
    draft_approve(actor=quimper_agent, draft=draft)
    draft_update(actor=rennes_agent, draft=draft, status="published")
    url = f"/api/v1/drafts/{draft.pk}/versions/"
    response = client_for(rennes_agent).post(url, {"label": "Version publiée"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["label"] == "Version publiée"
    response = client_for(reader_agent).post(url, {"label": "Lecteur"}, format="json")
    assert response.status_code == 403
