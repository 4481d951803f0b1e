"""The tender room's demo step: one consultation per status, a purchasing group, idempotent."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tenders.models import Bid, Tender

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_tender_per_status_once(api):
    call_command("seed_demo", stdout=StringIO())
    statuses = set(Tender.objects.values_list("status", flat=True))
    assert statuses == {
        "draft",
        "published",
        "closed",
        "opened",
        "awarded",
        "unsuccessful",
        "cancelled",
    }
    award = Tender.objects.get(reference="2026-S-002").awards.get()
    assert (award.ccag, award.duration_months, award.advance_rate) == (
        "Prestations intellectuelles",
        24,
        Decimal("0.1"),
    )
    # After the choice (ADR 0017): one in its standstill, one notified, one with an avenant.
    standstill = Tender.objects.get(reference="2026-S-040").awards.get()
    assert standstill.rejection_letters.count() == 2 and standstill.notification_date is None
    notified = Tender.objects.get(reference="2026-S-018").awards.get()
    assert notified.rejection_letters.count() == 2 and notified.notification_date is not None
    amended = Tender.objects.get(reference="2026-S-012").awards.get()
    assert amended.modifications.count() == 1
    decp = [m["id"] for m in api.get("/api/v1/tenders/decp/").json()["marches"]["marche"]]
    assert "2026-S-018" in decp and "2026-S-012" in decp and "2026-S-040" not in decp
    group = Tender.objects.get(reference="2026-GC-001")
    assert group.buyer.name == "Rennes"
    assert group.memberships.count() == 2
    count = Tender.objects.count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "tenders : rien de nouveau" in out.getvalue()
    assert Tender.objects.count() == count
    public = api.get("/api/v1/tenders/", {"page_size": 100}).json()
    assert public["count"] == count - 1  # the draft stays with its buyer
    # One seeding (slow) serves both: the demo's bids are checked below.
    _every_bid_receipt_renders(api)


def _every_bid_receipt_renders(api) -> None:
    """Demo bids are held to the invariants of real ones: their receipt exists and renders, as
    JSON and as PDF, through the company's own endpoints (they answered 500 when the founding
    year's bids, written in bulk, had an empty receipt)."""
    bids = list(Bid.objects.select_related("submitted_by").order_by("pk"))
    assert bids
    for bid in bids:
        api.force_authenticate(bid.submitted_by)
        answer = api.get(f"/api/v1/me/bids/{bid.pk}/receipt.json")
        assert answer.status_code == 200, (bid.pk, answer.content[:200])
        assert answer.json()["number"] == f"AR-{bid.tender_id}-{bid.pk}"
        assert answer.json()["files"], bid.pk
        document = api.get(f"/api/v1/me/bids/{bid.pk}/receipt.pdf")
        assert document.status_code == 200, bid.pk
        assert document["Content-Type"] == "application/pdf"
        assert document.content.startswith(b"%PDF-")
