"""Endpoints of the core: who am I, the collectivités directory, and membership management."""

import django_filters.rest_framework
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from collectivites import selectors, services
from collectivites.models import Invitation, Membership

from .auth_views import PublicThrottledView
from .errors import ErrorSerializer
from .filters import AuditEventFilter, CollectiviteFilter
from .routing import DbIdLookup
from .serializers import (
    AuditEventSerializer,
    CollectiviteCreateSerializer,
    CollectiviteSerializer,
    CollectiviteUpdateSerializer,
    CompanyRegistrationSerializer,
    InvitationSentSerializer,
    InvitationSerializer,
    MembershipInviteSerializer,
    MembershipSerializer,
    MembershipUpdateSerializer,
    MeSerializer,
    MyMembershipSerializer,
)

CONFLICT = {409: ErrorSerializer}


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="Mon compte")
    def get(self, request):
        return Response(MeSerializer(selectors.user_profile(user=request.user)).data)


@extend_schema_view(
    list=extend_schema(summary="Annuaire des collectivités membres"),
    retrieve=extend_schema(summary="Une collectivité", responses=CollectiviteSerializer),
)
class CollectiviteViewSet(
    DbIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The public directory of member bodies; animators register and edit them."""

    serializer_class = CollectiviteSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = CollectiviteFilter
    ordering_fields = ["name", "adhesion_date", "departement_code"]
    ordering = ["search_name"]

    def get_queryset(self):
        return selectors.collectivite_list(actor=self.request.user)

    @extend_schema(
        summary="Enregistrer une collectivité adhérente (animateurs)",
        request=CollectiviteCreateSerializer,
        responses={201: CollectiviteSerializer},
    )
    def create(self, request):
        payload = CollectiviteCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        collectivite = services.collectivite_create(actor=request.user, **payload.validated_data)
        return Response(CollectiviteSerializer(collectivite).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une collectivité adhérente (animateurs)",
        request=CollectiviteUpdateSerializer,
        responses=CollectiviteSerializer,
    )
    def partial_update(self, request, pk=None):
        collectivite = selectors.collectivite_get(actor=request.user, pk=pk)
        payload = CollectiviteUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.collectivite_update(
            actor=request.user, collectivite=collectivite, **payload.validated_data
        )
        return Response(CollectiviteSerializer(collectivite).data)


class MembershipViewSet(
    DbIdLookup,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Members of one collectivité: visible to its members, managed by its referents (the
    services decide; a collectivité whose members the caller may not see is a 404)."""

    serializer_class = MembershipSerializer
    filter_backends: list = []
    queryset = Membership.objects.none()  # for the schema; real rows come from the selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return selectors.membership_list_for_collectivite(
            actor=self.request.user, collectivite_pk=self.kwargs["collectivite_pk"]
        )

    @extend_schema(summary="Membres d'une collectivité", responses=MembershipSerializer(many=True))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Une adhésion", responses=MembershipSerializer)
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Inviter une personne dans la collectivité (référents)",
        description="201 : la personne est membre (un compte lui est créé au besoin). 202 : "
        "elle agit déjà pour une autre collectivité ; elle reçoit une invitation qu'elle "
        "accepte elle-même (`POST /me/invitations/{id}/accept/`).",
        request=MembershipInviteSerializer,
        responses={201: MembershipSerializer, 202: InvitationSentSerializer, **CONFLICT},
    )
    def create(self, request, *args, **kwargs):
        collectivite = selectors.collectivite_get(actor=request.user, pk=kwargs["collectivite_pk"])
        payload = MembershipInviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        added, _created = services.membership_invite(
            actor=request.user, collectivite=collectivite, **payload.validated_data
        )
        if isinstance(added, Invitation):
            data = {**InvitationSerializer(added).data, "email": payload.validated_data["email"]}
            return Response(data, status=status.HTTP_202_ACCEPTED)
        return Response(MembershipSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Changer le rôle ou les capacités d'un membre (référents)",
        request=MembershipUpdateSerializer,
        responses={200: MembershipSerializer, **CONFLICT},
    )
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        payload = MembershipUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        services.membership_update(
            actor=request.user, membership=membership, **payload.validated_data
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(summary="Retirer un membre (référents)", responses={204: None, **CONFLICT})
    def destroy(self, request, *args, **kwargs):
        services.membership_delete(actor=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyInvitationViewSet(DbIdLookup, viewsets.GenericViewSet):
    """Invitations to join a collectivité, accepted by the invited person (listed in /me/)."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()  # for the schema: the selector finds one's own

    @extend_schema(
        summary="Accepter une invitation à rejoindre une collectivité",
        request=None,
        responses={201: MyMembershipSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = selectors.invitation_get(actor=request.user, pk=pk)
        membership = services.invitation_accept(actor=request.user, invitation=invitation)
        return Response(MyMembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Journal d'audit (référents de la collectivité, animateurs)"),
    retrieve=extend_schema(summary="Un événement du journal", responses=AuditEventSerializer),
)
class AuditEventViewSet(DbIdLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_queryset(self):
        return selectors.audit_event_list(actor=self.request.user)


class CompanyRegistrationView(PublicThrottledView):
    """Companies sign themselves up to download tender documents identified and to bid."""

    @extend_schema(
        summary="Inscrire une entreprise",
        request=CompanyRegistrationSerializer,
        responses={201: MeSerializer, **CONFLICT},
        auth=[],
    )
    def post(self, request):
        payload = CompanyRegistrationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.company_register(**payload.validated_data)
        return Response(
            MeSerializer(selectors.user_profile(user=user)).data, status=status.HTTP_201_CREATED
        )
