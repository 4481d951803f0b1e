"""DCE pieces are checked by their content, not by the name or type the browser sent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenders.models import TenderDocument

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def upload(client, tender, name: str, content: bytes, claimed: str = "application/pdf"):
    file = SimpleUploadedFile(name, content, content_type=claimed)
    return client.post(
        f"/api/v1/tenders/{tender.pk}/documents/",
        {"title": name, "file": file, "change_note": "Ajout"},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rc.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows executable
        ("cctp.pdf", b"<html><script>alert(1)</script></html>"),
        ("plan.png", b"%PDF-1.4 not a picture"),
        ("bpu.xlsx", PNG),
    ],
)
def test_a_piece_whose_content_does_not_match_its_name_is_refused(
    client_for, buyer, draft, name, content
):
    response = upload(client_for(buyer), draft, name, content)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert "contenu" in response.json()["message"]
    assert not TenderDocument.objects.filter(tender=draft).exists()


def test_a_page_or_a_script_is_served_as_bytes_to_save(client_for, api, buyer, published):
    client = client_for(buyer)
    for name, content in [
        ("annonce.html", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("lisez-moi.txt", "Visite le 12 à 10 h.".encode()),
        ("plan.png", PNG),
    ]:
        response = upload(client, published, name, content, "text/html")
        assert response.status_code == 201, response.json()
    documents = api.get(f"/api/v1/tenders/{published.pk}/documents/").json()
    types = {d["title"]: d["current_version"]["content_type"] for d in documents}
    assert types["annonce.html"] == "application/octet-stream"
    assert types["logo.svg"] == "application/octet-stream"
    assert types["lisez-moi.txt"] == "text/plain"
    assert types["plan.png"] == "image/png"
