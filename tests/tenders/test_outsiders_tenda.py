"""The services of issue 12 part A called directly by an outsider (no membership, no role, no
company): each refuses and writes nothing."""

from datetime import timedelta

import pytest

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import AuditEvent
from tenders import deadline_rules
from tenders.models import BackupOpening, NoticeSending, SavedSearch, Tender
from tenders.services import backups, notices, postponement, saved_searches

from ..factories import CompanyFactory, UserFactory
from .bidding import offer
from .conftest import expire, published_tender

pytestmark = pytest.mark.django_db
MODELS = (Tender, NoticeSending, SavedSearch, BackupOpening, AuditEvent)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def nobody(db):
    return UserFactory(username="personne")


@pytest.fixture
def room(buyer, rennes):
    from tenders import services

    tender = published_tender(buyer, rennes, reference="P-1")
    company = UserFactory(username="soumissionnaire", company=CompanyFactory())
    search = saved_searches.saved_search_create(actor=company, name="Veille", keyword="toiture")
    backup = services.bid_submit(actor=company, tender=tender, files=[offer()], backup=True)
    closed = published_tender(buyer, rennes, reference="P-2")
    services.bid_submit(actor=company, tender=closed, files=[offer()], backup=True)
    return {"tender": tender, "search": search, "backup": backup, "closed": closed}


def _calls(room):
    tender = room["tender"]
    return {
        "tender_postpone": lambda actor: postponement.tender_postpone(
            actor=actor,
            tender=tender,
            response_deadline=tender.response_deadline + timedelta(days=2),
            reason="x",
        ),
        "tender_deadline_warnings": lambda actor: deadline_rules.tender_deadline_warnings(
            actor=actor, tender=tender
        ),
        "notice_send": lambda actor: notices.notice_send(
            actor=actor, tender=tender, kind="contract", channel="boamp"
        ),
        "notice_sendings": lambda actor: notices.notice_sendings(actor=actor, tender=tender),
        "saved_search_create": lambda actor: saved_searches.saved_search_create(
            actor=actor, name="x", keyword="x"
        ),
        "saved_search_update": lambda actor: saved_searches.saved_search_update(
            actor=actor, search=room["search"], name="volée"
        ),
        "saved_search_delete": lambda actor: saved_searches.saved_search_delete(
            actor=actor, search=room["search"]
        ),
        "saved_search_get": lambda actor: saved_searches.saved_search_get(
            actor=actor, pk=room["search"].pk
        ),
        "backup_open": lambda actor: backups.backup_open(
            actor=actor,
            tender=room["closed"],
            backup_id=room["closed"].bids.get().pk,
            ground="virus",
            reason="x",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "tender_postpone",
        "tender_deadline_warnings",
        "notice_send",
        "notice_sendings",
        "saved_search_create",
        "saved_search_update",
        "saved_search_delete",
        "saved_search_get",
        "backup_open",
    ],
)
def test_an_outsider_is_refused_and_nothing_is_written(name, room, nobody):
    expire(room["closed"])
    call = _calls(room)[name]
    before = _counts()
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        call(nobody)
    assert _counts() == before
