"""Tender endpoints: thin views over ``tenders.services`` and ``tenders.selectors``.

Reads answer 404 when the tender is not visible to the caller, actions 403 when it is visible
but the caller may not act on it (``permissions.require``).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from collectivites import permissions
from collectivites.errors import PermissionDeniedError
from collectivites.models import Membership
from tenders import rules, selectors, services
from tenders.models import Tender

from ..errors import ErrorSerializer
from . import serializers as s
from .filters import TenderFilter

ID = r"[0-9]{1,18}"  # a database id; longer digit strings would overflow (a 500, not a 404)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable, ou non visible pour vous.")
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer}


@extend_schema_view(
    list=extend_schema(summary="Consultations (publiques, et brouillons de mes collectivités)"),
)
class TenderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Consultations: public once published; drafts for the buyers who prepare them."""

    permission_classes = [AllowAny]
    filterset_class = TenderFilter
    lookup_value_regex = ID
    ordering_fields = ["published_at", "response_deadline", "reference", "estimated_value"]
    ordering = ["-published_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Tender.objects.none()
        if self.action == "retrieve":
            return selectors.tender_detail_queryset(user=self.request.user)
        return selectors.tender_list(user=self.request.user)

    def get_serializer_class(self):
        return s.TenderDetailSerializer if self.action == "retrieve" else s.TenderListSerializer

    def _tender(self) -> Tender:
        return get_object_or_404(
            selectors.tender_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def _managed(self) -> Tender:
        tender = self._tender()
        permissions.require(self.request.user, "manage", tender)
        return tender

    def _detail(
        self, tender: Tender, code: int = status.HTTP_200_OK, *, fresh: bool = False
    ) -> Response:
        if not fresh:
            tender = selectors.tender_detail_queryset(user=self.request.user).get(pk=tender.pk)
        can_manage = permissions.user_can(self.request.user, "manage", tender)
        data = s.TenderDetailSerializer(tender, context={"can_manage": can_manage}).data
        return Response(data, status=code)

    @extend_schema(
        summary="Une consultation", responses={200: s.TenderDetailSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object(), fresh=True)

    # --- Writes ---------------------------------------------------------------------------

    @extend_schema(
        summary="Créer une consultation (acheteurs)",
        request=s.TenderCreateSerializer,
        responses={201: s.TenderDetailSerializer, **ERRORS},
    )
    def create(self, request):
        if not permissions.user_can_create(request.user, Tender):
            raise PermissionDeniedError(
                "Seuls les acheteurs d'une collectivité créent des consultations."
            )
        payload = s.TenderCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        buyer = data.pop("buyer")
        if (
            not request.user.is_superuser
            and not Membership.objects.filter(
                user=request.user, collectivite=buyer, is_buyer=True
            ).exists()
        ):
            raise PermissionDeniedError(f"Vous n'êtes pas acheteur pour {buyer.name}.")
        tender = services.tender_create(actor=request.user, buyer=buyer, **data)
        return self._detail(tender, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une consultation (brouillon ; après publication : objet, lieu, dates)",
        request=s.TenderUpdateSerializer,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        tender = self._managed()
        payload = s.TenderUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.tender_update(actor=request.user, tender=tender, **payload.validated_data)
        return self._detail(tender)

    def _transition(self, request, service, payload_class=None, **kwargs) -> Response:
        tender = self._managed()
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            kwargs.update(payload.validated_data)
        service(actor=request.user, tender=tender, **kwargs)
        return self._detail(tender)

    @extend_schema(
        summary="Publier la consultation",
        request=None,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, services.tender_publish)

    @extend_schema(
        summary="Annuler la consultation (motif obligatoire)",
        request=s.ReasonSerializer,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, services.tender_cancel, s.ReasonSerializer)

    @extend_schema(
        summary="Ouvrir les plis (après la date limite)",
        request=None,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(request, services.tender_open)

    @extend_schema(
        summary="Attribuer la consultation (ou chacun de ses lots)",
        request=s.AwardRequestSerializer,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        return self._transition(request, services.tender_award, s.AwardRequestSerializer)

    @extend_schema(
        summary="Déclarer la consultation infructueuse",
        request=s.ReasonSerializer,
        responses={200: s.TenderDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unsuccessful(self, request, pk=None):
        return self._transition(request, services.tender_declare_unsuccessful, s.ReasonSerializer)

    # --- Reads around the tender --------------------------------------------------------------

    @extend_schema(
        summary="Historique de la consultation",
        responses={200: s.TimelineEventSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        tender = self._tender()
        events = selectors.tender_timeline(user=request.user, tender=tender)
        show_actor = permissions.user_can(
            request.user, "manage", tender
        ) or permissions.is_animator(request.user)
        context = {
            "show_actor": show_actor,
            "show_askers": rules.can_see_askers(request.user, tender),
        }
        return Response(s.TimelineEventSerializer(events, many=True, context=context).data)

    @extend_schema(
        summary="Registre des retraits (acheteurs)",
        responses={200: s.DownloadSerializer(many=True), 403: ErrorSerializer, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def downloads(self, request, pk=None):
        tender = self._managed()
        page = self.paginate_queryset(selectors.download_register(tender=tender))
        return self.get_paginated_response(s.DownloadSerializer(page, many=True).data)
