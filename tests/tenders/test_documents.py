"""DCE: versions, the registre des retraits, notifications on modification, streaming."""

import hashlib
import io
import tracemalloc
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from tenders import services
from tenders.models import DocumentVersion, Download, Notification

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _download(client, tender, document_id, **params):
    return client.get(f"/api/v1/tenders/{tender.pk}/documents/{document_id}/download/", params)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_upload_is_hashed_and_versioned(client_for, buyer, draft):
    client = client_for(buyer)
    content = b"%PDF-1.4 CCTP v1"
    response = client.post(
        f"/api/v1/tenders/{draft.pk}/documents/",
        {"title": "CCTP", "file": pdf("cctp.pdf", content)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = response.json()
    assert document["current_version"]["sha256"] == hashlib.sha256(content).hexdigest()
    assert document["current_version"]["size"] == len(content)
    url = f"/api/v1/tenders/{draft.pk}/documents/{document['id']}/versions/"
    assert (
        client.post(url, {"file": pdf("cctp.pdf", b"%PDF-1.4 v2")}, format="multipart").status_code
        == 201
    )
    assert [v["number"] for v in client.get(url).json()] == [1, 2]


def test_only_buyers_upload(client_for, company_user, outsider, published):
    url = f"/api/v1/tenders/{published.pk}/documents/"
    assert (
        client_for(company_user).post(url, {"file": pdf()}, format="multipart").status_code == 403
    )
    assert client_for(outsider).post(url, {"file": pdf()}, format="multipart").status_code == 403


def test_downloads_are_free_public_and_recorded(client_for, api, buyer, published, company_user):
    document = published.documents.get()
    response = _download(api, published, document.pk)
    assert response.status_code == 200
    assert _body(response) == b"%PDF-1.4 reglement"
    assert "attachment" in response["Content-Disposition"]
    assert _download(client_for(company_user), published, document.pk).status_code == 200
    # The buyer checking its own piece is not a company taking the DCE: not in the registre.
    assert _download(client_for(buyer), published, document.pk).status_code == 200
    rows = list(Download.objects.order_by("id"))
    assert [(row.user_id, row.company_id) for row in rows] == [
        (None, None),
        (company_user.pk, company_user.company_id),
    ]
    assert all(row.version_id == document.current_version_id for row in rows)

    register = client_for(buyer).get(f"/api/v1/tenders/{published.pk}/downloads/").json()
    assert register["count"] == 2
    assert register["results"][0]["company"]["siret"] == company_user.company.siret
    assert (
        client_for(company_user).get(f"/api/v1/tenders/{published.pk}/downloads/").status_code
        == 403
    )

    mine = client_for(company_user).get("/api/v1/me/downloads/").json()
    assert mine["results"][0]["tender"]["id"] == published.pk


def test_drafts_cannot_be_downloaded_by_the_public(api, draft, buyer, client_for):
    client_for(buyer).post(
        f"/api/v1/tenders/{draft.pk}/documents/", {"file": pdf()}, format="multipart"
    )
    document = draft.documents.get()
    assert _download(api, draft, document.pk).status_code == 404
    assert api.get(f"/api/v1/tenders/{draft.pk}/dce.zip").status_code == 404


def test_dce_modification_notifies_identified_downloaders(
    client_for, api, buyer, published, company_user, django_capture_on_commit_callbacks
):
    document = published.documents.get()
    _download(client_for(company_user), published, document.pk)
    _download(api, published, document.pk)  # anonymous: recorded, cannot be told
    url = f"/api/v1/tenders/{published.pk}/documents/{document.pk}/versions/"
    client = client_for(buyer)
    response = client.post(url, {"file": pdf("rc.pdf", b"%PDF-1.4 v2")}, format="multipart")
    assert response.status_code == 400  # after publication the change must be described
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"file": pdf("rc.pdf", b"%PDF-1.4 v2"), "change_note": "Date de visite ajoutée"},
            format="multipart",
        )
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [company_user.email]
    assert "Modification du DCE" in mail.outbox[0].subject
    notification = Notification.objects.get()
    assert notification.user == company_user and notification.kind == "dce_modified"

    listed = client_for(company_user).get("/api/v1/me/notifications/").json()["results"]
    assert listed[0]["read_at"] is None
    marked = client_for(company_user).post("/api/v1/me/notifications/read/", {}, format="json")
    assert marked.json() == {"marked": 1}
    assert client_for(company_user).get("/api/v1/me/notifications/").json()["results"][0]["read_at"]

    timeline = api.get(f"/api/v1/tenders/{published.pk}/timeline/").json()
    assert timeline[-1]["action"] == "tender.dce_revised"
    assert timeline[-1]["details"]["dce_modification"] is True
    # The old version stays downloadable.
    assert _body(_download(api, published, document.pk, version=1)) == b"%PDF-1.4 reglement"
    assert _body(_download(api, published, document.pk)) == b"%PDF-1.4 v2"


