"""Writing in a forum: opening a topic, replying, editing, marking the answer.

Before a post is stored it passes, in order: the permission layer (who may post here, topic
open, not silenced), the size limit, the rate limit per person and the topic's slow mode (429
with the wait), the forum's watched words (refused, or sent to the approval queue) and its
pre-moderation. A post that comes out ``pending`` waits in the queue, seen by its author and
the moderators only; a published one is announced live to the topic's readers and notified.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from collectivites.errors import ApplicationError, NotFoundError, ThrottledError, TooLargeError
from collectivites.permissions import require, user_can

from .. import push
from ..models import ForumPage, Post, PostAttachment, PostRevision, PostStatus, Topic, WatchedWord
from ..rules import moderates
from ._common import body_checked, log_action, reason_required, rendered, throttle
from .notices import post_notices

ATTACHMENT_TYPES = {
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
}
MAX_ATTACHMENTS = 5
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class _Checked:
    upload: UploadedFile
    name: str
    content_type: str


def _attachments_checked(files) -> list[_Checked]:
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(
            f"{MAX_ATTACHMENTS} pièces jointes au plus.",
            extra={"fields": {"attachments": [f"{MAX_ATTACHMENTS} au plus."]}},
        )
    limit = settings.FORUMS_ATTACHMENT_MAX_BYTES
    checked = []
    for upload in files:
        name = (upload.name or "fichier").rsplit("/", 1)[-1][:200]
        if upload.size > limit:
            raise TooLargeError(
                f"« {name} » est trop volumineux ({upload.size} octets ; au plus {limit}).",
                extra={"fields": {"attachments": [f"{name} : trop volumineux."]}, "limit": limit},
            )
        upload.seek(0)
        sniffed = filetype.guess_mime(upload.read(SNIFF_BYTES))
        upload.seek(0)
        if sniffed not in ATTACHMENT_TYPES:
            raise ApplicationError(
                f"« {name} » : seuls les PDF, ODT et images sont acceptés "
                f"(contenu détecté : {sniffed or 'inconnu'}).",
                extra={"fields": {"attachments": [f"{name} : type refusé."]}},
            )
        checked.append(_Checked(upload, name, sniffed))
    return checked


def _watched(forum: ForumPage, text: str) -> str | None:
    """``block``, ``queue`` or None: the strongest watched word found (whole words, any case)."""
    found = None
    for word in WatchedWord.objects.filter(forum=forum):
        if re.search(rf"(?<!\w){re.escape(word.word)}(?!\w)", text, re.IGNORECASE):
            if word.action == WatchedWord.Action.BLOCK:
                return "block"
            found = "queue"
    return found


def _first_status(actor, forum: ForumPage, text: str) -> tuple[str, str]:
    """The status a new post starts in, and why (shown to its author while pending)."""
    verdict = _watched(forum, text)
    if verdict == "block":
        raise ApplicationError(
            "Ce message contient un terme interdit dans ce forum.",
            extra={"fields": {"body": ["Terme interdit dans ce forum."]}},
        )
    if moderates(actor, forum):
        return PostStatus.PUBLISHED, ""
    if verdict == "queue":
        return PostStatus.PENDING, "Contient un terme surveillé : en attente de validation."
    mode = forum.premoderation
    if mode == ForumPage.Premoderation.ALL:
        return PostStatus.PENDING, "Forum pré-modéré : en attente de validation."
    if mode == ForumPage.Premoderation.FIRST_POSTS:
        published = Post.objects.filter(author=actor, status=PostStatus.PUBLISHED).count()
        if published < settings.FORUMS_NEW_USER_POSTS:
            return PostStatus.PENDING, "Premier message : en attente de validation."
    return PostStatus.PUBLISHED, ""


def _limits(actor, forum: ForumPage, topic: Topic | None) -> None:
    if moderates(actor, forum):
        return
    throttle(
        Post.objects.filter(author=actor),
        limit=settings.FORUMS_POSTS_PER_WINDOW,
        window_seconds=settings.FORUMS_POST_WINDOW_SECONDS,
        what="messages",
    )
    if topic is not None and topic.slow_mode_seconds:
        last = Post.objects.filter(author=actor, topic=topic).order_by("-created_at").first()
        if last is not None:
            ready = last.created_at + timedelta(seconds=topic.slow_mode_seconds)
            now = timezone.now()
            if now < ready:
                wait = max(1, int((ready - now).total_seconds() + 0.999))
                raise ThrottledError(
                    f"Mode lent : un message toutes les {topic.slow_mode_seconds} s dans ce "
                    f"sujet ; réessayez dans {wait} s.",
                    extra={"retry_after_seconds": wait},
                )


def _store(*, actor, topic: Topic, body: str, status: str, why: str, quote_of, files) -> Post:
    post = Post.objects.create(
        topic=topic,
        author=actor,
        body=body,
        html=rendered(body),
        status=status,
        status_reason=why,
        quote_of=quote_of,
        is_first=not topic.posts.exists(),
    )
    for item in files:
        PostAttachment.objects.create(
            post=post,
            file=item.upload,
            name=item.name,
            content_type=item.content_type,
            size=item.upload.size,
        )
    return post


def published(post: Post) -> None:
    """What follows a post becoming visible to readers: counts, live nudge, notifications."""
    topic = post.topic
    if post.is_first:
        Topic.objects.filter(pk=topic.pk).update(status=PostStatus.PUBLISHED)
        topic.status = PostStatus.PUBLISHED
    topic_counts_refresh(topic)
    push.announce(topic.pk, post.pk)
    post_notices(post)


def topic_counts_refresh(topic: Topic) -> None:
    replies = topic.posts.filter(status=PostStatus.PUBLISHED, is_first=False)
    last = topic.posts.filter(status=PostStatus.PUBLISHED).order_by("-created_at").first()
    topic.reply_count = replies.count()
    if last is not None:
        topic.last_post_at = last.created_at
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count, last_post_at=topic.last_post_at
    )


@transaction.atomic
def topic_create(*, actor, forum: ForumPage, title: str, body: str, attachments=()) -> Topic:
    """Open a topic: its first post is the question."""
    require(actor, "post", forum)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(
            "Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}}
        )
    if len(title) > 200:
        raise ApplicationError("Titre trop long.", extra={"fields": {"title": ["200 au plus."]}})
    body = body_checked(body)
    files = _attachments_checked(attachments)
    _limits(actor, forum, None)
    status, why = _first_status(actor, forum, f"{title}\n{body}")
    topic = Topic.objects.create(
        forum=forum, title=title, author=actor, status=status, last_post_at=timezone.now()
    )
    post = _store(
        actor=actor, topic=topic, body=body, status=status, why=why, quote_of=None, files=files
    )
    if status == PostStatus.PUBLISHED:
        published(post)
    return topic


@transaction.atomic
def post_create(
    *, actor, topic: Topic, body: str, quote_of: Post | int | None = None, attachments=()
) -> Post:
    """Reply in a topic (quoting one of its posts, if given)."""
    topic = Topic.objects.select_for_update().select_related("forum").get(pk=topic.pk)
    require(actor, "reply", topic)
    body = body_checked(body)
    if quote_of is not None:
        quote_id = quote_of.pk if isinstance(quote_of, Post) else quote_of
        quote_of = Post.objects.filter(pk=quote_id, topic=topic).select_related("topic").first()
        if quote_of is None or not user_can(actor, "view", quote_of):
            raise NotFoundError(
                "Message cité introuvable.", extra={"fields": {"quote_of": ["Introuvable."]}}
            )
    files = _attachments_checked(attachments)
    _limits(actor, topic.forum, topic)
    status, why = _first_status(actor, topic.forum, body)
    post = _store(
        actor=actor, topic=topic, body=body, status=status, why=why, quote_of=quote_of, files=files
    )
    if status == PostStatus.PUBLISHED:
        published(post)
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str, reason: str = "") -> Post:
    """The author within ``FORUMS_EDIT_WINDOW_MINUTES``, then a moderator (with a reason,
    logged). The former text is kept for moderators."""
    post = Post.objects.select_for_update().select_related("topic__forum").get(pk=post.pk)
    require(actor, "edit", post)
    body = body_checked(body)
    by_moderator = post.author_id != actor.pk
    if by_moderator:
        reason = reason_required(reason)
    elif _watched(post.topic.forum, body) == "block":
        raise ApplicationError(
            "Ce message contient un terme interdit dans ce forum.",
            extra={"fields": {"body": ["Terme interdit dans ce forum."]}},
        )
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor)
    post.body, post.html, post.edited_at = body, rendered(body), timezone.now()
    post.save(update_fields=["body", "html", "edited_at"])
    if by_moderator:
        log_action(
            actor=actor,
            action="post_edit",
            reason=reason,
            forum=post.topic.forum,
            topic=post.topic,
            post=post,
            subject=post.author,
        )
    if post.status == PostStatus.PUBLISHED:
        push.announce(post.topic_id, post.pk, "post_changed")
    return post


@transaction.atomic
def topic_answer_set(*, actor, topic: Topic, post: Post | int | None) -> Topic:
    """The asker or a moderator marks one reply as the answer (None: no answer)."""
    require(actor, "answer", topic)
    if post is not None:
        post_id = post.pk if isinstance(post, Post) else post
        post = Post.objects.filter(
            pk=post_id, topic=topic, is_first=False, status=PostStatus.PUBLISHED
        ).first()
        if post is None:
            raise NotFoundError(
                "Réponse introuvable.", extra={"fields": {"post": ["Introuvable."]}}
            )
    topic.answer = post
    topic.save(update_fields=["answer"])
    return topic
