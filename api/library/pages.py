"""Reading the library: pages (list with filters, detail with body, place and documents),
the preview of a draft, and the animators' "due for review" list."""

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from library import selectors
from library.models import LibraryPage

from ..errors import ErrorSerializer
from ..routing import DbIdLookup
from .filters import LibraryPageFilter, page_filters
from .serializers import (
    LibraryPageDetailSerializer,
    LibraryPageSerializer,
    ReviewDueSerializer,
)


def _detail(actor, page, *, preview: bool = False) -> dict:
    """Everything the reading view shows, read through the selectors with the same actor."""
    page.reading = selectors.page_render(page=page)
    if preview:
        page.breadcrumbs, page.children, page.documents = [], [], []
    else:
        page.breadcrumbs = selectors.page_breadcrumbs(actor=actor, page=page)
        page.children = list(selectors.page_children(actor=actor, page=page))
        page.documents = list(selectors.document_list(actor=actor, page_id=page.pk))
    page.is_preview = preview
    return LibraryPageDetailSerializer(page).data


class LibraryPageViewSet(DbIdLookup, viewsets.GenericViewSet):
    """Published library pages the caller may read (public ones without an account)."""

    permission_classes = [AllowAny]
    serializer_class = LibraryPageSerializer
    queryset = LibraryPage.objects.none()  # for the schema; rows come from the selectors
    filter_backends = [DjangoFilterBackend]
    filterset_class = LibraryPageFilter
    lookup_url_kwarg = "id"

    @extend_schema(summary="Pages de la base documentaire visibles")
    def list(self, request):
        filterset = LibraryPageFilter(request.query_params, queryset=self.queryset)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        pages = selectors.page_list(actor=request.user, **page_filters(filterset))
        return self.get_paginated_response(
            LibraryPageSerializer(self.paginate_queryset(pages), many=True).data
        )

    @extend_schema(
        summary="Lire une page : contenu rendu et blocs, sommaire, fil d'Ariane, sous-pages",
        responses={200: LibraryPageDetailSerializer},
    )
    def retrieve(self, request, id: int):
        page = selectors.page_get(actor=request.user, page_id=id)
        return Response(_detail(request.user, page))


class ReviewDueViewSet(viewsets.GenericViewSet):
    """Pages whose periodic review is due (animators)."""

    serializer_class = ReviewDueSerializer
    queryset = LibraryPage.objects.none()
    filter_backends: list = []

    @extend_schema(summary="Pages à relire (animateurs)")
    def list(self, request):
        pages = selectors.review_due_list(actor=request.user)
        return self.get_paginated_response(
            ReviewDueSerializer(self.paginate_queryset(pages), many=True).data
        )


class PreviewView(APIView):
    """The draft being previewed in the Wagtail admin, for the SPA to render."""

    @extend_schema(
        summary="Aperçu d'un brouillon (jeton donné par l'administration)",
        parameters=[
            OpenApiParameter("token", str, required=True, description="Jeton d'aperçu."),
            OpenApiParameter("content_type", str, description="Ignoré (ajouté par Wagtail)."),
        ],
        responses={200: LibraryPageDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        token = request.query_params.get("token", "")[:500]
        page = selectors.page_preview_get(actor=request.user, token=token)
        return Response(_detail(request.user, page, preview=True))
