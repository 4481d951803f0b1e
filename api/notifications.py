"""The signed-in person's inbox (every module's notifications) and their e-mail preference.

``me/notifications`` is the tender room's own older list; this inbox is the core's, used by the
forums and meant for every new module (docs/decisions/0013).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collectivites import notifications
from collectivites.models import InboxNotification, NotificationPreference


class InboxNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = InboxNotification
        fields = ["id", "kind", "message", "url", "created_at", "read_at"]


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class InboxMarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_null=True,
        max_length=500,
        help_text="Absent : toutes.",
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class PreferenceSerializer(serializers.Serializer):
    email_mode = serializers.ChoiceField(choices=NotificationPreference.EmailMode.choices)


class InboxViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = InboxNotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return notifications.notification_list(actor=self.request.user)

    @extend_schema(summary="Mes notifications (les plus récentes d'abord)")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Nombre de notifications non lues", responses=UnreadSerializer)
    @action(detail=False, methods=["get"], url_path="unread", pagination_class=None)
    def unread(self, request):
        return Response({"unread": notifications.notification_unread_count(actor=request.user)})

    @extend_schema(
        summary="Marquer comme lues (toutes si `ids` est absent)",
        request=InboxMarkReadSerializer,
        responses=MarkedSerializer,
    )
    @action(detail=False, methods=["post"], url_path="read")
    def mark_read(self, request):
        payload = InboxMarkReadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = notifications.notification_mark_read(
            actor=request.user, ids=payload.validated_data.get("ids")
        )
        return Response({"marked": count})

    @extend_schema(summary="Mes e-mails de notification", responses=PreferenceSerializer)
    @action(detail=False, methods=["get"], url_path="preference", pagination_class=None)
    def preference(self, request):
        mode = notifications.notification_preference_get(actor=request.user)
        return Response({"email_mode": mode})

    @extend_schema(
        summary="Choisir : un e-mail par notification, un résumé quotidien, ou aucun",
        request=PreferenceSerializer,
        responses=PreferenceSerializer,
    )
    @preference.mapping.put
    def preference_set(self, request):
        payload = PreferenceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        mode = notifications.notification_preference_set(
            actor=request.user, email_mode=payload.validated_data["email_mode"]
        )
        return Response({"email_mode": mode})
