"""Forums the person may read, following one, and its watched words (moderators)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from forums import selectors
from forums.models import ForumPage
from forums.services import moderation, subscriptions

from ..routing import DbIdLookup
from . import serializers as s
from .common import CONFLICT


class ForumViewSet(DbIdLookup, viewsets.GenericViewSet):
    # Public forums are read anonymously; every write asks the permission layer (services).
    permission_classes = [AllowAny]
    serializer_class = s.ForumSerializer
    filter_backends: list = []
    queryset = ForumPage.objects.none()  # for the schema; rows come from the selectors
    lookup_url_kwarg = "id"

    def _represent(self, forums: list[ForumPage]) -> list[dict]:
        viewer = selectors.forum_viewer(actor=self.request.user, forums=forums)
        return s.ForumSerializer(forums, many=True, context={"viewer": viewer}).data

    @extend_schema(summary="Forums lisibles", auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}])
    def list(self, request):
        page = self.paginate_queryset(selectors.forum_list(actor=request.user))
        return self.get_paginated_response(self._represent(page))

    @extend_schema(
        summary="Un forum",
        responses={200: s.ForumSerializer},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def retrieve(self, request, id: int):
        return Response(self._represent([selectors.forum_get(actor=request.user, pk=id)])[0])

    @extend_schema(
        summary="Suivre le forum (nouveaux sujets) ou ne plus le suivre",
        request=s.ForumSubscribeSerializer,
        responses={200: s.ForumSubscriptionStateSerializer},
    )
    @action(detail=True, methods=["post"], url_path="subscription")
    def subscription(self, request, id: int):
        forum = selectors.forum_get(actor=request.user, pk=id)
        payload = s.ForumSubscribeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        on = subscriptions.subscription_set(
            actor=request.user, forum=forum, on=payload.validated_data["on"]
        )
        return Response({"subscribed": on})

    @extend_schema(
        summary="Mots surveillés du forum (modérateurs)",
        responses={200: s.WatchedWordSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="watched-words", pagination_class=None)
    def watched_words(self, request, id: int):
        forum = selectors.forum_get(actor=request.user, pk=id)
        words = selectors.watched_word_list(actor=request.user, forum=forum)
        return Response(s.WatchedWordSerializer(words, many=True).data)

    @extend_schema(
        summary="Surveiller un mot (refuser le message ou le mettre en attente)",
        request=s.WatchedWordCreateSerializer,
        responses={201: s.WatchedWordSerializer, **CONFLICT},
    )
    @watched_words.mapping.post
    def watched_word_add(self, request, id: int):
        forum = selectors.forum_get(actor=request.user, pk=id)
        payload = s.WatchedWordCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        watched = moderation.watched_word_add(
            actor=request.user, forum=forum, **payload.validated_data
        )
        return Response(s.WatchedWordSerializer(watched).data, status=status.HTTP_201_CREATED)
