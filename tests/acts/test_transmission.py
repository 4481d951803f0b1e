"""Transmission: the @CTES archive's content, the acknowledgement, never twice."""

import io
import tarfile

import pytest
from defusedxml import ElementTree

from acts.archive import NS_ACTES
from acts.models import Act, ActStatus
from acts.services import act_hand_over
from collectivites.models import AuditEvent

from .conftest import PNG, pdf_bytes, upload

pytestmark = pytest.mark.django_db

A = f"{{{NS_ACTES}}}"


def untar(act: Act) -> dict[str, bytes]:
    with act.archive.open("rb") as handle, tarfile.open(fileobj=handle, mode="r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}


def test_transmission_acknowledged_with_the_identifier(transmitted, client_for, officer, rennes):
    pk = transmitted()
    body = client_for(officer).get(f"/api/v1/acts/{pk}/").json()
    expected = f"035-{rennes.siren}-20261102-2026_12-DE"
    assert body["identifier"] == expected
    assert body["status"] == ActStatus.ACKNOWLEDGED
    assert body["received_on"] is not None
    ar = client_for(officer).get(f"/api/v1/acts/{pk}/acknowledgement/")
    assert ar.status_code == 200
    root = ElementTree.fromstring(b"".join(ar.streaming_content))
    assert root.tag == f"{A}ARActe"
    assert root.get(f"{A}IDActe") == expected
    assert root.get(f"{A}DateReception") == body["received_on"]
    assert root.find(f"{A}ActeRecu").get(f"{A}NumeroInterne") == "2026_12"


def test_the_archive_holds_the_ctes_messages_and_renamed_files(transmitted, rennes):
    pk = transmitted(annexes=[upload("plan.png", PNG), upload("rapport.pdf", pdf_bytes())])
    act = Act.objects.get(pk=pk)
    identifier = act.identifier
    members = untar(act)
    stem = f"{identifier}-1-1"
    envelope_name = next(name for name in members if name.startswith("EACT--"))
    assert envelope_name.startswith(f"EACT--{rennes.siren}--")
    assert set(members) == {
        envelope_name,
        f"{stem}_0.xml",
        f"{stem}_1.pdf",
        f"{stem}_2.png",
        f"{stem}_3.pdf",
    }
    assert members[f"{stem}_2.png"] == PNG  # the files travel untouched
    envelope = ElementTree.fromstring(members[envelope_name])
    assert envelope.tag == f"{A}EnveloppeCLMISILL"
    idcl = envelope.find(f"{A}Emetteur/{A}IDCL")
    assert idcl.get("{http://xml.insee.fr/schema}SIREN") == rennes.siren
    assert idcl.get(f"{A}Departement") == "035"
    assert [n.text for n in envelope.iter(f"{A}NomFichier")] == [f"{stem}_0.xml"]
    raw = members[f"{stem}_0.xml"]
    assert raw.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    acte = ElementTree.fromstring(raw)
    assert acte.tag == f"{A}Acte"
    assert acte.get(f"{A}Date") == "2026-11-02"
    assert acte.get(f"{A}NumeroInterne") == "2026_12"
    assert acte.get(f"{A}CodeNatureActe") == "1"
    assert acte.find(f"{A}CodeMatiere1").get(f"{A}CodeMatiere") == "7"
    assert acte.find(f"{A}CodeMatiere2").get(f"{A}CodeMatiere") == "1"
    assert acte.findtext(f"{A}Objet") == "Budget supplémentaire 2026"
    assert acte.findtext(f"{A}ClassificationDateVersion") == "2004-04-01"
    assert acte.findtext(f"{A}Document/{A}NomFichier") == f"{stem}_1.pdf"
    annexes = acte.find(f"{A}Annexes")
    assert annexes.get(f"{A}Nombre") == "2"
    assert [n.text for n in annexes.iter(f"{A}NomFichier")] == [f"{stem}_2.png", f"{stem}_3.pdf"]
    # the elements come in the schema's order
    assert [child.tag.removeprefix(A) for child in acte] == [
        "CodeMatiere1",
        "CodeMatiere2",
        "Objet",
        "ClassificationDateVersion",
        "Document",
        "Annexes",
    ]


def test_an_object_outside_latin1_is_escaped(transmitted):
    act = Act.objects.get(pk=transmitted(object="Tarifs ≥ 2026 — œuvre"))
    raw = untar(act)[f"{act.identifier}-1-1_0.xml"]
    assert ElementTree.fromstring(raw).findtext(f"{A}Objet") == "Tarifs ≥ 2026 — œuvre"
    assert act.status == ActStatus.ACKNOWLEDGED


def test_transmitting_twice_is_refused(transmitted, client_for, officer):
    pk = transmitted()
    response = client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
    assert response.status_code == 409
    assert "déjà été transmis" in response.json()["message"]


def test_the_hand_over_runs_once_whatever_the_runs(submit, officer, client_for):
    pk = submit(officer).json()["id"]
    client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")  # on_commit not run: waiting
    assert Act.objects.get(pk=pk).status == ActStatus.WAITING
    act_hand_over(pk)
    act_hand_over(pk)  # a retry or a re-run after a crash: nothing more
    assert AuditEvent.objects.filter(action="act.transmitted").count() == 1
    assert Act.objects.get(pk=pk).status == ActStatus.TRANSMITTED


def test_stamped_pdf_carries_the_identifier_and_the_original_is_untouched(
    transmitted, client_for, officer
):
    from pypdf import PdfReader

    pk = transmitted()
    act = Act.objects.get(pk=pk)
    original = act.files.get(position=1)
    with original.file.open("rb") as handle:
        before = handle.read()
    response = client_for(officer).get(f"/api/v1/acts/{pk}/stamped/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert act.identifier in text
    assert f"Reçu en préfecture le {act.received_on:%d/%m/%Y}" in text
    assert "Affiché / publié le" in text
    with original.file.open("rb") as handle:
        assert handle.read() == before


def test_stamped_before_acknowledgement_is_409(submit, officer, client_for):
    pk = submit(officer).json()["id"]
    assert client_for(officer).get(f"/api/v1/acts/{pk}/stamped/").status_code == 409


def test_the_simulated_prefecture_reports_an_anomaly(
    submit, officer, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    """A prefecture that does not know the act's classification version answers an anomaly."""
    from acts.gateway import simulated
    from acts.models import ClassificationVersion

    class UnknownVersions:
        class objects:
            @staticmethod
            def filter(**kwargs):
                return ClassificationVersion.objects.none()

    monkeypatch.setattr(simulated, "ClassificationVersion", UnknownVersions)
    pk = submit(officer).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
    act = Act.objects.get(pk=pk)
    assert act.status == ActStatus.ERROR
    assert "classification" in act.error_reason
    assert AuditEvent.objects.filter(action="act.anomaly").exists()
    # corrected (here: the prefecture learnt the version), it may be sent again
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(f"/api/v1/acts/{pk}/transmit/")
    assert response.status_code == 202
    assert Act.objects.get(pk=pk).status == ActStatus.ACKNOWLEDGED
