"""The signed-in user's own side of the tender room: downloads and notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tenders import selectors, services

from ..errors import ErrorSerializer
from . import serializers as s


class MyDownloadViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The DCE a company (or anyone signed in) took identified: to find them again."""

    serializer_class = s.MyDownloadSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.download_list_for_user(user=self.request.user)

    @extend_schema(summary="Mes retraits de DCE")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    @extend_schema(summary="Mes notifications (les plus récentes d'abord)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Marquer des notifications comme lues (toutes si `ids` est absent)",
        request=s.MarkReadSerializer,
        responses={200: s.MarkReadResultSerializer, 400: ErrorSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read")
    def mark_read(self, request):
        payload = s.MarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.notification_mark_read(
            user=request.user, ids=payload.validated_data["ids"]
        )
        return Response({"marked": count})
