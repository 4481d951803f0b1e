"""Background tasks of the core app: the platform's e-mails.

The invitation mail used to be sent by ``transaction.on_commit`` inside the request: a slow or
unreachable SMTP server delayed the answer, and an SMTP error after the commit turned a done
invitation into an error. As a task it is retried with backoff and its failure is visible to
superusers. Services enqueue it with ``background.queue.enqueue_on_commit``.
"""

from django.core.mail import send_mail

from background.queue import task

from .models import Collectivite, User


@task(attempts=5, backoff_seconds=60.0)
def send_invitation(user_id: int, collectivite_id: int) -> bool:
    """Mail the link to choose a password; False if the account went away meanwhile."""
    from .services import _send_invitation  # the mail itself stays with the service that invites

    user = User.objects.filter(pk=user_id, is_active=True).first()
    collectivite = Collectivite.objects.filter(pk=collectivite_id).first()
    if user is None or collectivite is None:
        return False
    _send_invitation(user, collectivite)
    return True


@task(attempts=5, backoff_seconds=60.0)
def send_email(subject: str, message: str, recipient: str) -> None:
    """One e-mail to one person: a retry after an SMTP failure re-sends that one only, never
    the ones already delivered. Every module's notification mails go through it."""
    send_mail(subject, message, None, [recipient], fail_silently=False)


@task(attempts=1)  # the next day's run is the retry; nothing mailed twice (``emailed_at``)
def send_notification_digests() -> int:
    """The daily digest of the inbox, for people who chose it (``collectivites.notifications``)."""
    from .notifications import digests_send  # notifications enqueue send_email from this module

    return digests_send()
