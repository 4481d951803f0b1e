"""Linking a draft to a consultation: who may, and a refused PATCH changes nothing."""

import pytest

from spaces.services import draft_version_save
from tests.factories import MembershipFactory
from tests.tenders.conftest import make_tender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rennes_buyer(rennes):
    """An agent of Rennes (editor collectivité) who also buys for Rennes."""
    return MembershipFactory(collectivite=rennes, role="agent", capabilities=("buyer",)).user


def test_a_refused_patch_does_not_link_the_tender_anyway(client_for, rennes_buyer, rennes, draft):
    tender = make_tender(rennes_buyer, rennes)
    response = client_for(rennes_buyer).patch(
        f"/api/v1/drafts/{draft.pk}/",
        {"tender": tender.pk, "status": "published"},  # publishing a writing draft: refused
        format="json",
    )
    assert response.status_code == 409, response.json()
    draft.refresh_from_db()
    assert draft.tender_id is None  # the whole PATCH was refused, not half of it


def test_a_reader_cannot_link_a_draft_to_a_tender_through_the_dce(client_for, vannes, draft, agent):
    """Vannes is only a reader of the space: its buyer must not change what the draft specifies."""
    vannes_buyer = MembershipFactory(
        collectivite=vannes, role="agent", capabilities=("buyer",)
    ).user
    tender = make_tender(vannes_buyer, vannes)
    version = draft_version_save(actor=agent, draft=draft, label="v1")
    response = client_for(vannes_buyer).post(
        f"/api/v1/tenders/{tender.pk}/documents/from-draft/",
        {"draft": draft.pk, "version": version.number},
        format="json",
    )
    assert response.status_code == 201  # a saved version it can read goes into its DCE
    draft.refresh_from_db()
    assert draft.tender_id is None  # linking a draft to a tender is an editors' write
    # Without a version, one would have to be saved: an editors' act too.
    response = client_for(vannes_buyer).post(
        f"/api/v1/tenders/{tender.pk}/documents/from-draft/", {"draft": draft.pk}, format="json"
    )
    assert response.status_code == 403
