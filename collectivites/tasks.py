"""Background tasks of the core app: e-mails sent on behalf of the permission layer.

The invitation mail used to be sent by ``transaction.on_commit`` inside the request: a slow or
unreachable SMTP server delayed the answer, and an SMTP error after the commit turned a done
invitation into an error. As a task it is retried with backoff and its failure is visible to
superusers. Services enqueue it with ``background.queue.enqueue_on_commit``.
"""

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
