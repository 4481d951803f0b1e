"""Minimum deadlines per procedure (R.2161-2 to R.2161-24), at each edge: the day before the
earliest lawful date is refused, the earliest one is allowed; refused with a 400 naming the
field and the article, nothing written; a MAPA under the floor is published with a warning."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from collectivites.models import AuditEvent
from tenders.models import Tender
from tenders.procedures import deadlines
from tenders.procedures.deadlines import earliest_deadline, minimum, public_holidays

from .conftest import make_tender, pdf

PARIS = ZoneInfo("Europe/Paris")
# Wednesday 7 January 2026, 10:00 in Paris: the notice is sent.
SENT = datetime(2026, 1, 7, 10, 0, tzinfo=PARIS)


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def test_a_period_ends_with_its_last_day_and_the_deadline_is_the_next_midnight():
    # 30 days from Wed 7 January end on Fri 6 February: Sat 7 February 00:00 at the earliest.
    assert earliest_deadline(SENT, 30) == at(date(2026, 2, 7))


def test_a_period_ending_on_a_weekend_or_holiday_runs_to_the_next_working_day():
    # 35 days from 7 January end on Wed 11 February (a working day).
    assert earliest_deadline(SENT, 35) == at(date(2026, 2, 12))
    # 31 days end on Sat 7 February: the period runs to Monday 9, deadline Tuesday 10 00:00.
    assert earliest_deadline(SENT, 31) == at(date(2026, 2, 10))
    # Easter Monday 2026 is 6 April; 1 May, 8 May, Ascension 14 May are holidays.
    assert date(2026, 4, 6) in public_holidays(2026)
    assert date(2026, 5, 14) in public_holidays(2026)
    sent = at(date(2026, 3, 7), 9)  # + 30 days = Monday 6 April, Easter Monday
    assert earliest_deadline(sent, 30) == at(date(2026, 4, 8))


@pytest.mark.parametrize(
    ("procedure", "phase", "facts", "days", "article"),
    [
        ("appel_offres_ouvert", "offres", {"electronic": False}, 35, "R.2161-2"),
        ("appel_offres_ouvert", "offres", {}, 30, "R.2161-3 2°"),
        ("appel_offres_ouvert", "offres", {"urgency": True}, 15, "R.2161-3 3°"),
        (
            "appel_offres_ouvert",
            "offres",
            {"prior_notice_on": date(2025, 12, 3)},  # 35 days before: valid
            15,
            "R.2161-3 1°",
        ),
        (
            "appel_offres_ouvert",
            "offres",
            {"prior_notice_on": date(2025, 12, 4)},  # 34 days before: too late
            30,
            "R.2161-3 2°",
        ),
        ("appel_offres_restreint", "candidatures", {}, 30, "R.2161-6"),
        ("appel_offres_restreint", "candidatures", {"urgency": True}, 15, "R.2161-6"),
        ("appel_offres_restreint", "offres", {"electronic": False}, 30, "R.2161-7"),
        ("appel_offres_restreint", "offres", {}, 25, "R.2161-8 2°"),
        ("appel_offres_restreint", "offres", {"urgency": True}, 10, "R.2161-8 3°"),
        ("negociation", "candidatures", {}, 30, "R.2161-12"),
        ("negociation", "offres", {}, 25, "R.2161-15 2°"),
        ("negociation", "offres", {"electronic": False}, 30, "R.2161-14"),
        ("dialogue_competitif", "candidatures", {"urgency": True}, 30, "R.2161-24"),
    ],
)
def test_minimum_days_per_procedure(procedure, phase, facts, days, article):
    rule = minimum(procedure=procedure, phase=phase, sent_at=SENT, **facts)
    assert (rule.days, rule.article) == (days, article)


def test_no_legal_minimum_for_a_mapa_nor_the_dialogue_offers():
    assert minimum(procedure="mapa", phase="offres", sent_at=SENT) is None
    assert minimum(procedure="dialogue_competitif", phase="offres", sent_at=SENT) is None


def test_shortfall_at_the_edge():
    edge = at(date(2026, 2, 7))
    facts = {"procedure": "appel_offres_ouvert", "phase": "offres", "sent_at": SENT}
    assert deadlines.shortfall(deadline=edge, **facts) is None
    assert deadlines.shortfall(deadline=at(date(2026, 2, 6), 23, 59), **facts) is not None


# --- Enforced at publication, through the API --------------------------------------------------


@pytest.fixture
def fixed_now(monkeypatch):
    """The server's clock at SENT for the services (the publication moment)."""
    from tenders.services import _common, lifecycle

    monkeypatch.setattr(_common, "now", lambda: SENT)
    monkeypatch.setattr(lifecycle, "now", lambda: SENT)
    return SENT


