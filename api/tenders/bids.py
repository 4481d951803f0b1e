"""Sealed bids (plis): companies submit until the deadline and get receipts; buyers read them
once opened, after the deadline. Before it, only counts are known (to the buyer side).

The rules live in ``tenders.services.bids`` and the seal in ``tenders.crypto``; these views
only find objects and shape answers.
"""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from collectivites import permissions
from collectivites.errors import ApplicationError
from tenders import receipts, selectors, services
from tenders.models import Bid, BidFile, Lot

from ..errors import ErrorSerializer
from ..params import is_number
from ..serializers import CompanySerializer
from .base import ERRORS, ID, NOT_FOUND, TENDER_ID, TenderChildViewSet
from .serializers import TenderRefSerializer

BID_ID = OpenApiParameter("bid_id", int, OpenApiParameter.PATH)
FILE_ID = OpenApiParameter("file_id", int, OpenApiParameter.PATH)

# --- Shapes -----------------------------------------------------------------------------------


class BidLotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["number", "title"]


class BidFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = BidFile
        fields = ["id", "name", "size", "sha256", "content_type", "signature_status"]


class OpenedBidFileSerializer(BidFileSerializer):
    class Meta(BidFileSerializer.Meta):
        fields = [*BidFileSerializer.Meta.fields, "signature_details"]


class MyBidSerializer(serializers.ModelSerializer):
    """A company's own bid: what it sent, and its receipt."""

    tender = TenderRefSerializer()
    lot = BidLotSerializer(allow_null=True)
    files = BidFileSerializer(many=True)
    receipt = serializers.DictField(help_text="L'accusé de réception (aussi en PDF).")

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "lot",
            "submitted_at",
            "is_current",
            "superseded_by",
            "files",
            "receipt",
        ]


class OpenedBidSerializer(serializers.ModelSerializer):
    """A bid as its buyer reads it once opened."""

    company = CompanySerializer()
    lot = BidLotSerializer(allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by.display_name")
    files = OpenedBidFileSerializer(many=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "company",
            "lot",
            "submitted_at",
            "submitted_by",
            "is_current",
            "superseded_by",
            "files",
        ]


BidCountSerializer = inline_serializer(
    name="BidCount",
    fields={
        "bids": serializers.IntegerField(help_text="Plis qui comptent (le dernier de chacun)."),
        "companies": serializers.IntegerField(),
        "submissions": serializers.IntegerField(help_text="Dépôts, remplacés compris."),
        "sealed": serializers.BooleanField(help_text="Avant la date limite."),
        "response_deadline": serializers.DateTimeField(),
    },
)


class BidSubmitSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), help_text="Un ou plusieurs.")
    lot = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=999, help_text="Numéro de lot."
    )


BINARY = OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier déchiffré.")

# --- Views ------------------------------------------------------------------------------------


class BidViewSet(TenderChildViewSet):
    parser_classes = [MultiPartParser]
    serializer_class = OpenedBidSerializer

    @extend_schema(
        summary="Remettre un pli (entreprises identifiées, jusqu'à la date limite)",
        description="Un nouveau dépôt avant la date limite remplace le précédent (pour le même "
        "lot) ; les deux sont conservés. Hors délai (horloge du serveur) : 409 `hors_delai`. "
        "Trop volumineux : 413.",
        parameters=[TENDER_ID],
        request={"multipart/form-data": BidSubmitSerializer},
        responses={201: MyBidSerializer, 401: ErrorSerializer, 413: ErrorSerializer, **ERRORS},
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
        tender = self.tender()
        permissions.require(request.user, "submit_bid", tender)
        lot = request.data.get("lot") or None
        if lot is not None and not is_number(str(lot), max_digits=3):
            raise ApplicationError("Numéro de lot invalide.", extra={"fields": {"lot": [lot]}})
        bid = services.bid_submit(
            actor=request.user,
            tender=tender,
            files=request.FILES.getlist("files"),
            lot_number=int(lot) if lot is not None else None,
        )
        bid = selectors.bid_list_for_company(user=request.user).get(pk=bid.pk)
        return Response(MyBidSerializer(bid).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Plis d'une consultation (acheteurs, après la date limite et l'ouverture)",
        parameters=[TENDER_ID],
        responses={200: OpenedBidSerializer(many=True), **ERRORS},
    )
    def list(self, request, tender_pk=None):
        bids = selectors.bid_list(user=request.user, tender=self.tender())
        page = self.paginate_queryset(bids)
        return self.get_paginated_response(OpenedBidSerializer(page, many=True).data)

    @extend_schema(
        summary="Nombre de plis reçus (côté acheteur et animateurs ; jamais qui)",
        parameters=[TENDER_ID],
        responses={200: BidCountSerializer, 403: ErrorSerializer, 404: NOT_FOUND},
    )
    def count(self, request, tender_pk=None):
        tender = self.tender()
        permissions.require(request.user, "count_bids", tender)
        sealed = tender.response_deadline is None or timezone.now() < tender.response_deadline
        return Response(
            {
                **selectors.bid_count(tender=tender),
                "sealed": sealed,
                "response_deadline": tender.response_deadline,
            }
        )

    @extend_schema(
        summary="Télécharger un fichier d'un pli, déchiffré (acheteurs, plis ouverts)",
        parameters=[TENDER_ID, BID_ID, FILE_ID],
        responses={(200, "application/octet-stream"): BINARY, **ERRORS},
    )
    def download(self, request, tender_pk=None, bid_id=None, file_id=None):
        tender = self.tender()
        services.bid_require_readable(user=request.user, tender=tender)
        bid_file = get_object_or_404(
            BidFile.objects.select_related("bid__tender__buyer"),
            bid__tender=tender,
            bid_id=bid_id,
            pk=file_id,
        )
        chunks = services.bid_file_chunks(user=request.user, bid_file=bid_file)
        response = StreamingHttpResponse(
            chunks, content_type=bid_file.content_type or "application/octet-stream"
        )
        response["Content-Length"] = str(bid_file.size)
        response["Content-Disposition"] = content_disposition_header(True, bid_file.name)
        response["X-Content-SHA256"] = bid_file.sha256
        return response


class MyBidViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The bids of the user's company, with their receipts (JSON and PDF)."""

    serializer_class = MyBidSerializer
    filter_backends: list = []
    lookup_value_regex = ID

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Bid.objects.none()
        bids = selectors.bid_list_for_company(user=self.request.user)
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

    @extend_schema(
        summary="Un pli de mon entreprise", responses={200: MyBidSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Accusé de réception (JSON)",
        responses={200: OpenApiTypes.OBJECT, 404: NOT_FOUND},
    )
    def receipt_json(self, request, pk=None):
        receipt = self.get_object().receipt
        response = Response(receipt)
        response["Content-Disposition"] = content_disposition_header(
            True, receipts.receipt_filename(receipt, "json")
        )
        return response

    @extend_schema(
        summary="Accusé de réception (PDF)",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND},
    )
    def receipt_pdf(self, request, pk=None):
        receipt = self.get_object().receipt
        response = HttpResponse(receipts.receipt_pdf(receipt), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, receipts.receipt_filename(receipt, "pdf")
        )
        return response
