"""Comments on a draft: a flat list by date (threads by ``parent``), resolving and reopening."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spaces import selectors, services
from spaces.models import Draft

from ..routing import DbIdLookup
from .serializers import CommentCreateSerializer, CommentSerializer


class DraftCommentViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``drafts/<id>/comments/<cid>/``."""

    serializer_class = CommentSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Draft.objects.none()
    lookup_url_kwarg = "cid"

    @extend_schema(
        summary="Commentaires d'un brouillon (liste à plat, par date ; fils par `parent`)",
        responses={200: CommentSerializer(many=True)},
    )
    def list(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        comments = selectors.draft_comment_list(actor=request.user, draft=draft)
        return Response(CommentSerializer(comments, many=True).data)

    @extend_schema(
        summary="Commenter (tout lecteur du brouillon) ou répondre dans un fil",
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        payload = CommentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        comment = services.draft_comment_create(
            actor=request.user,
            draft=draft,
            body=data["body"],
            quote=data["quote"],
            parent_id=data["parent"],
            quote_start=data["quote_start"],
            quote_end=data["quote_end"],
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Marquer un fil comme résolu (rédacteurs)",
        request=None,
        responses={200: CommentSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, id: int, cid: int):
        return self._thread(request, id, cid, services.draft_comment_resolve)

    @extend_schema(
        summary="Rouvrir un fil (rédacteurs)", request=None, responses={200: CommentSerializer}
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, id: int, cid: int):
        return self._thread(request, id, cid, services.draft_comment_reopen)

    def _thread(self, request, id: int, cid: int, write) -> Response:
        draft = selectors.draft_get(actor=request.user, pk=id)
        comment = selectors.draft_comment_get(actor=request.user, draft=draft, pk=cid)
        return Response(CommentSerializer(write(actor=request.user, comment=comment)).data)
