"""Representations of acts, their exchanges and accounting files; shapes only (services rule)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acts.models import (
    AccountingFile,
    AccountingFileStatus,
    Act,
    ActFile,
    ActMessage,
    ActNature,
    ActStatus,
    MessageKind,
    PesKind,
)
from collectivites.models import AuditEvent

from ..serializers import ChoiceLabelField, CollectiviteRefSerializer


class ActFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActFile
        fields = ["id", "role", "position", "name", "content_type", "size", "sha256"]


class ActMessageSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField(ActMessage, "kind", read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = ActMessage
        fields = [
            "id",
            "kind",
            "kind_label",
            "direction",
            "in_reply_to",
            "text",
            "file_name",
            "has_file",
            "status",
            "error_reason",
            "received_on",
            "created_at",
            "transmitted_at",
            "acknowledged_at",
        ]

    def get_has_file(self, message: ActMessage) -> bool:
        return bool(message.file)


class ActSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteRefSerializer(read_only=True)
    nature = serializers.ChoiceField(choices=ActNature.choices)
    nature_abbreviation = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ActStatus.choices)
    classification_date = serializers.DateField(
        source="classification_version.version_date", read_only=True
    )
    files = ActFileSerializer(many=True, read_only=True)
    enforceable_since = serializers.DateField(read_only=True, allow_null=True)
    published_online = serializers.SerializerMethodField()
    cancellation_requested = serializers.SerializerMethodField()
    has_acknowledgement = serializers.SerializerMethodField()

    class Meta:
        model = Act
        fields = [
            "id",
            "collectivite",
            "nature",
            "nature_abbreviation",
            "classification_code",
            "classification_date",
            "decision_date",
            "number",
            "object",
            "document_type",
            "status",
            "identifier",
            "created_at",
            "transmitted_at",
            "received_on",
            "error_reason",
            "transmission_attempts",
            "cancellation_requested",
            "publication_date",
            "published_online",
            "enforceable_since",
            "has_acknowledgement",
            "files",
        ]

    def get_has_acknowledgement(self, act: Act) -> bool:
        return bool(act.acknowledgement)

    def get_published_online(self, act: Act) -> bool:
        return act.published_online_at is not None

    def get_cancellation_requested(self, act: Act) -> bool:
        return act.cancellation_requested_at is not None


class ActDetailSerializer(ActSerializer):
    messages = ActMessageSerializer(many=True, read_only=True)

    class Meta(ActSerializer.Meta):
        fields = [*ActSerializer.Meta.fields, "messages"]


class ActCreateSerializer(serializers.Serializer):
    collectivite = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    nature = serializers.ChoiceField(choices=ActNature.choices)
    classification = serializers.CharField(max_length=20, help_text="Code matière, ex. 7.1")
    decision_date = serializers.DateField()
    number = serializers.CharField(
        max_length=100, help_text="1 à 15 caractères : chiffres, majuscules, « _ »."
    )
    object = serializers.CharField(max_length=1000)
    document_type = serializers.CharField(max_length=20, required=False, allow_blank=True)
    file = serializers.FileField(help_text="L'acte : PDF (ou XML pour un budget).")
    annexes = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="PDF, XML, PNG ou JPEG."
    )


class PublishSerializer(serializers.Serializer):
    publication_date = serializers.DateField()
    online = serializers.BooleanField(required=False, default=False)


class ExchangeSendSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in MessageKind if k != MessageKind.CANCELLATION]
    )
    text = serializers.CharField(max_length=10_000)
    file = serializers.FileField(required=False)


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


class ActTimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor_label", "action", "details"]


class ClassificationEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    level = serializers.IntegerField()


class ClassificationSerializer(serializers.Serializer):
    version_date = serializers.DateField()
    entries = ClassificationEntrySerializer(many=True)


class PublishedActSerializer(serializers.ModelSerializer):
    nature = serializers.ChoiceField(choices=ActNature.choices)

    class Meta:
        model = Act
        fields = [
            "id",
            "identifier",
            "nature",
            "classification_code",
            "decision_date",
            "number",
            "object",
            "received_on",
            "publication_date",
        ]


class AccountingFileSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteRefSerializer(read_only=True)
    kind = serializers.ChoiceField(choices=PesKind.choices)
    status = serializers.ChoiceField(choices=AccountingFileStatus.choices)
    has_acknowledgement = serializers.SerializerMethodField()

    class Meta:
        model = AccountingFile
        fields = [
            "id",
            "collectivite",
            "kind",
            "name",
            "size",
            "sha256",
            "status",
            "transmission_attempts",
            "error_reason",
            "refusal_reason",
            "submitted_at",
            "transmitted_at",
            "acknowledged_at",
            "has_acknowledgement",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_has_acknowledgement(self, row: AccountingFile) -> bool:
        return bool(row.acknowledgement)


class AccountingFileCreateSerializer(serializers.Serializer):
    collectivite = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    file = serializers.FileField(help_text="Un flux PES V2 (PES_Aller), XML.")
