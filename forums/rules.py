"""Who may read, post in, report in and moderate which forum, as checks and database filters.

A forum's page holds its audience (``visibility``, ``posting``: public, network, chosen
collectivités) and its moderators; animators moderate every forum. Each rule is a check on one
object and a queryset filter written side by side (tests/forums/test_permissions.py asserts
they agree for every role): the filter joins the forum's chosen collectivités to the user's
memberships in the database, never a loop over forums in Python.

Silence is part of the posting rule: a silenced person (in the forum, or platform-wide) keeps
reading and reporting but may not post until the silence ends — a timestamp compared in the
query, so it expires by itself.

What the rules ask of the person again and again (are they a member of any collectivité, which
forums do they moderate, their silences in force, are they in a forum's chosen bodies) is read
once per user object (``remembered``): a topic's page asks it of a dozen checks and filters,
and its posts' capabilities are checks on twenty posts, not twenty queries.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from collectivites.models import Membership
from collectivites.permissions import AnyUser, is_animator, register_rule, remembered

from .models import (
    Audience,
    ForumPage,
    ModerationAction,
    Post,
    PostStatus,
    Report,
    Silence,
    Topic,
)

Readers = ForumPage.reader_collectivites.through
Posters = ForumPage.poster_collectivites.through
Moderators = ForumPage.moderators.through


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def _is_member(user: AnyUser) -> bool:
    """A member of at least one collectivité: the network audience."""
    return remembered(user, "forums.member", lambda: Membership.objects.filter(user=user).exists())


def _audience_q(user: AnyUser, field: str, through) -> Q:
    """Forums whose ``field`` audience includes the user (``through``: its chosen bodies)."""
    q = Q(**{field: Audience.PUBLIC})
    if not _active(user):
        return q
    if _is_member(user):
        q |= Q(**{field: Audience.NETWORK})
    chosen = through.objects.filter(collectivite__memberships__user=user).values("forumpage_id")
    return q | Q(**{field: Audience.RESTRICTED, "pk__in": chosen})


def _in_audience(user: AnyUser, forum: ForumPage, level: str, chosen) -> bool:
    if level == Audience.PUBLIC:
        return True
    if not _active(user):
        return False
    if level == Audience.NETWORK:
        return _is_member(user)
    return remembered(
        user,
        ("forums.chosen", chosen.through._meta.label, forum.pk),
        lambda: chosen.filter(memberships__user=user).exists(),
    )


# --- Moderating a forum ----------------------------------------------------------------------


def _named_moderator_of(user: AnyUser) -> frozenset[int]:
    """The forums the user was named to moderate (animators moderate them all besides)."""
    return remembered(
        user,
        "forums.moderated",
        lambda: frozenset(
            Moderators.objects.filter(user=user).values_list("forumpage_id", flat=True)
        ),
    )


def moderates(user: AnyUser, forum: ForumPage) -> bool:
    if not _active(user):
        return False
    return is_animator(user) or forum.pk in _named_moderator_of(user)


def moderated_forums(user: AnyUser, queryset: QuerySet | None = None) -> QuerySet:
    queryset = ForumPage.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_animator(user):
        return queryset
    return queryset.filter(pk__in=sorted(_named_moderator_of(user)))


def _moderated_ids(user: AnyUser):
    """The moderated forums' ids for a filter: all of them (a subquery) for an animator, else
    the few the user was named to, as values."""
    if _active(user) and is_animator(user):
        return ForumPage.objects.values("pk")
    return sorted(_named_moderator_of(user)) if _active(user) else []


register_rule(ForumPage, "moderate", check=moderates, filter=lambda u, qs: moderated_forums(u, qs))


# --- Reading ---------------------------------------------------------------------------------


def _view_forum(user: AnyUser, forum: ForumPage) -> bool:
    return _in_audience(user, forum, forum.visibility, forum.reader_collectivites) or moderates(
        user, forum
    )


def _filter_view_forums(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if _active(user) and is_animator(user):
        return queryset
    q = _audience_q(user, "visibility", Readers)
    if _active(user):
        q |= Q(pk__in=_moderated_ids(user))
    return queryset.filter(q)


register_rule(ForumPage, "view", check=_view_forum, filter=_filter_view_forums)


# --- Posting ---------------------------------------------------------------------------------


def _silences(user: AnyUser):
    return Silence.objects.filter(user=user, until__gt=timezone.now())


def silenced_until(user: AnyUser, forum: ForumPage):
    """Until when the user may not post in ``forum`` (a silence in it or platform-wide), or
    None. The silences in force are read once per user object; each is compared with the
    clock when asked, so one that ends meanwhile no longer counts."""
    if not _active(user):
        return None
    held = remembered(
        user, "forums.silences", lambda: list(_silences(user).values_list("forum_id", "until"))
    )
    now = timezone.now()
    ends = [until for forum_id, until in held if until > now and forum_id in (None, forum.pk)]
    return max(ends, default=None)


def is_silenced(user: AnyUser, forum: ForumPage) -> bool:
    return silenced_until(user, forum) is not None


def _post_forum(user: AnyUser, forum: ForumPage) -> bool:
    if not _active(user) or is_silenced(user, forum):
        return False
    if moderates(user, forum):
        return True
    return _view_forum(user, forum) and _in_audience(
        user, forum, forum.posting, forum.poster_collectivites
    )


def _filter_post_forums(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    silenced = _silences(user).filter(Q(forum=OuterRef("pk")) | Q(forum__isnull=True))
    allowed = _filter_view_forums(user, queryset).filter(
        _audience_q(user, "posting", Posters)
    ) | queryset.filter(pk__in=_moderated_ids(user))
    return allowed.filter(~Exists(silenced))


register_rule(ForumPage, "post", check=_post_forum, filter=_filter_post_forums)


# --- Topics ----------------------------------------------------------------------------------


def _view_topic(user: AnyUser, topic: Topic) -> bool:
    if not _view_forum(user, topic.forum):
        return False
    if topic.status == PostStatus.PUBLISHED:
        return True
    own = _active(user) and topic.author_id == user.pk
    if own and topic.status in (PostStatus.PENDING, PostStatus.HIDDEN):
        return True
    return moderates(user, topic.forum)


def _filter_view_topics(user: AnyUser, queryset: QuerySet) -> QuerySet:
    readable = _filter_view_forums(user, ForumPage.objects.all()).values("pk")
    q = Q(status=PostStatus.PUBLISHED)
    if _active(user):
        q |= Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN], author=user)
        q |= Q(forum__in=_moderated_ids(user))
    return queryset.filter(q, forum__in=readable)


register_rule(Topic, "view", check=_view_topic, filter=_filter_view_topics)


def _moderate_topic(user: AnyUser, topic: Topic) -> bool:
    return moderates(user, topic.forum)


def _filter_moderate_topics(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.filter(forum__in=_moderated_ids(user)) if _active(user) else queryset.none()


register_rule(Topic, "moderate", check=_moderate_topic, filter=_filter_moderate_topics)


def _reply_topic(user: AnyUser, topic: Topic) -> bool:
    """Posters of the forum while the topic is open; its moderators even when it is locked."""
    if not _view_topic(user, topic) or not _post_forum(user, topic.forum):
        return False
    return (not topic.locked and topic.closed_at is None) or moderates(user, topic.forum)


def _filter_reply_topics(user: AnyUser, queryset: QuerySet) -> QuerySet:
    postable = _filter_post_forums(user, ForumPage.objects.all()).values("pk")
    open_or_moderated = Q(locked=False, closed_at__isnull=True)
    if _active(user):
        open_or_moderated |= Q(forum__in=_moderated_ids(user))
    return _filter_view_topics(user, queryset).filter(open_or_moderated, forum__in=postable)


register_rule(Topic, "reply", check=_reply_topic, filter=_filter_reply_topics)


def _answer_topic(user: AnyUser, topic: Topic) -> bool:
    """The one who asked, or a moderator, says which reply answered the question."""
    if not _view_topic(user, topic):
        return False
    return (_active(user) and topic.author_id == user.pk) or moderates(user, topic.forum)


def _filter_answer_topics(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return _filter_view_topics(user, queryset).filter(
        Q(author=user) | Q(forum__in=_moderated_ids(user))
    )


register_rule(Topic, "answer", check=_answer_topic, filter=_filter_answer_topics)


# --- Posts -----------------------------------------------------------------------------------


def _view_post(user: AnyUser, post: Post) -> bool:
    if not _view_topic(user, post.topic):
        return False
    if post.status == PostStatus.PUBLISHED:
        return True
    if _active(user) and post.author_id == user.pk and post.status != PostStatus.DELETED:
        return True
    return moderates(user, post.topic.forum)


def _filter_view_posts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    topics = _filter_view_topics(user, Topic.objects.all()).values("pk")
    q = Q(status=PostStatus.PUBLISHED)
    if _active(user):
        q |= Q(author=user) & ~Q(status=PostStatus.DELETED)
        q |= Q(topic__forum__in=_moderated_ids(user))
    return queryset.filter(q, topic__in=topics)


register_rule(Post, "view", check=_view_post, filter=_filter_view_posts)


def posts_visible_in(user: AnyUser, topic: Topic) -> QuerySet:
    """The "view" rule's filter for the posts of one topic (loaded with its forum): the same
    rule as ``_filter_view_posts``, its topic part answered by the topic's own check and its
    moderator part by the facts read once per request, instead of a subquery over every topic
    the person may read, which the database plans again for each of a page's two queries (a
    topic's page of posts: 2.5 ms of planning, bench/README.md "API under load")."""
    if not _view_topic(user, topic):
        return Post.objects.none()
    posts = Post.objects.filter(topic=topic)
    if moderates(user, topic.forum):
        return posts
    q = Q(status=PostStatus.PUBLISHED)
    if _active(user):
        q |= Q(author=user) & ~Q(status=PostStatus.DELETED)
    return posts.filter(q)


