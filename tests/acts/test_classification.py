"""The classification matières: the national version, and a prefecture's newer one."""

import io

import pytest

from acts.models import ClassificationVersion

pytestmark = pytest.mark.django_db

NEWER = """<?xml version='1.0' encoding='ISO-8859-1'?>
<actes:RetourClassification xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216">
  <actes:DateClassification>2026-09-01</actes:DateClassification>
  <actes:Matieres>
    <actes:Matiere1 actes:CodeMatiere="7" actes:Libelle="Finances locales">
      <actes:Matiere2 actes:CodeMatiere="1" actes:Libelle="Décisions budgétaires">
        <actes:Matiere3 actes:CodeMatiere="2" actes:Libelle="Budget supplémentaire"/>
      </actes:Matiere2>
      <actes:Matiere2 actes:CodeMatiere="10" actes:Libelle="Divers"/>
    </actes:Matiere1>
  </actes:Matieres>
</actes:RetourClassification>""".encode("latin-1")


def test_the_national_version_is_public(api, classification):
    body = api.get("/api/v1/acts/classification/").json()
    assert body["version_date"] == "2004-04-01"
    top = [entry["code"] for entry in body["entries"] if entry["level"] == 1]
    assert top == [str(n) for n in range(1, 10)]


def test_a_prefecture_imports_a_newer_version(
    client_for, prefecture, classification, submit, officer
):
    file = io.BytesIO(NEWER)
    file.name = "classification.xml"
    response = client_for(prefecture).post(
        "/api/v1/acts/classification/", {"file": file}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["version_date"] == "2026-09-01"
    codes = [entry["code"] for entry in response.json()["entries"]]
    assert codes == ["7", "7.1", "7.1.2", "7.10"]
    # new acts are filed under it; a code of the old version only is now unknown
    assert submit(officer, classification="7.1.2").status_code == 201
    assert submit(officer, number="B", classification="4.1").status_code == 400
    file.seek(0)
    again = client_for(prefecture).post(
        "/api/v1/acts/classification/", {"file": file}, format="multipart"
    )
    assert again.status_code == 409
    assert ClassificationVersion.objects.count() == 2


def test_an_officer_cannot_import(client_for, officer, classification):
    file = io.BytesIO(NEWER)
    file.name = "c.xml"
    response = client_for(officer).post(
        "/api/v1/acts/classification/", {"file": file}, format="multipart"
    )
    assert response.status_code == 403


def test_a_broken_file_is_400(client_for, prefecture, classification):
    file = io.BytesIO(b"<actes:RetourClassification")
    file.name = "c.xml"
    response = client_for(prefecture).post(
        "/api/v1/acts/classification/", {"file": file}, format="multipart"
    )
    assert response.status_code == 400