def _draft(buyer, rennes, **fields):
    tender = make_tender(buyer, rennes, **fields)
    from tenders import services

    services.tender_document_add(actor=buyer, tender=tender, title="RC", file=pdf())
    return tender


@pytest.mark.django_db
def test_open_call_refused_the_day_before_allowed_on_the_day(fixed_now, client_for, buyer, rennes):
    common = {
        "procedure": "appel_offres_ouvert",
        "estimated_value": 6_000_000,
        "question_deadline": SENT + timedelta(days=20),
    }
    short = _draft(
        buyer, rennes, reference="AOO-1", response_deadline=at(date(2026, 2, 6), 12), **common
    )
    events = AuditEvent.objects.count()
    response = client_for(buyer).post(f"/api/v1/tenders/{short.pk}/publish/")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert "R.2161-3 2°" in body["message"]
    assert "response_deadline" in body["extra"]["fields"]
    assert "07/02/2026 à 00:00" in body["message"]
    assert Tender.objects.get(pk=short.pk).status == "draft"
    assert AuditEvent.objects.count() == events
    ok = _draft(buyer, rennes, reference="AOO-2", response_deadline=at(date(2026, 2, 7)), **common)
    response = client_for(buyer).post(f"/api/v1/tenders/{ok.pk}/publish/")
    assert response.status_code == 200, response.json()


@pytest.mark.django_db
def test_urgency_counts_only_with_its_reason(fixed_now, client_for, buyer, rennes):
    deadline = at(date(2026, 1, 23))  # 15 days end Thu 22 January
    tender = _draft(
        buyer,
        rennes,
        procedure="appel_offres_ouvert",
        estimated_value=6_000_000,
        question_deadline=SENT + timedelta(days=5),
        response_deadline=deadline,
    )
    client = client_for(buyer)
    assert client.post(f"/api/v1/tenders/{tender.pk}/publish/").status_code == 400
    response = client.patch(
        f"/api/v1/tenders/{tender.pk}/",
        {"urgency_reason": "Effondrement de la toiture : mise hors d'eau."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert client.post(f"/api/v1/tenders/{tender.pk}/publish/").status_code == 200


@pytest.mark.django_db
def test_a_short_mapa_is_published_with_a_warning(fixed_now, client_for, buyer, rennes, settings):
    settings.TENDER_MAPA_MIN_DAYS = 15
    tender = _draft(
        buyer,
        rennes,
        question_deadline=SENT + timedelta(days=3),
        response_deadline=SENT + timedelta(days=7),
    )
    client = client_for(buyer)
    report = client.get(f"/api/v1/tenders/{tender.pk}/deadlines/").json()
    assert report["warnings"] and report["minimums"] == []
    assert client.post(f"/api/v1/tenders/{tender.pk}/publish/").status_code == 200
    event = AuditEvent.objects.get(action="tender.published")
    assert event.details["deadline_warnings"]


@pytest.mark.django_db
def test_restricted_needs_a_lawful_candidature_deadline(fixed_now, client_for, buyer, rennes):
    common = {
        "procedure": "appel_offres_restreint",
        "estimated_value": 6_000_000,
        "question_deadline": None,
        "response_deadline": None,
    }
    short = _draft(
        buyer, rennes, reference="AOR-1", candidature_deadline=at(date(2026, 2, 6), 12), **common
    )
    response = client_for(buyer).post(f"/api/v1/tenders/{short.pk}/publish/")
    assert response.status_code == 400
    assert "R.2161-6" in response.json()["message"]
    assert "candidature_deadline" in response.json()["extra"]["fields"]
    ok = _draft(
        buyer, rennes, reference="AOR-2", candidature_deadline=at(date(2026, 2, 7)), **common
    )
    response = client_for(buyer).post(f"/api/v1/tenders/{ok.pk}/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["candidature_deadline"]
