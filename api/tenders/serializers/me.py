"""Shapes of the signed-in user's own side: downloads and notifications."""

from rest_framework import serializers

from tenders.models import (
    Download,
    Notification,
)

from .documents import DownloadVersionSerializer
from .tenders import TenderRefSerializer


class MyDownloadSerializer(serializers.ModelSerializer):
    tender = TenderRefSerializer()
    version = DownloadVersionSerializer(allow_null=True)

    class Meta:
        model = Download
        fields = ["id", "at", "tender", "version"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "tender", "created_at", "read_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_null=True,
        default=None,
        help_text="Identifiants à marquer comme lus ; absent : toutes.",
    )


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
