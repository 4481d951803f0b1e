"""What the services of acts and accounting files share: the clock, refusals, storing files."""

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django_tasks import task_backends

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.permissions import AnyUser, user_can

# Runs of a hand-over before it is shown as an error (the first included).
HAND_OVER_ATTEMPTS = 4
HAND_OVER_BACKOFF_SECONDS = 30.0


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """Today in Paris: a decision dated today is fine at 00:30 Paris time (23:30 UTC before)."""
    return timezone.localdate()


def require_on(actor: AnyUser, action: str, obj: models.Model, message: str) -> None:
    """404 when the actor may not even see ``obj``, else 403 with ``message``."""
    if user_can(actor, action, obj):
        return
    if action == "view" or not user_can(actor, "view", obj):
        raise NotFoundError("Ressource introuvable.")
    raise PermissionDeniedError(message)


def queue_retries() -> bool:
    """Can a failed hand-over be retried later? Not on a queue that cannot defer (immediate):
    there the first failure is final."""
    return task_backends["default"].supports_defer


def delete_files(*fields) -> None:
    for field in fields:
        if field:
            field.storage.delete(field.name)


OFFICERS_ONLY = "Seuls les agents de télétransmission des actes de la collectivité le peuvent."
ACCOUNTANTS_ONLY = "Seuls les agents des flux comptables de la collectivité le peuvent."
