"""Reads on forums for a person (``actor``), filtered by the permission layer in the database,
in a bounded number of queries whatever the number of rows (lists assert it in the tests)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from collectivites.errors import ApplicationError, NotFoundError
from collectivites.models import Membership, User
from collectivites.permissions import AnyUser, require, user_can, visible_to

from .models import (
    Audience,
    ForumPage,
    ModerationAction,
    Post,
    PostAttachment,
    PostRevision,
    PostStatus,
    Report,
    Silence,
    Subscription,
    Topic,
    WatchedWord,
)
from .rules import posts_visible_in, silenced_until

TOPIC_FILTERS = ("unanswered", "answered", "mine", "subscribed")


def _not_found() -> NotFoundError:
    return NotFoundError("Ressource introuvable.")


# --- Forums ----------------------------------------------------------------------------------


def forum_list(*, actor: AnyUser) -> QuerySet[ForumPage]:
    topics = visible_to(actor, "view", Topic.objects.all()).filter(forum=OuterRef("pk"))
    return (
        visible_to(actor, "view", ForumPage.objects.live())
        .annotate(
            topic_count=Count(
                "topics", filter=Q(topics__status=PostStatus.PUBLISHED), distinct=True
            ),
            has_topics=Exists(topics),
        )
        .order_by("path")
    )


def forum_get(*, actor: AnyUser, pk: int) -> ForumPage:
    forum = forum_list(actor=actor).filter(pk=pk).first()
    if forum is None:
        raise _not_found()
    return forum


@dataclass(frozen=True)
class ForumViewer:
    """What the person may do in each listed forum, read in two queries for the whole page."""

    moderated: frozenset[int]
    postable: frozenset[int]
    subscribed: frozenset[int]

    def of(self, forum: ForumPage) -> dict:
        return {
            "can_post": forum.pk in self.postable,
            "can_moderate": forum.pk in self.moderated,
            "subscribed": forum.pk in self.subscribed,
        }


def forum_viewer(*, actor: AnyUser, forums: list[ForumPage]) -> ForumViewer:
    ids = [forum.pk for forum in forums]
    if not actor.is_authenticated or not ids:
        return ForumViewer(frozenset(), frozenset(), frozenset())
    scope = ForumPage.objects.filter(pk__in=ids)
    return ForumViewer(
        moderated=frozenset(visible_to(actor, "moderate", scope).values_list("pk", flat=True)),
        postable=frozenset(visible_to(actor, "post", scope).values_list("pk", flat=True)),
        subscribed=frozenset(
            Subscription.objects.filter(user=actor, forum_id__in=ids).values_list(
                "forum_id", flat=True
            )
        ),
    )


# --- Topics ----------------------------------------------------------------------------------


def topic_list(
    *, actor: AnyUser, forum_id: int | None = None, filter: str | None = None
) -> QuerySet[Topic]:
    topics = visible_to(actor, "view", Topic.objects.select_related("forum", "author", "answer"))
    if forum_id is not None:
        topics = topics.filter(forum_id=forum_id)
    if filter:
        if filter not in TOPIC_FILTERS:
            raise ApplicationError(
                "Filtre inconnu.", extra={"fields": {"filter": [f"Parmi {list(TOPIC_FILTERS)}."]}}
            )
        if filter == "unanswered":
            topics = topics.filter(answer__isnull=True, reply_count=0)
        elif filter == "answered":
            topics = topics.filter(answer__isnull=False)
        elif not actor.is_authenticated:
            topics = topics.none()
        elif filter == "mine":
            topics = topics.filter(Q(author=actor) | Q(posts__author=actor)).distinct()
        elif filter == "subscribed":
            topics = topics.filter(
                Q(subscriptions__user=actor) | Q(forum__subscriptions__user=actor)
            ).distinct()
    return topics.order_by("-pinned", "-last_post_at", "-id")


def topic_get(*, actor: AnyUser, pk: int) -> Topic:
    topic = Topic.objects.select_related("forum", "author", "answer__author").filter(pk=pk).first()
    if topic is None:
        raise _not_found()
    require(actor, "view", topic)
    return topic


def topic_capabilities(*, actor: AnyUser, topic: Topic) -> dict:
    """What the person may do on the topic (``topic_get``'s, its forum loaded): the rules'
    checks on this one object, which read the person's facts once (forums.rules), rather than
    one filtered query per capability."""
    if not actor.is_authenticated:
        return {
            "can_reply": False,
            "can_moderate": False,
            "can_answer": False,
            "subscribed": False,
            "silenced_until": None,
        }
    return {
        "can_reply": user_can(actor, "reply", topic),
        "can_moderate": user_can(actor, "moderate", topic),
        "can_answer": user_can(actor, "answer", topic),
        "subscribed": Subscription.objects.filter(user=actor, topic=topic).exists(),
        # The reply form tells a silenced person until when, rather than a bare refusal.
        "silenced_until": silenced_until(actor, topic.forum),
    }


# --- Posts -----------------------------------------------------------------------------------


def post_list(*, actor: AnyUser, topic: Topic, after: int | None = None) -> QuerySet[Post]:
    """The topic's posts the person may read (``after``: only those with a greater id, what a
    client fetches when nudged)."""
    require(actor, "view", topic)
    posts = posts_visible_in(actor, topic)
    if after is not None:
        posts = posts.filter(pk__gt=after)
    return (
        posts.select_related("author", "quote_of__author")
        .prefetch_related(Prefetch("attachments", queryset=PostAttachment.objects.order_by("id")))
        .order_by("created_at", "id")
    )


def post_get(*, actor: AnyUser, pk: int) -> Post:
    post = Post.objects.select_related("topic__forum", "author").filter(pk=pk).first()
    if post is None:
        raise _not_found()
    require(actor, "view", post)
    return post


@dataclass(frozen=True)
class PostViewer:
    editable: frozenset[int]
    reportable: frozenset[int]
    reported: frozenset[int]
    moderator: bool
    open_reports: dict[int, int]

    def of(self, post: Post) -> dict:
        return {
            "can_edit": post.pk in self.editable,
            "can_report": post.pk in self.reportable and post.pk not in self.reported,
            "reported_by_me": post.pk in self.reported,
            "open_reports": self.open_reports.get(post.pk, 0) if self.moderator else None,
        }


def post_viewer(*, actor: AnyUser, topic: Topic, posts: list[Post]) -> PostViewer:
    """What the person may do to each post of a page of ``topic`` (``topic_get``'s): the
    rules' checks per post, on facts read once per person (forums.rules), so a page costs the
    same few queries whatever its length."""
    ids = [post.pk for post in posts]
    if not actor.is_authenticated or not ids:
        return PostViewer(frozenset(), frozenset(), frozenset(), False, {})
    for post in posts:
        post.topic = topic  # the page's posts are this topic's: not read again per post
    moderator = user_can(actor, "moderate", topic)
    reports = {}
    if moderator:
        reports = dict(
            Report.objects.filter(post_id__in=ids, resolved_at__isnull=True)
            .values("post_id")
            .annotate(n=Count("id"))
            .values_list("post_id", "n")
        )
    return PostViewer(
        editable=frozenset(post.pk for post in posts if user_can(actor, "edit", post)),
        reportable=frozenset(post.pk for post in posts if user_can(actor, "report", post)),
        reported=frozenset(
            Report.objects.filter(post_id__in=ids, reporter=actor).values_list("post_id", flat=True)
        ),
        moderator=moderator,
        open_reports=reports,
    )


def post_revisions(*, actor: AnyUser, post: Post) -> QuerySet[PostRevision]:
    """The edit history, for the forum's moderators."""
    require(actor, "moderate", post)
    return post.revisions.select_related("edited_by").order_by("-edited_at", "-id")


def attachment_get(*, actor: AnyUser, pk: int) -> PostAttachment:
    attachment = PostAttachment.objects.select_related("post__topic__forum").filter(pk=pk).first()
    if attachment is None:
        raise _not_found()
    require(actor, "view", attachment.post)
    return attachment


# --- Moderation queues and log ---------------------------------------------------------------


def report_queue(*, actor: AnyUser, forum_id: int | None = None) -> QuerySet[Post]:
    """Posts with open reports in the forums the person moderates (all of them: animators)."""
    open_reports = Report.objects.filter(resolved_at__isnull=True)
    reports = visible_to(actor, "view", open_reports)
    posts = visible_to(actor, "moderate", Post.objects.all()).filter(
        pk__in=reports.values("post_id")
    )
    if forum_id is not None:
        posts = posts.filter(topic__forum_id=forum_id)
    return (
        posts.select_related("author", "topic__forum")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=open_reports.select_related("reporter").order_by("created_at", "id"),
                to_attr="open_reports",
            )
        )
        .order_by("created_at", "id")
    )