def test_whole_dce_as_zip(api, client_for, buyer, published):
    client_for(buyer).post(
        f"/api/v1/tenders/{published.pk}/documents/",
        {
            "title": "CCAP",
            "file": pdf("ccap.pdf", b"%PDF-1.4 ccap"),
            "change_note": "Ajout du CCAP",
        },
        format="multipart",
    )
    response = api.get(f"/api/v1/tenders/{published.pk}/dce.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = _body(response)
    assert int(response["Content-Length"]) == len(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.namelist() == ["01 - rc.pdf", "02 - ccap.pdf"]
    assert archive.read("02 - ccap.pdf") == b"%PDF-1.4 ccap"
    assert Download.objects.get(version__isnull=True).tender == published


SIZE = 50 * 1024 * 1024


@pytest.fixture
def big_version(published):
    """A 50 MB piece written to storage chunk by chunk (an upload would need it in memory)."""
    chunk = b"x" * (1024 * 1024)

    class Chunks(io.RawIOBase):
        remaining = SIZE

        def readable(self):
            return True

        def readinto(self, buffer):
            n = min(len(buffer), self.remaining, len(chunk))
            buffer[:n] = chunk[:n]
            self.remaining -= n
            return n

    from django.core.files import File

    name = default_storage.save("tenders/dce/big/annexe.bin", File(io.BufferedReader(Chunks())))
    document = published.documents.create(title="Plans")
    version = DocumentVersion.objects.create(
        document=document, number=1, file=name, name="annexe.bin", size=SIZE, sha256="0" * 64
    )
    document.current_version = version
    document.save()
    return version


def _peak_while_consuming(response) -> tuple[int, int]:
    tracemalloc.start()
    try:
        total = 0
        for chunk in response.streaming_content:
            total += len(chunk)
        return total, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_memory_does_not_grow_with_file_size(api, published, big_version):
    response = _download(api, published, big_version.document_id)
    total, peak = _peak_while_consuming(response)
    assert total == SIZE
    assert peak < SIZE / 20, peak

    response = api.get(f"/api/v1/tenders/{published.pk}/dce.zip")
    total, peak = _peak_while_consuming(response)
    assert total == int(response["Content-Length"]) > SIZE
    assert peak < SIZE / 20, peak


def test_the_served_type_comes_from_the_file_name_not_the_uploader(
    client_for, api, buyer, published
):
    """A browser may claim any type; every company downloading the piece gets it back."""
    spoofed = SimpleUploadedFile("annexe.pdf", b"%PDF-1.4 annexe", content_type="text/html")
    add = services.tender_document_add
    add(actor=buyer, tender=published, title="Annexe", file=spoofed, change_note="Ajout")
    odd = SimpleUploadedFile("notes.sans-extension", b"abc", content_type="text/html")
    add(actor=buyer, tender=published, title="Notes", file=odd, change_note="Ajout")
    documents = api.get(f"/api/v1/tenders/{published.pk}/documents/").json()
    types = {d["title"]: d["current_version"]["content_type"] for d in documents}
    assert types["Annexe"] == "application/pdf"
    assert types["Notes"] == "application/octet-stream"
