"""seed_demo (tendb's part): a restricted procedure in its candidature phase and one in its
offer phase; and every demo tender's OCDS tenderPeriod starts before it ends."""

from io import StringIO

import pytest
from django.core.management import call_command

from tenders.models import Tender

pytestmark = pytest.mark.django_db


def test_demo_restricted_procedures_and_tender_periods(api):
    call_command("seed_demo", stdout=StringIO())
    candidatures = Tender.objects.get(reference="2026-MOE-003")
    assert candidatures.procedure == "appel_offres_restreint"
    assert candidatures.response_deadline is None
    assert candidatures.candidatures.filter(is_current=True).count() == 1
    offers = Tender.objects.get(reference="2026-MOE-001")
    assert offers.response_deadline is not None
    assert offers.candidatures.get(is_current=True).invited_at is not None
    package = api.get("/api/v1/tenders/ocds/", {"page_size": 100}).json()
    periods = [release["tender"]["tenderPeriod"] for release in package["releases"]]
    assert periods
    for period in periods:
        if period.get("startDate") and period.get("endDate"):
            assert period["startDate"] < period["endDate"], period
