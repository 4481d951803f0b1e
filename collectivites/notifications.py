"""The inbox every module writes to: a message in the person's account, and the e-mail for it.

Generic on purpose (forums today; the library, tenders' followers tomorrow): a module calls
``notify`` with the people, a ``kind`` of its own and the SPA path to open; the inbox counts
what is unread for the header and each person chooses how e-mail follows (each message, a daily
digest sent by ``collectivites.tasks.send_notification_digests``, or none). Mails go through
``collectivites.tasks.send_email``, one task per mail, after the caller's transaction commits.
docs/decisions/0013-forums-moderation-notifications-live-push.md.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from background.queue import enqueue_on_commit

from .errors import ApplicationError, NotFoundError
from .models import InboxNotification, NotificationPreference, User
from .permissions import AnyUser, visible_to
from .tasks import send_email

EmailMode = NotificationPreference.EmailMode


def _modes(user_ids: list[int]) -> dict[int, str]:
    chosen = NotificationPreference.objects.filter(user_id__in=user_ids)
    return dict(chosen.values_list("user_id", "email_mode"))


def _link(url: str) -> str:
    base = getattr(settings, "PUBLIC_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if url else base


@transaction.atomic
def notify(*, users: Iterable[User], kind: str, message: str, url: str = "") -> int:
    """Put ``message`` in each person's inbox (once per person) and mail those who want each.

    Called by services that already decided who should hear of something; no permission
    question here (the caller asked it). Inactive accounts are skipped. Returns the count.
    """
    people = {user.pk: user for user in users if user.is_active}
    if not people:
        return 0
    modes = _modes(list(people))
    now = timezone.now()
    rows = []
    for user_id, user in people.items():
        mail_now = modes.get(user_id, EmailMode.EACH) == EmailMode.EACH and bool(user.email)
        rows.append(
            InboxNotification(
                user_id=user_id,
                kind=kind,
                message=message[:500],
                url=url[:300],
                emailed_at=now if mail_now else None,
            )
        )
        if mail_now:
            body = f"{message}\n\n{_link(url)}\n\nVos préférences : {_link('/notifications')}"
            enqueue_on_commit(send_email, f"[e-Partage] {message[:80]}", body, user.email)
    InboxNotification.objects.bulk_create(rows)
    return len(rows)


def notification_list(*, actor: AnyUser) -> QuerySet[InboxNotification]:
    return visible_to(actor, "view", InboxNotification.objects.all()).order_by("-created_at", "-id")


def notification_unread_count(*, actor: AnyUser) -> int:
    return notification_list(actor=actor).filter(read_at__isnull=True).count()


def notification_mark_read(*, actor: AnyUser, ids: list[int] | None = None) -> int:
    """Mark some (``ids``) or all of the actor's notifications read; how many changed."""
    unread = notification_list(actor=actor).filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_preference_get(*, actor: AnyUser) -> str:
    if not actor.is_authenticated:
        raise NotFoundError("Ressource introuvable.")
    found = NotificationPreference.objects.filter(user=actor).first()
    return found.email_mode if found else EmailMode.EACH


def notification_preference_set(*, actor: AnyUser, email_mode: str) -> str:
    if not actor.is_authenticated:
        raise NotFoundError("Ressource introuvable.")
    if email_mode not in EmailMode.values:
        raise ApplicationError(
            "Préférence inconnue.", extra={"fields": {"email_mode": [f"Parmi {EmailMode.values}."]}}
        )
    NotificationPreference.objects.update_or_create(user=actor, defaults={"email_mode": email_mode})
    return email_mode


def digests_send() -> int:
    """Mail each digest reader what they have not been mailed yet; the number of mails."""
    pending = (
        InboxNotification.objects.filter(
            emailed_at__isnull=True,
            user__is_active=True,
            user__notification_preference__email_mode=EmailMode.DIGEST,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[InboxNotification]] = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    now = timezone.now()
    for items in by_user.values():
        with transaction.atomic():
            lines = [f"- {item.message}\n  {_link(item.url)}" for item in items]
            body = "Vos notifications des dernières 24 heures :\n\n" + "\n".join(lines)
            subject = f"[e-Partage] {len(items)} notification(s)"
            InboxNotification.objects.filter(pk__in=[item.pk for item in items]).update(
                emailed_at=now
            )
            enqueue_on_commit(send_email, subject, body, items[0].user.email)
    return len(by_user)
