"""Every service of the acts app enforces its own permission: called directly by an outsider
(signed in, member of nothing, no platform role), each one refuses and writes nothing."""

from datetime import date

import pytest

from acts import services
from acts.models import AccountingFile, Act, ActFile, ActMessage, ClassificationVersion
from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import AuditEvent
from tests.factories import UserFactory

from .conftest import pdf_bytes, pes_aller, upload

pytestmark = pytest.mark.django_db
TABLES = [Act, ActFile, ActMessage, AccountingFile, ClassificationVersion, AuditEvent]


@pytest.fixture
def nobody(db):
    return UserFactory(username="personne")


def counts() -> list[int]:
    return [model.objects.count() for model in TABLES]


def test_every_service_refuses_an_outsider(
    nobody, transmitted, prefecture, client_for, rennes, classification
):
    pk = transmitted()
    act = Act.objects.get(pk=pk)
    letter = (
        client_for(prefecture)
        .post(
            f"/api/v1/acts/{pk}/exchanges/",
            {"kind": "courrier_simple", "text": "?"},
            format="multipart",
        )
        .json()
    )
    message = ActMessage.objects.get(pk=letter["id"])
    before = counts()
    calls = [
        (
            PermissionDeniedError,
            lambda: services.act_create(
                actor=nobody,
                collectivite=rennes,
                nature=1,
                classification="7.1",
                decision_date=date(2026, 11, 2),
                number="X1",
                object="Objet",
                file=upload("a.pdf", pdf_bytes()),
            ),
        ),
        (NotFoundError, lambda: services.act_transmit(actor=nobody, act=act)),
        (NotFoundError, lambda: services.act_cancel(actor=nobody, act=act)),
        (
            NotFoundError,
            lambda: services.act_publish(actor=nobody, act=act, publication_date=date(2026, 11, 3)),
        ),
        (
            NotFoundError,
            lambda: services.exchange_send(actor=nobody, act=act, kind="defere", text="x"),
        ),
        (NotFoundError, lambda: services.exchange_answer(actor=nobody, message=message, text="x")),
        (
            PermissionDeniedError,
            lambda: services.accounting_file_submit(
                actor=nobody,
                collectivite=rennes,
                file=upload("pes.xml", pes_aller(id_coll=rennes.siren + "00011")),
            ),
        ),
        (
            PermissionDeniedError,
            lambda: services.classification_import(actor=nobody, handle=None),
        ),
    ]
    for error, call in calls:
        with pytest.raises(error):
            call()
    assert counts() == before
