"""Clause provenance of a draft: which library clause (and revision) each insertion came from,
and whether the clause changed since (with the diff)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from spaces import selectors, services
from spaces.clause_selectors import draft_clause_list
from spaces.models import Draft

from ..routing import DbIdLookup
from .common import BODY_NOT_FOUND
from .serializers import DiffLineSerializer, PersonSerializer, id_field


class DraftClauseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="record.pk")
    clause_id = serializers.IntegerField(source="record.clause_id", allow_null=True)
    reference = serializers.CharField(source="record.reference")
    title = serializers.CharField(source="record.title")
    revision_id = serializers.IntegerField(source="record.revision_id", allow_null=True)
    inserted_text = serializers.CharField(source="record.inserted_text")
    inserted_by = PersonSerializer(source="record.inserted_by")
    inserted_at = serializers.DateTimeField(source="record.inserted_at")
    current_revision_id = serializers.IntegerField(
        allow_null=True, help_text="Null : la clause n'est plus lisible (retirée ou restreinte)."
    )
    current_text = serializers.CharField(allow_null=True)
    current_published_at = serializers.DateTimeField(allow_null=True)
    changed_since = serializers.BooleanField(help_text="Une version publiée plus récente diffère.")
    diff = serializers.CharField(help_text="Diff unifié texte inséré → texte actuel.")
    diff_lines = DiffLineSerializer(many=True)


class DraftClauseCreateSerializer(serializers.Serializer):
    clause = id_field()
    revision = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="La version publiée insérée (par défaut l'actuelle).",
    )


class DraftClauseViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``drafts/<id>/clauses/``: read by the draft's readers, recorded by its editors."""

    serializer_class = DraftClauseSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = Draft.objects.none()

    @extend_schema(
        summary="Clauses types insérées dans le brouillon (provenance, « modifiée depuis »)",
        responses={200: DraftClauseSerializer(many=True)},
    )
    def list(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        provenance = draft_clause_list(actor=request.user, draft=draft)
        return Response(DraftClauseSerializer(provenance, many=True).data)

    @extend_schema(
        summary="Enregistrer l'insertion d'une clause type (rédacteurs ; le texte est inséré par "
        "l'éditeur co-édité)",
        request=DraftClauseCreateSerializer,
        responses={201: DraftClauseSerializer(many=True), **BODY_NOT_FOUND},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        payload = DraftClauseCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.draft_clause_record(
            actor=request.user,
            draft=draft,
            clause_id=payload.validated_data["clause"],
            revision_id=payload.validated_data["revision"],
        )
        provenance = draft_clause_list(actor=request.user, draft=draft)
        return Response(
            DraftClauseSerializer(provenance, many=True).data, status=status.HTTP_201_CREATED
        )
