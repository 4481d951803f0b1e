"""Sealed bids (plis): companies submit until the deadline and get receipts; buyers read them
once opened, after the deadline. Before it, only counts are known (to the buyer side).

The rules live in ``tenders.services.bids`` and the seal in ``tenders.crypto``; these views
only validate the request and shape answers.
"""

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from collectivites.errors import ApplicationError
from tenders import receipts, selectors, services
from tenders.models import Bid

from ..errors import ErrorSerializer
from ..params import is_number
from ..routing import DbIdLookup
from . import serializers
from .base import TENDER_ID, TenderChildViewSet
from .documents import FileNegotiation

# A bid file is served back decrypted with the type sniffed when it was received, one of those
# the platform takes (settings.BID_ALLOWED_TYPES).
BID_FILE_TYPES = sorted({kind for kinds in settings.BID_ALLOWED_TYPES.values() for kind in kinds})
DECRYPTED = OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier déchiffré.")
CONFLICT = {409: ErrorSerializer}


class BidViewSet(TenderChildViewSet):
    parser_classes = [MultiPartParser]
    serializer_class = serializers.OpenedBidSerializer
    lookup_url_kwarg = "bid_id"

    @extend_schema(
        summary="Remettre un pli (entreprises identifiées, jusqu'à la date limite)",
        description="Un nouveau dépôt avant la date limite remplace le précédent (pour le même "
        "lot) ; les deux sont conservés. Hors délai (horloge du serveur) : 409 `hors_delai`. "
        "Trop volumineux : 413.",
        parameters=[TENDER_ID],
        request={"multipart/form-data": serializers.BidSubmitSerializer},
        responses={
            201: serializers.MyBidSerializer,
            413: ErrorSerializer,
            429: ErrorSerializer,
            **CONFLICT,
        },
    )
    def create(self, request, tender_pk=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated("Identifiez-vous pour remettre un pli.")
        length = request.META.get("CONTENT_LENGTH") or "0"
        if is_number(length, max_digits=18) and int(length) > services.max_request_bytes():
            # Refused before the body is even read.
            raise services.TooLargeError(
                f"Le pli dépasse la taille maximale ({int(length)} octets envoyés).",
                extra={"limit": services.max_request_bytes()},
            )
        tender = self.tender(to="submit_bid")
        lot = request.data.get("lot") or None
        if lot is not None and not is_number(str(lot), max_digits=3):
            raise ApplicationError("Numéro de lot invalide.", extra={"fields": {"lot": [lot]}})
        bid = services.bid_submit(
            actor=request.user,
            tender=tender,
            files=request.FILES.getlist("files"),
            lot_number=int(lot) if lot is not None else None,
            ip=request.META.get("REMOTE_ADDR"),
            backup=str(request.data.get("backup", "")).lower() in ("true", "1", "on"),
        )
        bid = selectors.bid_list_for_company(actor=request.user).get(pk=bid.pk)
        return Response(serializers.MyBidSerializer(bid).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Plis d'une consultation (acheteurs, après la date limite et l'ouverture)",
        parameters=[TENDER_ID],
        responses={200: serializers.OpenedBidSerializer(many=True), **CONFLICT},
    )
    def list(self, request, tender_pk=None):
        bids = selectors.bid_list(actor=request.user, tender=self.tender())
        page = self.paginate_queryset(bids)
        return self.get_paginated_response(serializers.OpenedBidSerializer(page, many=True).data)

    @extend_schema(
        summary="Ouvrir aussi un pli remplacé (motif obligatoire, journalisé ; R.2151-6)",
        parameters=[TENDER_ID],
        request=serializers.ReasonRequiredSerializer,
        responses={201: serializers.EarlierBidOpeningSerializer, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="open-earlier",
        parser_classes=[JSONParser, FormParser, MultiPartParser],
    )
    def open_earlier(self, request, tender_pk=None, bid_id=None):
        tender = self.tender(to="open_bids")
        data = serializers.ReasonRequiredSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opening = services.bid_open_earlier(
            actor=request.user, tender=tender, bid_id=bid_id, reason=data.validated_data["reason"]
        )
        return Response(
            serializers.EarlierBidOpeningSerializer(opening).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Nombre de plis reçus (côté acheteur et animateurs ; jamais qui)",
        parameters=[TENDER_ID],
        responses=serializers.BidCountSerializer,
    )
    @action(detail=False, methods=["get"])
    def count(self, request, tender_pk=None):
        figures = selectors.bid_count(actor=request.user, tender=self.tender())
        return Response(serializers.BidCountSerializer(figures).data)

    @extend_schema(
        summary="Télécharger un fichier d'un pli, déchiffré (acheteurs, plis ouverts)",
        parameters=[TENDER_ID],
        responses={
            **{(200, media_type): DECRYPTED for media_type in BID_FILE_TYPES},
            **CONFLICT,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="files/<dbid:file_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def download(self, request, tender_pk=None, bid_id=None, file_id=None):
        bid_file, chunks = services.bid_file_read(
            actor=request.user, tender=self.tender(), bid_id=bid_id, file_id=file_id
        )
        response = StreamingHttpResponse(
            chunks, content_type=bid_file.content_type or "application/octet-stream"
        )
        response["Content-Length"] = str(bid_file.size)
        response["Content-Disposition"] = content_disposition_header(True, bid_file.name)
        response["X-Content-SHA256"] = bid_file.sha256
        return response


class MyBidViewSet(
    DbIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The bids of the user's company, with their receipts (JSON and PDF)."""

    serializer_class = serializers.MyBidSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Bid.objects.none()
        bids = selectors.bid_list_for_company(actor=self.request.user)
        tender = self.request.query_params.get("tender")
        if tender is not None:
            if not is_number(tender, max_digits=18):
                raise ApplicationError("Paramètre tender invalide.")
            bids = bids.filter(tender_id=int(tender))
        return bids

    @extend_schema(
        summary="Les plis de mon entreprise (les plus récents d'abord)",
        parameters=[OpenApiParameter("tender", int, description="Une consultation seulement.")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Un pli de mon entreprise", responses=serializers.MyBidSerializer)
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Accusé de réception (JSON)",
        responses={(200, "application/json"): OpenApiTypes.OBJECT},
    )
    def receipt_json(self, request, pk=None):
        bid = self.get_object()
        receipt = bid.receipt
        response = Response(receipt)
        if bid.receipt_seal:
            response["X-Receipt-Signature"] = bid.receipt_seal["signature"]
            response["X-Receipt-Key-Fingerprint"] = bid.receipt_seal["key_fingerprint"]
        response["Content-Disposition"] = content_disposition_header(
            True, receipts.receipt_filename(receipt, "json")
        )
        return response

    @extend_schema(
        summary="Accusé de réception (PDF)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def receipt_pdf(self, request, pk=None):
        receipt = self.get_object().receipt
        response = HttpResponse(receipts.receipt_pdf(receipt), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, receipts.receipt_filename(receipt, "pdf")
        )
        return response
