"""Pages due for review: what animators re-read next."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from collectivites.errors import PermissionDeniedError
from collectivites.models import User
from collectivites.permissions import AnyUser, user_can, visible_to
from collectivites.roles import ROLE_GROUP_NAMES, PlatformRole

from ..models import LibraryIndexPage, LibraryPage, ReviewInterval


def review_due_filter(today: date) -> Q:
    """Last reviewed at least one interval ago: one OR branch per allowed interval (indexed)."""
    due = Q(pk__in=[])
    for interval in ReviewInterval.values:
        due |= Q(review_interval_days=interval, last_reviewed_on__lte=today - timedelta(interval))
    return due


def review_due_list(*, actor: AnyUser, today: date | None = None) -> QuerySet[LibraryPage]:
    """Live pages whose review is due, oldest review first (animators only: 403 otherwise)."""
    # A read never creates the index (the admin menu asks this on every page): an unsaved one
    # stands in when there is none yet, as the rule looks at the person, not the page.
    index = LibraryIndexPage.objects.first() or LibraryIndexPage()
    if not user_can(actor, "curate", index):
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


def review_due_by_recipient(*, today: date | None = None) -> dict[str, list[LibraryPage]]:
    """Who to remind of which due pages: each page's owner, or every animator for a page
    whose owner is gone (no account, inactive, no e-mail).

    The periodic reminder reads this for itself, not for a user, so there is no ``actor``:
    it only ever sends each person the titles of pages they own or curate anyway.
    """
    today = today or timezone.localdate()
    pages = (
        LibraryPage.objects.filter(live=True)
        .filter(review_due_filter(today))
        .select_related("owner")
        .order_by("last_reviewed_on", "pk")
    )
    animators = [
        user.email
        for user in User.objects.filter(
            is_active=True,
            groups__name=ROLE_GROUP_NAMES[PlatformRole.NETWORK_ANIMATOR],
        ).exclude(email="")
    ]
    recipients: dict[str, list[LibraryPage]] = {}
    for page in pages:
        owner = page.owner
        if owner is not None and owner.is_active and owner.email:
            emails = [owner.email]
        else:
            emails = animators
        for email in emails:
            recipients.setdefault(email, []).append(page)
    return recipients
