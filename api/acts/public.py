"""Published acts of a collectivité: a public page (JSON, paginated) and open data (CSV, JSON).

Open to everyone, anonymous visitors included. The CSV is streamed row by row.
"""

import csv

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from acts import selectors
from acts.models import Act

from ..tenders.documents import FileNegotiation
from . import serializers

COLUMNS = [
    "identifiant",
    "nature",
    "matiere",
    "date_decision",
    "numero",
    "objet",
    "recu_en_prefecture",
    "publie_le",
]


def _row(act: Act) -> list:
    return [
        act.identifier,
        act.nature_abbreviation,
        act.classification_code,
        act.decision_date.isoformat(),
        act.number,
        act.object,
        act.received_on.isoformat() if act.received_on else "",
        act.publication_date.isoformat() if act.publication_date else "",
    ]


class PublishedActListView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = serializers.PublishedActSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Act.objects.none()
        collectivite = selectors.collectivite_public(
            actor=self.request.user, pk=self.kwargs["collectivite_pk"]
        )
        return selectors.published_acts(actor=self.request.user, collectivite=collectivite)

    @extend_schema(
        summary="Actes publiés par une collectivité (page publique)",
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _Echo:
    def write(self, value):
        return value


class PublishedActsCsvView(APIView):
    permission_classes = [AllowAny]
    content_negotiation_class = FileNegotiation

    @extend_schema(
        summary="Données ouvertes : actes publiés d'une collectivité (CSV)",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")},
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def get(self, request, collectivite_pk=None):
        collectivite = selectors.collectivite_public(actor=request.user, pk=collectivite_pk)
        acts = selectors.published_acts(actor=request.user, collectivite=collectivite)
        writer = csv.writer(_Echo())

        def rows():
            yield writer.writerow(COLUMNS)
            for act in acts.iterator(chunk_size=500):
                yield writer.writerow(_row(act))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="actes-{collectivite.siren}.csv"'
        return response


class PublishedActsJsonView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Données ouvertes : actes publiés d'une collectivité (JSON)",
        responses=serializers.PublishedActSerializer(many=True),
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def get(self, request, collectivite_pk=None):
        collectivite = selectors.collectivite_public(actor=request.user, pk=collectivite_pk)
        acts = selectors.published_acts(actor=request.user, collectivite=collectivite)
        response = Response(serializers.PublishedActSerializer(acts, many=True).data)
        response["Content-Disposition"] = f'inline; filename="actes-{collectivite.siren}.json"'
        return response
