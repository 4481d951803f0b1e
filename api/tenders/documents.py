"""The DCE: upload and revise (buyers), download free and public, one piece or the whole ZIP.

Every download is recorded in the registre des retraits, identified or anonymous. Files stream
from storage: ``FileResponse`` reads a piece block by block, the ZIP is assembled on the fly.
"""

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from collectivites import permissions
from collectivites.errors import NotFoundError
from spaces.models import Draft
from tenders import selectors, services, streaming
from tenders.models import Tender, TenderDocument
from tenders.rules import is_public

from ..errors import ErrorSerializer
from ..params import is_number
from . import serializers as s
from .base import ERRORS, NOT_FOUND, TENDER_ID, TenderChildViewSet

DOC_ID = OpenApiParameter("doc_id", int, OpenApiParameter.PATH)
VERSION = OpenApiParameter(
    "version", int, description="Numéro de version (par défaut : la version en vigueur)."
)
BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier.")


class FileNegotiation(BaseContentNegotiation):
    """Downloads answer whatever the client says it accepts (browser, curl, script)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _record(request, tender: Tender, version) -> None:
    # The registre des retraits lists who took the DCE to answer: not the buyer's side checking
    # its own pieces (nor a draft's preview), which would also count in the statistics.
    if is_public(tender) and not permissions.user_can(request.user, "manage", tender):
        services.download_record(
            tender=tender, version=version, user=request.user, ip=_client_ip(request)
        )


class DocumentViewSet(TenderChildViewSet):
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None  # a DCE has a handful of pieces: plain lists, as the schema says
    serializer_class = s.DocumentSerializer

    def _document(self, tender: Tender) -> TenderDocument:
        return get_object_or_404(
            TenderDocument.objects.select_related("current_version"),
            tender=tender,
            pk=self.kwargs["doc_id"],
        )

    @extend_schema(
        summary="Pièces du DCE",
        parameters=[TENDER_ID],
        responses={200: s.DocumentSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request, tender_pk=None):
        documents = selectors.document_list(tender=self.tender())
        return Response(s.DocumentSerializer(documents, many=True).data)

    @extend_schema(
        summary="Ajouter une pièce au DCE (acheteurs ; après publication : modification du DCE)",
        parameters=[TENDER_ID],
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={201: s.DocumentSerializer, **ERRORS},
    )
    def create(self, request, tender_pk=None):
        tender = self.managed_tender()
        payload = s.DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.tender_document_add(
            actor=request.user, tender=tender, **payload.validated_data
        )
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Versions d'une pièce du DCE",
        parameters=[TENDER_ID, DOC_ID],
        responses={200: s.DocumentVersionSerializer(many=True), 404: NOT_FOUND},
    )
    def versions(self, request, tender_pk=None, doc_id=None):
        document = self._document(self.tender())
        versions = selectors.document_versions(document=document)
        return Response(s.DocumentVersionSerializer(versions, many=True).data)

    @extend_schema(
        summary="Déposer une nouvelle version d'une pièce (acheteurs)",
        parameters=[TENDER_ID, DOC_ID],
        request={"multipart/form-data": s.VersionUploadSerializer},
        responses={201: s.DocumentVersionSerializer, **ERRORS},
    )
    def revise(self, request, tender_pk=None, doc_id=None):
        tender = self.managed_tender()
        document = self._document(tender)
        payload = s.VersionUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.tender_document_revise(
            actor=request.user, tender=tender, document=document, **payload.validated_data
        )
        return Response(s.DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Supprimer une pièce d'un brouillon (acheteurs)",
        parameters=[TENDER_ID, DOC_ID],
        responses={204: None, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer},
    )
    def destroy(self, request, tender_pk=None, doc_id=None):
        tender = self.managed_tender()
        services.tender_document_delete(
            actor=request.user, tender=tender, document=self._document(tender)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Télécharger une pièce du DCE (libre, anonyme ou identifié)",
        parameters=[TENDER_ID, DOC_ID, VERSION],
        responses={(200, "application/octet-stream"): BINARY, 404: NOT_FOUND},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def download(self, request, tender_pk=None, doc_id=None):
        tender = self.tender()
        document = self._document(tender)
        version = document.current_version
        wanted = request.query_params.get("version")
        if wanted is not None:
            if not is_number(wanted, max_digits=9):
                raise NotFoundError("Version introuvable.")
            version = document.versions.filter(number=int(wanted)).first()
        if version is None:
            raise NotFoundError("Version introuvable.")
        _record(request, tender, version)
        handle = version.file.storage.open(version.file.name, "rb")
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=version.name,
            content_type=version.content_type or "application/octet-stream",
        )
        response["X-Content-SHA256"] = version.sha256
        return response

    @extend_schema(
        summary="Télécharger tout le DCE en ZIP (versions en vigueur)",
        parameters=[TENDER_ID],
        responses={(200, "application/zip"): BINARY, 404: NOT_FOUND},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def dce_zip(self, request, tender_pk=None):
        tender = self.tender()
        versions = list(selectors.current_versions(tender=tender))
        if not versions:
            raise NotFoundError("Le DCE ne comporte encore aucune pièce.")
        _record(request, tender, None)
        archive = streaming.dce_zip(tender=tender, versions=versions)
        response = StreamingHttpResponse(archive, content_type="application/zip")
        response["Content-Length"] = str(len(archive))
        filename = streaming.dce_zip_name(tender)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class DocumentFromDraftView(TenderChildViewSet):
    """A drafting-space draft exported into the DCE (PDF or ODT), linked to its source version."""

    @extend_schema(
        summary="Joindre un brouillon d'espace de rédaction au DCE (acheteurs)",
        parameters=[TENDER_ID],
        request=s.DocumentFromDraftSerializer,
        responses={201: s.DocumentVersionSerializer, **ERRORS},
    )
    def create(self, request, tender_pk=None):
        tender = self.managed_tender()
        payload = s.DocumentFromDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        draft = Draft.objects.filter(pk=data["draft"]).select_related("space").first()
        if draft is None:
            raise NotFoundError("Brouillon introuvable.")
        document = None
        if data["document"] is not None:
            document = get_object_or_404(TenderDocument, tender=tender, pk=data["document"])
        version = services.tender_document_from_draft(
            actor=request.user,
            tender=tender,
            draft=draft,
            version_number=data["version"],
            export_format=data["format"],
            title=data["title"],
            change_note=data["change_note"],
            document=document,
        )
        return Response(s.DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)
