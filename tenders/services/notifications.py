"""Telling identified downloaders that something changed: in their account and by e-mail.

Anonymous downloads are recorded in the registre but cannot be told anything: that is the price
of anonymity, and the reason companies are invited to download identified.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from collectivites.errors import PermissionDeniedError
from collectivites.models import User

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
    """One in-account notification per user, and an e-mail sent once the transaction commits."""
    if not users:
        return 0
    Notification.objects.bulk_create(
        Notification(user=user, tender=tender, kind=kind, message=message) for user in users
    )
    link = f"{settings.PUBLIC_URL}/consultations/{tender.pk}"
    emails = [
        (f"[e-Partage] {subject}", f"{message}\n\n{link}\n", None, [user.email])
        for user in users
        if user.email
    ]
    if emails:
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=False))
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
