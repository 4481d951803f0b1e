"""A draft of a drafting space becomes a DCE piece (PDF or ODT), linked to its source version."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from spaces.models import DraftVersion
from spaces.services import draft_create, draft_version_save, space_create
from tenders.models import DocumentVersion, TenderDraft

from .conftest import make_tender

pytestmark = pytest.mark.django_db

CCTP = "# CCTP — réfection de toiture\n\nArticle 1 : ardoises naturelles d'Angers.\n"


@pytest.fixture
def cctp(animator, rennes, brest, buyer):
    space = space_create(
        actor=animator, title="Toitures scolaires", members=[(rennes, "editor"), (brest, "reader")]
    )
    return draft_create(actor=buyer, space=space, title="CCTP toiture", markdown=CCTP)


@pytest.fixture
def tender(buyer, rennes):
    return make_tender(buyer, rennes)


def _url(tender) -> str:
    return f"/api/v1/tenders/{tender.pk}/documents/from-draft/"


def _content(version: DocumentVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def test_the_current_text_is_saved_as_a_version_and_exported_as_pdf(
    client_for, buyer, tender, cctp
):
    response = client_for(buyer).post(_url(tender), {"draft": cctp.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    source = DraftVersion.objects.get(draft=cctp)
    assert body["source"] == {"draft": cctp.pk, "version": source.number, "label": source.label}
    assert tender.reference in source.label
    piece = DocumentVersion.objects.get(pk=body["id"])
    assert piece.source_draft_version == source
    assert piece.name.endswith(".pdf") and piece.content_type == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(_content(piece))).pages)
    assert "ardoises naturelles" in text
    assert "toitures scolaires" in text.lower()  # the space's name heads the document
    # The consultation now says this draft prepares it (the tender room holds the link).
    assert TenderDraft.objects.get(draft=cctp).tender == tender
    detail = client_for(buyer).get(f"/api/v1/drafts/{cctp.pk}/").json()
    assert detail["tender"] == {
        "id": tender.pk,
        "reference": tender.reference,
        "title": tender.title,
    }


def test_a_named_version_exported_as_odt_revises_an_existing_piece(client_for, buyer, tender, cctp):
    first = draft_version_save(actor=buyer, draft=cctp, label="Relue par Brest")
    client = client_for(buyer)
    piece = client.post(_url(tender), {"draft": cctp.pk, "version": first.number}, format="json")
    document_id = DocumentVersion.objects.get(pk=piece.json()["id"]).document_id
    response = client.post(
        _url(tender),
        {"draft": cctp.pk, "version": first.number, "format": "odt", "document": document_id},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == 2
    odt = DocumentVersion.objects.get(pk=response.json()["id"])
    with zipfile.ZipFile(io.BytesIO(_content(odt))) as archive:
        assert "ardoises naturelles" in archive.read("content.xml").decode()


def test_who_may_attach_a_draft(client_for, animator, buyer, brest_buyer, tender, cctp, brest):
    # Brest's buyer cannot manage Rennes's tender (a draft tender: not even visible).
    response = client_for(brest_buyer).post(_url(tender), {"draft": cctp.pk}, format="json")
    assert response.status_code == 404
    # Rennes's buyer may not read a draft of a space Rennes is not in.
    space = space_create(actor=animator, title="Voirie brestoise", members=[(brest, "editor")])
    elsewhere = draft_create(actor=brest_buyer, space=space, title="CCTP", markdown="# Brest\n")
    response = client_for(buyer).post(_url(tender), {"draft": elsewhere.pk}, format="json")
    assert response.status_code == 404
    assert not DocumentVersion.objects.exists()


def test_bad_input_is_a_clear_400(client_for, buyer, tender, cctp):
    client = client_for(buyer)
    response = client.post(_url(tender), {"draft": cctp.pk, "format": "docx"}, format="json")
    assert response.status_code == 400
    assert "format" in response.json()["extra"]["fields"]
    response = client.post(_url(tender), {"draft": cctp.pk, "version": 99}, format="json")
    assert response.status_code == 404
    assert client.post(_url(tender), {"draft": 10**15}, format="json").status_code == 404


def test_editors_link_a_draft_to_a_tender_they_can_see(client_for, buyer, tender, cctp, agent):
    client = client_for(buyer)
    response = client.patch(f"/api/v1/drafts/{cctp.pk}/", {"tender": tender.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["tender"]["id"] == tender.pk
    response = client.patch(f"/api/v1/drafts/{cctp.pk}/", {"tender": 10**12}, format="json")
    assert response.status_code == 400
    response = client.patch(f"/api/v1/drafts/{cctp.pk}/", {"tender": None}, format="json")
    assert response.json()["tender"] is None
