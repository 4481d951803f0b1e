"""Exports in HTML, ODT, DOCX and PDF: real files, with the space and its collectivités named."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from .conftest import ROLES
from .test_drafts_api import append

pytestmark = pytest.mark.django_db


def export(client, draft, fmt, **params):
    return client.get(f"/api/v1/drafts/{draft.pk}/export/{fmt}/", params)


def zipped_text(content: bytes, fmt: str) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive.read("content.xml" if fmt == "odt" else "word/document.xml").decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_exports(as_role, role, draft):
    response = export(as_role(role), draft, "html")
    sees = ["reader_agent", "editor_agent", "referent", "animator", "superuser"]
    expected = 401 if role == "anonymous" else 200 if role in sees else 404
    assert response.status_code == expected


def test_html_is_a_standalone_sanitized_document(client_for, agent, draft):
    append(draft.pk, agent.pk, '\n<script>alert("x")</script><img src=x onerror=alert(1)>\n')
    response = export(client_for(agent), draft, "html")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="voirie-mutualisee-cctp-voirie-2027.html"'
    )
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and "@page" in html
    assert "Voirie mutualisée" in html and "Quimper, Rennes, Vannes" in html
    assert "<table>" in html and "Le présent marché" in html
    assert "<script" not in html and "<img" not in html and "onerror" not in html


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_office_documents_hold_the_text_and_the_header(client_for, agent, draft, fmt):
    append(draft.pk, agent.pk, "\n![secret](/etc/passwd)\n")
    response = export(client_for(agent), draft, fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'cctp-voirie-2027.{fmt}"')
    expected_type = {
        "odt": "application/vnd.oasis.opendocument.text",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[fmt]
    assert response["Content-Type"] == expected_type
    text = zipped_text(response.content, fmt)
    for expected in ("CCTP voirie 2027", "Voirie mutualisée", "Rennes", "Quimper", "Vannes"):
        assert expected in text, expected
    assert "entretien des voies communales" in text and "Enrobés" in text
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert not any("media" in n or "Pictures" in n for n in names)  # nothing fetched


@pytest.mark.parametrize("fmt", ["odt", "docx"])
def test_office_documents_keep_only_web_and_mail_links(client_for, agent, draft, fmt):
    """As the HTML export: a "smb:" or UNC link in a DOCX sends the reader's Windows
    credentials to the host it names when clicked."""
    append(
        draft.pk,
        agent.pk,
        "\nVoir [le site](https://exemple.fr/rc), [écrire](mailto:marches@rennes.fr), "
        "[le partage](smb://evil.example/share), [l'UNC](\\\\evil.example\\share), "
        "[un script](javascript:alert(1)), [un fichier](file:///etc/passwd).\n",
    )
    archive = zipfile.ZipFile(io.BytesIO(export(client_for(agent), draft, fmt).content))
    everything = "".join(
        archive.read(name).decode(errors="replace")
        for name in archive.namelist()
        if name.endswith((".xml", ".rels"))
    )
    assert "https://exemple.fr/rc" in everything and "mailto:marches@rennes.fr" in everything
    for refused in ("smb:", "evil.example", "javascript:", "file:", "/etc/passwd"):
        assert refused not in everything, refused
    for text in ("le partage", "un script", "un fichier"):  # the words stay, as plain text
        assert text in everything, text


def test_pdf_is_a_pdf_with_the_title(client_for, reader_agent, draft):
    response = export(client_for(reader_agent), draft, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "CCTP voirie 2027" in text and "Collectivités : Quimper, Rennes, Vannes" in text
    assert "Enrobés" in text


def test_exporting_a_version(client_for, agent, draft):
    client = client_for(agent)
    client.post(f"/api/v1/drafts/{draft.pk}/versions/", {"label": "Relue"})
    append(draft.pk, agent.pk, "\nTexte ajouté après la version.\n")
    response = export(client, draft, "docx", version=1)
    assert response["Content-Disposition"].endswith('cctp-voirie-2027-v1.docx"')
    text = zipped_text(response.content, "docx")
    assert "Version 1 — Relue" in text and "Texte ajouté" not in text
    assert "Texte ajouté" in zipped_text(export(client, draft, "odt").content, "odt")


@pytest.mark.parametrize(
    ("fmt", "params", "status"),
    [
        ("rtf", {}, 400),
        ("pdf", {"version": 9}, 404),
        ("html", {"version": "x"}, 404),
        ("html", {"version": "²"}, 404),
    ],
)
def test_bad_export_requests(client_for, agent, draft, fmt, params, status):
    response = export(client_for(agent), draft, fmt, **params)
    assert response.status_code == status
    assert "message" in response.json()
