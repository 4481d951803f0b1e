"""Shapes of the opening session, the registre des dépôts and replaced bids opened on purpose."""

from rest_framework import serializers

from tenders.models import EarlierBidOpening


class ReasonRequiredSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class EarlierBidOpeningSerializer(serializers.ModelSerializer):
    opened_by = serializers.CharField(source="opened_by.display_name")

    class Meta:
        model = EarlierBidOpening
        fields = ["bid", "opened_by", "opened_at", "reason"]
