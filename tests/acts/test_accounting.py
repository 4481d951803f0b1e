"""Accounting files (Hélios): checks, transmission, the Treasury's acknowledgement or refusal."""

import pytest

from acts.models import AccountingFile, AccountingFileStatus
from collectivites.models import AuditEvent

from .conftest import pdf_bytes, pes_aller, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client_for, rennes, django_capture_on_commit_callbacks):
    def post(user, file, collectivite=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(user).post(
                "/api/v1/accounting-files/",
                {"collectivite": (collectivite or rennes).pk, "file": file},
                format="multipart",
            )

    return post


def test_a_pes_aller_is_transmitted_and_acknowledged(send, accountant, rennes, client_for):
    response = send(
        accountant, upload("PESALR2_2026_001.xml", pes_aller(id_coll=f"{rennes.siren}00011"))
    )
    assert response.status_code == 201, response.json()
    row = AccountingFile.objects.get(pk=response.json()["id"])
    assert row.kind == "depense"
    assert row.status == AccountingFileStatus.ACKNOWLEDGED
    ack = client_for(accountant).get(f"/api/v1/accounting-files/{row.pk}/acknowledgement/")
    assert ack.status_code == 200
    assert b"PES_ACQUIT" in b"".join(ack.streaming_content)
    actions = list(
        AuditEvent.objects.filter(object_type="acts.accountingfile")
        .values_list("action", flat=True)
        .order_by("at", "id")
    )
    assert actions == [
        "accounting_file.submitted",
        "accounting_file.transmitted",
        "accounting_file.acknowledged",
    ]


def test_the_treasury_refuses_with_the_reason_from_its_file(send, accountant):
    response = send(accountant, upload("PES_autre.xml", pes_aller(id_coll="21999999900011")))
    assert response.status_code == 201
    row = AccountingFile.objects.get(pk=response.json()["id"])
    assert row.status == AccountingFileStatus.REFUSED
    assert "n'appartient pas au SIREN" in row.refusal_reason
    assert row.acknowledgement


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("budget.xml", b"<a><b></a>"),
        ("budget.xml", pes_aller(id_coll="x", root="PES_Retour")),
        ("budget.xml", pes_aller(id_coll="x", block="PES_Autre")),
        ("budget.pdf", pdf_bytes()),
        ("budget final (2).xml", pes_aller(id_coll="x")),
        ("../../etc.xml", b""),
        (
            "bombe.xml",
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><PES_Aller>&a;</PES_Aller>',
        ),
    ],
)
def test_bad_files_are_400_and_nothing_written(send, accountant, name, content):
    response = send(accountant, upload(name, content))
    assert response.status_code == 400, response.json()
    assert "file" in response.json()["extra"]["fields"]
    assert not AccountingFile.objects.exists()


def test_too_large_is_413(send, accountant, settings, rennes):
    settings.HELIOS_MAX_BYTES = 100
    response = send(accountant, upload("PES.xml", pes_aller(id_coll=rennes.siren)))
    assert response.status_code == 413
    assert not AccountingFile.objects.exists()


def test_budget_kind(send, accountant, rennes):
    response = send(
        accountant, upload("BUD.xml", pes_aller(id_coll=rennes.siren, block="PES_BudgetAller"))
    )
    assert response.json()["kind"] == "budget"


def test_only_accountants_of_the_collectivite(send, officer, accountant, brest, client_for, rennes):
    file = upload("PES.xml", pes_aller(id_coll=rennes.siren))
    assert send(officer, file).status_code == 403
    row = send(accountant, upload("PES.xml", pes_aller(id_coll=rennes.siren))).json()
    assert client_for(officer).get(f"/api/v1/accounting-files/{row['id']}/").status_code == 404
    assert client_for(officer).get("/api/v1/accounting-files/").json()["count"] == 0
    other = upload("PES.xml", pes_aller(id_coll=rennes.siren))
    assert send(accountant, other, collectivite=brest).status_code == 403


def test_list_filters_and_query_count(
    send, accountant, rennes, client_for, django_assert_num_queries
):
    send(accountant, upload("A.xml", pes_aller(id_coll=rennes.siren)))
    client = client_for(accountant)
    client.get("/api/v1/accounting-files/")
    with django_assert_num_queries(2):
        client.get("/api/v1/accounting-files/")
    for n in range(4):
        send(accountant, upload(f"B{n}.xml", pes_aller(id_coll="0")))
    with django_assert_num_queries(2):
        assert client.get("/api/v1/accounting-files/").json()["count"] == 5
    assert client.get("/api/v1/accounting-files/?status=refused").json()["count"] == 4
    assert client.get("/api/v1/accounting-files/?status=perdu").status_code == 400
