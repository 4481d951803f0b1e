"""Backup copies (R.2132-11): listed to the tender's buyers once the bids are opened, opened
only by an explicit, reasoned act in the cases the law allows."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from tenders.models import BackupOpeningGround, Bid
from tenders.services import backups as services

from ..errors import ErrorSerializer
from ..serializers import CompanySerializer
from .base import TENDER_ID, TenderChildViewSet
from .serializers.bids import BidFileSerializer


class BackupOpeningSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=BackupOpeningGround.choices)
    reason = serializers.CharField()
    opened_by = serializers.CharField(source="opened_by.display_name")
    opened_at = serializers.DateTimeField()


class BackupSerializer(serializers.ModelSerializer):
    company = CompanySerializer()
    opening = serializers.SerializerMethodField()
    files = BidFileSerializer(many=True)

    class Meta:
        model = Bid
        fields = ["id", "company", "submitted_at", "files", "opening"]

    @extend_schema_field(BackupOpeningSerializer(allow_null=True))
    def get_opening(self, bid):
        opening = getattr(bid, "backup_opening", None)
        return BackupOpeningSerializer(opening).data if opening else None


class BackupOpenSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=BackupOpeningGround.choices)
    reason = serializers.CharField(max_length=5000)


class BackupViewSet(TenderChildViewSet):
    pagination_class = None

    @extend_schema(
        summary="Copies de sauvegarde d'une consultation (acheteurs, après l'ouverture)",
        parameters=[TENDER_ID],
        responses={200: BackupSerializer(many=True), 409: ErrorSerializer},
    )
    def list(self, request, tender_pk=None):
        backups = services.backup_list(actor=request.user, tender=self.tender())
        return Response(BackupSerializer(backups.prefetch_related("files"), many=True).data)

    @extend_schema(
        summary="Ouvrir une copie de sauvegarde (cas prévus, motivé, journalisé)",
        parameters=[TENDER_ID, OpenApiParameter("backup_id", int, OpenApiParameter.PATH)],
        request=BackupOpenSerializer,
        responses={200: BackupOpeningSerializer, 409: ErrorSerializer},
    )
    def open(self, request, tender_pk=None, backup_id=None):
        tender = self.tender(to="open_bids")
        payload = BackupOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        opening = services.backup_open(
            actor=request.user, tender=tender, backup_id=backup_id, **payload.validated_data
        )
        return Response(BackupOpeningSerializer(opening).data)
