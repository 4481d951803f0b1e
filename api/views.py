"""Endpoints of the core: who am I, the collectivités directory, and membership management."""

import django_filters.rest_framework
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from collectivites import permissions, selectors, services
from collectivites.errors import PermissionDeniedError
from collectivites.models import Collectivite, Membership

from .auth_views import PublicThrottledView
from .errors import ErrorSerializer
from .filters import AuditEventFilter, CollectiviteFilter
from .serializers import (
    AuditEventSerializer,
    CollectiviteCreateSerializer,
    CollectiviteSerializer,
    CollectiviteUpdateSerializer,
    CompanyRegistrationSerializer,
    MembershipInviteSerializer,
    MembershipSerializer,
    MembershipUpdateSerializer,
    MeSerializer,
)

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable, ou non visible pour vous.")


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="Mon compte")
    def get(self, request):
        return Response(MeSerializer(selectors.user_profile(user=request.user)).data)


@extend_schema_view(
    list=extend_schema(summary="Annuaire des collectivités membres"),
    retrieve=extend_schema(
        summary="Une collectivité", responses={200: CollectiviteSerializer, 404: NOT_FOUND}
    ),
)
class CollectiviteViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The public directory of member bodies; animators register and edit them."""

    serializer_class = CollectiviteSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = CollectiviteFilter
    ordering_fields = ["name", "adhesion_date", "departement_code"]
    ordering = ["search_name"]

    def get_queryset(self):
        return selectors.collectivite_list(user=self.request.user)

    @extend_schema(
        summary="Enregistrer une collectivité adhérente (animateurs)",
        request=CollectiviteCreateSerializer,
        responses={201: CollectiviteSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def create(self, request):
        if not permissions.user_can_create(request.user, Collectivite):
            raise PermissionDeniedError(
                "Seuls les animateurs du réseau enregistrent les adhérents."
            )
        payload = CollectiviteCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        collectivite = services.collectivite_create(actor=request.user, **payload.validated_data)
        return Response(CollectiviteSerializer(collectivite).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une collectivité adhérente (animateurs)",
        request=CollectiviteUpdateSerializer,
        responses={
            200: CollectiviteSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: NOT_FOUND,
        },
    )
    def partial_update(self, request, pk=None):
        collectivite = self.get_object()
        permissions.require(request.user, "manage", collectivite)
        payload = CollectiviteUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.collectivite_update(
            actor=request.user, collectivite=collectivite, **payload.validated_data
        )
        return Response(CollectiviteSerializer(collectivite).data)


class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Members of one collectivité: visible to its members, managed by its referents."""

    serializer_class = MembershipSerializer
    filter_backends: list = []
    queryset = Membership.objects.none()  # for the schema; real rows come from the selector

    def _collectivite(self) -> Collectivite:
        collectivite = get_object_or_404(
            selectors.collectivite_list(user=self.request.user),
            pk=self.kwargs["collectivite_pk"],
        )
        # Reading the member list is a read: refused, it answers 404 like a missing object.
        permissions.require(
            self.request.user, "view_members", collectivite, view_action="view_members"
        )
        return collectivite

    def _managed_collectivite(self) -> Collectivite:
        collectivite = self._collectivite()
        permissions.require(
            self.request.user, "manage_members", collectivite, view_action="view_members"
        )
        return collectivite

    def _managed_membership(self, pk: int) -> Membership:
        """A membership of this collectivité, for a user who manages its members."""
        return get_object_or_404(
            Membership.objects.select_related("user", "collectivite"),
            collectivite=self._managed_collectivite(),
            pk=pk,
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return selectors.membership_list_for_collectivite(
            user=self.request.user, collectivite=self._collectivite()
        )

    @extend_schema(
        summary="Membres d'une collectivité",
        responses={200: MembershipSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Une adhésion", responses={200: MembershipSerializer, 404: NOT_FOUND})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Inviter une personne dans la collectivité (référents)",
        request=MembershipInviteSerializer,
        responses={
            201: MembershipSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: NOT_FOUND,
            409: ErrorSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        collectivite = self._managed_collectivite()
        payload = MembershipInviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership, _created = services.membership_invite(
            actor=request.user, collectivite=collectivite, **payload.validated_data
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Changer le rôle ou les capacités d'un membre (référents)",
        request=MembershipUpdateSerializer,
        responses={
            200: MembershipSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: NOT_FOUND,
            409: ErrorSerializer,
        },
    )
    def partial_update(self, request, *args, **kwargs):
        membership = self._managed_membership(kwargs["pk"])
        payload = MembershipUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.membership_update(
            actor=request.user, membership=membership, **payload.validated_data
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        summary="Retirer un membre (référents)",
        responses={204: None, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer},
    )
    def destroy(self, request, *args, **kwargs):
        membership = self._managed_membership(kwargs["pk"])
        services.membership_delete(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Journal d'audit (référents de la collectivité, animateurs)"),
    retrieve=extend_schema(
        summary="Un événement du journal", responses={200: AuditEventSerializer, 404: NOT_FOUND}
    ),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.audit_event_list(user=self.request.user)


class CompanyRegistrationView(PublicThrottledView):
    """Companies sign themselves up to download tender documents identified and to bid."""

    @extend_schema(
        summary="Inscrire une entreprise",
        request=CompanyRegistrationSerializer,
        responses={201: MeSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
        auth=[],
    )
    def post(self, request):
        payload = CompanyRegistrationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.company_register(**payload.validated_data)
        return Response(
            MeSerializer(selectors.user_profile(user=user)).data, status=status.HTTP_201_CREATED
        )
