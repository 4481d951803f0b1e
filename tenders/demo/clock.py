"""Time passing for a demo consultation: its deadline moved just into the past, so the services
close it as they would at that moment."""

from datetime import timedelta

from django.utils import timezone

from .. import services
from ..models import Tender


def close_as_if_past(tender: Tender, *, question_days_before: int) -> None:
    """Publication, questions and deadline moved into the past together, so the consultation
    was published before it closed (its OCDS ``tenderPeriod`` starts before it ends), then the
    periodic closing runs."""
    past = timezone.now() - timedelta(minutes=5)
    Tender.objects.filter(pk=tender.pk).update(
        published_at=past - timedelta(days=45),
        question_deadline=past - timedelta(days=question_days_before),
        response_deadline=past,
    )
    services.tender_close_due()
    tender.refresh_from_db()
