"""The registre des dépôts and the opening PV (the opening itself is ``POST …/open/``)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from tenders import register

from . import serializers
from .base import TENDER_ID, TenderChildViewSet
from .bids import CONFLICT


class OpeningViewSet(TenderChildViewSet):
    @extend_schema(
        summary="Registre des dépôts et séances d'ouverture (acheteurs, après la date limite)",
        parameters=[TENDER_ID],
        responses={200: serializers.DepositRegisterSerializer, **CONFLICT},
    )
    def register(self, request, tender_pk=None):
        data = register.deposit_register(actor=request.user, tender=self.tender())
        return Response(serializers.DepositRegisterSerializer(data).data)

    @extend_schema(
        summary="Procès-verbal d'ouverture des plis (PDF)",
        parameters=[TENDER_ID],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **CONFLICT},
    )
    def pv(self, request, tender_pk=None):
        tender = self.tender()
        pdf = register.opening_pv_pdf(actor=request.user, tender=tender)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"pv-ouverture-{tender.reference}.pdf"
        )
        return response
