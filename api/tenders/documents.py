"""The DCE: upload and revise (buyers), download free and public, one piece or the whole ZIP.

Every download is recorded in the registre des retraits, identified or anonymous (the services
decide). Files stream from storage: ``FileResponse`` reads a piece block by block, the ZIP is
assembled on the fly.
"""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from collectivites.errors import NotFoundError
from spaces.models import Draft
from tenders import selectors, services, streaming

from ..errors import ErrorSerializer
from ..params import is_number
from . import serializers
from .base import TENDER_ID, TenderChildViewSet

VERSION = OpenApiParameter(
    "version", int, description="Numéro de version (par défaut : la version en vigueur)."
)
# A piece of the DCE is served with the type its name says once its content has confirmed it
# (``_served_type``): the formats buyers put in a DCE, and any other type for another kind.
PIECE_TYPES = (
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "*/*",
)
PIECE = OpenApiResponse(OpenApiTypes.BINARY, description="La pièce, avec son type de fichier.")
ZIP = OpenApiResponse(OpenApiTypes.BINARY, description="Le DCE en archive ZIP.")
CONFLICT = {409: ErrorSerializer}
TOO_LARGE = {413: ErrorSerializer}


class FileNegotiation(BaseContentNegotiation):
    """Downloads answer whatever the client says it accepts (browser, curl, script)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


class DocumentViewSet(TenderChildViewSet):
    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None  # a DCE has a handful of pieces: plain lists, as the schema says
    serializer_class = serializers.DocumentSerializer
    lookup_url_kwarg = "doc_id"

    @extend_schema(
        summary="Pièces du DCE",
        parameters=[TENDER_ID],
        responses=serializers.DocumentSerializer(many=True),
    )
    def list(self, request, tender_pk=None):
        documents = selectors.document_list(actor=request.user, tender=self.tender())
        return Response(serializers.DocumentSerializer(documents, many=True).data)

    @extend_schema(
        summary="Ajouter une pièce au DCE (acheteurs ; après publication : modification du DCE)",
        parameters=[TENDER_ID],
        request={"multipart/form-data": serializers.DocumentUploadSerializer},
        responses={201: serializers.DocumentSerializer, **CONFLICT},
    )
    def create(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        payload = serializers.DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.tender_document_add(
            actor=request.user, tender=tender, **payload.validated_data
        )
        return Response(
            serializers.DocumentSerializer(document).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Versions d'une pièce du DCE",
        parameters=[TENDER_ID],
        responses=serializers.DocumentVersionSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def versions(self, request, tender_pk=None, doc_id=None):
        versions = selectors.document_versions(actor=request.user, tender=self.tender(), pk=doc_id)
        return Response(serializers.DocumentVersionSerializer(versions, many=True).data)

    @extend_schema(
        summary="Déposer une nouvelle version d'une pièce (acheteurs)",
        parameters=[TENDER_ID],
        request={"multipart/form-data": serializers.VersionUploadSerializer},
        responses={201: serializers.DocumentVersionSerializer, **CONFLICT},
    )
    @versions.mapping.post
    def revise(self, request, tender_pk=None, doc_id=None):
        tender = self.tender(to="manage")
        document = selectors.document_get(actor=request.user, tender=tender, pk=doc_id)
        payload = serializers.VersionUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.tender_document_revise(
            actor=request.user, tender=tender, document=document, **payload.validated_data
        )
        return Response(
            serializers.DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Supprimer une pièce d'un brouillon (acheteurs)",
        parameters=[TENDER_ID],
        responses={204: None, **CONFLICT},
    )
    def destroy(self, request, tender_pk=None, doc_id=None):
        tender = self.tender(to="manage")
        document = selectors.document_get(actor=request.user, tender=tender, pk=doc_id)
        services.tender_document_delete(actor=request.user, tender=tender, document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Télécharger une pièce du DCE (libre, anonyme ou identifié)",
        parameters=[TENDER_ID, VERSION],
        responses={
            **{(200, media_type): PIECE for media_type in PIECE_TYPES},
            429: ErrorSerializer,
        },
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def download(self, request, tender_pk=None, doc_id=None):
        wanted = request.query_params.get("version")
        if wanted is not None and not is_number(wanted, max_digits=9):
            raise NotFoundError("Version introuvable.")
        version = services.document_download(
            actor=request.user,
            tender=self.tender(),
            document_id=doc_id,
            version_number=int(wanted) if wanted is not None else None,
            ip=_client_ip(request),
        )
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
        responses={(200, "application/zip"): ZIP, 429: ErrorSerializer},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def dce_zip(self, request, tender_pk=None):
        # Streamed as it is assembled, in constant memory (tenders/streaming.py, ADR 0029).
        # HEAD answers the headers only: not a download for the registre, no file read. No byte
        # ranges (Accept-Ranges: none): a range would need the CRC of every piece before it.
        tender = self.tender()
        if request.method == "HEAD":
            versions = services.dce_current_versions(actor=request.user, tender=tender)
            archive = streaming.dce_zip(tender=tender, versions=versions)
            response = HttpResponse(content_type="application/zip")
        else:
            versions = services.dce_download(
                actor=request.user, tender=tender, ip=_client_ip(request)
            )
            archive = streaming.dce_zip(tender=tender, versions=versions)
            response = StreamingHttpResponse(archive, content_type="application/zip")
        response["Content-Length"] = str(len(archive))
        response["Accept-Ranges"] = "none"
        filename = streaming.dce_zip_name(tender)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    @extend_schema(
        summary="Joindre un brouillon d'espace de rédaction au DCE (acheteurs)",
        parameters=[TENDER_ID],
        request=serializers.DocumentFromDraftSerializer,
        responses={201: serializers.DocumentVersionSerializer, **CONFLICT},
    )
    @action(detail=False, methods=["post"], url_path="from-draft", parser_classes=[JSONParser])
    def from_draft(self, request, tender_pk=None):
        """A drafting-space draft exported into the DCE (PDF or ODT), linked to its source."""
        tender = self.tender(to="manage")
        payload = serializers.DocumentFromDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        draft = Draft.objects.filter(pk=data["draft"]).select_related("space").first()
        if draft is None:
            raise NotFoundError("Brouillon introuvable.")
        document = None
        if data["document"] is not None:
            document = selectors.document_get(
                actor=request.user, tender=tender, pk=data["document"]
            )
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
        return Response(
            serializers.DocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED
        )