def _filter_search_posts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    """The "view" filter in terms a search backend can apply: ``Post.search_fields``' filter
    fields only (topic, status, author), the forum reached through a topic-id subquery instead
    of a join, and no negation (the statuses an author still sees are listed)."""
    topics = _filter_view_topics(user, Topic.objects.all()).values("pk")
    q = Q(status=PostStatus.PUBLISHED)
    if _active(user):
        own = [status for status in PostStatus.values if status != PostStatus.DELETED]
        q |= Q(author=user, status__in=own)
        moderated = Topic.objects.filter(forum__in=_moderated_ids(user)).values("pk")
        q |= Q(topic__in=moderated)
    return queryset.filter(q, topic__in=topics)


register_rule(Post, "search", check=_view_post, filter=_filter_search_posts)


def _report_post(user: AnyUser, post: Post) -> bool:
    """Anyone signed in who reads a published post, except its author."""
    return (
        _active(user)
        and post.status == PostStatus.PUBLISHED
        and post.author_id != user.pk
        and _view_post(user, post)
    )


def _filter_report_posts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return (
        _filter_view_posts(user, queryset).filter(status=PostStatus.PUBLISHED).exclude(author=user)
    )


register_rule(Post, "report", check=_report_post, filter=_filter_report_posts)


def _edit_window_start():
    return timezone.now() - timedelta(minutes=settings.FORUMS_EDIT_WINDOW_MINUTES)


