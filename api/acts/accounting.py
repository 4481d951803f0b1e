"""Accounting files (Hélios): upload a PES_Aller, follow it, download it and the PES_ACQUIT."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from acts import selectors, services
from acts.models import AccountingFile, AccountingFileStatus, PesKind
from collectivites.errors import ApplicationError, ConflictError

from ..errors import ErrorSerializer
from ..params import is_number
from ..routing import DbIdLookup
from ..tenders.documents import FileNegotiation
from . import serializers
from .acts import collectivite_field, file_response

XML = OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier XML.")


def _filters(params) -> dict:
    filters = {}
    for name, values in (("status", AccountingFileStatus.values), ("kind", PesKind.values)):
        raw = params.get(name)
        if raw:
            if raw not in values:
                raise ApplicationError("Valeur inconnue.", extra={"fields": {name: [raw[:50]]}})
            filters[name] = raw
    raw = params.get("collectivite")
    if raw:
        if not is_number(raw, max_digits=18):
            raise ApplicationError("Id invalide.", extra={"fields": {"collectivite": ["Id."]}})
        filters["collectivite"] = int(raw)
    return filters


class AccountingFileViewSet(DbIdLookup, viewsets.GenericViewSet):
    serializer_class = serializers.AccountingFileSerializer
    parser_classes = [MultiPartParser]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccountingFile.objects.none()
        return selectors.accounting_file_list(actor=self.request.user, **_filters(self.request.GET))

    def _row(self) -> AccountingFile:
        return selectors.accounting_file_get(actor=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        summary="Flux comptables (de mes collectivités)",
        parameters=[
            OpenApiParameter("status", str, enum=AccountingFileStatus.values),
            OpenApiParameter("kind", str, enum=PesKind.values),
            OpenApiParameter("collectivite", int),
        ],
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(
            serializers.AccountingFileSerializer(page, many=True).data
        )

    @extend_schema(summary="Un flux comptable")
    def retrieve(self, request, pk=None):
        return Response(serializers.AccountingFileSerializer(self._row()).data)

    @extend_schema(
        summary="Déposer un flux PES V2 (agents des flux comptables) ; transmis aussitôt",
        request={"multipart/form-data": serializers.AccountingFileCreateSerializer},
        responses={201: serializers.AccountingFileSerializer, 413: ErrorSerializer},
    )
    def create(self, request):
        payload = serializers.AccountingFileCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.accounting_file_submit(
            actor=request.user,
            collectivite=collectivite_field(request, payload.validated_data["collectivite"]),
            file=payload.validated_data["file"],
        )
        row = selectors.accounting_file_get(actor=request.user, pk=row.pk)
        return Response(
            serializers.AccountingFileSerializer(row).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(summary="Télécharger le flux déposé", responses={(200, "application/xml"): XML})
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def download(self, request, pk=None):
        row = self._row()
        return file_response(row.file, name=row.name, content_type="application/xml")

    @extend_schema(
        summary="L'acquittement du comptable (PES_ACQUIT)",
        responses={(200, "application/xml"): XML, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def acknowledgement(self, request, pk=None):
        row = self._row()
        if not row.acknowledgement:
            raise ConflictError("Le comptable n'a pas encore répondu.")
        return file_response(
            row.acknowledgement, name=f"PES_ACQUIT-{row.name}", content_type="application/xml"
        )
