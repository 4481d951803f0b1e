"""The candidature phase of two-phase procedures: the checklist, deposits, the selection and
the invitations. Rules in ``tenders.services.candidatures``; views validate and shape."""

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from tenders import selectors, services

from . import serializers
from .base import TENDER_ID, TenderChildViewSet
from .bids import CONFLICT, DECRYPTED
from .documents import FileNegotiation

JSON = [JSONParser, FormParser, MultiPartParser]


class CandidatureViewSet(TenderChildViewSet):
    parser_classes = [MultiPartParser]
    serializer_class = serializers.CandidatureSerializer
    lookup_url_kwarg = "candidature_id"

    @extend_schema(
        summary="Déposer une candidature (entreprises, jusqu'à la date limite des candidatures)",
        parameters=[TENDER_ID],
        request={"multipart/form-data": serializers.CandidatureSubmitSerializer},
        responses={201: serializers.CandidatureSerializer, **CONFLICT},
    )
    def create(self, request, tender_pk=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated("Identifiez-vous pour déposer une candidature.")
        tender = self.tender(to="submit_bid")
        payload = serializers.CandidatureSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        candidature = services.candidature_submit(
            actor=request.user,
            tender=tender,
            files=request.FILES.getlist("files"),
            requirement_ids=[value or None for value in payload.validated_data["requirements"]],
        )
        row = selectors.candidature_list_for_company(actor=request.user, tender=tender).get(
            pk=candidature.pk
        )
        return Response(serializers.CandidatureSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Candidatures reçues (acheteurs, après la date limite des candidatures)",
        parameters=[TENDER_ID],
        responses={200: serializers.CandidatureSerializer(many=True), **CONFLICT},
    )
    def list(self, request, tender_pk=None):
        rows = selectors.candidature_list(actor=request.user, tender=self.tender())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializers.CandidatureSerializer(page, many=True).data)

    @extend_schema(
        summary="Mes candidatures à cette consultation (entreprises)",
        parameters=[TENDER_ID],
        responses=serializers.CandidatureSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def mine(self, request, tender_pk=None):
        rows = selectors.candidature_list_for_company(actor=request.user, tender=self.tender())
        return Response(serializers.CandidatureSerializer(rows, many=True).data)

    @extend_schema(
        methods=["get"],
        summary="Pièces de candidature demandées",
        parameters=[TENDER_ID],
        responses=serializers.CandidatureRequirementSerializer(many=True),
    )
    @extend_schema(
        methods=["put"],
        summary="Fixer les pièces de candidature demandées (brouillon ; acheteurs)",
        parameters=[TENDER_ID],
        request=serializers.RequirementsInputSerializer,
        responses={200: serializers.CandidatureRequirementSerializer(many=True), **CONFLICT},
    )
    @action(detail=False, methods=["get", "put"], parser_classes=JSON, pagination_class=None)
    def requirements(self, request, tender_pk=None):
        if request.method == "GET":
            rows = selectors.candidature_requirements(actor=request.user, tender=self.tender())
        else:
            tender = self.tender(to="manage")
            payload = serializers.RequirementsInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            rows = services.candidature_requirements_set(
                actor=request.user, tender=tender, items=payload.validated_data["items"]
            )
        return Response(serializers.CandidatureRequirementSerializer(rows, many=True).data)

    @extend_schema(
        summary="Admettre ou rejeter une candidature (motif obligatoire pour un rejet)",
        parameters=[TENDER_ID],
        request=serializers.DecisionSerializer,
        responses={200: serializers.CandidatureSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], parser_classes=JSON)
    def decide(self, request, tender_pk=None, candidature_id=None):
        tender = self.tender(to="read_bids")
        payload = serializers.DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.candidature_decide(
            actor=request.user,
            tender=tender,
            candidature_id=candidature_id,
            **payload.validated_data,
        )
        row = selectors.candidature_list(actor=request.user, tender=tender).get(pk=candidature_id)
        return Response(serializers.CandidatureSerializer(row).data)

    @extend_schema(
        summary="Inviter les candidats admis à soumissionner (fixe la date limite des offres)",
        parameters=[TENDER_ID],
        request=serializers.InvitationSerializer,
        responses={200: serializers.CandidatureSerializer(many=True), **CONFLICT},
    )
    @action(detail=False, methods=["post"], parser_classes=JSON, pagination_class=None)
    def invite(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        payload = serializers.InvitationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invited = services.candidature_invite(
            actor=request.user, tender=tender, **payload.validated_data
        )
        return Response(serializers.CandidatureSerializer(invited, many=True).data)

    @extend_schema(
        summary="Télécharger un fichier d'une candidature, déchiffré (acheteurs)",
        parameters=[TENDER_ID],
        responses={(200, "application/octet-stream"): DECRYPTED, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="files/<dbid:file_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def download(self, request, tender_pk=None, candidature_id=None, file_id=None):
        row, chunks = services.candidature_file_read(
            actor=request.user,
            tender=self.tender(),
            candidature_id=candidature_id,
            file_id=file_id,
        )
        response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
        response["Content-Length"] = str(row.size)
        response["Content-Disposition"] = content_disposition_header(True, row.name)
        response["X-Content-SHA256"] = row.sha256
        return response
