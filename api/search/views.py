"""``GET /api/v1/search/`` and ``/search/suggestions/``: thin views over ``search.selectors``.

Open to everyone, anonymous visitors included: what each caller finds is decided by the
selectors (each app's "search" rule, then its "view" rule), never here.

The search pages itself rather than through ``api.pagination``'s shared classes, which do not
fit it. Both page a queryset the view hands them: ``Pagination`` (DRF's page numbers) slices it
through Django's ``Paginator`` and answers a bad page with a 404; ``KeysetPagination`` walks its
database ordering with cursors. A search page is neither: the selector asks the backend for one
page by offset, ranked by score and merged across kinds (no database ordering, so no cursor can
resume it), and the total and the per-kind facets come from the same queries. Pages stop at
``selectors.MAX_OFFSET`` (the merge reads offset + limit hits of each kind), and a bad page is a
400 ``invalid`` naming ``page``, as the schema says. Handing DRF's paginator a stand-in list of
``count`` rows would borrow only its two links. So ``_page`` and ``_link`` below do that part,
the way DRF does (page 1 without ``page=``), and the answer keeps the shared lists' keys
(``count``, ``next``, ``previous``, ``results``) plus ``facets``.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from collectivites.errors import ApplicationError
from search import selectors
from search.kinds import KIND_NAMES

from ..errors import ErrorSerializer
from ..forums.common import id_param
from ..params import is_number
from . import serializers as s

PAGE_SIZE = 20
MAX_PAGE = selectors.MAX_OFFSET // PAGE_SIZE + 1
SUGGESTIONS = 8
ANYONE = [{}, {"tokenAuth": []}, {"cookieAuth": []}]

Q_PARAM = OpenApiParameter(
    "q", str, required=True, description=f"Mots cherchés ({selectors.MAX_QUERY_CHARS} car. max)."
)
TYPE_PARAM = OpenApiParameter(
    "type", str, enum=list(KIND_NAMES), description="Un seul type de résultat (défaut : tous)."
)
COLLECTIVITE_PARAM = OpenApiParameter(
    "collectivite", int, description="Ce qui appartient à cette collectivité."
)
PAGE_PARAM = OpenApiParameter("page", int, description=f"Page de {PAGE_SIZE} (1 à {MAX_PAGE}).")


def _page(request) -> int:
    value = request.query_params.get("page")
    if value in (None, ""):
        return 1
    if not is_number(value, max_digits=4) or not 1 <= int(value) <= MAX_PAGE:
        raise ApplicationError(
            "Page invalide.", {"fields": {"page": [f"Un nombre de 1 à {MAX_PAGE}."]}}
        )
    return int(value)


def _link(request, page: int) -> str:
    url = request.build_absolute_uri()
    if page == 1:
        return remove_query_param(url, "page")
    return replace_query_param(url, "page", page)


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Rechercher dans tout ce que l'on peut ouvrir",
        parameters=[Q_PARAM, TYPE_PARAM, COLLECTIVITE_PARAM, PAGE_PARAM],
        responses={200: s.SearchResultsSerializer, 400: ErrorSerializer},
        auth=ANYONE,
    )
    def get(self, request):
        kind = request.query_params.get("type") or None
        page = _page(request)
        found = selectors.search_for_user(
            actor=request.user,
            query=request.query_params.get("q", ""),
            types=[kind] if kind else None,
            collectivite=id_param(request, "collectivite"),
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        last = max(1, -(-found.count // PAGE_SIZE))
        return Response(
            s.SearchResultsSerializer(
                {
                    "count": found.count,
                    "next": _link(request, page + 1) if page < min(last, MAX_PAGE) else None,
                    "previous": _link(request, page - 1) if page > 1 else None,
                    "facets": found.facets,
                    "results": found.results,
                }
            ).data
        )


class SearchSuggestionsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Titres qui commencent par les mots tapés (zone de recherche)",
        parameters=[Q_PARAM],
        responses={200: s.SearchSuggestionSerializer(many=True), 400: ErrorSerializer},
        auth=ANYONE,
    )
    def get(self, request):
        found = selectors.search_suggestions(
            actor=request.user, prefix=request.query_params.get("q", ""), limit=SUGGESTIONS
        )
        return Response(s.SearchSuggestionSerializer(found, many=True).data)
