"""Background tasks of tenders: the e-mails that tell identified downloaders what changed.

One task per e-mail, so that a retry after an SMTP failure re-sends that e-mail only, never the
ones already delivered. Services enqueue them with ``background.queue.enqueue_on_commit``.
"""

from django.core.mail import send_mail

from background.queue import task


@task(attempts=5, backoff_seconds=60.0)
def send_email(subject: str, message: str, recipient: str) -> None:
    send_mail(subject, message, None, [recipient], fail_silently=False)
