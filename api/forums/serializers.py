"""Representations of forums, topics, posts and the moderation records. Shapes only: the
services and selectors own the rules; what a person may do comes from a viewer in the context."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collectivites.models import User
from forums.models import (
    Audience,
    ForumPage,
    ModerationAction,
    Post,
    PostAttachment,
    PostRevision,
    PostStatus,
    Report,
    Silence,
    Topic,
    WatchedWord,
)

MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ForumPersonSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name"]


class ForumCapabilitiesSerializer(serializers.Serializer):
    can_post = serializers.BooleanField()
    can_moderate = serializers.BooleanField()
    subscribed = serializers.BooleanField()


class ForumSerializer(serializers.ModelSerializer):
    """Needs ``viewer`` (``forums.selectors.ForumViewer``) in its context."""

    visibility = serializers.ChoiceField(choices=Audience.choices, read_only=True)
    posting = serializers.ChoiceField(choices=Audience.choices, read_only=True)
    premoderation = serializers.ChoiceField(choices=ForumPage.Premoderation.choices, read_only=True)
    topic_count = serializers.IntegerField(read_only=True)
    me = serializers.SerializerMethodField()

    class Meta:
        model = ForumPage
        fields = [
            "id", "title", "description", "visibility", "posting", "premoderation",
            "topic_count", "me",
        ]  # fmt: skip

    @extend_schema_field(ForumCapabilitiesSerializer)
    def get_me(self, forum: ForumPage) -> dict:
        return self.context["viewer"].of(forum)


class ForumRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumPage
        fields = ["id", "title"]


class TopicSerializer(serializers.ModelSerializer):
    forum = ForumRefSerializer(read_only=True)
    author = ForumPersonSerializer(read_only=True)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    answer_id = serializers.IntegerField(read_only=True, allow_null=True)
    is_closed = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = [
            "id", "forum", "title", "author", "status", "created_at", "last_post_at", "locked",
            "pinned", "is_closed", "closed_at", "conclusion", "answer_id", "slow_mode_seconds",
            "reply_count",
        ]  # fmt: skip

    def get_is_closed(self, topic: Topic) -> bool:
        return topic.closed_at is not None


class TopicCapabilitiesSerializer(serializers.Serializer):
    can_reply = serializers.BooleanField()
    can_moderate = serializers.BooleanField()
    can_answer = serializers.BooleanField()
    subscribed = serializers.BooleanField()
    silenced_until = serializers.DateTimeField(allow_null=True)


class TopicDetailSerializer(TopicSerializer):
    """Needs ``me`` (``forums.selectors.topic_capabilities``) in its context."""

    me = serializers.SerializerMethodField()

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "me"]

    @extend_schema_field(TopicCapabilitiesSerializer)
    def get_me(self, topic: Topic) -> dict:
        return self.context["me"]


class ForumAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostAttachment
        fields = ["id", "name", "content_type", "size"]


class ForumQuoteSerializer(serializers.ModelSerializer):
    author = ForumPersonSerializer(read_only=True)

    class Meta:
        model = Post
        fields = ["id", "author"]


class PostCapabilitiesSerializer(serializers.Serializer):
    can_edit = serializers.BooleanField()
    can_report = serializers.BooleanField()
    reported_by_me = serializers.BooleanField()
    open_reports = serializers.IntegerField(
        allow_null=True, help_text="Signalements ouverts (modérateurs seulement)."
    )


class PostSerializer(serializers.ModelSerializer):
    """Needs ``viewer`` (``forums.selectors.PostViewer``) in its context. A post that is not
    published shows its text only to its author and to moderators (the selectors decide who
    gets the row at all); ``status_reason`` says why it is hidden or waiting."""

    author = ForumPersonSerializer(read_only=True)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    quote_of = ForumQuoteSerializer(read_only=True, allow_null=True)
    attachments = ForumAttachmentSerializer(many=True, read_only=True)
    me = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id", "topic_id", "author", "body", "html", "status", "status_reason", "quote_of",
            "is_first", "created_at", "edited_at", "attachments", "me",
        ]  # fmt: skip

    @extend_schema_field(PostCapabilitiesSerializer)
    def get_me(self, post: Post) -> dict:
        return self.context["viewer"].of(post)


# --- Inputs ------------------------------------------------------------------------------------


class TopicCreateSerializer(serializers.Serializer):
    forum = id_field()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=100_000)


class TopicCreateUploadSerializer(TopicCreateSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(max_length=200), required=False, max_length=5
    )


class PostCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=100_000)
    quote_of = id_field(required=False, allow_null=True)


class PostCreateUploadSerializer(PostCreateSerializer):
    attachments = serializers.ListField(
        child=serializers.FileField(max_length=200), required=False, max_length=5
    )


class PostEditSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=100_000)
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Obligatoire pour un modérateur.",
    )


class ForumReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000, allow_blank=True, help_text="Motif de l'action (obligatoire)."
    )


class ForumCloseSerializer(ForumReasonSerializer):
    conclusion = serializers.CharField(max_length=5000, allow_blank=True)


class ForumMoveSerializer(ForumReasonSerializer):
    forum = id_field()


class ForumSlowModeSerializer(ForumReasonSerializer):
    seconds = serializers.IntegerField(min_value=0, max_value=86_400)


class ForumFlagSerializer(ForumReasonSerializer):
    on = serializers.BooleanField(help_text="Activer (true) ou désactiver (false).")


class ForumAnswerSerializer(serializers.Serializer):
    post = id_field(allow_null=True, help_text="La réponse retenue ; null pour aucune.")


class ForumSubscribeSerializer(serializers.Serializer):
    on = serializers.BooleanField()


class ForumSubscriptionStateSerializer(serializers.Serializer):
    subscribed = serializers.BooleanField()


class ForumReportCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    details = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class ForumReportSerializer(serializers.ModelSerializer):
    reporter = ForumPersonSerializer(read_only=True)
    reason = serializers.ChoiceField(choices=Report.Reason.choices, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "reporter", "reason", "details", "created_at"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "title"]


class QueuedPostSerializer(serializers.ModelSerializer):
    """A post in a moderation queue, with where it is and, for reports, who said what."""

    author = ForumPersonSerializer(read_only=True)
    status = serializers.ChoiceField(choices=PostStatus.choices, read_only=True)
    topic = serializers.SerializerMethodField()
    forum = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id", "author", "body", "html", "status", "status_reason", "created_at", "topic",
            "forum", "reports",
        ]  # fmt: skip

    @extend_schema_field(ForumRefSerializer)
    def get_forum(self, post: Post) -> dict:
        return ForumRefSerializer(post.topic.forum).data

    @extend_schema_field(TopicRefSerializer)
    def get_topic(self, post: Post) -> dict:
        return TopicRefSerializer(post.topic).data

    @extend_schema_field(ForumReportSerializer(many=True))
    def get_reports(self, post: Post) -> list:
        return ForumReportSerializer(getattr(post, "open_reports", []), many=True).data


class ModerationActionSerializer(serializers.ModelSerializer):
    forum_id = serializers.IntegerField(read_only=True, allow_null=True)
    topic_id = serializers.IntegerField(read_only=True, allow_null=True)
    subject_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = ModerationAction
        fields = [
            "id", "at", "actor_label", "action", "reason", "forum_id", "forum_title", "topic_id",
            "topic_title", "post_ref", "subject_id", "details",
        ]  # fmt: skip


class ForumRevisionSerializer(serializers.ModelSerializer):
    edited_by = ForumPersonSerializer(read_only=True)

    class Meta:
        model = PostRevision
        fields = ["id", "body", "edited_by", "edited_at"]


class SilenceSerializer(serializers.ModelSerializer):
    user = ForumPersonSerializer(read_only=True)
    forum_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Silence
        fields = ["id", "user", "forum_id", "reason", "until", "created_at"]


class SilenceCreateSerializer(ForumReasonSerializer):
    user = id_field()
    forum = id_field(required=False, allow_null=True, help_text="Absent : toute la plateforme.")
    duration_hours = serializers.IntegerField(min_value=1, max_value=24 * 366)


class WatchedWordSerializer(serializers.ModelSerializer):
    action = serializers.ChoiceField(choices=WatchedWord.Action.choices)

    class Meta:
        model = WatchedWord
        fields = ["id", "word", "action"]


class WatchedWordCreateSerializer(ForumReasonSerializer):
    word = serializers.CharField(max_length=100)
    action = serializers.ChoiceField(choices=WatchedWord.Action.choices)
