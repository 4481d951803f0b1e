"""Pages due for review: what animators re-read next."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from collectivites.errors import PermissionDeniedError
from collectivites.permissions import AnyUser, user_can, visible_to

from ..models import LibraryPage, ReviewInterval
from ..tree import library_index


def review_due_filter(today: date) -> Q:
    """Last reviewed at least one interval ago: one OR branch per allowed interval (indexed)."""
    due = Q(pk__in=[])
    for interval in ReviewInterval.values:
        due |= Q(review_interval_days=interval, last_reviewed_on__lte=today - timedelta(interval))
    return due


def review_due_list(*, actor: AnyUser, today: date | None = None) -> QuerySet[LibraryPage]:
    """Live pages whose review is due, oldest review first (animators only: 403 otherwise)."""
    if not user_can(actor, "curate", library_index()):
        raise PermissionDeniedError("Réservé aux animateurs du réseau.")
    today = today or timezone.localdate()
    pages = LibraryPage.objects.filter(live=True).filter(review_due_filter(today))
    return (
        visible_to(actor, "curate", pages)
        .select_related("owner", "content_type")
        .prefetch_related("tags")
        .order_by("last_reviewed_on", "pk")
    )


def review_due_on(page: LibraryPage) -> date:
    return page.last_reviewed_on + timedelta(days=page.review_interval_days)
