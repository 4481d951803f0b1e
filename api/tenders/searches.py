"""A company's saved searches of consultations (its own only), and what each finds now."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collectivites.models import Collectivite
from tenders.models import SavedSearch
from tenders.services import saved_searches as services

from ..pagination import KeysetPagination
from ..routing import DbIdLookup
from ..serializers import CollectiviteRefSerializer
from .serializers.tenders import TenderListSerializer


class SavedSearchSerializer(serializers.ModelSerializer):
    buyer = CollectiviteRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "cpv_prefix",
            "departement",
            "keyword",
            "buyer",
            "email_alerts",
            "created_at",
        ]


class SavedSearchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    cpv_prefix = serializers.CharField(max_length=10, required=False, allow_blank=True)
    departement = serializers.CharField(max_length=3, required=False, allow_blank=True)
    keyword = serializers.CharField(max_length=200, required=False, allow_blank=True)
    buyer = serializers.PrimaryKeyRelatedField(
        queryset=Collectivite.objects.filter(is_active=True), required=False, allow_null=True
    )
    email_alerts = serializers.BooleanField(required=False, default=True)


class SavedSearchPatchSerializer(SavedSearchInputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    email_alerts = serializers.BooleanField(required=False)


class SavedSearchViewSet(
    DbIdLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Mes recherches enregistrées (entreprises) : alertes par e-mail des nouvelles
    consultations par préfixe CPV, département, mots-clés et acheteur."""

    serializer_class = SavedSearchSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return services.saved_search_list(actor=self.request.user)

    def get_object(self):
        return services.saved_search_get(actor=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(summary="Mes recherches enregistrées")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Une recherche enregistrée")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Enregistrer une recherche (entreprises)",
        request=SavedSearchInputSerializer,
        responses={201: SavedSearchSerializer},
    )
    def create(self, request):
        payload = SavedSearchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        search = services.saved_search_create(actor=request.user, **payload.validated_data)
        return Response(SavedSearchSerializer(search).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Modifier une recherche enregistrée",
        request=SavedSearchPatchSerializer,
        responses=SavedSearchSerializer,
    )
    def partial_update(self, request, pk=None):
        search = self.get_object()
        payload = SavedSearchPatchSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        search = services.saved_search_update(
            actor=request.user, search=search, **payload.validated_data
        )
        return Response(SavedSearchSerializer(search).data)

    @extend_schema(summary="Supprimer une recherche enregistrée", responses={204: None})
    def destroy(self, request, pk=None):
        services.saved_search_delete(actor=request.user, search=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Les consultations publiées que trouve cette recherche",
        responses=TenderListSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=KeysetPagination)
    def results(self, request, pk=None):
        search = self.get_object()
        tenders = services.saved_search_matches(search).select_related("buyer")
        page = self.paginate_queryset(tenders.order_by("-published_at", "-id"))
        return self.get_paginated_response(
            TenderListSerializer(page, many=True, context={"request": request}).data
        )
