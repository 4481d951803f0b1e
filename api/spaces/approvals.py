"""Approvals of a draft's current text, in the name of an editor collectivité."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from spaces import selectors, services
from spaces.models import Draft

from ..routing import DbIdLookup
from .common import CONFLICT, draft_representation
from .serializers import ApprovalCreateSerializer, DraftDetailSerializer


class DraftApprovalViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``drafts/<id>/approvals/<collectivite_id>/``."""

    filter_backends: list = []
    queryset = Draft.objects.none()
    serializer_class = ApprovalCreateSerializer
    lookup_url_kwarg = "collectivite_id"

    @extend_schema(
        summary="Approuver le texte en cours au nom d'une collectivité rédactrice",
        request=ApprovalCreateSerializer,
        responses={200: DraftDetailSerializer, **CONFLICT},
    )
    def create(self, request, id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        payload = ApprovalCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.draft_approve(
            actor=request.user,
            draft=draft,
            collectivite_id=payload.validated_data.get("collectivite"),
            expected_sha256=payload.validated_data.get("content_sha256"),
        )
        return Response(draft_representation(request, id))

    @extend_schema(
        summary="Retirer l'approbation d'une collectivité", responses={204: None, **CONFLICT}
    )
    def destroy(self, request, id: int, collectivite_id: int):
        draft = selectors.draft_get(actor=request.user, pk=id)
        services.draft_approval_withdraw(
            actor=request.user, draft=draft, collectivite_id=collectivite_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
