"""Shapes of the candidature phase: the checklist, a candidature (the company's own, or as the
buyer reads it after the candidature deadline), the decisions and the invitations."""

from rest_framework import serializers

from tenders.models import Candidature, CandidatureFile, CandidatureRequirement, PieceKind

from ...serializers import CompanySerializer
from .tenders import UtcDateTimeField


class CandidatureRequirementSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PieceKind.choices)

    class Meta:
        model = CandidatureRequirement
        fields = ["id", "kind", "label", "required"]
        read_only_fields = ["id"]


class RequirementsInputSerializer(serializers.Serializer):
    items = CandidatureRequirementSerializer(many=True)


class CandidatureFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = CandidatureFile
        fields = ["id", "requirement", "name", "size", "sha256", "content_type", "signature_status"]


class CandidatureSerializer(serializers.ModelSerializer):
    company = CompanySerializer()
    files = CandidatureFileSerializer(many=True)

    class Meta:
        model = Candidature
        fields = [
            "id",
            "company",
            "submitted_at",
            "is_current",
            "status",
            "decision_reason",
            "decided_at",
            "invited_at",
            "files",
            "receipt",
        ]


class CandidatureSubmitSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), help_text="Un ou plusieurs.")
    requirements = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=2**31),
        required=False,
        default=list,
        help_text="Pour chaque fichier, dans l'ordre, la pièce demandée qu'il fournit (0 : "
        "aucune).",
    )


class DecisionSerializer(serializers.Serializer):
    admitted = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class InvitationSerializer(serializers.Serializer):
    response_deadline = UtcDateTimeField(help_text="Date limite de remise des offres.")
