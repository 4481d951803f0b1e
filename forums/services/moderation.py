"""What moderators do, each act with its reason in the moderation log.

Hide, restore, delete (soft: the row stays, readers see nothing, the log keeps it), approve a
pending post, lock, pin, move, close with a conclusion, slow mode, silence, watched words. Every
one requires a reason (400 without) and writes a ``ModerationAction`` in the same transaction.
Restoring or hiding a post settles its open reports (they were looked at).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User
from collectivites.permissions import forget_cached_permissions, require, require_create

from .. import push
from ..models import ForumPage, Post, PostStatus, Report, Silence, Topic, WatchedWord
from ._common import log_action, reason_required


def set_post_status(post: Post, status: str, why: str) -> None:
    post.status, post.status_reason = status, why
    post.save(update_fields=["status", "status_reason"])
    if post.is_first:
        Topic.objects.filter(pk=post.topic_id).update(status=status)
        post.topic.status = status
    from .posts import topic_counts_refresh

    topic_counts_refresh(post.topic)


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("topic__forum", "author").get(pk=post.pk)


def _post_act(*, actor, post: Post, reason: str, action: str, to: str, allowed_from: set[str]):
    post = _locked_post(post)
    require(actor, "moderate", post)
    reason = reason_required(reason)
    if post.status not in allowed_from:
        raise ConflictError(f"Action impossible sur un message « {post.get_status_display()} ».")
    previous = post.status
    set_post_status(post, to, reason if to != PostStatus.PUBLISHED else "")
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())
    log_action(
        actor=actor,
        action=action,
        reason=reason,
        forum=post.topic.forum,
        topic=post.topic,
        post=post,
        subject=post.author,
        details={"from": previous, "to": to},
    )
    return post


@transaction.atomic
def post_hide(*, actor, post: Post, reason: str) -> Post:
    post = _post_act(
        actor=actor,
        post=post,
        reason=reason,
        action="hide",
        to=PostStatus.HIDDEN,
        allowed_from={PostStatus.PUBLISHED, PostStatus.PENDING},
    )
    push.announce(post.topic_id, post.pk, "post_changed")
    return post


@transaction.atomic
def post_restore(*, actor, post: Post, reason: str) -> Post:
    """Back to readers (a hidden or deleted post), reports on it settled."""
    post = _post_act(
        actor=actor,
        post=post,
        reason=reason,
        action="restore",
        to=PostStatus.PUBLISHED,
        allowed_from={PostStatus.HIDDEN, PostStatus.DELETED},
    )
    push.announce(post.topic_id, post.pk, "post_changed")
    return post


@transaction.atomic
def post_approve(*, actor, post: Post, reason: str) -> Post:
    """Publish a post waiting in the approval queue."""
    from .posts import published

    post = _post_act(
        actor=actor,
        post=post,
        reason=reason,
        action="approve",
        to=PostStatus.PUBLISHED,
        allowed_from={PostStatus.PENDING},
    )
    published(post)
    return post


@transaction.atomic
def post_delete(*, actor, post: Post, reason: str) -> Post:
    """Soft delete: readers and the author no longer see it; the log and moderators do."""
    post = _post_act(
        actor=actor,
        post=post,
        reason=reason,
        action="delete",
        to=PostStatus.DELETED,
        allowed_from={PostStatus.PUBLISHED, PostStatus.PENDING, PostStatus.HIDDEN},
    )
    push.announce(post.topic_id, post.pk, "post_changed")
    return post


def _topic_act(*, actor, topic: Topic, reason: str, action: str, changes: dict, details=None):
    topic = Topic.objects.select_for_update().select_related("forum").get(pk=topic.pk)
    require(actor, "moderate", topic)
    reason = reason_required(reason)
    for field, value in changes.items():
        setattr(topic, field, value)
    topic.save(update_fields=list(changes))
    log_action(
        actor=actor,
        action=action,
        reason=reason,
        forum=topic.forum,
        topic=topic,
        subject=topic.author,
        details=details or {},
    )
    return topic


@transaction.atomic
def topic_lock(*, actor, topic: Topic, reason: str, locked: bool = True) -> Topic:
    action = "lock" if locked else "unlock"
    return _topic_act(
        actor=actor, topic=topic, reason=reason, action=action, changes={"locked": locked}
    )


@transaction.atomic
def topic_pin(*, actor, topic: Topic, reason: str, pinned: bool = True) -> Topic:
    action = "pin" if pinned else "unpin"
    return _topic_act(
        actor=actor, topic=topic, reason=reason, action=action, changes={"pinned": pinned}
    )


@transaction.atomic
def topic_close(*, actor, topic: Topic, reason: str, conclusion: str) -> Topic:
    """Close with a conclusion shown under the question (no more replies)."""
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise ApplicationError(
            "La conclusion est obligatoire.", extra={"fields": {"conclusion": ["Requise."]}}
        )
    return _topic_act(
        actor=actor,
        topic=topic,
        reason=reason,
        action="close",
        changes={"closed_at": timezone.now(), "conclusion": conclusion[:5000]},
    )


@transaction.atomic
def topic_reopen(*, actor, topic: Topic, reason: str) -> Topic:
    return _topic_act(
        actor=actor, topic=topic, reason=reason, action="reopen", changes={"closed_at": None}
    )


@transaction.atomic
def topic_slow_mode(*, actor, topic: Topic, reason: str, seconds: int) -> Topic:
    if not isinstance(seconds, int) or seconds < 0 or seconds > 86_400:
        raise ApplicationError(
            "Délai invalide.", extra={"fields": {"seconds": ["Entre 0 et 86 400 secondes."]}}
        )
    return _topic_act(
        actor=actor,
        topic=topic,
        reason=reason,
        action="slow_mode",
        changes={"slow_mode_seconds": seconds},
        details={"seconds": seconds},
    )


@transaction.atomic
def topic_move(*, actor, topic: Topic, reason: str, forum: ForumPage | int) -> Topic:
    """To another forum the moderator also moderates (readers there may differ)."""
    target_id = forum.pk if isinstance(forum, ForumPage) else forum
    target = ForumPage.objects.filter(pk=target_id).first()
    if target is None:
        raise NotFoundError("Forum introuvable.", extra={"fields": {"forum": ["Introuvable."]}})
    require(actor, "moderate", target)
    source = Topic.objects.select_related("forum").get(pk=topic.pk).forum
    if target.pk == source.pk:
        raise ConflictError("Le sujet est déjà dans ce forum.")
    return _topic_act(
        actor=actor,
        topic=topic,
        reason=reason,
        action="move",
        changes={"forum": target},
        details={"from": source.pk, "from_title": source.title, "to": target.pk},
    )


def _until(duration_hours: int) -> datetime:
    if not isinstance(duration_hours, int) or not 1 <= duration_hours <= 24 * 366:
        raise ApplicationError(
            "Durée invalide.", extra={"fields": {"duration_hours": ["Entre 1 h et un an."]}}
        )
    return timezone.now() + timedelta(hours=duration_hours)


def _user(value: User | int) -> User:
    user = value if isinstance(value, User) else User.objects.filter(pk=value).first()
    if user is None:
        raise NotFoundError("Personne introuvable.", extra={"fields": {"user": ["Introuvable."]}})
    return user


@transaction.atomic
def silence_create(
    *, actor, user: User | int, reason: str, duration_hours: int, forum: ForumPage | None = None
) -> Silence:
    """Silence someone in one forum (its moderators) or everywhere (``forum`` None: animators)."""
    if forum is None:
        require_create(actor, Silence)
    else:
        require(actor, "moderate", forum)
    reason = reason_required(reason)
    until = _until(duration_hours)
    user = _user(user)
    silence = Silence.objects.create(
        user=user, forum=forum, reason=reason, until=until, created_by=actor
    )
    forget_cached_permissions(user)  # the rules remember a person's silences (forums.rules)
    if forum is None:
        _log_platform(actor, "silence", reason, user, until)
    else:
        log_action(
            actor=actor,
            action="silence",
            reason=reason,
            forum=forum,
            subject=user,
            details={"until": until.isoformat()},
        )
    return silence


def _log_platform(actor, action: str, reason: str, user: User, until) -> None:
    from ..models import ModerationAction

    ModerationAction.objects.create(
        forum=None,
        forum_title="(toute la plateforme)",
        subject=user,
        actor=actor,
        actor_label=actor.display_name,
        action=action,
        reason=reason,
        details={"until": until.isoformat() if until else None, "platform": True},
    )


@transaction.atomic
def silence_lift(*, actor, silence: Silence, reason: str) -> Silence:
    if silence.forum_id is None:
        require_create(actor, Silence)
    else:
        require(actor, "moderate", silence.forum)
    reason = reason_required(reason)
    silence.until = timezone.now()
    silence.save(update_fields=["until"])
    forget_cached_permissions(silence.user)
    if silence.forum_id is None:
        _log_platform(actor, "unsilence", reason, silence.user, None)
    else:
        log_action(
            actor=actor,
            action="unsilence",
            reason=reason,
            forum=silence.forum,
            subject=silence.user,
        )
    return silence


@transaction.atomic
def watched_word_add(
    *, actor, forum: ForumPage, word: str, action: str, reason: str
) -> WatchedWord:
    require(actor, "moderate", forum)
    reason = reason_required(reason)
    word = (word or "").strip()
    if not word or len(word) > 100:
        raise ApplicationError("Mot invalide.", extra={"fields": {"word": ["1 à 100 caractères."]}})
    if action not in WatchedWord.Action.values:
        raise ApplicationError(
            "Action inconnue.",
            extra={"fields": {"action": [f"Parmi {WatchedWord.Action.values}."]}},
        )
    if WatchedWord.objects.filter(forum=forum, word__iexact=word).exists():
        raise ConflictError("Ce mot est déjà surveillé dans ce forum.")
    watched = WatchedWord.objects.create(forum=forum, word=word, action=action)
    log_action(
        actor=actor,
        action="watch_word",
        reason=reason,
        forum=forum,
        details={"word": word, "action": action},
    )
    return watched


@transaction.atomic
def watched_word_remove(*, actor, watched: WatchedWord, reason: str) -> None:
    require(actor, "moderate", watched.forum)
    reason = reason_required(reason)
    log_action(
        actor=actor,
        action="unwatch_word",
        reason=reason,
        forum=watched.forum,
        details={"word": watched.word},
    )
    watched.delete()
