"""Submitting an act: every check answers 400 naming its field (413 for the size), and nothing
is written — no act, no file row, no stored file, no audit event."""

from datetime import UTC, date, datetime

import pytest

from acts.models import Act, ActFile, ActStatus
from collectivites.models import AuditEvent

from .conftest import JPEG, PNG, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def nothing_written(settings) -> bool:
    media = settings.MEDIA_ROOT
    stored = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    return (
        not Act.objects.exists()
        and not ActFile.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="act.").exists()
        and not stored
    )


def refused(response, field: str, status: int = 400) -> dict:
    assert response.status_code == status, response.json()
    body = response.json()
    if status == 400:
        assert field in body["extra"]["fields"], body
    return body


def test_an_officer_posts_an_act_with_annexes(submit, officer, rennes):
    response = submit(
        officer,
        annexes=[
            upload("plan.png", PNG),
            upload("photo.jpg", JPEG),
            upload("rapport.pdf", pdf_bytes()),
        ],
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == ActStatus.POSTED
    assert body["identifier"] == ""  # computed at transmission
    assert body["document_type"] == "99_DE"
    assert [f["name"] for f in body["files"]] == [
        "deliberation.pdf",
        "plan.png",
        "photo.jpg",
        "rapport.pdf",
    ]
    assert AuditEvent.objects.filter(action="act.posted").count() == 1


def test_a_budget_may_be_xml(submit, officer):
    budget = upload("budget.xml", b'<?xml version="1.0"?><DocumentBudgetaire/>')
    response = submit(officer, nature=5, file=budget, number="BP_2026")
    assert response.status_code == 201, response.json()
    assert response.json()["document_type"] == "99_BU"


def test_a_deliberation_may_not_be_xml(submit, officer, settings):
    response = submit(officer, file=upload("acte.xml", b"<a/>"))
    refused(response, "file")
    assert nothing_written(settings)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "A" * 16}, "number"),
        ({"number": "2026-12"}, "number"),
        ({"number": "2026_d"}, "number"),
        ({"classification": "7.99"}, "classification"),
        ({"classification": "99"}, "classification"),
        ({"object": "   "}, "object"),
        ({"object": "x" * 501}, "object"),
        ({"document_type": "DE"}, "document_type"),
        ({"nature": 7}, "nature"),
        ({"decision_date": "2026-13-01"}, "decision_date"),
        ({"file": upload("acte.pdf", PNG)}, "file"),  # a PNG named .pdf
        ({"file": upload("acte.docx", b"PK\x03\x04")}, "file"),
        ({"file": upload("vide.pdf", b"")}, "file"),
        ({"annexes": [upload("annexe.pdf", b"Not a PDF at all")]}, "annexes"),
        ({"annexes": [upload("annexe.png", JPEG)]}, "annexes"),
        ({"annexes": [upload("annexe.odt", b"PK\x03\x04")]}, "annexes"),
        ({"annexes": [upload("annexe.xml", b"<a><b></a>")]}, "annexes"),
        (
            {
                "annexes": [
                    upload(
                        "bombe.xml",
                        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>',
                    )
                ]
            },
            "annexes",
        ),
        ({"file": None}, "file"),
    ],
)
def test_each_bad_field_is_refused_and_nothing_is_written(
    submit, officer, settings, overrides, field
):
    refused(submit(officer, **overrides), field)
    assert nothing_written(settings)


def test_number_of_exactly_15_characters_is_accepted(submit, officer):
    assert submit(officer, number="A" * 15).status_code == 201


def test_number_is_unique_per_collectivite(submit, officer, brest_officer, client_for, brest):
    from .conftest import act_payload

    assert submit(officer, number="2026_12").status_code == 201
    body = refused(submit(officer, number="2026_12"), "number")
    assert "2026_12" in body["extra"]["fields"]["number"][0]
    assert Act.objects.count() == 1
    # another collectivité may use the same number
    other = client_for(brest_officer).post(
        "/api/v1/acts/", act_payload(brest, number="2026_12"), format="multipart"
    )
    assert other.status_code == 201, other.json()


def test_too_large_is_413_and_nothing_written(submit, officer, settings):
    settings.ACTS_MAX_TOTAL_BYTES = 1000
    response = submit(officer, annexes=[upload("gros.pdf", pdf_bytes(pages=30))])
    refused(response, "file", status=413)
    assert response.json()["code"] == "too_large"
    assert nothing_written(settings)


@pytest.fixture
def paris_just_after_midnight(monkeypatch):
    """1 July 2026 at 00:30 in Paris: still 30 June (22:30) in UTC."""
    from django.utils import timezone

    moment = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return date(2026, 7, 1)


def test_a_decision_dated_today_in_paris_is_accepted(submit, officer, paris_just_after_midnight):
    response = submit(officer, decision_date=paris_just_after_midnight.isoformat())
    assert response.status_code == 201, response.json()


def test_a_decision_dated_tomorrow_in_paris_is_refused(
    submit, officer, settings, paris_just_after_midnight
):
    response = submit(officer, decision_date=date(2026, 7, 2).isoformat())
    body = refused(response, "decision_date")
    assert "futur" in body["extra"]["fields"]["decision_date"][0]
    assert nothing_written(settings)


def test_a_collectivite_unknown_is_a_400(submit, officer):
    refused(submit(officer, collectivite=999999), "collectivite")
