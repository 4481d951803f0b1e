"""Public reference data of the tender room: the platform's receipt-signing key (so a company
verifies its receipts without the database) and the legal grounds of contracts without
publicity (R.2122-1 to R.2122-11), for the buyer's form."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tenders import exemptions, receipt_signing


class ReceiptKeySerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    canonicalization = serializers.CharField(
        help_text="Comment l'accusé JSON est sérialisé avant signature."
    )
    key_fingerprint = serializers.CharField(help_text="SHA-256 de la clé publique (DER).")
    public_key_pem = serializers.CharField()
    certificate_pem = serializers.CharField(
        help_text="Certificat auto-signé de la plateforme, aussi celui de la signature PAdES "
        "des accusés PDF."
    )


class ExemptionGroundSerializer(serializers.Serializer):
    code = serializers.CharField()
    article = serializers.CharField()
    label = serializers.CharField()
    ceiling = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Plafond propre (€ HT)."
    )


class ReceiptKeyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Clé publique des accusés de réception",
        description="Vérifier la signature détachée d'un accusé JSON : ECDSA P-256 / SHA-256 "
        "sur le JSON canonique (clés triées, sans espaces, UTF-8).",
        responses=ReceiptKeySerializer,
    )
    def get(self, request):
        return Response(ReceiptKeySerializer(receipt_signing.public_key_info()).data)


class ExemptionGroundsView(APIView):
    permission_classes = [AllowAny]
    pagination_class = None

    @extend_schema(
        summary="Motifs de marché sans publicité ni mise en concurrence",
        responses=ExemptionGroundSerializer(many=True),
    )
    def get(self, request):
        return Response(ExemptionGroundSerializer(exemptions.GROUNDS, many=True).data)
