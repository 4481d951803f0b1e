"""Following a forum (new topics) or a topic (new replies): whoever may read it."""

from django.db import transaction

from collectivites.errors import PermissionDeniedError
from collectivites.permissions import require

from ..models import ForumPage, Subscription, Topic


def _signed_in(actor) -> None:
    if not actor.is_authenticated:
        raise PermissionDeniedError("Connectez-vous pour suivre un forum ou un sujet.")


@transaction.atomic
def subscription_set(
    *, actor, forum: ForumPage | None = None, topic: Topic | None = None, on: bool = True
) -> bool:
    """Follow (``on``) or stop following exactly one of ``forum`` / ``topic``; the new state."""
    target = forum if forum is not None else topic
    require(actor, "view", target)
    _signed_in(actor)
    key = {"forum": forum} if forum is not None else {"topic": topic}
    if on:
        Subscription.objects.get_or_create(user=actor, **key)
    else:
        Subscription.objects.filter(user=actor, **key).delete()
    return on
