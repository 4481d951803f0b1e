"""One post: read, edit, report, and the moderators' acts on it (each with its reason)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from forums import selectors
from forums.models import Post, PostAttachment
from forums.services import moderation, posts, reports
from forums.services.posts import ATTACHMENT_TYPES

from ..routing import DbIdLookup
from ..tenders.documents import FileNegotiation
from . import serializers as s
from .common import CONFLICT, THROTTLED
from .topics import ANYONE, _post


class PostViewSet(DbIdLookup, viewsets.GenericViewSet):
    # Public forums are read anonymously; every write asks the permission layer (services).
    permission_classes = [AllowAny]
    serializer_class = s.PostSerializer
    filter_backends: list = []
    queryset = Post.objects.none()
    lookup_url_kwarg = "id"
    pagination_class = None

    def _get(self, id: int) -> Post:
        return selectors.post_get(actor=self.request.user, pk=id)

    @extend_schema(summary="Un message", responses={200: s.PostSerializer}, auth=ANYONE)
    def retrieve(self, request, id: int):
        return Response(_post(request, self._get(id)))

    @extend_schema(
        summary="Modifier (l'auteur un temps, puis les modérateurs avec un motif)",
        request=s.PostEditSerializer,
        responses={200: s.PostSerializer},
    )
    def partial_update(self, request, id: int):
        post = self._get(id)
        payload = s.PostEditSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        posts.post_edit(
            actor=request.user,
            post=post,
            body=payload.validated_data["body"],
            reason=payload.validated_data.get("reason", ""),
        )
        return Response(_post(request, post))

    @extend_schema(
        summary="Signaler le message",
        request=s.ForumReportCreateSerializer,
        responses={201: None, **CONFLICT, **THROTTLED},
    )
    @action(detail=True, methods=["post"], url_path="report")
    def report(self, request, id: int):
        post = self._get(id)
        payload = s.ForumReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reports.report_create(actor=request.user, post=post, **payload.validated_data)
        return Response(status=status.HTTP_201_CREATED)

    def _moderate(self, request, id: int, act) -> Response:
        post = self._get(id)
        payload = s.ForumReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        act(actor=request.user, post=post, reason=payload.validated_data["reason"])
        return Response(_post(request, post))

    @extend_schema(
        summary="Masquer (modérateurs)",
        request=s.ForumReasonSerializer,
        responses={200: s.PostSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="hide")
    def hide(self, request, id: int):
        return self._moderate(request, id, moderation.post_hide)

    @extend_schema(
        summary="Rétablir un message masqué ou supprimé (modérateurs)",
        request=s.ForumReasonSerializer,
        responses={200: s.PostSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="restore")
    def restore(self, request, id: int):
        return self._moderate(request, id, moderation.post_restore)

    @extend_schema(
        summary="Valider un message en attente (modérateurs)",
        request=s.ForumReasonSerializer,
        responses={200: s.PostSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, id: int):
        return self._moderate(request, id, moderation.post_approve)

    @extend_schema(
        summary="Supprimer (réversible, gardé au journal ; modérateurs)",
        request=s.ForumReasonSerializer,
        responses={200: s.PostSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="delete")
    def remove(self, request, id: int):
        return self._moderate(request, id, moderation.post_delete)

    @extend_schema(
        summary="Historique des modifications (modérateurs)",
        responses={200: s.ForumRevisionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], url_path="revisions")
    def revisions(self, request, id: int):
        revisions = selectors.post_revisions(actor=request.user, post=self._get(id))
        return Response(s.ForumRevisionSerializer(revisions, many=True).data)


ATTACHMENT = OpenApiResponse(OpenApiTypes.BINARY, description="La pièce jointe.")


class AttachmentViewSet(DbIdLookup, viewsets.GenericViewSet):
    # Public forums are read anonymously; every write asks the permission layer (services).
    permission_classes = [AllowAny]
    content_negotiation_class = FileNegotiation  # a file, whatever the client accepts
    queryset = PostAttachment.objects.none()
    filter_backends: list = []
    lookup_url_kwarg = "id"

    @extend_schema(
        summary="Télécharger une pièce jointe",
        responses={(200, media_type): ATTACHMENT for media_type in sorted(ATTACHMENT_TYPES)},
        auth=ANYONE,
    )
    def retrieve(self, request, id: int):
        attachment = selectors.attachment_get(actor=request.user, pk=id)
        handle = attachment.file.storage.open(attachment.file.name, "rb")
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
