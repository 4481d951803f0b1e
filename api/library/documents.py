"""Documents of the library: those linked by pages the caller may read, and their download."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from library import selectors
from library.selectors.documents import Document

from ..routing import DbIdLookup
from .serializers import LibraryDocumentSerializer

FILE = OpenApiResponse(OpenApiTypes.BINARY, description="Le document, avec son type de fichier.")
FILE_TYPES = (
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "*/*",
)


class FileNegotiation(BaseContentNegotiation):
    """Downloads answer whatever the client says it accepts (browser, curl, script)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class LibraryDocumentViewSet(DbIdLookup, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = LibraryDocumentSerializer
    queryset = Document.objects.none()
    filter_backends: list = []
    lookup_url_kwarg = "id"

    @extend_schema(
        summary="Documents de la base documentaire visibles",
    )
    def list(self, request):
        documents = selectors.document_list(actor=request.user)
        return self.get_paginated_response(
            LibraryDocumentSerializer(self.paginate_queryset(documents), many=True).data
        )

    @extend_schema(summary="Un document")
    def retrieve(self, request, id: int):
        document = selectors.document_get(actor=request.user, document_id=id)
        return Response(LibraryDocumentSerializer(document).data)

    @extend_schema(
        summary="Télécharger un document",
        responses={(200, media_type): FILE for media_type in FILE_TYPES},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def download(self, request, id: int):
        document = selectors.document_get(actor=request.user, document_id=id)
        handle = document.file.storage.open(document.file.name, "rb")
        content_type = document.content_type or "application/octet-stream"
        return FileResponse(
            handle, as_attachment=True, filename=document.filename, content_type=content_type
        )
