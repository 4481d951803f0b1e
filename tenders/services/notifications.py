"""Telling identified downloaders that something changed: in their account and by e-mail.

Anonymous downloads are recorded in the registre but cannot be told anything: that is the price
of anonymity, and the reason companies are invited to download identified.
"""

from django.conf import settings
from django.utils import timezone

from background.queue import enqueue_on_commit
from collectivites.errors import PermissionDeniedError
from collectivites.models import User
from collectivites.tasks import send_email

from ..models import Download, Notification, Tender


def downloaders(*, tender: Tender) -> list[User]:
    ids = (
        Download.objects.filter(tender=tender, user__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify_users(
    *, users: list[User], tender: Tender, kind: str, subject: str, message: str
) -> int:
    """One in-account notification per user, and an e-mail each, queued once the transaction
    commits (collectivites.tasks.send_email)."""
    if not users:
        return 0
    Notification.objects.bulk_create(
        Notification(user=user, tender=tender, kind=kind, message=message) for user in users
    )
    link = f"{settings.PUBLIC_URL}/consultations/{tender.pk}"
    for user in users:
        if user.email:
            enqueue_on_commit(
                send_email, f"[e-Partage] {subject}", f"{message}\n\n{link}\n", user.email
            )
    return len(users)


def notify_downloaders(*, tender: Tender, kind: str, subject: str, message: str) -> int:
    return notify_users(
        users=downloaders(tender=tender), tender=tender, kind=kind, subject=subject, message=message
    )


def notification_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark some (or all, when ``ids`` is None) of the actor's unread notifications as read.

    Only the actor's own: an id of somebody else's notification is ignored, not an error.
    """
    if not actor.is_authenticated:
        raise PermissionDeniedError("Identifiez-vous.")
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
