"""Network statistics: definitions, anonymous access, year validation, constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenders.models import Bid, BidFile, Download, Tender

from ..factories import CollectiviteFactory
from .conftest import published_tender

pytestmark = pytest.mark.django_db


def _at(year, month, day=10):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def _move(tender, moment):
    Tender.objects.filter(pk=tender.pk).update(published_at=moment)


def _bid(tender, company_user, moment, *statuses, current=True):
    bid = Bid.objects.create(
        tender=tender,
        company=company_user.company,
        submitted_by=company_user,
        submitted_at=moment,
        is_current=current,
    )
    for index, status in enumerate(statuses):
        BidFile.objects.create(
            bid=bid, name=f"f{index}.pdf", size=1, sha256="0" * 64, signature_status=status
        )


def _scenario(buyer, rennes, company_user, count):
    for index in range(count):
        procedure = "mapa" if index % 3 else "appel_offres_ouvert"
        tender = published_tender(
            buyer, rennes, reference=f"R-{count}-{index}", procedure=procedure
        )
        _move(tender, _at(2025, 1 + index % 12))
        Download.objects.bulk_create([Download(tender=tender) for _ in range(2)])
        Download.objects.filter(tender=tender).update(at=_at(2025, 3))
        _bid(tender, company_user, _at(2025, 4), "unsigned", "signed_invalid")
        _bid(tender, company_user, _at(2025, 4), "unsigned")
        _bid(tender, company_user, _at(2025, 4), "signed", current=False)


def test_figures_and_constant_queries(api, buyer, rennes, brest, company_user):
    CollectiviteFactory(name="Lannion", adhesion_date=datetime.date(2026, 3, 1))
    _scenario(buyer, rennes, company_user, 3)
    with CaptureQueriesContext(connection) as few:
        stats = api.get("/api/v1/stats/", {"year": 2025}).json()
    assert stats["year"] == 2025
    assert stats["member_bodies"] == 2  # Rennes, Brest; Lannion joined in 2026
    assert stats["publishing_bodies"] == 1
    assert stats["tenders_published"] == 3
    assert stats["mapa_share"] == round(2 / 3, 4)
    assert stats["dce_downloads"] == 6
    assert stats["dce_downloads_mapa_share"] == round(4 / 6, 4)
    assert stats["electronic_bids"] == 6  # replaced submissions do not count
    assert stats["bids_without_certificate_share"] == 0.5  # an invalid signature used one
    months = {m["month"]: m for m in stats["months"]}
    assert len(months) == 12
    assert months["2025-01"]["tenders_published"] == 1
    assert months["2025-03"]["dce_downloads"] == 6
    assert months["2025-04"]["electronic_bids"] == 6
    assert months["2025-12"] == {
        "month": "2025-12",
        "tenders_published": 0,
        "dce_downloads": 0,
        "electronic_bids": 0,
        "acts_transmitted": 0,
    }

    _scenario(buyer, rennes, company_user, 9)
    with CaptureQueriesContext(connection) as more:
        stats = api.get("/api/v1/stats/", {"year": 2025}).json()
    assert stats["tenders_published"] == 12
    assert len(more) == len(few) <= 7  # one more: the acts transmitted (issue 11)


def test_empty_year_and_default(api, db):
    stats = api.get("/api/v1/stats/", {"year": 2003}).json()
    assert stats["tenders_published"] == 0 and stats["mapa_share"] is None
    assert api.get("/api/v1/stats/").json()["year"] == timezone.localdate().year


@pytest.mark.parametrize("year", ["abc", "20.5", "1999", "12345", "3000", "-2020", "२०२०"])
def test_bad_years_are_400s(api, db, year):
    response = api.get("/api/v1/stats/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["extra"]["fields"]
