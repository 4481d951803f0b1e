"""Forums (Wagtail pages animators create), their topics and posts, and what moderation keeps.

A forum's audience is three fields on its page: who reads (``visibility``), who posts
(``posting``), both "public / network / chosen collectivités", and who moderates (named users;
animators moderate every forum). ``forums.rules`` turns them into database filters.

Topics and posts are plain models: thousands of rows that Wagtail's page tree, revisions and
search would only slow down. A topic's status mirrors its first post's (a pending question is
a pending topic). The moderation log (``ModerationAction``) names what it acted on by id and
title as well as by key, so it still reads right after the post or the whole forum is gone.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from collectivites.models import Collectivite


class NotServedPage:
    """Forums are read through the API and the SPA with the permission layer; Wagtail's own
    front end (``/pages/``) would serve them to anyone, so it answers 404 here."""

    preview_modes: list = []

    def serve(self, request, *args, **kwargs):
        raise Http404

    def serve_preview(self, request, mode_name):
        raise Http404


class Audience(models.TextChoices):
    PUBLIC = "public", _("tout le monde")
    NETWORK = "network", _("les membres du réseau")
    RESTRICTED = "restricted", _("les collectivités choisies")


class ForumsIndexPage(NotServedPage, Page):
    """The parent of every forum in the page tree."""

    max_count = 1
    subpage_types = ["forums.ForumPage"]
    parent_page_types = ["wagtailcore.Page", "home.HomePage"]

    class Meta:
        verbose_name = _("index des forums")


class ForumPage(NotServedPage, Page):
    """A forum; animators create and configure it in the Wagtail admin."""

    class Premoderation(models.TextChoices):
        NONE = "none", _("aucune")
        FIRST_POSTS = "first_posts", _("premiers messages des nouveaux participants")
        ALL = "all", _("tous les messages")

    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("lecture"), max_length=12, choices=Audience.choices, default=Audience.NETWORK
    )
    reader_collectivites = ParentalManyToManyField(
        Collectivite,
        blank=True,
        related_name="readable_forums",
        verbose_name=_("collectivités lectrices (si restreint)"),
    )
    posting = models.CharField(
        _("écriture"), max_length=12, choices=Audience.choices, default=Audience.NETWORK
    )
    poster_collectivites = ParentalManyToManyField(
        Collectivite,
        blank=True,
        related_name="writable_forums",
        verbose_name=_("collectivités rédactrices (si restreint)"),
    )
    moderators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_forums",
        verbose_name=_("modérateurs (les animateurs modèrent tous les forums)"),
    )
    premoderation = models.CharField(
        _("pré-modération"),
        max_length=12,
        choices=Premoderation.choices,
        default=Premoderation.NONE,
    )

    parent_page_types = ["forums.ForumsIndexPage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("reader_collectivites"),
                FieldPanel("posting"),
                FieldPanel("poster_collectivites"),
            ],
            heading=_("Accès"),
        ),
        MultiFieldPanel(
            [FieldPanel("moderators"), FieldPanel("premoderation")], heading=_("Modération")
        ),
    ]

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("publié")
    PENDING = "pending", _("en attente de validation")
    HIDDEN = "hidden", _("masqué")
    DELETED = "deleted", _("supprimé")


class Topic(models.Model):
    forum = models.ForeignKey(ForumPage, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("titre"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    status = models.CharField(max_length=10, choices=PostStatus.choices, default="published")
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(db_index=True)
    locked = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(blank=True)
    answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)  # published replies

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["forum", "status", "last_post_at"]),
            # Keyset pagination (api/pagination.py) of a forum's topics.
            models.Index(fields=["forum", "pinned", "last_post_at", "id"], name="topic_keyset"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(index.Indexed, models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField()
    html = models.TextField()
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    status_reason = models.CharField(max_length=500, blank=True)  # why hidden/pending/deleted
    quote_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_first = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    # Searched: the body and its topic's title (read through the topic, see
    # ``get_indexed_objects``). Filtered: what ``forums.rules``' "search" rule asks — the topic
    # (whose forum and status decide), the post's own status and author.
    search_fields = [
        index.SearchField("body"),
        index.SearchField("topic_title", boost=2),
        index.AutocompleteField("topic_title"),
        index.FilterField("topic"),
        index.FilterField("status"),
        index.FilterField("author"),
        index.FilterField("is_first"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["topic", "status", "created_at"]),
            # Keyset pagination (api/pagination.py) of a topic's posts.
            models.Index(fields=["topic", "created_at", "id"], name="post_topic_keyset"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} — {self.topic}"

    def topic_title(self) -> str:
        return self.topic.title

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().select_related("topic")


class PostRevision(models.Model):
    """The text a post had before an edit (moderators read the history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"révision de #{self.post_id}"


def attachment_upload_to(attachment: "PostAttachment", filename: str) -> str:
    return f"forums/{attachment.post.topic_id}/{attachment.post_id}/{filename}"


class PostAttachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("hors sujet")
        INAPPROPRIATE = "inappropriate", _("inapproprié")
        SPAM = "spam", _("spam")
        PERSONAL_DATA = "personal_data", _("données personnelles")
        OTHER = "other", _("autre")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_reporter")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} → #{self.post_id} ({self.reason})"


class Silence(models.Model):
    """A person may not post, in one forum or (``forum`` null, animators) anywhere, until."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_silences"
    )
    forum = models.ForeignKey(
        ForumPage, null=True, blank=True, on_delete=models.CASCADE, related_name="silences"
    )
    reason = models.CharField(max_length=500)
    until = models.DateTimeField(db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-until"]

    def __str__(self) -> str:
        return f"{self.user} jusqu'au {self.until:%Y-%m-%d %H:%M}"


class WatchedWord(models.Model):
    class Action(models.TextChoices):
        BLOCK = "block", _("refuser le message")
        QUEUE = "queue", _("mettre en attente de validation")

    forum = models.ForeignKey(ForumPage, on_delete=models.CASCADE, related_name="watched_words")
    word = models.CharField(max_length=100)
    action = models.CharField(max_length=8, choices=Action.choices)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "word"], name="unique_watched_word")
        ]

    def __str__(self) -> str:
        return self.word


class Subscription(models.Model):
    """Following a forum (every new topic) or a topic (every new reply)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    forum = models.ForeignKey(
        ForumPage, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "forum"],
                condition=models.Q(topic__isnull=True),
                name="unique_forum_subscription",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=models.Q(forum__isnull=True),
                name="unique_topic_subscription",
            ),
            models.CheckConstraint(
                condition=models.Q(forum__isnull=True) ^ models.Q(topic__isnull=True),
                name="subscription_forum_xor_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.forum or self.topic}"


class ModerationAction(models.Model):
    """One moderation act with its reason: who, what, why, when, on what.

    Kept when its post, topic or forum goes: the keys are nulled, the ids and titles stay.
    ``subject`` is the person acted upon (a post's author, a silenced user): they read the
    actions taken on their own posts, and why.
    """

    forum = models.ForeignKey(
        ForumPage, null=True, on_delete=models.SET_NULL, related_name="moderation_log"
    )
    forum_title = models.CharField(max_length=255)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.SET_NULL, related_name="+")
    topic_title = models.CharField(max_length=200, blank=True)
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    post_ref = models.PositiveBigIntegerField(null=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=32, db_index=True)
    reason = models.CharField(max_length=1000)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
