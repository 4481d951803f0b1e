"""What the forum services share: the reason rule, the moderation log, limits, the renderer."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from collectivites.errors import ApplicationError, ThrottledError
from collectivites.markdown import render_markdown

from ..models import ForumPage, ModerationAction, Post, Topic


def reason_required(reason: str | None) -> str:
    """Every moderation act says why (the person acted upon reads it): 400 without."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Toute action de modération doit être motivée.",
            extra={"fields": {"reason": ["Le motif est obligatoire."]}},
        )
    if len(reason) > 1000:
        raise ApplicationError(
            "Motif trop long.", extra={"fields": {"reason": ["1 000 caractères au plus."]}}
        )
    return reason


def log_action(
    *,
    actor,
    action: str,
    reason: str,
    forum: ForumPage,
    topic: Topic | None = None,
    post: Post | None = None,
    subject=None,
    details: dict | None = None,
) -> ModerationAction:
    actor_is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return ModerationAction.objects.create(
        forum=forum,
        forum_title=forum.title[:255],
        topic=topic,
        topic_title=topic.title if topic else "",
        post=post,
        post_ref=post.pk if post else None,
        subject=subject,
        actor=actor if actor_is_user else None,
        actor_label=actor.display_name if actor_is_user else "système",
        action=action,
        reason=reason,
        details=details or {},
    )


def body_checked(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(
            "Le message est vide.", extra={"fields": {field: ["Le message est obligatoire."]}}
        )
    limit = settings.FORUMS_POST_MAX_CHARACTERS
    if len(body) > limit:
        raise ApplicationError(
            f"Message trop long ({len(body)} caractères ; au plus {limit}).",
            extra={"fields": {field: [f"{limit} caractères au plus."]}},
        )
    return body


def rendered(body: str) -> str:
    return render_markdown(body)


def throttle(recent, *, limit: int, window_seconds: int, what: str) -> None:
    """429 when ``recent`` (rows with ``created_at``) holds ``limit`` rows within the window.

    Counted in the database, so every worker sees the same count; the wait is until the
    oldest of them leaves the window.
    """
    since = timezone.now() - timedelta(seconds=window_seconds)
    in_window = recent.filter(created_at__gt=since)
    if in_window.count() < limit:
        return
    oldest = in_window.aggregate(oldest=Min("created_at"))["oldest"]
    wait = max(
        1, int((oldest + timedelta(seconds=window_seconds) - timezone.now()).total_seconds()) + 1
    )
    raise ThrottledError(
        f"Trop de {what} en peu de temps : réessayez dans {wait} s.",
        extra={"retry_after_seconds": wait},
    )
