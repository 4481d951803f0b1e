"""Shapes of sealed bids: a company's own (with its receipt), a bid as its buyer reads it once
opened, the counts known before, and what a company sends."""

from rest_framework import serializers

from tenders.models import Bid, BidFile, Lot

from ...serializers import CompanySerializer
from .tenders import TenderRefSerializer


class BidLotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["number", "title"]


class BidFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = BidFile
        fields = [
            "id",
            "name",
            "size",
            "sha256",
            "content_type",
            "signature_status",
            "signature_integrity",
            "scan_status",
            "scan_detail",
        ]


class OpenedBidFileSerializer(BidFileSerializer):
    class Meta(BidFileSerializer.Meta):
        fields = [*BidFileSerializer.Meta.fields, "signature_details"]


class MyBidSerializer(serializers.ModelSerializer):
    """A company's own bid: what it sent, and its receipt."""

    tender = TenderRefSerializer()
    lot = BidLotSerializer(allow_null=True)
    files = BidFileSerializer(many=True)
    receipt = serializers.DictField(help_text="L'accusé de réception (aussi en PDF).")
    receipt_seal = serializers.DictField(
        help_text="La signature détachée de la plateforme sur l'accusé de réception JSON "
        "(algorithm, key_fingerprint, signature en base64), vérifiable avec la clé publique "
        "de /api/v1/tenders/receipt-key/."
    )

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
            "receipt_seal",
            "is_backup",
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


class BidCountSerializer(serializers.Serializer):
    bids = serializers.IntegerField(help_text="Plis qui comptent (le dernier de chacun).")
    companies = serializers.IntegerField()
    submissions = serializers.IntegerField(help_text="Dépôts, remplacés compris.")
    sealed = serializers.BooleanField(help_text="Avant la date limite.")
    response_deadline = serializers.DateTimeField(allow_null=True)


class BidSubmitSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), help_text="Un ou plusieurs.")
    lot = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=999, help_text="Numéro de lot."
    )
    backup = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Copie de sauvegarde (R.2132-11) : dépôt distinct, scellé, ouvert seulement "
        "dans les cas prévus.",
    )
