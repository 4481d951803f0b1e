"""Network statistics, public: the figures of a civil year (``collectivites/stats.py``)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from collectivites.stats import network_figures

from .errors import ErrorSerializer
from .years import parse_year, year_parameter

MONTHS = inline_serializer(
    name="StatsMonth",
    many=True,
    fields={
        "month": serializers.CharField(help_text="AAAA-MM"),
        "tenders_published": serializers.IntegerField(),
        "dce_downloads": serializers.IntegerField(),
        "electronic_bids": serializers.IntegerField(),
        "acts_transmitted": serializers.IntegerField(),
    },
)


def share_field() -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, min_value=0, max_value=1, help_text="0..1 ; null sans dénominateur."
    )


StatsSerializer = inline_serializer(
    name="Stats",
    fields={
        "year": serializers.IntegerField(),
        "member_bodies": serializers.IntegerField(),
        "publishing_bodies": serializers.IntegerField(),
        "tenders_published": serializers.IntegerField(),
        "mapa_share": share_field(),
        "dce_downloads": serializers.IntegerField(),
        "dce_downloads_mapa_share": share_field(),
        "electronic_bids": serializers.IntegerField(),
        "bids_without_certificate_share": share_field(),
        "acts_transmitted": serializers.IntegerField(),
        "act_transmitting_bodies": serializers.IntegerField(),
        "months": MONTHS,
    },
)


class StatsView(APIView):
    """Open to everyone, anonymous visitors included; each figure is defined where computed."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Statistiques du réseau pour une année",
        parameters=[
            year_parameter(required=False, description="Année civile (défaut : courante).")
        ],
        responses={200: StatsSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        year = parse_year(request.query_params.get("year"), default=timezone.localdate().year)
        return Response(network_figures(year=year))
