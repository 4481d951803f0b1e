"""Which consultation a draft prepares: a link the tender room owns (``tenders.TenderDraft``).

Drafting spaces know nothing of consultations; the draft PATCH still sets the link in one
transaction with the title and status, the draft's page still shows its consultation, and the
consultation lists its drafts, each to those who may see it.
"""

import ast
import pathlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from collectivites.models import AuditEvent
from spaces.services import draft_version_save
from tenders.models import TenderDraft
from tenders.selectors import draft_tender, tender_drafts
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


def _linked(draft) -> int | None:
    return TenderDraft.objects.filter(draft=draft).values_list("tender_id", flat=True).first()


def test_an_editor_links_and_unlinks_a_draft_through_the_patch(
    client_for, rennes_buyer, rennes, draft
):
    tender = make_tender(rennes_buyer, rennes)
    client = client_for(rennes_buyer)
    url = f"/api/v1/drafts/{draft.pk}/"
    response = client.patch(url, {"tender": tender.pk, "title": "CCTP voirie"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "CCTP voirie"
    assert body["tender"] == {"id": tender.pk, "reference": tender.reference, "title": tender.title}
    assert _linked(draft) == tender.pk
    assert (
        AuditEvent.objects.filter(action="draft.tender_linked", object_id=str(draft.pk)).count()
        == 1
    )
    assert client.get(url).json()["tender"]["id"] == tender.pk  # the draft's page shows it
    assert list(tender_drafts(actor=rennes_buyer, tender=tender)) == [
        draft
    ]  # and the tender its drafts

    response = client.patch(url, {"tender": None}, format="json")
    assert response.status_code == 200
    assert response.json()["tender"] is None
    assert _linked(draft) is None


def test_the_link_is_shown_only_to_who_may_see_the_tender(
    client_for, rennes_buyer, rennes, draft, reader_agent
):
    """Vannes reads the space but not Rennes' unpublished consultation: the link stays hidden."""
    tender = make_tender(rennes_buyer, rennes)
    client_for(rennes_buyer).patch(
        f"/api/v1/drafts/{draft.pk}/", {"tender": tender.pk}, format="json"
    )
    assert client_for(reader_agent).get(f"/api/v1/drafts/{draft.pk}/").json()["tender"] is None
    assert draft_tender(actor=reader_agent, draft=draft) is None
    assert draft_tender(actor=rennes_buyer, draft=draft) == tender


def test_a_tender_lists_only_the_drafts_its_reader_may_read(rennes_buyer, rennes, draft, outsider):
    tender = make_tender(rennes_buyer, rennes)
    TenderDraft.objects.create(tender=tender, draft=draft)
    assert list(tender_drafts(actor=outsider, tender=tender)) == []


def test_linking_a_tender_one_cannot_see_is_a_field_error(client_for, rennes_buyer, draft, brest):
    brest_buyer = MembershipFactory(collectivite=brest, role="agent", capabilities=("buyer",)).user
    hidden = make_tender(brest_buyer, brest)
    response = client_for(rennes_buyer).patch(
        f"/api/v1/drafts/{draft.pk}/", {"tender": hidden.pk}, format="json"
    )
    assert response.status_code == 400
    assert "tender" in response.json()["extra"]["fields"]
    assert _linked(draft) is None


def test_a_reader_of_the_space_may_not_link(client_for, rennes_buyer, rennes, draft, reader_agent):
    tender = make_tender(rennes_buyer, rennes)
    response = client_for(reader_agent).patch(
        f"/api/v1/drafts/{draft.pk}/", {"tender": tender.pk}, format="json"
    )
    assert response.status_code == 403
    assert _linked(draft) is None


def test_a_refused_patch_does_not_link_the_tender_anyway(client_for, rennes_buyer, rennes, draft):
    tender = make_tender(rennes_buyer, rennes)
    response = client_for(rennes_buyer).patch(
        f"/api/v1/drafts/{draft.pk}/",
        {"tender": tender.pk, "status": "published"},  # publishing a writing draft: refused
        format="json",
    )
    assert response.status_code == 409, response.json()
    assert _linked(draft) is None  # the whole PATCH was refused, not half of it


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
    assert _linked(draft) is None  # linking a draft to a tender is an editors' write
    # Without a version, one would have to be saved: an editors' act too.
    response = client_for(vannes_buyer).post(
        f"/api/v1/tenders/{tender.pk}/documents/from-draft/", {"draft": draft.pk}, format="json"
    )
    assert response.status_code == 403


def test_spaces_do_not_depend_on_the_tender_room():
    """The dependency goes one way: the tender room (and the API) use the drafting spaces.
    No import of ``tenders``, no model reference such as ``"tenders.Tender"`` (migrations apart:
    they keep the history)."""
    root = pathlib.Path(__file__).resolve().parents[2] / "spaces"
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value] if node.value.startswith("tenders.") else []
            offenders += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] == "tenders"
            ]
    assert offenders == []


LAST_BEFORE = [("tenders", "0003_award_contract_data")]


@pytest.mark.django_db(transaction=True)
def test_existing_links_are_carried_over_by_the_migrations_both_ways(rennes_buyer, rennes, draft):
    """Rolled back, the link is ``Draft.tender`` again; migrated, it is a ``TenderDraft``."""
    tender = make_tender(rennes_buyer, rennes)
    TenderDraft.objects.create(tender=tender, draft=draft)

    executor = MigrationExecutor(connection)
    executor.migrate(LAST_BEFORE)  # also unapplies spaces.0004, which runs after tenders.0004
    old_apps = executor.loader.project_state(LAST_BEFORE).apps
    old_draft = old_apps.get_model("spaces", "Draft").objects.get(pk=draft.pk)
    assert old_draft.tender_id == tender.pk

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _linked(draft) == tender.pk
    assert {f.name for f in draft._meta.get_fields()}.isdisjoint({"tender"})
