"""Reports: readers flag a post; enough distinct reporters hide it until a moderator looks.

A person reports a post once (the database refuses a second row); the post is hidden when
``FORUMS_AUTO_HIDE_REPORTERS`` distinct people have open reports on it. The hiding is logged as
the platform's act, with the count as its reason, so the author sees why.
"""

from django.conf import settings
from django.db import IntegrityError, transaction

from collectivites.errors import ApplicationError, ConflictError
from collectivites.permissions import require

from .. import push
from ..models import Post, PostStatus, Report
from ._common import log_action, throttle
from .moderation import set_post_status


@transaction.atomic
def report_create(*, actor, post: Post, reason: str, details: str = "") -> Report:
    post = Post.objects.select_for_update().select_related("topic__forum").get(pk=post.pk)
    require(actor, "report", post)
    if reason not in Report.Reason.values:
        raise ApplicationError(
            "Motif de signalement inconnu.",
            extra={"fields": {"reason": [f"Parmi {Report.Reason.values}."]}},
        )
    details = (details or "").strip()[:1000]
    if reason == Report.Reason.OTHER and not details:
        raise ApplicationError(
            "Précisez le motif du signalement.",
            extra={"fields": {"details": ["Obligatoire pour « autre »."]}},
        )
    if Report.objects.filter(post=post, reporter=actor).exists():
        raise ConflictError("Vous avez déjà signalé ce message.")
    throttle(
        Report.objects.filter(reporter=actor),
        limit=settings.FORUMS_REPORTS_PER_WINDOW,
        window_seconds=settings.FORUMS_REPORT_WINDOW_SECONDS,
        what="signalements",
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post, reporter=actor, reason=reason, details=details
            )
    except IntegrityError:
        raise ConflictError("Vous avez déjà signalé ce message.") from None
    reporters = Report.objects.filter(post=post, resolved_at__isnull=True).count()
    threshold = settings.FORUMS_AUTO_HIDE_REPORTERS
    if reporters >= threshold and post.status == PostStatus.PUBLISHED:
        why = f"Masqué automatiquement : signalé par {reporters} personnes, en attente d'examen."
        set_post_status(post, PostStatus.HIDDEN, why)
        log_action(
            actor=None,
            action="auto_hide",
            reason=why,
            forum=post.topic.forum,
            topic=post.topic,
            post=post,
            subject=post.author,
            details={"reporters": reporters},
        )
        push.announce(post.topic_id, post.pk, "post_changed")
    return report
