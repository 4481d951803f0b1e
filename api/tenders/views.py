"""Tender endpoints: thin views over ``tenders.services`` and ``tenders.selectors``.

The services and selectors decide who may do what (``tenders.rules``): reads answer 404 when
the tender is not visible to the caller, actions 403 when it is visible but the caller may not
act on it. Views validate the input, call one of them and shape the answer.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from tenders import selectors, services
from tenders.models import Tender

from ..errors import ErrorSerializer
from ..pagination import KeysetPagination, Pagination
from ..routing import DbIdLookup
from . import serializers
from .filters import TenderFilter

CONFLICT = {409: ErrorSerializer}


@extend_schema_view(
    list=extend_schema(summary="Consultations (publiques, et brouillons de mes collectivités)"),
)
class TenderViewSet(
    DbIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Consultations: public once published; drafts for the buyers who prepare them."""

    permission_classes = [AllowAny]
    pagination_class = KeysetPagination
    filterset_class = TenderFilter
    ordering_fields = ["published_at", "response_deadline", "reference", "estimated_value"]
    ordering = ["-published_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Tender.objects.none()
        return selectors.tender_list(actor=self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TenderDetailSerializer
        return serializers.TenderListSerializer

    def _tender(self, to: str = "view") -> Tender:
        return selectors.tender_get(actor=self.request.user, pk=self.kwargs["pk"], to=to)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        tender = selectors.tender_detail(actor=self.request.user, pk=pk)
        viewer = selectors.tender_viewer(actor=self.request.user, tender=tender)
        context = {"can_manage": viewer.can_manage}
        return Response(
            serializers.TenderDetailSerializer(tender, context=context).data, status=code
        )

    @extend_schema(summary="Une consultation", responses=serializers.TenderDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    # --- Writes ---------------------------------------------------------------------------

    @extend_schema(
        summary="Créer une consultation (acheteurs)",
        request=serializers.TenderCreateSerializer,
        responses={201: serializers.TenderDetailSerializer, **CONFLICT},
    )
    def create(self, request):
        payload = serializers.TenderCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tender = services.tender_create(actor=request.user, **payload.validated_data)
        return self._detail(tender.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une consultation (brouillon ; après publication : objet, lieu, dates)",
        request=serializers.TenderUpdateSerializer,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    def partial_update(self, request, pk=None):
        tender = self._tender(to="manage")  # refused before the payload is read
        payload = serializers.TenderUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.tender_update(actor=request.user, tender=tender, **payload.validated_data)
        return self._detail(pk)

    def _transition(self, request, pk, service, payload_class=None, to="manage") -> Response:
        tender = self._tender(to=to)  # refused before the payload is read
        data = {}
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        service(actor=request.user, tender=tender, **data)
        return self._detail(pk)

    @extend_schema(
        summary="Publier la consultation",
        request=None,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, pk, services.tender_publish)

    @extend_schema(
        summary="Annuler la consultation (motif obligatoire)",
        request=serializers.ReasonSerializer,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, pk, services.tender_cancel, serializers.ReasonSerializer)

    @extend_schema(
        summary="Ouvrir les plis (après la date limite ; acheteurs de la collectivité seulement)",
        request=None,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(request, pk, services.tender_open, to="open_bids")

    @extend_schema(
        summary="Attribuer la consultation (ou chacun de ses lots)",
        request=serializers.AwardRequestSerializer,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def award(self, request, pk=None):
        return self._transition(
            request, pk, services.tender_award, serializers.AwardRequestSerializer
        )

    @extend_schema(
        summary="Déclarer la consultation infructueuse",
        request=serializers.ReasonSerializer,
        responses={200: serializers.TenderDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def unsuccessful(self, request, pk=None):
        return self._transition(
            request, pk, services.tender_declare_unsuccessful, serializers.ReasonSerializer
        )

    # --- Reads around the tender --------------------------------------------------------------

    @extend_schema(
        summary="Délais minimaux de la procédure si l'avis partait maintenant (et alertes)",
        responses=serializers.DeadlineReportSerializer,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def deadlines(self, request, pk=None):
        report = selectors.tender_deadline_report(actor=request.user, tender=self._tender())
        return Response(serializers.DeadlineReportSerializer(report).data)

    @extend_schema(
        summary="Historique de la consultation",
        responses=serializers.TimelineEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request, pk=None):
        tender = self._tender()
        events = selectors.tender_timeline(actor=request.user, tender=tender)
        viewer = selectors.tender_viewer(actor=request.user, tender=tender)
        context = {"show_actor": viewer.see_actors, "show_askers": viewer.see_askers}
        return Response(
            serializers.TimelineEventSerializer(events, many=True, context=context).data
        )

    @extend_schema(
        summary="Registre des retraits (acheteurs)",
        responses=serializers.DownloadSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=Pagination)
    def downloads(self, request, pk=None):
        register = selectors.download_register(actor=request.user, tender=self._tender())
        page = self.paginate_queryset(register)
        return self.get_paginated_response(serializers.DownloadSerializer(page, many=True).data)
