"""Every threshold at and around its boundary, through the table and through the API."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tenders import thresholds
from tenders.models import Tender

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


@pytest.mark.parametrize(
    ("nature", "amount"),
    [("fournitures", "216000"), ("services", "216000"), ("travaux", "5404000")],
)
def test_formalised_threshold_boundary(nature, amount):
    on = date(2026, 6, 1)
    at = Decimal(amount)
    assert thresholds.formalised_procedure_required(nature=nature, value=at - CENT, on=on) is False
    assert thresholds.formalised_procedure_required(nature=nature, value=at, on=on) is True
    assert thresholds.formalised_procedure_required(nature=nature, value=at + CENT, on=on) is True


@pytest.mark.parametrize(
    ("nature", "on", "amount"),
    [
        ("fournitures", date(2026, 3, 31), "40000"),
        ("services", date(2026, 3, 31), "40000"),
        ("fournitures", date(2026, 4, 1), "60000"),
        ("services", date(2026, 4, 1), "60000"),
        ("services", date(2027, 12, 31), "60000"),
        ("travaux", date(2026, 1, 1), "100000"),
        ("travaux", date(2027, 12, 31), "100000"),
    ],
)
def test_publicity_threshold_boundary(nature, on, amount):
    at = Decimal(amount)
    assert thresholds.publicity_required(nature=nature, value=at - CENT, on=on) is False
    assert thresholds.publicity_required(nature=nature, value=at, on=on) is True


def test_dates_outside_the_table_are_unknown():
    for on in (date(2025, 12, 31), date(2028, 1, 1)):
        assert thresholds.publicity_required(nature="services", value=Decimal(1), on=on) is None


def _post(client, rennes, **fields):
    payload = {
        "buyer": rennes.pk,
        "reference": f"R-{fields.get('estimated_value')}-{fields.get('nature')}",
        "title": "Consultation",
        "procedure": "mapa",
        **fields,
    }
    return client.post("/api/v1/tenders/", payload, format="json")


@pytest.mark.parametrize(
    ("nature", "limit"),
    [
        ("fournitures", Decimal("216000")),
        ("services", Decimal("216000")),
        ("travaux", Decimal("5404000")),
    ],
)
def test_mapa_above_the_formalised_threshold_is_refused(client_for, buyer, rennes, nature, limit):
    client = client_for(buyer)
    below = _post(client, rennes, nature=nature, estimated_value=str(limit - CENT))
    assert below.status_code == 201, below.json()
    at = _post(client, rennes, nature=nature, estimated_value=str(limit))
    assert at.status_code == 400
    assert "procédure formalisée" in at.json()["message"]
    assert "procedure" in at.json()["extra"]["fields"]
    formal = _post(
        client, rennes, nature=nature, estimated_value=str(limit), procedure="appel_offres_ouvert"
    )
    assert formal.status_code == 201


@pytest.mark.parametrize(
    ("nature", "value", "expected"),
    [
        ("services", "59999.99", False),
        ("services", "60000.00", True),
        ("fournitures", "59999.99", False),
        ("fournitures", "60000.00", True),
        ("travaux", "99999.99", False),
        ("travaux", "100000.00", True),
    ],
)
def test_publicity_required_is_exposed(client_for, buyer, rennes, nature, value, expected):
    # Today is within the 2026-2027 table, after 2026-04-01.
    assert date(2026, 4, 1) <= timezone.localdate() <= date(2027, 12, 31)
    response = _post(client_for(buyer), rennes, nature=nature, estimated_value=value)
    assert response.status_code == 201
    assert response.json()["publicity_required"] is expected


def test_publicity_before_april_2026_follows_the_launch_date(client_for, api, buyer, rennes):
    response = _post(client_for(buyer), rennes, nature="services", estimated_value="50000.00")
    tender = Tender.objects.get(pk=response.json()["id"])
    launched = timezone.make_aware(timezone.datetime(2026, 3, 31, 12))
    Tender.objects.filter(pk=tender.pk).update(
        status="published", published_at=launched, response_deadline=launched + timedelta(days=30)
    )
    Tender.objects.filter(pk=tender.pk).update(status="awarded")
    assert api.get(f"/api/v1/tenders/{tender.pk}/").json()["publicity_required"] is True
    Tender.objects.filter(pk=tender.pk).update(published_at=launched + timedelta(days=1))
    assert api.get(f"/api/v1/tenders/{tender.pk}/").json()["publicity_required"] is False