def approval_queue(*, actor: AnyUser, forum_id: int | None = None) -> QuerySet[Post]:
    posts = visible_to(actor, "moderate", Post.objects.filter(status=PostStatus.PENDING))
    if forum_id is not None:
        posts = posts.filter(topic__forum_id=forum_id)
    return (
        posts.select_related("author", "topic__forum")
        .annotate(open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("created_at", "id")
    )


def moderation_log(
    *, actor: AnyUser, forum_id: int | None = None, mine: bool = False
) -> QuerySet[ModerationAction]:
    """Moderators read their forums' log; everyone reads the actions taken on their own posts
    (``mine``), with the reason."""
    actions = visible_to(actor, "view", ModerationAction.objects.all())
    if mine:
        actions = actions.filter(subject=actor) if actor.is_authenticated else actions.none()
    if forum_id is not None:
        actions = actions.filter(forum_id=forum_id)
    return actions.select_related("forum").order_by("-at", "-id")


def silence_list(*, actor: AnyUser, forum_id: int | None = None) -> QuerySet[Silence]:
    """Silences in force in the forums the person moderates (platform-wide ones: animators)."""

    moderated = visible_to(actor, "moderate", ForumPage.objects.all()).values("pk")
    scope = Q(forum__in=moderated)
    if _may_silence_platform(actor):
        scope |= Q(forum__isnull=True)
    silences = Silence.objects.filter(scope, until__gt=timezone.now())
    if forum_id is not None:
        silences = silences.filter(forum_id=forum_id)
    return silences.select_related("user", "forum").order_by("until", "id")


def _may_silence_platform(actor: AnyUser) -> bool:
    from collectivites.permissions import user_can_create

    return user_can_create(actor, Silence)


def watched_word_list(*, actor: AnyUser, forum: ForumPage) -> QuerySet[WatchedWord]:
    require(actor, "moderate", forum)
    return WatchedWord.objects.filter(forum=forum).order_by("word")


def watched_word_get(*, actor: AnyUser, pk: int) -> WatchedWord:
    watched = WatchedWord.objects.select_related("forum").filter(pk=pk).first()
    if watched is None:
        raise _not_found()
    require(actor, "moderate", watched.forum, view_action="view")
    return watched


def silence_get(*, actor: AnyUser, pk: int) -> Silence:
    silence = silence_list(actor=actor).filter(pk=pk).first()
    if silence is None:
        raise _not_found()
    return silence


# --- Mentions --------------------------------------------------------------------------------


def mention_candidates(*, actor: AnyUser, topic: Topic, prefix: str, limit: int = 8) -> list[User]:
    """People who can read the topic's forum, whose username starts with ``prefix``."""
    require(actor, "view", topic)
    prefix = (prefix or "").strip().lstrip("@")
    if not actor.is_authenticated or len(prefix) < 1:
        return []
    people = User.objects.filter(is_active=True, username__istartswith=prefix[:50])
    forum = topic.forum
    if forum.visibility == Audience.RESTRICTED:
        readers = forum.reader_collectivites.values("pk")
        people = people.filter(
            Q(Exists(Membership.objects.filter(user=OuterRef("pk"), collectivite__in=readers)))
            | Q(moderated_forums=forum)
        )
    else:
        people = people.filter(Exists(Membership.objects.filter(user=OuterRef("pk"))))
    return list(people.order_by("username")[:limit])
