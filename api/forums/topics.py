"""Topics: list with filters, open one, reply, and what the asker and moderators do to it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from forums import selectors
from forums.models import Post, Topic
from forums.services import moderation, posts, subscriptions

from ..pagination import KeysetPagination
from ..routing import DbIdLookup
from . import serializers as s
from .common import BODY_NOT_FOUND, CONFLICT, FORUM_PARAM, THROTTLED, TOO_LARGE, id_param

ANYONE = [{}, {"tokenAuth": []}, {"cookieAuth": []}]
FILTER_PARAM = OpenApiParameter(
    "filter", str, enum=list(selectors.TOPIC_FILTERS), description="Sans réponse, résolus, etc."
)
AFTER_PARAM = OpenApiParameter(
    "after", int, description="Seulement les messages d'identifiant supérieur (mise à jour)."
)
Q_PARAM = OpenApiParameter("q", str, description="Début de l'identifiant (après « @ »).")


def _form_files(request) -> list:
    return request.FILES.getlist("attachments") if hasattr(request, "FILES") else []


class TopicViewSet(DbIdLookup, viewsets.GenericViewSet):
    # Public forums are read anonymously; every write asks the permission layer (services).
    permission_classes = [AllowAny]
    serializer_class = s.TopicSerializer
    pagination_class = KeysetPagination
    filter_backends: list = []
    queryset = Topic.objects.none()
    lookup_url_kwarg = "id"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _detail(self, topic_id: int) -> dict:
        topic = selectors.topic_get(actor=self.request.user, pk=topic_id)
        me = selectors.topic_capabilities(actor=self.request.user, topic=topic)
        return s.TopicDetailSerializer(topic, context={"me": me}).data

    @extend_schema(summary="Sujets", parameters=[FORUM_PARAM, FILTER_PARAM], auth=ANYONE)
    def list(self, request):
        topics = selectors.topic_list(
            actor=request.user,
            forum_id=id_param(request, "forum"),
            filter=request.query_params.get("filter") or None,
        )
        page = self.paginate_queryset(topics)
        return self.get_paginated_response(s.TopicSerializer(page, many=True).data)

    @extend_schema(summary="Un sujet", responses={200: s.TopicDetailSerializer}, auth=ANYONE)
    def retrieve(self, request, id: int):
        return Response(self._detail(id))

    @extend_schema(
        summary="Ouvrir un sujet (son premier message est la question)",
        request={
            "application/json": s.TopicCreateSerializer,
            "multipart/form-data": s.TopicCreateUploadSerializer,
        },
        responses={201: s.TopicDetailSerializer, **BODY_NOT_FOUND, **THROTTLED, **TOO_LARGE},
    )
    def create(self, request):
        payload = s.TopicCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        forum = selectors.forum_get(actor=request.user, pk=data["forum"])
        topic = posts.topic_create(
            actor=request.user,
            forum=forum,
            title=data["title"],
            body=data["body"],
            attachments=_form_files(request),
        )
        return Response(self._detail(topic.pk), status=status.HTTP_201_CREATED)

    # --- Posts of the topic ------------------------------------------------------------------

    @extend_schema(
        summary="Messages du sujet (paginés)",
        parameters=[AFTER_PARAM],
        responses={200: s.PostSerializer(many=True)},
        auth=ANYONE,
    )
    @action(detail=True, methods=["get"], url_path="posts")
    def posts(self, request, id: int):
        topic = selectors.topic_get(actor=request.user, pk=id)
        rows = selectors.post_list(
            actor=request.user, topic=topic, after=id_param(request, "after")
        )
        page = self.paginate_queryset(rows)
        viewer = selectors.post_viewer(actor=request.user, topic=topic, posts=page)
        return self.get_paginated_response(
            s.PostSerializer(page, many=True, context={"viewer": viewer}).data
        )

    @extend_schema(
        summary="Répondre (en citant un message, avec des pièces jointes)",
        request={
            "application/json": s.PostCreateSerializer,
            "multipart/form-data": s.PostCreateUploadSerializer,
        },
        responses={201: s.PostSerializer, **THROTTLED, **TOO_LARGE},
    )
    @posts.mapping.post
    def reply(self, request, id: int):
        topic = selectors.topic_get(actor=request.user, pk=id)
        payload = s.PostCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        post = posts.post_create(
            actor=request.user,
            topic=topic,
            body=payload.validated_data["body"],
            quote_of=payload.validated_data.get("quote_of"),
            attachments=_form_files(request),
        )
        return Response(_post(request, post), status=status.HTTP_201_CREATED)

    # --- The asker's and the readers' acts ---------------------------------------------------

    @extend_schema(
        summary="Suivre le sujet (nouvelles réponses) ou ne plus le suivre",
        request=s.ForumSubscribeSerializer,
        responses={200: s.ForumSubscriptionStateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="subscription")
    def subscription(self, request, id: int):
        topic = selectors.topic_get(actor=request.user, pk=id)
        payload = s.ForumSubscribeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        on = subscriptions.subscription_set(
            actor=request.user, topic=topic, on=payload.validated_data["on"]
        )
        return Response({"subscribed": on})

    @extend_schema(
        summary="Marquer la réponse retenue (l'auteur du sujet, les modérateurs)",
        request=s.ForumAnswerSerializer,
        responses={200: s.TopicDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="answer")
    def answer(self, request, id: int):
        topic = selectors.topic_get(actor=request.user, pk=id)
        payload = s.ForumAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        posts.topic_answer_set(actor=request.user, topic=topic, post=payload.validated_data["post"])
        return Response(self._detail(id))

    @extend_schema(
        summary="Personnes à mentionner (autocomplétion)",
        parameters=[Q_PARAM],
        responses={200: s.ForumPersonSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="mentions", pagination_class=None)
    def mentions(self, request, id: int):
        topic = selectors.topic_get(actor=request.user, pk=id)
        people = selectors.mention_candidates(
            actor=request.user, topic=topic, prefix=request.query_params.get("q", "")
        )
        return Response(s.ForumPersonSerializer(people, many=True).data)

    # --- Moderation ---------------------------------------------------------------------------

    def _moderate(self, request, id: int, serializer, act) -> Response:
        topic = selectors.topic_get(actor=request.user, pk=id)
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        act(topic, payload.validated_data)
        return Response(self._detail(id))

    @extend_schema(
        summary="Verrouiller / déverrouiller (modérateurs)",
        request=s.ForumFlagSerializer,
        responses={200: s.TopicDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="lock")
    def lock(self, request, id: int):
        return self._moderate(
            request, id, s.ForumFlagSerializer,
            lambda topic, d: moderation.topic_lock(
                actor=request.user, topic=topic, reason=d["reason"], locked=d["on"]
            ),
        )  # fmt: skip

    @extend_schema(
        summary="Épingler / désépingler (modérateurs)",
        request=s.ForumFlagSerializer,
        responses={200: s.TopicDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="pin")
    def pin(self, request, id: int):
        return self._moderate(
            request, id, s.ForumFlagSerializer,
            lambda topic, d: moderation.topic_pin(
                actor=request.user, topic=topic, reason=d["reason"], pinned=d["on"]
            ),
        )  # fmt: skip

    @extend_schema(
        summary="Clore avec une conclusion (modérateurs)",
        request=s.ForumCloseSerializer,
        responses={200: s.TopicDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request, id: int):
        return self._moderate(
            request, id, s.ForumCloseSerializer,
            lambda topic, d: moderation.topic_close(
                actor=request.user, topic=topic, reason=d["reason"], conclusion=d["conclusion"]
            ),
        )  # fmt: skip

    @extend_schema(
        summary="Rouvrir (modérateurs)", request=s.ForumReasonSerializer,
        responses={200: s.TopicDetailSerializer},
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="reopen")
    def reopen(self, request, id: int):
        return self._moderate(
            request, id, s.ForumReasonSerializer,
            lambda topic, d: moderation.topic_reopen(
                actor=request.user, topic=topic, reason=d["reason"]
            ),
        )  # fmt: skip

    @extend_schema(
        summary="Déplacer vers un autre forum modéré (modérateurs)",
        request=s.ForumMoveSerializer,
        responses={200: s.TopicDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="move")
    def move(self, request, id: int):
        return self._moderate(
            request, id, s.ForumMoveSerializer,
            lambda topic, d: moderation.topic_move(
                actor=request.user, topic=topic, reason=d["reason"], forum=d["forum"]
            ),
        )  # fmt: skip

    @extend_schema(
        summary="Mode lent : délai minimal entre deux messages d'une personne (modérateurs)",
        request=s.ForumSlowModeSerializer,
        responses={200: s.TopicDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="slow-mode")
    def slow_mode(self, request, id: int):
        return self._moderate(
            request, id, s.ForumSlowModeSerializer,
            lambda topic, d: moderation.topic_slow_mode(
                actor=request.user, topic=topic, reason=d["reason"], seconds=d["seconds"]
            ),
        )  # fmt: skip


def _post(request, post: Post) -> dict:
    post = selectors.post_get(actor=request.user, pk=post.pk)
    viewer = selectors.post_viewer(actor=request.user, topic=post.topic, posts=[post])
    return s.PostSerializer(post, context={"viewer": viewer}).data
