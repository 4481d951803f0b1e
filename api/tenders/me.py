"""The signed-in user's own side of the tender room: downloads and notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenders import selectors, services

from . import serializers


class MyDownloadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The DCE a company (or anyone signed in) took identified: to find them again."""

    serializer_class = serializers.MyDownloadSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.download_list_for_user(actor=self.request.user)

    @extend_schema(summary="Mes retraits de DCE")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.notification_list(actor=self.request.user)

    @extend_schema(summary="Mes notifications (les plus récentes d'abord)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Marquer des notifications comme lues (toutes si `ids` est absent)",
        request=serializers.MarkReadSerializer,
        responses=serializers.MarkReadResultSerializer,
    )
    @action(detail=False, methods=["post"], url_path="read")
    def mark_read(self, request):
        payload = serializers.MarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.notification_mark_read(
            actor=request.user, ids=payload.validated_data["ids"]
        )
        return Response({"marked": count})
