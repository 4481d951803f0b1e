"""The secure messaging of the opening and analysis (R.2144-2, R.2152-2): the buyer's requests
under the tender, the company's answers under ``me/``. Rules in ``tenders.services.messaging``."""

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from tenders import selectors, services
from tenders.models import ClarificationRequest

from ..routing import DbIdLookup
from . import serializers
from .base import TENDER_ID, TenderChildViewSet
from .bids import CONFLICT, DECRYPTED
from .documents import FileNegotiation


class ClarificationViewSet(TenderChildViewSet):
    """The buyer's side."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = serializers.ClarificationSerializer
    lookup_url_kwarg = "request_id"

    @extend_schema(
        summary="Demandes de compléments ou de précisions envoyées (acheteurs)",
        parameters=[TENDER_ID],
        responses=serializers.ClarificationSerializer(many=True),
    )
    def list(self, request, tender_pk=None):
        rows = selectors.clarification_list(actor=request.user, tender=self.tender())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            serializers.ClarificationSerializer(page, many=True).data
        )

    @extend_schema(
        summary="Demander à une entreprise de compléter sa candidature ou préciser son offre",
        parameters=[TENDER_ID],
        request=serializers.ClarificationInputSerializer,
        responses={201: serializers.ClarificationSerializer, **CONFLICT},
    )
    def create(self, request, tender_pk=None):
        tender = self.tender(to="read_bids")
        payload = serializers.ClarificationInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        row = services.clarification_request_send(
            actor=request.user,
            tender=tender,
            company_id=data["company"],
            kind=data["kind"],
            text=data["text"],
            deadline=data["deadline"],
        )
        row = selectors.clarification_list(actor=request.user, tender=tender).get(pk=row.pk)
        return Response(
            serializers.ClarificationSerializer(row).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Lire une pièce de la réponse, déchiffrée (acheteurs ; journalisé)",
        parameters=[TENDER_ID],
        responses={(200, "application/octet-stream"): DECRYPTED, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="files/<dbid:file_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def download(self, request, tender_pk=None, request_id=None, file_id=None):
        row, chunks = services.clarification_answer_read(
            actor=request.user, tender=self.tender(), request_id=request_id, file_id=file_id
        )
        response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
        response["Content-Length"] = str(row.size)
        response["Content-Disposition"] = content_disposition_header(True, row.name)
        response["X-Content-SHA256"] = row.sha256
        return response


class MyClarificationViewSet(DbIdLookup, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The company's side: the requests addressed to it, and its answers."""

    serializer_class = serializers.ClarificationSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ClarificationRequest.objects.none()
        return selectors.clarification_list_for_company(actor=self.request.user)

    @extend_schema(summary="Demandes adressées à mon entreprise")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Répondre (une fois, avant la date limite ; réponse scellée et horodatée)",
        request={"multipart/form-data": serializers.ClarificationAnswerSerializer},
        responses={200: serializers.ClarificationSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        payload = serializers.ClarificationAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.clarification_answer(
            actor=request.user,
            request_id=int(pk),
            text=payload.validated_data["text"],
            files=request.FILES.getlist("files"),
        )
        row = self.get_queryset().get(pk=pk)
        return Response(serializers.ClarificationSerializer(row).data)