def _edit_post(user: AnyUser, post: Post) -> bool:
    """Its author for a while (not when the topic is locked or they are silenced); then only
    the forum's moderators."""
    if not _view_post(user, post):
        return False
    if moderates(user, post.topic.forum):
        return True
    return (
        post.author_id == user.pk
        and post.status in (PostStatus.PUBLISHED, PostStatus.PENDING)
        and post.created_at >= _edit_window_start()
        and not post.topic.locked
        and post.topic.closed_at is None
        and not is_silenced(user, post.topic.forum)
    )


def _filter_edit_posts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    silenced = _silences(user).filter(Q(forum=OuterRef("topic__forum")) | Q(forum__isnull=True))
    own = Q(
        author=user,
        status__in=[PostStatus.PUBLISHED, PostStatus.PENDING],
        created_at__gte=_edit_window_start(),
        topic__locked=False,
        topic__closed_at__isnull=True,
    ) & ~Q(Exists(silenced))
    return _filter_view_posts(user, queryset).filter(own | Q(topic__forum__in=_moderated_ids(user)))


register_rule(Post, "edit", check=_edit_post, filter=_filter_edit_posts)


def _moderate_post(user: AnyUser, post: Post) -> bool:
    return moderates(user, post.topic.forum)


def _filter_moderate_posts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(topic__forum__in=_moderated_ids(user))


register_rule(Post, "moderate", check=_moderate_post, filter=_filter_moderate_posts)


# --- Reports, the log, silences --------------------------------------------------------------


def _view_report(user: AnyUser, report: Report) -> bool:
    return moderates(user, report.post.topic.forum)


def _filter_view_reports(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(post__topic__forum__in=_moderated_ids(user))


register_rule(Report, "view", check=_view_report, filter=_filter_view_reports)


def _view_action(user: AnyUser, action: ModerationAction) -> bool:
    """The forum's moderators; the person acted upon (their own posts, their silence)."""
    if not _active(user):
        return False
    if action.subject_id == user.pk:
        return True
    if action.forum_id is None:
        return is_animator(user)
    return moderates(user, action.forum)


def _filter_view_actions(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    if is_animator(user):
        return queryset
    return queryset.filter(Q(subject=user) | Q(forum__in=_moderated_ids(user)))


register_rule(ModerationAction, "view", check=_view_action, filter=_filter_view_actions)


def _silence_platform(user: AnyUser, _obj: object) -> bool:
    """Silencing someone on the whole platform is the animators' call."""
    return _active(user) and is_animator(user)


register_rule(
    Silence,
    "create",
    check=_silence_platform,
    filter=lambda user, qs: qs if _silence_platform(user, None) else qs.none(),
)


def _create_forum(user: AnyUser, _obj: object) -> bool:
    """Animators open forums (in the Wagtail admin, or through ``forum_create``)."""
    return _active(user) and is_animator(user)


register_rule(
    ForumPage,
    "create",
    check=_create_forum,
    filter=lambda user, qs: qs if _create_forum(user, None) else qs.none(),
)
