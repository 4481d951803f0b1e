"""Cancellation, later exchanges and their answers, publication and the public page."""

from datetime import date

import pytest

from acts.models import Act, ActMessage, ActStatus, MessageStatus
from collectivites.models import AuditEvent

from .conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def post(client, url, data=None, **kwargs):
    return client.post(url, data or {}, format=kwargs.pop("format", "multipart"), **kwargs)


def test_cancelling_a_posted_act_is_immediate(submit, officer, client_for):
    pk = submit(officer).json()["id"]
    response = post(client_for(officer), f"/api/v1/acts/{pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == ActStatus.CANCELLED
    again = post(client_for(officer), f"/api/v1/acts/{pk}/cancel/")
    assert again.status_code == 409 and "déjà annulé" in again.json()["message"]
    assert post(client_for(officer), f"/api/v1/acts/{pk}/transmit/").status_code == 409


def test_cancelling_a_transmitted_act_sends_an_acknowledged_annulation(
    transmitted, officer, client_for, django_capture_on_commit_callbacks
):
    pk = transmitted()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(officer), f"/api/v1/acts/{pk}/cancel/")
    assert response.status_code == 200
    act = Act.objects.get(pk=pk)
    assert act.status == ActStatus.CANCELLED and act.cancelled_at
    annulation = act.messages.get(kind="annulation")
    assert annulation.status == MessageStatus.ACKNOWLEDGED and annulation.archive
    actions = list(
        AuditEvent.objects.filter(object_type="acts.act", object_id=str(pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "act.posted",
        "act.transmission_requested",
        "act.transmitted",
        "act.acknowledged",
        "act.cancellation_requested",
        "act.message_transmitted",
        "act.message_acknowledged",
        "act.cancelled",
    ]
    timeline = client_for(officer).get(f"/api/v1/acts/{pk}/timeline/").json()
    assert [event["action"] for event in timeline] == actions


def test_a_cancellation_is_requested_once(transmitted, officer, client_for):
    pk = transmitted()
    assert post(client_for(officer), f"/api/v1/acts/{pk}/cancel/").status_code == 200
    second = post(client_for(officer), f"/api/v1/acts/{pk}/cancel/")
    assert second.status_code == 409
    assert "déjà été demandée" in second.json()["message"]


def test_cancelling_while_waiting_is_409(submit, officer, client_for):
    pk = submit(officer).json()["id"]
    post(client_for(officer), f"/api/v1/acts/{pk}/transmit/")  # on_commit not run: waiting
    response = post(client_for(officer), f"/api/v1/acts/{pk}/cancel/")
    assert response.status_code == 409 and "en cours de transmission" in response.json()["message"]


def test_prefecture_letter_then_answer_transmitted_and_acknowledged(
    transmitted, officer, prefecture, client_for, django_capture_on_commit_callbacks
):
    pk = transmitted()
    letter = post(
        client_for(prefecture),
        f"/api/v1/acts/{pk}/exchanges/",
        {"kind": "pieces_complementaires", "text": "Merci de joindre l'avis du CT."},
    )
    assert letter.status_code == 201, letter.json()
    letter_id = letter.json()["id"]
    url = f"/api/v1/acts/{pk}/exchanges/{letter_id}/answer/"
    missing = post(client_for(officer), url, {"text": "Voici."})
    assert missing.status_code == 400 and "file" in missing.json()["extra"]["fields"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(
            client_for(officer),
            url,
            {"text": "Voici l'avis.", "file": upload("avis.pdf", pdf_bytes())},
        )
    assert answer.status_code == 201, answer.json()
    message = ActMessage.objects.get(pk=answer.json()["id"])
    assert message.status == MessageStatus.ACKNOWLEDGED and message.received_on
    again = post(
        client_for(officer), url, {"text": "Encore.", "file": upload("b.pdf", pdf_bytes())}
    )
    assert again.status_code == 409
    detail = client_for(officer).get(f"/api/v1/acts/{pk}/").json()
    assert [m["kind"] for m in detail["messages"]] == ["pieces_complementaires"] * 2
    download = client_for(officer).get(f"/api/v1/acts/{pk}/exchanges/{message.pk}/download/")
    assert download.status_code == 200


@pytest.mark.parametrize("kind", ["lettre_observations", "defere"])
def test_observations_and_referral_get_no_answer_through_the_platform(
    transmitted, officer, prefecture, client_for, kind
):
    pk = transmitted()
    letter = post(
        client_for(prefecture), f"/api/v1/acts/{pk}/exchanges/", {"kind": kind, "text": "…"}
    )
    assert letter.status_code == 201
    url = f"/api/v1/acts/{pk}/exchanges/{letter.json()['id']}/answer/"
    assert post(client_for(officer), url, {"text": "Réponse"}).status_code == 409


def test_simple_letter_answer(transmitted, officer, prefecture, client_for):
    pk = transmitted()
    letter = post(
        client_for(prefecture),
        f"/api/v1/acts/{pk}/exchanges/",
        {"kind": "courrier_simple", "text": "Précisez la date d'affichage."},
    )
    url = f"/api/v1/acts/{pk}/exchanges/{letter.json()['id']}/answer/"
    response = post(client_for(officer), url, {"text": "Affiché le 3 novembre."})
    assert response.status_code == 201
    assert response.json()["status"] == MessageStatus.WAITING


def test_the_prefecture_writes_only_about_acknowledged_acts(
    submit, officer, prefecture, client_for
):
    pk = submit(officer).json()["id"]
    # never transmitted: the prefecture does not even see it
    response = post(
        client_for(prefecture),
        f"/api/v1/acts/{pk}/exchanges/",
        {"kind": "courrier_simple", "text": "x"},
    )
    assert response.status_code == 404


def test_an_officer_cannot_write_as_the_prefecture(transmitted, officer, client_for):
    pk = transmitted()
    response = post(
        client_for(officer),
        f"/api/v1/acts/{pk}/exchanges/",
        {"kind": "courrier_simple", "text": "x"},
    )
    assert response.status_code == 403


def test_a_superuser_is_no_prefecture(transmitted, superuser, client_for):
    pk = transmitted()
    response = post(
        client_for(superuser), f"/api/v1/acts/{pk}/exchanges/", {"kind": "defere", "text": "x"}
    )
    assert response.status_code == 403


def test_publication_enforceability_and_the_public_page(
    transmitted, officer, client_for, api, rennes
):
    pk = transmitted()
    act = Act.objects.get(pk=pk)
    future = post(
        client_for(officer),
        f"/api/v1/acts/{pk}/publish/",
        {"publication_date": "2999-01-01"},
        format="json",
    )
    assert future.status_code == 400 and "publication_date" in future.json()["extra"]["fields"]
    before = post(
        client_for(officer),
        f"/api/v1/acts/{pk}/publish/",
        {"publication_date": "2026-11-01"},
        format="json",
    )
    assert before.status_code == 400
    assert api.get(f"/api/v1/collectivites/{rennes.pk}/published-acts/").json()["count"] == 0
    response = post(
        client_for(officer),
        f"/api/v1/acts/{pk}/publish/",
        {"publication_date": act.received_on.isoformat(), "online": True},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["enforceable_since"] == act.received_on.isoformat()
    assert body["published_online"] is True
    page = api.get(f"/api/v1/collectivites/{rennes.pk}/published-acts/").json()
    assert [row["identifier"] for row in page["results"]] == [act.identifier]
    csv = api.get(f"/api/v1/collectivites/{rennes.pk}/published-acts.csv")
    text = b"".join(csv.streaming_content).decode()
    assert text.splitlines()[0].startswith("identifiant,nature")
    assert act.identifier in text
    data = api.get(f"/api/v1/collectivites/{rennes.pk}/published-acts.json").json()
    assert data[0]["number"] == "2026_12"


def test_publishing_before_transmission_is_409(submit, officer, client_for):
    pk = submit(officer).json()["id"]
    response = post(
        client_for(officer),
        f"/api/v1/acts/{pk}/publish/",
        {"publication_date": date(2026, 11, 2).isoformat()},
        format="json",
    )
    assert response.status_code == 409
