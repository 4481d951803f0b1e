"""A draft (or one of its versions) as a file to download: HTML, ODT, DOCX or PDF."""

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets

from collectivites.errors import NotFoundError
from spaces import exports, selectors


def _number(raw: str) -> int:
    """A version number from the query string; anything else is a version that does not exist."""
    if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) == 0:
        raise NotFoundError("Version introuvable.")
    return int(raw)


class DraftExportViewSet(viewsets.ViewSet):
    """``drafts/<id>/export/<format>/``: the draft with the space and its collectivités."""

    lookup_url_kwarg = "format"
    lookup_value_converter = "str"

    def get_format_suffix(self, **kwargs):
        return None  # ``format`` here names the export, not DRF's response format

    @extend_schema(
        summary="Exporter un brouillon ou une version (html, odt, docx, pdf)",
        parameters=[
            OpenApiParameter("format", str, OpenApiParameter.PATH, enum=list(exports.FORMATS)),
            OpenApiParameter(
                "version", int, description="Numéro de version (sinon le texte en cours)."
            ),
        ],
        # Each format with its own media type; errors stay JSON (added by ApiAutoSchema).
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY)
            for content_type in exports.FORMATS.values()
        },
    )
    def retrieve(self, request, id: int, format: str):
        draft = selectors.draft_live(draft=selectors.draft_get(actor=request.user, pk=id))
        version = None
        raw = request.query_params.get("version")
        if raw:
            version = selectors.draft_version_get(
                actor=request.user, draft=draft, number=_number(raw)
            )
        produced = exports.draft_export(
            actor=request.user, draft=draft, export_format=format, version=version
        )
        response = HttpResponse(produced.content, content_type=produced.content_type)
        response["Content-Disposition"] = content_disposition_header(True, produced.filename)
        return response
