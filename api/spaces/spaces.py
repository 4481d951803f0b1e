"""Endpoints of drafting spaces and their member collectivités."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spaces import selectors, services
from spaces.models import SpacePage

from ..routing import DbIdLookup
from .common import BODY_NOT_FOUND, CONFLICT
from .serializers import SpaceCreateSerializer, SpaceMemberInputSerializer, SpaceSerializer


class SpaceViewSet(DbIdLookup, viewsets.GenericViewSet):
    """Drafting spaces the user may read; animators and referents create them."""

    serializer_class = SpaceSerializer
    filter_backends: list = []
    queryset = SpacePage.objects.none()  # for the schema; rows come from the selectors
    lookup_url_kwarg = "id"

    def _represent(self, spaces: list[SpacePage]) -> list[dict]:
        viewer = selectors.space_viewer(actor=self.request.user, spaces=spaces)
        return SpaceSerializer(spaces, many=True, context={"viewer": viewer}).data

    def _one(self, pk: int) -> dict:
        return self._represent([selectors.space_get(actor=self.request.user, pk=pk)])[0]

    @extend_schema(summary="Espaces de rédaction visibles")
    def list(self, request):
        page = self.paginate_queryset(selectors.space_list(actor=request.user))
        return self.get_paginated_response(self._represent(page))

    @extend_schema(summary="Un espace", responses={200: SpaceSerializer})
    def retrieve(self, request, id: int):
        return Response(self._one(id))

    @extend_schema(
        summary="Créer un espace (animateurs, référents)",
        request=SpaceCreateSerializer,
        responses={201: SpaceSerializer, **BODY_NOT_FOUND},
    )
    def create(self, request):
        payload = SpaceCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        space = services.space_create(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            members=[(member["collectivite"], member["role"]) for member in data["members"]],
        )
        return Response(self._one(space.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ajouter une collectivité à l'espace ou changer son rôle (gestionnaires)",
        request=SpaceMemberInputSerializer,
        responses={200: SpaceSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="members")
    def member_set(self, request, id: int):
        space = selectors.space_get(actor=request.user, pk=id)
        payload = SpaceMemberInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.space_member_set(
            actor=request.user,
            space=space,
            collectivite=payload.validated_data["collectivite"],
            role=payload.validated_data["role"],
        )
        return Response(self._one(id))

    @extend_schema(
        summary="Retirer une collectivité de l'espace (gestionnaires)",
        request=None,
        responses={204: None, **CONFLICT},
    )
    @action(detail=True, methods=["delete"], url_path="members/<dbid:collectivite_id>")
    def member_remove(self, request, id: int, collectivite_id: int):
        space = selectors.space_get(actor=request.user, pk=id)
        services.space_member_remove(actor=request.user, space=space, collectivite=collectivite_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
