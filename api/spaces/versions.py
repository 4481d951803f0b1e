"""Named versions of a draft: list, save the current text, read one, restore one."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spaces import selectors, services
from spaces.models import Draft, DraftVersion
from spaces.rendering import render_markdown

from ..routing import DbIdLookup
from .common import draft_representation
from .serializers import (
    DraftDetailSerializer,
    DraftVersionSerializer,
    VersionCreateSerializer,
    VersionListItemSerializer,
)


def _version(version: DraftVersion) -> dict:
    version.html = render_markdown(version.markdown)
    return DraftVersionSerializer(version).data


class DraftVersionViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``drafts/<id>/versions/<number>/``."""

    serializer_class = VersionListItemSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Draft.objects.none()
    lookup_url_kwarg = "number"

    @extend_schema(
        summary="Versions nommées d'un brouillon, la plus récente d'abord",
        responses={200: VersionListItemSerializer(many=True)},
    )
    def list(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        versions = selectors.draft_version_list(actor=request.user, draft=draft)
        return Response(VersionListItemSerializer(versions, many=True).data)

    @extend_schema(
        summary="Nommer une version du texte en cours (rédacteurs, brouillon publié compris)",
        request=VersionCreateSerializer,
        responses={201: DraftVersionSerializer},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        payload = VersionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.draft_version_save(
            actor=request.user, draft=draft, label=payload.validated_data["label"]
        )
        return Response(_version(version), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Une version, en markdown et en HTML", responses={200: DraftVersionSerializer}
    )
    def retrieve(self, request, id: int, number: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        version = selectors.draft_version_get(actor=request.user, draft=draft, number=number)
        return Response(_version(version))

    @extend_schema(
        summary="Restaurer une version : une modification que tous les éditeurs reçoivent",
        request=None,
        responses={200: DraftDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, id: int, number: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        services.draft_version_restore(actor=request.user, draft=draft, number=number)
        return Response(draft_representation(request, id))
