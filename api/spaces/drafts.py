"""Endpoints of drafts: list, create, read (live text), rename/move/link, ticket, diff."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spaces import selectors, services
from spaces.coedit.tickets import ticket_issue
from spaces.models import Draft
from tenders.services.draft_links import UNCHANGED, draft_patch

from ..filters import IdFilter
from ..pagination import KeysetPagination
from ..routing import DbIdLookup
from .common import BODY_NOT_FOUND, CONFLICT, draft_representation
from .serializers import (
    DiffSerializer,
    DraftCreateSerializer,
    DraftDetailSerializer,
    DraftListItemSerializer,
    DraftUpdateSerializer,
    TicketSerializer,
)


class DraftFilter(filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Les brouillons de cet espace.")

    class Meta:
        model = Draft
        fields = ["space"]


class DraftViewSet(DbIdLookup, viewsets.GenericViewSet):
    """Drafts of the spaces the user may read; editors write them."""

    serializer_class = DraftListItemSerializer
    pagination_class = KeysetPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = DraftFilter
    queryset = Draft.objects.none()
    lookup_url_kwarg = "id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Draft.objects.none()
        return selectors.draft_list(actor=self.request.user)

    @extend_schema(summary="Brouillons visibles (filtre `space`)")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(DraftListItemSerializer(page, many=True).data)

    @extend_schema(
        summary="Créer un brouillon (rédacteurs de l'espace)",
        request=DraftCreateSerializer,
        responses={201: DraftDetailSerializer, **BODY_NOT_FOUND},
    )
    def create(self, request):
        payload = DraftCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        space = selectors.space_get(actor=request.user, pk=data["space"])
        draft = services.draft_create(
            actor=request.user, space=space, title=data["title"], markdown=data["markdown"]
        )
        return Response(draft_representation(request, draft.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Un brouillon, texte en cours compris", responses={200: DraftDetailSerializer}
    )
    def retrieve(self, request, id: int):
        return Response(draft_representation(request, id))

    @extend_schema(
        summary="Renommer un brouillon, changer son statut ou la consultation qu'il prépare "
        "(rédacteurs)",
        request=DraftUpdateSerializer,
        responses={200: DraftDetailSerializer, **CONFLICT},
    )
    def partial_update(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        payload = DraftUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        # The consultation link is the tender room's: its service makes the whole PATCH, in
        # one transaction with the title and status change.
        draft_patch(
            actor=request.user,
            draft=draft,
            tender_id=data.get("tender", UNCHANGED),
            title=data.get("title"),
            status=data.get("status"),
        )
        return Response(draft_representation(request, id))

    @extend_schema(
        summary="Ticket d'accès au WebSocket de co-édition (usage unique, 60 s)",
        request=None,
        responses={200: TicketSerializer},
    )
    @action(detail=True, methods=["post"])
    def ticket(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        return Response({"ticket": ticket_issue(user=request.user, draft=draft)})

    @extend_schema(
        summary="Différences entre deux versions, ou une version et le texte en cours",
        parameters=[
            OpenApiParameter("from", str, required=True, description="Numéro de version."),
            OpenApiParameter(
                "to", str, description="Numéro de version, ou `current` (par défaut)."
            ),
        ],
        responses={200: DiffSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def diff(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        from_ = request.query_params.get("from", "")
        to = request.query_params.get("to") or selectors.CURRENT
        diff = selectors.draft_diff(actor=request.user, draft=draft, from_=from_[:40], to=to[:40])
        return Response(DiffSerializer(diff).data)
