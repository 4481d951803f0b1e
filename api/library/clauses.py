"""Model clauses for the draft editor's picker: the list, one clause, its published revisions."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from library.models import ModelClausePage
from library.selectors.clauses import clause_get, clause_list, clause_revision_list

from ..routing import DbIdLookup


class ClauseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    reference = serializers.CharField()
    summary = serializers.CharField()
    text = serializers.CharField(source="clause_text", help_text="Markdown, inséré tel quel.")
    revision_id = serializers.IntegerField(
        source="live_revision_id", allow_null=True, help_text="La version publiée actuelle."
    )
    last_published_at = serializers.DateTimeField(allow_null=True)


class ClauseRevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    title = serializers.CharField()
    text = serializers.CharField()
    is_current = serializers.BooleanField()


class ClauseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, label="Dans le titre, la référence ou le résumé"
    )

    class Meta:
        model = ModelClausePage
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset & clause_list(actor=self.request.user, q=value)


class ClauseViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``library/clauses/``: the clauses the user may read (anyone, like the library)."""

    serializer_class = ClauseSerializer
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = ClauseFilter
    permission_classes = [AllowAny]
    queryset = ModelClausePage.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ModelClausePage.objects.none()
        return clause_list(actor=self.request.user)

    @extend_schema(summary="Clauses types visibles (filtre `q`)")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(ClauseSerializer(page, many=True).data)

    @extend_schema(summary="Une clause type (texte de la version publiée actuelle)")
    def retrieve(self, request, pk: int):
        return Response(ClauseSerializer(clause_get(actor=request.user, clause_id=pk)).data)

    @extend_schema(
        summary="Versions publiées d'une clause, la plus récente d'abord",
        responses={200: ClauseRevisionSerializer(many=True)},
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def revisions(self, request, pk: int):
        revisions = clause_revision_list(actor=request.user, clause_id=pk)
        return Response(ClauseRevisionSerializer(revisions, many=True).data)
