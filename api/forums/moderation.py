"""The moderators' desk: the queues (reports, approvals), the log, silences, watched words."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from forums import selectors
from forums.models import ModerationAction, Post, Silence, WatchedWord
from forums.services import moderation

from ..routing import DbIdLookup
from . import serializers as s
from .common import BODY_NOT_FOUND, FORUM_PARAM, id_param

MINE_PARAM = OpenApiParameter(
    "mine", bool, description="Seulement les actions sur mes propres messages (et pourquoi)."
)


class ReportQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.QueuedPostSerializer
    filter_backends: list = []
    queryset = Post.objects.none()

    def get_queryset(self):
        return selectors.report_queue(
            actor=self.request.user, forum_id=id_param(self.request, "forum")
        )

    @extend_schema(
        summary="File des messages signalés (par forum, ou tous : animateurs)",
        parameters=[FORUM_PARAM],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class ApprovalQueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.QueuedPostSerializer
    filter_backends: list = []
    queryset = Post.objects.none()

    def get_queryset(self):
        return selectors.approval_queue(
            actor=self.request.user, forum_id=id_param(self.request, "forum")
        )

    @extend_schema(summary="Messages en attente de validation", parameters=[FORUM_PARAM])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class ModerationLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ModerationActionSerializer
    filter_backends: list = []
    queryset = ModerationAction.objects.none()

    def get_queryset(self):
        mine = self.request.query_params.get("mine") in ("1", "true")
        return selectors.moderation_log(
            actor=self.request.user, forum_id=id_param(self.request, "forum"), mine=mine
        )

    @extend_schema(
        summary="Journal de modération (modérateurs ; chacun pour ses messages)",
        parameters=[FORUM_PARAM, MINE_PARAM],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class SilenceViewSet(DbIdLookup, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SilenceSerializer
    filter_backends: list = []
    queryset = Silence.objects.none()
    lookup_url_kwarg = "id"

    def get_queryset(self):
        return selectors.silence_list(
            actor=self.request.user, forum_id=id_param(self.request, "forum")
        )

    @extend_schema(summary="Mises en silence en cours", parameters=[FORUM_PARAM])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Réduire au silence (un forum : ses modérateurs ; partout : animateurs)",
        request=s.SilenceCreateSerializer,
        responses={201: s.SilenceSerializer, **BODY_NOT_FOUND},
    )
    def create(self, request):
        payload = s.SilenceCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        forum = None
        if data.get("forum"):
            forum = selectors.forum_get(actor=request.user, pk=data["forum"])
        silence = moderation.silence_create(
            actor=request.user,
            user=data["user"],
            reason=data["reason"],
            duration_hours=data["duration_hours"],
            forum=forum,
        )
        return Response(s.SilenceSerializer(silence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Lever une mise en silence",
        request=s.ForumReasonSerializer,
        responses={200: s.SilenceSerializer},
    )
    @action(detail=True, methods=["post"], url_path="lift")
    def lift(self, request, id: int):
        silence = selectors.silence_get(actor=request.user, pk=id)
        payload = s.ForumReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moderation.silence_lift(
            actor=request.user, silence=silence, reason=payload.validated_data["reason"]
        )
        return Response(s.SilenceSerializer(silence).data)


class WatchedWordViewSet(DbIdLookup, viewsets.GenericViewSet):
    queryset = WatchedWord.objects.none()
    serializer_class = s.WatchedWordSerializer
    filter_backends: list = []
    lookup_url_kwarg = "id"

    @extend_schema(
        summary="Ne plus surveiller un mot (modérateurs)",
        request=s.ForumReasonSerializer,
        responses={204: None},
    )
    @action(detail=True, methods=["post"], url_path="remove")
    def remove(self, request, id: int):
        watched = selectors.watched_word_get(actor=request.user, pk=id)
        payload = s.ForumReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moderation.watched_word_remove(
            actor=request.user, watched=watched, reason=payload.validated_data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
