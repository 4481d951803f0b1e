"""The analysis grid of a tender: its award criteria (public, set on the draft), the scores of
the opened offers (the buyer's office) and the analysis report in PDF (ADR 0017)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from tenders import selectors_award
from tenders.services import analysis

from ..errors import ErrorSerializer
from .base import TENDER_ID, TenderChildViewSet
from .documents import FileNegotiation
from .serializers import after_choice as shapes

BID_ID = OpenApiParameter("bid_id", int, OpenApiParameter.PATH)


class AnalysisViewSet(TenderChildViewSet):
    lookup_url_kwarg = "bid_id"
    serializer_class = shapes.GridScopeSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="La grille d'analyse des offres ouvertes (acheteurs) : notes, totaux, rangs",
        parameters=[TENDER_ID],
        responses={200: shapes.GridScopeSerializer(many=True), 409: ErrorSerializer},
    )
    def list(self, request, tender_pk=None):
        scopes = analysis.analysis_grid(actor=request.user, tender=self.tender())
        return Response(shapes.GridScopeSerializer(scopes, many=True).data)

    @extend_schema(
        summary="Les critères d'attribution et leur pondération (publics)",
        parameters=[TENDER_ID],
        responses=shapes.CriterionSerializer(many=True),
        methods=["GET"],
    )
    @extend_schema(
        summary="Fixer les critères d'attribution d'un brouillon (total 100 % par lot)",
        parameters=[TENDER_ID],
        request=shapes.CriteriaInputSerializer,
        responses=shapes.CriterionSerializer(many=True),
        methods=["PUT"],
    )
    @action(detail=False, methods=["get", "put"])
    def criteria(self, request, tender_pk=None):
        if request.method == "PUT":
            tender = self.tender(to="manage")
            payload = shapes.CriteriaInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            analysis.criteria_set(
                actor=request.user, tender=tender, criteria=payload.validated_data["criteria"]
            )
        else:
            tender = self.tender()
        criteria = selectors_award.criteria_list(actor=request.user, tender=tender)
        return Response(shapes.CriterionSerializer(criteria, many=True).data)

    @extend_schema(
        summary="Noter une offre ouverte, critère par critère (acheteurs)",
        parameters=[TENDER_ID, BID_ID],
        request=shapes.ScoresInputSerializer,
        responses=shapes.GridScopeSerializer(many=True),
    )
    @action(detail=True, methods=["post"])
    def scores(self, request, tender_pk=None, bid_id=None):
        tender = self.tender(to="read_bids")
        payload = shapes.ScoresInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        analysis.offer_scores_set(
            actor=request.user,
            tender=tender,
            bid_id=int(bid_id),
            scores=payload.validated_data["scores"],
        )
        scopes = analysis.analysis_grid(actor=request.user, tender=tender)
        return Response(shapes.GridScopeSerializer(scopes, many=True).data)

    @extend_schema(
        summary="Le rapport d'analyse des offres en PDF (acheteurs)",
        parameters=[TENDER_ID],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 409: ErrorSerializer},
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FileNegotiation)
    def report(self, request, tender_pk=None):
        tender = self.tender()
        content = analysis.analysis_report_pdf(actor=request.user, tender=tender)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"rapport-analyse-{tender.reference}.pdf"
        )
        return response
