"""Background tasks of the library: the weekly reminder of pages due for review, and
Wagtail's scheduled publishing."""

from django.conf import settings
from django.core.management import call_command

from background.queue import enqueue_on_commit, task
from collectivites.tasks import send_email

from .selectors.review import review_due_by_recipient, review_due_on


@task(attempts=1)  # the next scheduled run is the retry; each mail is its own retried task
def remind_review_due() -> int:
    """Mail each owner (or the animators) the list of pages whose review is due; the number of
    mails enqueued. One mail per person, each its own task (``send_email``)."""
    count = 0
    for email, pages in review_due_by_recipient().items():
        lines = [
            f"- {page.title} (relue le {page.last_reviewed_on:%d/%m/%Y}, "
            f"à relire depuis le {review_due_on(page):%d/%m/%Y}) : "
            f"{settings.PUBLIC_URL}/admin/pages/{page.pk}/edit/"
            for page in pages
        ]
        message = (
            "Bonjour,\n\nCes pages de la base documentaire sont à relire :\n\n"
            + "\n".join(lines)
            + "\n\nUne fois le contenu vérifié, mettez à jour la date de dernière relecture "
            "(onglet « Paramètres ») et publiez.\n\n-- e-Partage"
        )
        subject = f"[e-Partage] {len(pages)} page(s) de la base documentaire à relire"
        enqueue_on_commit(send_email, subject, message, email)
        count += 1
    return count


@task(attempts=1)  # the next scheduled run is the retry
def publish_scheduled() -> None:
    """Wagtail's scheduled publishing (and unpublishing): pages whose "go live" date has come.

    Wagtail ships it as a command to run from cron; here the platform's scheduler runs it.
    """
    call_command("publish_scheduled")
