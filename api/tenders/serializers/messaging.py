"""Shapes of the secure messaging: requests to complete a candidature or clarify an offer."""

from rest_framework import serializers

from tenders.models import AnswerFile, ClarificationRequest, RequestKind

from ...serializers import CompanySerializer
from .tenders import TenderRefSerializer, UtcDateTimeField


class AnswerFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnswerFile
        fields = ["id", "is_text", "name", "size", "sha256", "content_type"]


class ClarificationSerializer(serializers.ModelSerializer):
    company = CompanySerializer()
    tender = TenderRefSerializer()
    answer_files = AnswerFileSerializer(many=True)

    class Meta:
        model = ClarificationRequest
        fields = [
            "id",
            "tender",
            "company",
            "kind",
            "text",
            "deadline",
            "sent_at",
            "answered_at",
            "answer_receipt",
            "answer_files",
        ]


class ClarificationInputSerializer(serializers.Serializer):
    company = serializers.IntegerField(min_value=1, max_value=2**31)
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    text = serializers.CharField(max_length=10000)
    deadline = UtcDateTimeField()


class ClarificationAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text="Facultatifs."
    )
