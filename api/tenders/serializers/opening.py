"""Shapes of the opening session, the registre des dépôts and replaced bids opened on purpose."""

from rest_framework import serializers

from tenders.models import DepositKind, EarlierBidOpening


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class EarlierBidOpeningSerializer(serializers.ModelSerializer):
    opened_by = serializers.CharField(source="opened_by.display_name")

    class Meta:
        model = EarlierBidOpening
        fields = ["bid", "opened_by", "opened_at", "reason"]


class RegisterFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField(allow_blank=True)
    signature_status = serializers.CharField(allow_blank=True)


class RegisterCompanySerializer(serializers.Serializer):
    name = serializers.CharField()
    siret = serializers.CharField()


class RegisterEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DepositKind.choices)
    id = serializers.IntegerField()
    received_at = serializers.DateTimeField()
    company = RegisterCompanySerializer(allow_null=True)
    lot = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=["current", "replaced", "refused_late"])
    superseded_by = serializers.IntegerField(allow_null=True)
    files = RegisterFileSerializer(many=True)
    total_size = serializers.IntegerField()
    opened = serializers.BooleanField()
    opened_reason = serializers.CharField(allow_blank=True)


class OpeningSessionSerializer(serializers.Serializer):
    opened_at = serializers.DateTimeField()
    opened_by = serializers.CharField()
    deposits = serializers.ListField(child=serializers.IntegerField())


class EarlierOpeningEntrySerializer(serializers.Serializer):
    bid = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    opened_by = serializers.CharField()
    reason = serializers.CharField()


class DepositRegisterSerializer(serializers.Serializer):
    sessions = OpeningSessionSerializer(many=True)
    earlier_openings = EarlierOpeningEntrySerializer(many=True)
    deposits = RegisterEntrySerializer(many=True)
    generated_at = serializers.DateTimeField()
